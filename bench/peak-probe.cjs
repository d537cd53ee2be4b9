// Preloaded into `stagecraft` by bench/run.mjs (`node --require`): when the process exits, its peak
// resident memory (getrusage's maxRSS, the kernel's VmHWM) goes to the file BENCH_PEAK_FILE names.
'use strict';
const { writeFileSync } = require('node:fs');
process.on('exit', () => {
  if (process.env.BENCH_PEAK_FILE) writeFileSync(process.env.BENCH_PEAK_FILE, String(process.resourceUsage().maxRSS * 1024));
});
