const http = require('http');
http.createServer((req, res) => {
  res.end('hello\n';
}).listen(3000);
