/**
 * Seeded, deterministic mutations of real Dockerfiles, for the differential test against the engine's
 * parser: each mutant is its file with one or two small edits of the kinds people make by hand (a line
 * deleted, duplicated or swapped, a character dropped, a flag added or mistyped, JSON broken, an
 * argument lost, a stray line, a continuation added, a directive changed). Some mutants stay valid:
 * the test checks both ways.
 */

/** A small fast PRNG (mulberry32): the same seed gives the same mutants on every machine. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Mutant {
  /** Corpus file it comes from. */
  source: string;
  /** What was done, e.g. `drop-char line 12`. */
  edits: string[];
  text: string;
}

type Rng = () => number;
const pick = <T>(rng: Rng, list: readonly T[]): T => list[Math.floor(rng() * list.length)];

const FLAGS = [
  '--bogus',
  '--from',
  '--from=',
  '--link=maybe',
  '--link=',
  '--chmod',
  '--chown=1:1',
  '--platform=linux/amd64',
  '--mount=type=cache,target=/x',
  '--mount=type=nope,target=/x',
  '--mount=type=bind,from=$X,target=/x',
  '--interval=5',
  '--interval=5s',
  '--retries=x',
  '--retries=-1',
  '--timeout=1us',
  '--network=host',
  '--network=lan',
  '--FROM=x',
  '--',
  '-x',
  '--start-period=10s',
];
const LINES = [
  'ENV X',
  'ENV X=1 Y',
  'ENV =1',
  'ENV',
  'LABEL a',
  'LABEL =x',
  'LABEL a=b c=d',
  'ARG =x',
  'ARG',
  'ARG A B=2',
  'COPY a',
  'COPY a b c',
  'ADD a',
  'FROM a b',
  'FROM a AS 9x',
  'FROM a as b c',
  'FROM',
  'USER',
  'USER a b',
  'WORKDIR',
  'WORKDIR /a /b',
  'STOPSIGNAL',
  'STOPSIGNAL a b',
  'MAINTAINER',
  'MAINTAINER me',
  'EXPOSE',
  'EXPOSE 80 443',
  'VOLUME',
  'VOLUME [""]',
  'VOLUME ["/a", 2]',
  'CMD ["a", 1]',
  'CMD ["a" "b"]',
  'CMD',
  'ENTRYPOINT ["a", true]',
  'RUN',
  'RUN ["a", null]',
  'SHELL sh -c',
  'SHELL ["sh", "-c"]',
  'SHELL []',
  'HEALTHCHECK',
  'HEALTHCHECK NONE x',
  'HEALTHCHECK NONE',
  'HEALTHCHECK CMD',
  'HEALTHCHECK WHAT x',
  'HEALTHCHECK --interval=5 CMD true',
  'HEALTHCHECK --interval=1ns CMD true',
  'ONBUILD',
  'ONBUILD FROM x',
  'ONBUILD ONBUILD RUN x',
  'ONBUILD MAINTAINER x',
  'ONBUILD RUN ["a", 1]',
  'ONBUILD ENV A',
  'ONBUILD WHATEVER x',
  'ONBUILD --x RUN y',
  'FORM alpine',
  'RUNN echo',
  'oops',
  'echo hello',
  '"quoted"',
  '[1]',
  'ENV --x=1 A=b',
  'CMD --x y',
  'RUN --mount=type=secret,id=a,from=b x',
  'COPY --from=a --from=b x y',
  'COPY ["a", "b"]',
  'COPY ["a"]',
  'ADD ["a", 3]',
];
const DIRECTIVES = ['# escape=`', '# escape=x', '# escape=\\', '# syntax=docker/dockerfile:1', '#escape =  `', '# ESCAPE=`'];

function nonBlank(lines: string[], rng: Rng): number {
  const candidates = lines.map((line, i) => (line.trim() && !line.trim().startsWith('#') ? i : -1)).filter((i) => i >= 0);
  return candidates.length ? pick(rng, candidates) : 0;
}

/** One edit, in place; returns what it did. */
function mutateOnce(lines: string[], rng: Rng): string {
  const kind = Math.floor(rng() * 12);
  const at = nonBlank(lines, rng);
  const line = lines[at] ?? '';
  switch (kind) {
    case 0:
      lines.splice(at, 1);
      return `delete line ${at + 1}`;
    case 1:
      lines.splice(at, 0, line);
      return `duplicate line ${at + 1}`;
    case 2: {
      if (at + 1 >= lines.length) return 'none';
      [lines[at], lines[at + 1]] = [lines[at + 1], lines[at]];
      return `swap lines ${at + 1}-${at + 2}`;
    }
    case 3: {
      if (!line) return 'none';
      const i = Math.floor(rng() * line.length);
      lines[at] = line.slice(0, i) + line.slice(i + 1);
      return `drop char ${i} of line ${at + 1}`;
    }
    case 4: {
      const m = /^(\s*\S+)(.*)$/.exec(line);
      if (!m) return 'none';
      const flag = pick(rng, FLAGS);
      lines[at] = `${m[1]} ${flag}${m[2]}`;
      return `flag ${flag} on line ${at + 1}`;
    }
    case 5: {
      const i = line.indexOf('[');
      if (i < 0) {
        lines[at] = line.replace(/\s+\S+\s*$/, '');
        return `drop last word of line ${at + 1}`;
      }
      const edit = pick(rng, ['quote', 'bracket', 'number', 'comma']);
      if (edit === 'quote') lines[at] = line.replace('"', '');
      else if (edit === 'bracket') lines[at] = line.replace(/\]\s*$/, '');
      else if (edit === 'number') lines[at] = line.replace(/"[^"]*"(?=\s*\])/, '1');
      else lines[at] = line.replace('",', '"');
      return `json ${edit} on line ${at + 1}`;
    }
    case 6:
      lines[at] = line.replace(/\S+\s*$/, '');
      return `drop last word of line ${at + 1}`;
    case 7: {
      const where = Math.floor(rng() * (lines.length + 1));
      const text = pick(rng, LINES);
      lines.splice(where, 0, text);
      return `insert "${text}" at line ${where + 1}`;
    }
    case 8: {
      const text = pick(rng, DIRECTIVES);
      lines.splice(rng() < 0.7 ? 0 : Math.min(1, lines.length), 0, text);
      return `directive "${text}"`;
    }
    case 9:
      lines[at] = line + ' \\';
      return `continuation after line ${at + 1}`;
    case 10: {
      const m = /^(\s*)(\S+)(.*)$/.exec(line);
      if (!m) return 'none';
      lines[at] = m[1] + (rng() < 0.5 ? m[2].toLowerCase() : m[2].slice(0, -1)) + m[3];
      return `keyword case or typo on line ${at + 1}`;
    }
    default: {
      const m = /^(\s*\S+\s+)(.*)$/.exec(line);
      if (!m) return 'none';
      lines[at] = m[1] + m[2].split(/\s+/).slice(1).join(' ');
      return `drop first argument of line ${at + 1}`;
    }
  }
}

/** `perFile` mutants of each file, one or two edits each, from `seed`. */
export function mutants(files: { name: string; text: string }[], perFile: number, seed: number): Mutant[] {
  const rng = random(seed);
  const out: Mutant[] = [];
  for (const file of files) {
    for (let k = 0; k < perFile; k++) {
      const lines = file.text.split('\n');
      const edits = [mutateOnce(lines, rng)];
      if (rng() < 0.3) edits.push(mutateOnce(lines, rng));
      out.push({ source: file.name, edits, text: lines.join('\n') });
    }
  }
  return out;
}
