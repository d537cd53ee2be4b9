/** Links on FROM images: Docker Hub images resolve to their Hub page when asked; other registries link at once. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { documentLinks, resolveDocumentLink } from '../../../server/src/features/documentLinks';
import { contextOf } from '../../helpers/context';

test('an official image links to its Docker Hub page once resolved; a GitHub package links to its page at once', () => {
  const context = contextOf('FROM node:20 AS build\nFROM ghcr.io/a/b:1\nCOPY --from=build /a /b\n');
  const links = documentLinks(context);
  assert.deepEqual(
    links.map((link) => context.document.getText(link.range)),
    ['node', 'ghcr.io/a/b'],
  );
  assert.equal(links[0].target, undefined, 'resolved on demand');
  assert.equal(resolveDocumentLink(links[0]).target, 'https://hub.docker.com/_/node/');
  assert.equal(links[1].target, 'https://github.com/a/b/pkgs/container/b');
});

test('a stage used as a base is no link', () => {
  const context = contextOf('FROM alpine AS base\nFROM base\n');
  assert.deepEqual(
    documentLinks(context).map((link) => link.range.start.line),
    [0],
  );
});
