/**
 * A file that ships with Glovebox (a schema, the SDK), found from this module whether it runs
 * from the sources or from build/: the nearest folder above with `relative` in it.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function shippedPath(relative: string): string {
  let folder = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(folder, relative);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(folder);
    if (parent === folder) throw new Error(`${relative} is missing from the Glovebox installation`);
    folder = parent;
  }
}
