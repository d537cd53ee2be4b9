// Preloaded into the language server by startup.test.ts (`node --require`): on exit it writes the
// Node built-in modules the process loaded to stderr, which the LSP stream does not use.
'use strict';
process.on('exit', () => {
  const builtIns = process.moduleLoadList.filter((entry) => entry.startsWith('NativeModule ')).map((entry) => entry.slice('NativeModule '.length));
  process.stderr.write(`module-probe: ${JSON.stringify(builtIns)}\n`);
});
