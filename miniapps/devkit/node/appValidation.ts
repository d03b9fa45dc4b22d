/**
 * `glovebox app validate`: everything the installer checks of an app folder (app.json against
 * its schema, every page and component compiled, the logic bundled), then the driving-safety
 * review against a policy. Every finding as `file:line:column: severity: problem`, with app.json
 * paths turned into the line an editor jumps to.
 */
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CompiledApp } from '../../runtime/common/format/app.js';
import { AppError } from '../../runtime/common/format/app.js';
import { compileAppFiles, readAppFolder } from '../../runtime/node/appFiles.js';
import { buildLogicBundle, LogicBundleError } from '../../runtime/node/logicBundle.js';
import { openPackage, pack, PackageError, signPackage } from '../../runtime/node/appPackage.js';
import type { Policy } from '../../../safety/common/policy.js';
import { positioned, positionOf } from '../../../base/node/jsonPositions.js';
import type { ReviewFinding } from './drivingReview.js';
import { reviewForDriving } from './drivingReview.js';

export interface AppValidation {
  /** Undefined when the installer would refuse the app. */
  readonly compiled?: CompiledApp;
  readonly findings: readonly ReviewFinding[];
}

/** An issue's `where` as a position: JSON paths into a JSON file become line:column. */
function located(folder: string, file: string, where: string): string {
  if (!where.startsWith('/') || !file.endsWith('.json')) return where;
  const path = join(folder, file);
  if (!existsSync(path)) return where;
  const at = positionOf(positioned(readFileSync(path, 'utf8')), where);
  return at ? `${at} (${where})` : where;
}

export function validateAppFolder(folder: string, policy: Policy): AppValidation {
  const notes: string[] = [];
  const files = readAppFolder(folder, notes);
  let compiled: CompiledApp;
  try {
    compiled = compileAppFiles(files);
    const scripts = new Map([...files].filter(([path]) => path.endsWith('.js')).map(([path, data]) => [path, new TextDecoder().decode(data)]));
    buildLogicBundle(scripts, `${compiled.manifest.car.id} ${compiled.manifest.car.version}`);
    // What pack and install check, checked by them: packed, signed with a throwaway key and
    // opened as the installer opens it (limits on size, files, names, compression).
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    openPackage(signPackage(pack(files, compiled.manifest.car.id, compiled.manifest.car.version), privateKey), [publicKey]);
  } catch (error) {
    if (error instanceof PackageError) return { findings: [{ severity: 'error', file: error.where === '(package)' ? '' : error.where, at: '', problem: error.where === '(package)' ? `packed, ${error.problem}` : error.problem }] };
    if (error instanceof AppError) {
      return { findings: error.issues.map((issue) => ({ severity: 'error', file: issue.file, at: located(folder, issue.file, issue.where), problem: issue.problem })) };
    }
    if (error instanceof LogicBundleError) return { findings: [{ severity: 'error', file: error.file, at: error.line === undefined ? '' : String(error.line), problem: error.problem }] };
    throw error;
  }
  const warnings: ReviewFinding[] = [...notes, ...compiled.warnings].map((warning) => ({ severity: 'warning', file: '', at: '', problem: warning }));
  return { compiled, findings: [...warnings, ...reviewForDriving(files, policy, compiled)] };
}

export function formatFinding(folder: string, finding: ReviewFinding): string {
  const where = finding.file ? `${join(folder, finding.file)}${finding.at ? `:${finding.at}` : ''}: ` : '';
  return `${where}${finding.severity}: ${finding.problem}`;
}
