import type { Migration } from '../database.js';
import { migration0001 } from './0001-safety-audit.js';
import { migration0002 } from './0002-apps.js';
import { migration0003 } from './0003-app-storage.js';
import { migration0004 } from './0004-render-cache.js';
import { migration0005 } from './0005-permissions-payments.js';

/** Append only: a released migration is never edited, a new one gets the next number. */
export const MIGRATIONS: readonly Migration[] = [migration0001, migration0002, migration0003, migration0004, migration0005];
