// Preloaded into the language server by startup.test.ts (`node --require`): on exit it writes to
// stderr (which the LSP stream does not use) the Node built-ins the process loaded and the files it
// required.
'use strict';
process.on('exit', () => {
  const builtIns = process.moduleLoadList.filter((entry) => entry.startsWith('NativeModule ')).map((entry) => entry.slice('NativeModule '.length));
  const files = Object.keys(require.cache).filter((file) => file !== __filename);
  process.stderr.write(`module-probe: ${JSON.stringify({ builtIns, files })}\n`);
});
