// net.createServer with an error handler logging the whole error object
const net = require('net');
const [host, port] = [process.argv[2], Number(process.argv[3])];
const server = net.createServer((c) => c.end('hi\n'));
server.on('error', (e) => { console.error('server error:', e); process.exit(1); });
server.listen(port, host, () => console.log('listening', server.address()));
