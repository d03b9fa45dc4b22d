/** `glovebox app …`: validate, pack, sign and verify (the developer's side); install, list, uninstall, permissions (the head unit's). */
import type { KeyObject } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { AppError } from '../../miniapps/runtime/common/format/app.js';
import { compileAppFiles, readAppFolder } from '../../miniapps/runtime/node/appFiles.js';
import { loadPolicy } from '../../safety/node/policyFiles.js';
import { formatFinding, validateAppFolder } from '../../miniapps/devkit/node/appValidation.js';
import { openPackage, pack, PackageError, privateKeyFromPem, publicKeyFromPem, signPackage } from '../../miniapps/runtime/node/appPackage.js';
import { Consent } from '../../services/node/apps/consent.js';
import { AppInstaller } from '../../services/node/apps/installer.js';
import { dataDirectory, Storage } from '../../services/node/storage/database.js';
import type { CommandIo } from './usage.js';
import { EXIT_INPUT_PROBLEMS, EXIT_OK, parseOptions, UsageError } from './usage.js';

export const APP_HELP = `Usage: glovebox app <command> [options]

Developer:
  app create NAME [--dialect wechat|alipay] [--category C] [--id ID] [-o DIR]
                                         a working app: a driving-optimised first page, a voice intent, a test
  app validate DIR [--policy P]          everything the installer checks, then the driving-safety review
                                         (task depth, restricted components, list sizes, intents) against
                                         a policy (default EU_ESOP); file:line:column for each finding
  app dev DIR [--port N]                 build, install into a development data dir and open it in the
                                         simulator; rebuilt and reloaded on every change
  app pack DIR [-o FILE]                 pack it into an unsigned package (default <id>-<version>.gbx)
  app sign PKG --key KEY.pem [-o FILE]   sign with a PKCS#8 PEM ed25519 key (openssl genpkey -algorithm ed25519)
  app verify PKG --trust PUB.pem…        check the signature and every file against trusted public keys
Head unit (state in GLOVEBOX_DATA_DIR, default $XDG_DATA_HOME/glovebox):
  app install PKG [--trust PUB.pem…]     verify, compile and install (default trust: DATA_DIR/trusted-keys/*.pem)
  app list [--json]                      the installed apps
  app uninstall ID                       remove an app and every trace of it
  app permissions ID                     what the driver allowed or refused the app (scope.userLocation…)
  app revoke ID SCOPE                    forget that answer: the app is asked again (when parked)

Exit status: 0, 1 the app or package was refused (every problem is printed), 2 usage error.`;

function reportRefusal(io: CommandIo, error: unknown): number {
  if (error instanceof AppError) {
    for (const issue of error.issues) io.stderr.write(`${issue.file}${issue.where ? `:${issue.where}` : ''}: ${issue.problem}\n`);
    return EXIT_INPUT_PROBLEMS;
  }
  if (error instanceof PackageError) {
    io.stderr.write(`${error.where}: ${error.problem}\n`);
    return EXIT_INPUT_PROBLEMS;
  }
  throw error;
}

function one(positionals: readonly string[], what: string): string {
  if (positionals.length !== 1) throw new UsageError(`expected one ${what}, found ${positionals.length}`, APP_HELP);
  return positionals[0] as string;
}

function trustedKeys(paths: readonly string[] | undefined): KeyObject[] {
  const files = paths && paths.length > 0 ? paths : defaultTrustFiles();
  return files.map((file) => publicKeyFromPem(readFileSync(file, 'utf8'), file));
}

function defaultTrustFiles(): string[] {
  const folder = join(dataDirectory(), 'trusted-keys');
  return existsSync(folder) ? readdirSync(folder).filter((name) => name.endsWith('.pem')).sort().map((name) => join(folder, name)) : [];
}

function withInstaller<T>(use: (installer: AppInstaller) => T): T {
  const data = dataDirectory();
  const storage = new Storage(join(data, 'glovebox.sqlite'));
  try {
    return use(new AppInstaller(storage, data));
  } finally {
    storage.close();
  }
}

function withConsent<T>(use: (consent: Consent) => T): T {
  const storage = new Storage(join(dataDirectory(), 'glovebox.sqlite'));
  try {
    return use(new Consent(storage));
  } finally {
    storage.close();
  }
}

