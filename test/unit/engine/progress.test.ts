/** The build-output readers of the engine suite, on outputs recorded from Docker 20.10. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { interleaved, parseBuildkitPlain, parseClassic, runsOf } from '../../engine/progress';

// Recorded: DOCKER_BUILDKIT=1 docker build --progress=plain --no-cache (trimmed sha256 lines).
const buildkit = `#1 [internal] load build definition from Dockerfile
#1 transferring dockerfile: 423B done
#1 DONE 0.0s

#4 [right 1/4] FROM docker.io/local/busybox:1
#4 CACHED

#9 [right 2/4] RUN sleep 1 && echo right-1 > /right-1
#9 DONE 1.7s

#5 [left 2/4] RUN sleep 1 && echo left-1 > /left-1
#5 DONE 1.7s

#6 [left 3/4] RUN sleep 1 && echo left-2 > /left-2
#6 DONE 1.5s

#7 [left 4/4] RUN sleep 1 && echo left-3 > /left-3
#7 ...

#10 [right 3/4] RUN sleep 1 && echo right-2 > /right-2
#10 DONE 1.6s

#11 [right 4/4] RUN sleep 1 && echo right-3 > /right-3
#11 DONE 1.6s

#7 [left 4/4] RUN sleep 1 && echo left-3 > /left-3
#7 DONE 1.6s

#8 [final 2/3] COPY --from=left /left-3 /left
#8 DONE 0.0s

#13 exporting to image
#13 DONE 0.0s
`;

test('BuildKit plain output: completions in printed order, a step shown twice counted once', () => {
  const events = parseBuildkitPlain(buildkit);
  assert.deepEqual(
    events.map((e) => `${e.step.stage} ${e.step.step}/${e.step.of} ${e.kind}`),
    ['right 1/4 cached', 'right 2/4 done', 'left 2/4 done', 'left 3/4 done', 'right 3/4 done', 'right 4/4 done', 'left 4/4 done', 'final 2/3 done'],
  );
  assert.deepEqual(
    events.map((e) => e.order),
    [0, 1, 2, 3, 4, 5, 6, 7],
  );
  assert.equal(events[7].step.text, 'COPY --from=left /left-3 /left');
  assert.ok(
    interleaved(
      events.filter((e) => e.step.step > 1),
      'left',
      'right',
    ),
  );
});

test('stages that ran one after the other are not interleaved', () => {
  const sequential =
    [2, 3, 4].map((i) => `#${i} [a ${i}/4] RUN a${i}\n#${i} DONE 1.0s\n`).join('') +
    [2, 3, 4].map((i) => `#${i + 5} [b ${i}/4] RUN b${i}\n#${i + 5} DONE 1.0s\n`).join('');
  const events = parseBuildkitPlain(sequential);
  assert.equal(events.length, 6);
  assert.equal(interleaved(events, 'a', 'b'), false);
  assert.equal(interleaved(events, 'a', 'nosuch'), false);
  // One step of b done before a's last step: still not enough when b's last step is done before a's first.
  const touching = parseBuildkitPlain(
    '#1 [b 2/3] RUN b\n#1 DONE 1s\n#2 [b 3/3] RUN b2\n#2 DONE 1s\n#3 [a 2/3] RUN a\n#3 DONE 1s\n#4 [a 3/3] RUN a2\n#4 DONE 1s\n',
  );
  assert.equal(interleaved(touching, 'a', 'b'), false);
});

test('classic output: steps tagged with their stage, unnamed stages as stage-K', () => {
  const steps = parseClassic(
    [
      'Sending build context to Docker daemon  2.048kB',
      'Step 1/5 : FROM local/busybox:1 AS left',
      ' ---> e07284c9bc17',
      'Step 2/5 : RUN sleep 1 && echo left-1 > /left-1',
      ' ---> Running in 3d98c0cd8fe5',
      'Removing intermediate container 3d98c0cd8fe5',
      ' ---> 076fe08af7ed',
      'Step 3/5 : FROM local/busybox:1',
      'Step 4/5 : COPY --from=left /left-1 /x',
      'Step 5/5 : FROM scratch as Final',
      'Successfully built cde4f4d88822',
    ].join('\n'),
  );
  assert.deepEqual(
    steps.map((s) => `${s.stage} ${s.step}/${s.of}`),
    ['left 1/5', 'left 2/5', 'stage-1 3/5', 'stage-1 4/5', 'Final 5/5'],
  );
  assert.deepEqual(
    steps.map((s) => s.image),
    ['e07284c9bc17', '076fe08af7ed', undefined, undefined, undefined],
  );
  assert.deepEqual(runsOf(['a', 'a', 'b', 'a']), ['a', 'b', 'a']);
});
