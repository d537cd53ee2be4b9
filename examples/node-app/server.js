const http = require('node:http');
http.createServer((req, res) => res.end('hello from a multi-stage build\n')).listen(3000);
