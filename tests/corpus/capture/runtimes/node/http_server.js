// plain http.createServer().listen with no 'error' handler
const http = require('http');
const [host, port] = [process.argv[2], Number(process.argv[3])];
http.createServer((req, res) => { res.end('hello\n'); })
  .listen(port, host, () => console.log(`Listening on port ${port}`));
