// Preloaded into the language server by the protocol fuzz test (`node --expose-gc --require`): on
// SIGUSR2 it runs a full garbage collection and writes the live heap to stderr, which the LSP
// stream does not use. Resident memory alone cannot tell a leak from a heap V8 grew and keeps.
'use strict';
process.on('SIGUSR2', () => {
  global.gc();
  const { heapUsed, external } = process.memoryUsage();
  process.stderr.write(`heap-probe: ${heapUsed} ${external}\n`);
});
