// A dependency-free "build": copies src/ into dist/ (a real app would run its bundler here).
const fs = require('node:fs');
fs.rmSync('dist', { recursive: true, force: true });
fs.cpSync('src', 'dist', { recursive: true });
console.log('built dist/');
