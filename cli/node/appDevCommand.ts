/**
 * `glovebox app dev DIR`: the developer's loop. The app is validated (with the driving review),
 * packed, signed with a development key kept in a development data dir, installed there, and
 * opened in the simulator; every change to the folder rebuilds and reinstalls it and the head
 * unit reopens it. A build with errors is reported and the last good one keeps running.
 */
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, watch, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AppError } from '../../miniapps/runtime/common/format/app.js';
import { readAppFolder } from '../../miniapps/runtime/node/appFiles.js';
import { pack, PackageError, privateKeyFromPem, signPackage } from '../../miniapps/runtime/node/appPackage.js';
import type { Policy } from '../../safety/common/policy.js';
import { loadPolicy } from '../../safety/node/policyFiles.js';
import { formatFinding, validateAppFolder } from '../../miniapps/devkit/node/appValidation.js';
import { AppInstaller } from '../../services/node/apps/installer.js';
import type { CommandIo } from './usage.js';
import { EXIT_OK, parseOptions, UsageError } from './usage.js';
import { dataDirectory, Storage } from '../../services/node/storage/database.js';
import { shippedScenarios } from '../../vehicle-bus/node/timelineFiles.js';
import { startSimulator } from '../../sim/node/server.js';
import { RENDERER_DIR } from './startCommand.js';

export const DEV_HELP = `Usage: glovebox app dev DIR [--port N] [--data DIR] [--policy FILE|PRESET]

Builds the app in DIR (validate, driving review, pack, sign with a development key), installs it
into a development data dir and opens it in the simulator: the URL to open is printed on a line
of its own. Every change in DIR rebuilds it and the head unit reopens it; a build with errors is
reported and the last good one keeps running. Ctrl-C stops.

  --port N              the simulator's port (default 8789; 0 picks a free one)
  --data DIR            the development data dir (default GLOVEBOX_DATA_DIR's, with -dev)
  --policy FILE|PRESET  the safety policy for the simulator and the review (default EU_ESOP)

Exit status: 0 when stopped, 2 usage error.`;

/** The development signing key, made once per data dir. */
function developmentKey(data: string): { readonly privateKey: KeyObject; readonly publicKey: KeyObject } {
  const file = join(data, 'development-signing-key.pem');
  if (!existsSync(file)) {
    const { privateKey } = generateKeyPairSync('ed25519');
    writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  }
  const privateKey = privateKeyFromPem(readFileSync(file, 'utf8'), file);
  return { privateKey, publicKey: createPublicKey(privateKey) };
}

export async function appDev(args: readonly string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseOptions(args, { port: { type: 'string' }, data: { type: 'string' }, policy: { type: 'string' } }, DEV_HELP, true);
  if (values.help) {
    io.stdout.write(`${DEV_HELP}\n`);
    return EXIT_OK;
  }
  if (positionals.length !== 1) throw new UsageError(`expected one app folder, found ${positionals.length}`, DEV_HELP);
  const folder = resolve(positionals[0] as string);
  if (!existsSync(join(folder, 'app.json'))) throw new UsageError(`${folder} has no app.json: not a mini-app folder (glovebox app create NAME makes one)`, DEV_HELP);
  const port = values.port === undefined ? 8789 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port: expected a port number, found "${values.port}"`, DEV_HELP);
  const policy: Policy = loadPolicy(values.policy ?? 'EU_ESOP');
  const data = resolve(values.data ?? `${dataDirectory()}-dev`);
  mkdirSync(data, { recursive: true });
  const key = developmentKey(data);
  const storage = new Storage(join(data, 'glovebox.sqlite'));
  const installer = new AppInstaller(storage, data);

  /** One build; the app's id when it was installed. */
  const build = (): string | undefined => {
    const started = performance.now();
    try {
      const { compiled, findings } = validateAppFolder(folder, policy);
      for (const finding of findings) io.stderr.write(`${formatFinding(folder, finding)}\n`);
      if (!compiled || findings.some((finding) => finding.severity === 'error')) {
        io.stderr.write('glovebox app dev: not installed (fix the errors above; the last good build keeps running)\n');
        return undefined;
      }
      const { id, version } = compiled.manifest.car;
      installer.install(signPackage(pack(readAppFolder(folder), id, version), key.privateKey), [key.publicKey]);
      io.stdout.write(`glovebox app dev: ${id} ${version} built and installed in ${Math.round(performance.now() - started)} ms\n`);
      return id;
    } catch (error) {
      if (!(error instanceof AppError) && !(error instanceof PackageError)) throw error;
      io.stderr.write(`glovebox app dev: not installed: ${error.message}\n`);
      return undefined;
    }
  };

  let appId = build();
  const simulator = await startSimulator({ port, dataDir: data, timeline: shippedScenarios().get('city-loop') as string, speed: 1, policy, rendererDir: RENDERER_DIR, sampleBackends: false, voice: false });
  io.stdout.write(`glovebox app dev: open the line below in Chromium (the tester's panel is at ${simulator.url}panel)\n${simulator.url}${appId ? `?app=${appId}` : ''}\n`);

  // Editors save in bursts (a temp file, a rename): one rebuild per burst.
  let timer: ReturnType<typeof setTimeout> | undefined;
  const watcher = watch(folder, { recursive: true }, (_event, name) => {
    if (name && (String(name).startsWith('node_modules') || String(name).split('/').some((part) => part.startsWith('.')))) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      const rebuilt = build();
      if (rebuilt) {
        appId = rebuilt;
        simulator.appInstalled(rebuilt);
      }
    }, 150);
  });
  await new Promise<void>((resolveStop) => {
    if (io.signal?.aborted) resolveStop();
    io.signal?.addEventListener('abort', () => resolveStop(), { once: true });
  });
  clearTimeout(timer);
  watcher.close();
  await simulator.close();
  storage.close();
  return EXIT_OK;
}
