import assert from 'node:assert/strict';
import { test } from 'node:test';
import { releaseFuses } from '../../../../electron/node/fuses.js';

test('release fuses: no running as Node, no NODE_OPTIONS, no inspector, asar only with integrity, encrypted cookies, no file: privileges', () => {
  assert.deepStrictEqual(releaseFuses('release'), {
    RunAsNode: false,
    EnableNodeOptionsEnvironmentVariable: false,
    EnableNodeCliInspectArguments: false,
    OnlyLoadAppFromAsar: true,
    EnableEmbeddedAsarIntegrityValidation: true,
    EnableCookieEncryption: true,
    GrantFileProtocolExtraPrivileges: false,
  });
  assert.deepStrictEqual(releaseFuses('test'), { ...releaseFuses('release'), EnableNodeCliInspectArguments: true }, 'test builds differ only by the inspector');
});
