const dgram = require('dgram');
const [host, port] = [process.argv[2], Number(process.argv[3])];
const sock = dgram.createSocket(host.includes(':') ? 'udp6' : 'udp4');
sock.on('message', (msg, rinfo) => console.log(`got ${msg.length} bytes from ${rinfo.address}:${rinfo.port}`));
sock.on('listening', () => { const a = sock.address(); console.log(`server listening ${a.address}:${a.port}`); });
sock.bind(port, host);
