// http server with an 'error' handler that prints err.message and exits
const http = require('http');
const [host, port] = [process.argv[2], Number(process.argv[3])];
const server = http.createServer((req, res) => {
  console.log(`${req.method} ${req.url}`);
  res.end('hello\n');
});
server.on('error', (err) => { console.error(err.message); process.exit(1); });
server.listen(port, host, () => console.log(`Server running at http://${host}:${port}/`));