export async function app(args: readonly string[], io: CommandIo): Promise<number> {
  const [command, ...rest] = args;
  if (command === undefined || command === '--help' || command === '-h') {
    io.stdout.write(`${APP_HELP}\n`);
    return command === undefined ? 2 : EXIT_OK;
  }
  const { values, positionals } = parseOptions(
    rest,
    { output: { type: 'string', short: 'o' }, key: { type: 'string' }, trust: { type: 'string', multiple: true }, json: { type: 'boolean' }, policy: { type: 'string' } },
    APP_HELP,
    true,
  );
  if (values.help) {
    io.stdout.write(`${APP_HELP}\n`);
    return EXIT_OK;
  }
  const trust = values.trust as unknown as string[] | undefined;
  try {
    switch (command) {
      case 'validate': {
        const folder = one(positionals, 'app folder');
        const policy = loadPolicy(values.policy ?? 'EU_ESOP');
        const { compiled, findings } = validateAppFolder(folder, policy);
        for (const finding of findings) io.stderr.write(`${formatFinding(folder, finding)}\n`);
        const errors = findings.filter((finding) => finding.severity === 'error').length;
        if (!compiled || errors > 0) {
          io.stderr.write(`${folder}: ${errors} error${errors === 1 ? '' : 's'}${compiled ? ` in the driving review against ${policy.name}` : ''}\n`);
          return EXIT_INPUT_PROBLEMS;
        }
        const { id, version, category } = compiled.manifest.car;
        io.stdout.write(`${folder}: valid ${compiled.dialect} mini-app ${id} ${version} (${category}): ${Object.keys(compiled.pages).length} pages, ${Object.keys(compiled.components).length} components; driving review against ${policy.name}: ${findings.length === 0 ? 'nothing found' : `${findings.length} warning${findings.length === 1 ? '' : 's'}`}\n`);
        return EXIT_OK;
      }
      case 'pack': {
        const folder = one(positionals, 'app folder');
        const notes: string[] = [];
        const files = readAppFolder(folder, notes);
        for (const note of notes) io.stderr.write(`${folder}: warning: ${note}\n`);
        const compiled = compileAppFiles(files);
        const { id, version } = compiled.manifest.car;
        const output = values.output ?? `${id}-${version}.gbx`;
        const archive = pack(files, id, version);
        writeFileSync(output, archive);
        io.stdout.write(`${output}: ${archive.length} bytes, ${files.size} files, unsigned (glovebox app sign ${basename(output)} --key KEY.pem)\n`);
        return EXIT_OK;
      }
      case 'sign': {
        const packagePath = one(positionals, 'package');
        if (!values.key) throw new UsageError('sign needs --key KEY.pem', APP_HELP);
        const signed = signPackage(readFileSync(packagePath), privateKeyFromPem(readFileSync(values.key, 'utf8'), values.key));
        const output = values.output ?? packagePath;
        writeFileSync(output, signed);
        io.stdout.write(`${output}: signed\n`);
        return EXIT_OK;
      }
      case 'verify': {
        const packagePath = one(positionals, 'package');
        if (!trust || trust.length === 0) throw new UsageError('verify needs --trust PUB.pem (one or more)', APP_HELP);
        const opened = openPackage(readFileSync(packagePath), trustedKeys(trust));
        io.stdout.write(`${packagePath}: ${opened.manifest.id} ${opened.manifest.version}, ${opened.files.size} files, signed by key ${opened.signature.keyId}: verified\n`);
        return EXIT_OK;
      }
      case 'install': {
        const packagePath = one(positionals, 'package');
        const installed = withInstaller((installer) => installer.install(readFileSync(resolve(packagePath)), trustedKeys(trust)));
        io.stdout.write(`installed ${installed.id} ${installed.version} (${installed.name})\n`);
        return EXIT_OK;
      }
      case 'list': {
        const apps = withInstaller((installer) => installer.list());
        if (values.json) io.stdout.write(`${JSON.stringify(apps, null, 2)}\n`);
        else io.stdout.write(apps.length === 0 ? 'no apps installed\n' : `${apps.map((entry) => `${entry.id}\t${entry.version}\t${entry.category}\t${entry.name}`).join('\n')}\n`);
        return EXIT_OK;
      }
      case 'uninstall': {
        const id = one(positionals, 'app id');
        const removed = withInstaller((installer) => installer.uninstall(id));
        io.stdout.write(removed ? `uninstalled ${id}\n` : `${id} is not installed\n`);
        return removed ? EXIT_OK : EXIT_INPUT_PROBLEMS;
      }
      case 'permissions': {
        const id = one(positionals, 'app id');
        const grants = withConsent((consent) => consent.grants(id));
        const lines = Object.entries(grants).map(([scope, granted]) => `${scope}\t${granted ? 'allowed' : 'refused'}`);
        io.stdout.write(lines.length === 0 ? `${id}: the driver has not been asked anything\n` : `${lines.join('\n')}\n`);
        return EXIT_OK;
      }
      case 'revoke': {
        if (positionals.length !== 2) throw new UsageError(`expected an app id and a scope, found ${positionals.length} arguments`, APP_HELP);
        const [id, scope] = positionals as [string, string];
        const revoked = withConsent((consent) => consent.revoke(id, scope));
        io.stdout.write(revoked ? `${id}: ${scope} will be asked again\n` : `${id}: no answer for ${scope} to revoke\n`);
        return revoked ? EXIT_OK : EXIT_INPUT_PROBLEMS;
      }
      default:
        throw new UsageError(`unknown app command "${command}"`, APP_HELP);
    }
  } catch (error) {
    return reportRefusal(io, error);
  }
}
