// Express 5 passes listen errors to the callback
const express = require('express');
const app = express();
const [host, port] = [process.argv[2], Number(process.argv[3])];
app.listen(port, host, (err) => {
  if (err) throw err;
  console.log(`Example app listening on port ${port}`);
});
