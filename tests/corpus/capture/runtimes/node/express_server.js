const express = require('express');
const app = express();
const [host, port] = [process.argv[2], Number(process.argv[3])];
app.get('/', (req, res) => res.send('hello\n'));
app.listen(port, host, () => {
  console.log(`Example app listening on port ${port}`);
});
