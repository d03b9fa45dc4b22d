/**
 * The Electron fuses a release build flips (with @electron/fuses, at packaging, on the
 * packaged binary): what the binary can never be made to do, whatever its arguments or
 * environment. Test builds keep the inspector so Playwright can drive the kiosk.
 */

export interface FuseSettings {
  readonly RunAsNode: boolean;
  readonly EnableNodeOptionsEnvironmentVariable: boolean;
  readonly EnableNodeCliInspectArguments: boolean;
  readonly OnlyLoadAppFromAsar: boolean;
  readonly EnableCookieEncryption: boolean;
  readonly GrantFileProtocolExtraPrivileges: boolean;
  readonly EnableEmbeddedAsarIntegrityValidation: boolean;
}

export function releaseFuses(build: 'release' | 'test'): FuseSettings {
  return {
    // ELECTRON_RUN_AS_NODE would turn the kiosk binary into a plain Node.
    RunAsNode: false,
    // NODE_OPTIONS could preload code into the main process.
    EnableNodeOptionsEnvironmentVariable: false,
    // --inspect would open a debugger on the main process; test builds keep it for Playwright.
    EnableNodeCliInspectArguments: build === 'test',
    // Only the signed app.asar, never a loose folder beside it.
    OnlyLoadAppFromAsar: true,
    EnableEmbeddedAsarIntegrityValidation: true,
    EnableCookieEncryption: true,
    // file:// gets no more than a web page would (the UI is on app:, not file:).
    GrantFileProtocolExtraPrivileges: false,
  };
}
