// negative: connect to a closed loopback port
const http = require('http');
http.get(`http://127.0.0.1:${process.argv[2]}/`, (res) => res.resume());
