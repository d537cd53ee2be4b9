/** exposedPorts: EXPOSE words as BuildKit's parsePort splits them, stopping where BuildKit fails the build. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseDockerfile } from '../../../../server/src/analysis/parse';
import { exposedPorts } from '../../../../server/src/features/rules/expose-ports';

const ports = (words: string) =>
  exposedPorts(parseDockerfile(`FROM alpine\nEXPOSE ${words}\n`).instructions[1]).map(({ raw, ip, hostPort, containerPort, proto }) => [
    raw,
    ip,
    hostPort,
    containerPort,
    proto,
  ]);

test('container port, protocol, host port and IP (IPv6 included: all but the last two parts)', () => {
  assert.deepEqual(ports('80 443/TCP 8080:80/udp 127.0.0.1:53:53/sctp ::1:9000:9000 "5000-5010"'), [
    ['80', '', '', '80', ''],
    ['443/TCP', '', '', '443', 'TCP'],
    ['8080:80/udp', '', '8080', '80', 'udp'],
    ['127.0.0.1:53:53/sctp', '127.0.0.1', '53', '53', 'sctp'],
    ['::1:9000:9000', '::1', '9000', '9000', ''],
    ['5000-5010', '', '', '5000-5010', ''],
  ]);
});

test('words with a variable are skipped; a word BuildKit rejects ends the walk', () => {
  assert.deepEqual(ports('$PORT 80 ${X}/tcp 81'), [
    ['80', '', '', '80', ''],
    ['81', '', '', '81', ''],
  ]);
  assert.deepEqual(ports('80 90/xyz 100'), [['80', '', '', '80', '']]);
  assert.deepEqual(ports('80 8080: 100'), [['80', '', '', '80', '']]);
});
