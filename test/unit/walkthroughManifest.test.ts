// The walkthrough in package.json: its buttons call contributed commands with valid arguments, its
// completion events wait for contributed commands or for the context keys walkthrough.ts sets, and its
// pictures exist and ship in the .vsix.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const source = readFileSync(join(root, 'client', 'src', 'walkthrough.ts'), 'utf8');
const [walkthrough] = manifest.contributes.walkthroughs;
const steps: { id: string; title: string; description: string; media: { svg?: string; altText?: string }; completionEvents: string[] }[] = walkthrough.steps;
const contributed = new Set(manifest.contributes.commands.map((c: { command: string }) => c.command));
const keys = new Set([...source.matchAll(/'(stagecraft\.walkthrough\.\w+)'/g)].map((m) => m[1]));

test('one walkthrough with the seven steps of the lesson; Get Started opens it by its full id', () => {
  assert.equal(manifest.contributes.walkthroughs.length, 1);
  assert.deepEqual(
    steps.map((s) => s.id),
    ['create', 'read', 'build', 'sizes', 'classic', 'run', 'acr'],
  );
  assert.ok(source.includes(`'${manifest.publisher}.${manifest.name}#${walkthrough.id}'`), 'WALKTHROUGH names publisher.name#id');
  assert.ok(contributed.has('stagecraft.getStarted'));
});

test('every button calls a contributed command; arguments are JSON', () => {
  for (const step of steps) {
    const links = [...step.description.matchAll(/\]\(command:([\w.]+)(?:\?([^)]*))?\)/g)];
    assert.ok(links.length >= 1, `${step.id} has a button`);
    for (const [, id, args] of links) {
      assert.ok(contributed.has(id), `${step.id}: ${id} is contributed`);
      if (args) assert.doesNotThrow(() => JSON.parse(decodeURIComponent(args)), `${step.id}: ${args}`);
    }
  }
});

test('every step completes on a contributed command or on context keys walkthrough.ts sets', () => {
  for (const step of steps) {
    assert.ok(step.completionEvents.length >= 1, step.id);
    for (const event of step.completionEvents) {
      const [kind, rest] = [event.slice(0, event.indexOf(':')), event.slice(event.indexOf(':') + 1)];
      if (kind === 'onCommand') assert.ok(contributed.has(rest), `${step.id}: ${rest}`);
      else {
        assert.equal(kind, 'onContext', `${step.id}: ${event}`);
        for (const key of rest.split('&&').map((k) => k.trim())) assert.ok(keys.has(key), `${step.id}: ${key} is set by walkthrough.ts`);
      }
    }
  }
});

test('steps that run docker say they need it; every picture exists, has a title and ships', () => {
  for (const id of ['build', 'sizes', 'classic', 'run']) assert.match(steps.find((s) => s.id === id)!.description, /Needs Docker/, id);
  assert.match(steps.find((s) => s.id === 'build')!.description, /untrusted workspace/);
  const ignore = readFileSync(join(root, '.vscodeignore'), 'utf8').split('\n');
  for (const step of steps) {
    assert.ok(step.media.svg && step.media.altText, step.id);
    const svg = readFileSync(join(root, step.media.svg), 'utf8');
    assert.match(svg, /^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"[\s\S]*<title>[^<]+<\/title>[\s\S]*<\/svg>\s*$/);
    assert.doesNotMatch(svg, /<script|href="http/i, 'no scripts or remote resources');
    // The walkthrough inlines the SVG under a content security policy that drops <style> and style="":
    // colours are presentation attributes with theme variables (and fallbacks).
    assert.doesNotMatch(svg, /<style|\sstyle=|\sclass=/, `${step.media.svg}: presentation attributes only`);
    assert.match(svg, /var\(--vscode-foreground, #[0-9a-f]{6}\)/);
  }
  assert.ok(ignore.includes('!media/walkthrough/*.svg') && ignore.includes('!media/example/*'));
  for (const file of ['Dockerfile', 'app.sh', 'test.sh']) assert.ok(existsSync(join(root, 'media', 'example', file)));
});
