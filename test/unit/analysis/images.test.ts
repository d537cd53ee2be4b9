/** What the image table knows: SDK images, images that run as root or not, OS images. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseImageReference } from '../../../server/src/analysis/imageRef';
import { isNonRootImage, isOsImage, isRootImage, sdkImage } from '../../../server/src/analysis/images';

const facts = (reference: string) => {
  const image = parseImageReference(reference);
  return { sdk: sdkImage(image)?.label, nonRoot: isNonRootImage(image), os: isOsImage(image), root: isRootImage(image) };
};

test('SDK images are known with a label, a size and the runtimes to ship on', () => {
  assert.deepEqual(facts('golang:1.22'), { sdk: 'the Go SDK', nonRoot: false, os: true, root: true });
  assert.equal(facts('mcr.microsoft.com/dotnet/sdk:8.0').sdk, 'the .NET SDK');
  const go = sdkImage(parseImageReference('golang:1.22'))!;
  assert.ok(go.advice.length > 0);
  assert.ok(go.runtimes.length > 0);
  assert.equal(sdkImage(parseImageReference('alpine:3.20')), undefined);
});

test('distroless is root unless :nonroot; *-unprivileged images are not root; unknown images are neither', () => {
  assert.deepEqual(facts('gcr.io/distroless/static'), { sdk: undefined, nonRoot: false, os: false, root: true });
  assert.deepEqual(facts('gcr.io/distroless/static:nonroot'), { sdk: undefined, nonRoot: true, os: false, root: false });
  assert.deepEqual(facts('nginxinc/nginx-unprivileged'), { sdk: undefined, nonRoot: true, os: false, root: false });
  assert.deepEqual(facts('alpine'), { sdk: undefined, nonRoot: false, os: true, root: true });
  assert.deepEqual(facts('example.com/team/app:1'), { sdk: undefined, nonRoot: false, os: false, root: false });
});
