/**
 * The docs a newcomer reads first say what the code does: the README's commands, exit status,
 * Node version and pictures, and the simulator pages the docs send testers to.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { COMMANDS, HELP } from '../../cli/node/glovebox.js';
import { PAGES } from '../../sim/node/server.js';
import { repoPath } from '../support/paths.js';

const readme = readFileSync(repoPath('README.md'), 'utf8');
const squashed = (text: string): string => text.replace(/\s+/g, ' ').trim();
const commandSection = readme.slice(readme.indexOf('## The `glovebox` command'), readme.indexOf('## Layout'));

test("the README's command table names every command, and only commands that exist", () => {
  for (const { name } of COMMANDS) assert.ok(commandSection.includes(`glovebox ${name}`), `README lacks glovebox ${name}`);
  const named = [...commandSection.matchAll(/`glovebox ([a-z]+)(?: ([a-z]+))?/g)].map(([, first = '', second]) => (second && COMMANDS.some((command) => command.name === `${first} ${second}`) ? `${first} ${second}` : first));
  for (const name of named) assert.ok(COMMANDS.some((command) => command.name === name || command.name.startsWith(`${name} `)), `README names glovebox ${name}, which does not exist`);
});

test("the README's exit status is the one the command prints", () => {
  const help = squashed(HELP.slice(HELP.indexOf('Exit status:')));
  assert.ok(squashed(readme).includes(help), `README should say: ${help}`);
});

test('the Node version is said once, as package.json declares it', () => {
  const engines = (JSON.parse(readFileSync(repoPath('package.json'), 'utf8')) as { engines: { node: string } }).engines.node;
  const said = [...readme.matchAll(/Node\.js ≥ ([\d.]+)/g)].map((match) => match[1]);
  assert.deepStrictEqual(said, [engines.replace('>=', '')]);
});

test('the simulator pages the docs name are the ones it serves', () => {
  const docs = [readme, ...readdirSync(repoPath('docs')).filter((name) => name.endsWith('.md')).map((name) => readFileSync(repoPath('docs', name), 'utf8'))];
  const pages = docs.flatMap((text) => [...text.matchAll(/URL(\/[a-z.]*)|panel at `(\/[a-z]*)`/g)].map((match) => match[1] ?? match[2] ?? ''));
  assert.ok(pages.includes('/panel'));
  for (const page of pages) assert.ok(PAGES[page], `the docs name ${page}, which the simulator does not serve`);
});

test("the README's pictures exist and are the screenshot script's", () => {
  const script = readFileSync(repoPath('scripts', 'docs-screenshots.mjs'), 'utf8');
  const pictures = [...readme.matchAll(/\(docs\/screenshots\/([a-z-]+)\.png\)/g)].map((match) => match[1] ?? '');
  assert.ok(pictures.length >= 3);
  const present = readdirSync(repoPath('docs', 'screenshots'));
  for (const picture of pictures) {
    assert.ok(present.includes(`${picture}.png`), picture);
    assert.ok(script.includes(`'${picture}'`), `${picture}.png is not taken by scripts/docs-screenshots.mjs`);
  }
});
