/**
 * One-page mini-apps written as strings (not folders), installed as signed packages: the
 * hostile apps and the template-oracle cases are each read in one place beside their test.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pack, signPackage } from '../../miniapps/runtime/node/appPackage.js';
import { AppInstaller } from '../../services/node/apps/installer.js';
import { Storage } from '../../services/node/storage/database.js';
import { OEM } from './packages.js';

export interface AppPage {
  readonly wxml: string;
  readonly js: string;
  readonly wxss?: string;
  /** More files beside the page (templates it imports), by path relative to its folder. */
  readonly files?: Readonly<Record<string, string>>;
}

export interface PageApp {
  readonly id: string;
  readonly name: string;
  readonly page: AppPage;
  /** Declared driving-optimised (so it is drawn while moving, under the limits). */
  readonly driving?: boolean;
  readonly requestDomains?: readonly string[];
  /** What its layout was drawn for (ADR 0008); car when absent. */
  readonly design?: 'car' | 'phone';
  /** app.json's window block, app.js and app.wxss, when the case needs them. */
  readonly app?: { readonly window?: Readonly<Record<string, unknown>>; readonly js?: string; readonly wxss?: string; readonly extra?: Readonly<Record<string, unknown>> };
}

/** A page app's package files, at `version` (app.json's car.version says the same). */
export function pageAppFiles(app: PageApp, version = '1.0.0'): Map<string, Uint8Array> {
  const encode = (text: string) => new TextEncoder().encode(text);
  const manifest = {
    pages: ['pages/index/index'],
    ...(app.app?.window ? { window: app.app.window } : {}),
    ...app.app?.extra,
    car: { id: app.id, name: app.name, version, category: 'other', drivingOptimisedPages: app.driving ? ['pages/index/index'] : [], ...(app.requestDomains ? { requestDomains: app.requestDomains } : {}), ...(app.design ? { design: app.design } : {}) },
  };
  const map = new Map<string, Uint8Array>([
    ['app.json', encode(JSON.stringify(manifest))],
    ['app.js', encode(app.app?.js ?? 'App({});')],
    ['pages/index/index.wxml', encode(app.page.wxml)],
    ['pages/index/index.js', encode(app.page.js)],
  ]);
  if (app.page.wxss) map.set('pages/index/index.wxss', encode(app.page.wxss));
  if (app.app?.wxss !== undefined) map.set('app.wxss', encode(app.app.wxss));
  for (const [path, text] of Object.entries(app.page.files ?? {})) map.set(`pages/index/${path}`, encode(text));
  return map;
}

/** A fresh data dir with the apps installed as signed packages. */
export function dataDirWithPageApps(apps: readonly PageApp[]): string {
  const data = mkdtempSync(join(tmpdir(), 'glovebox-pageapps-'));
  const storage = new Storage(join(data, 'glovebox.sqlite'));
  const installer = new AppInstaller(storage, data);
  for (const app of apps) installer.install(signPackage(pack(pageAppFiles(app), app.id, '1.0.0'), OEM.privateKey), [OEM.publicKey]);
  storage.close();
  return data;
}
