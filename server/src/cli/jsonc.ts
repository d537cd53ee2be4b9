/**
 * JSON with comments and trailing commas (VS Code's settings.json dialect): comments and trailing
 * commas are blanked out, strings left alone, then JSON.parse reads the rest (so errors keep their
 * positions).
 */
export function parseJsonc(text: string): unknown {
  let out = '';
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (j < n && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < n && text[i] !== '\n') {
        out += ' ';
        i++;
      }
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? n : end + 2;
      out += text.slice(i, stop).replace(/[^\n]/g, ' ');
      i = stop;
    } else if (c === ',') {
      const rest = /^,(\s|\/\/[^\n]*|\/\*[\s\S]*?\*\/)*[}\]]/.exec(text.slice(i, i + 4096));
      out += rest ? ' ' : ',';
      i++;
    } else {
      out += c;
      i++;
    }
  }
  return JSON.parse(out.replace(/^\uFEFF/, ''));
}
