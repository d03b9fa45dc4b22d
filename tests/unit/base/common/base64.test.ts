/** Base64 in common/: the same text as Node's Buffer for every length's padding, and bad text named. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fromBase64, toBase64 } from '../../../../base/common/base64.js';

test('round trips and agrees with Buffer for lengths 0 to 40', () => {
  for (let length = 0; length <= 40; length += 1) {
    const bytes = Uint8Array.from({ length }, (_, i) => (i * 97 + length * 13) & 255);
    const text = toBase64(bytes);
    assert.equal(text, Buffer.from(bytes).toString('base64'));
    assert.deepEqual(fromBase64(text), bytes);
  }
});

test('a character outside the alphabet is an error naming its offset', () => {
  assert.throws(() => fromBase64('AAA*'), /base64: unexpected "\*" at offset 3/);
  assert.throws(() => fromBase64('AAAAA'), /base64: 5 characters cannot encode whole bytes/);
});
