import { readFileSync } from 'node:fs';
import { repoPath } from './paths.js';

export function fixturePath(...parts: string[]): string {
  return repoPath('tests', 'fixtures', ...parts);
}

export function fixtureText(...parts: string[]): string {
  return readFileSync(fixturePath(...parts), 'utf8');
}
