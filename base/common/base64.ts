/** Base64 (RFC 4648, with padding) for bytes, in pure TypeScript: common/ has no atob or Buffer. */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const VALUES = new Map([...ALPHABET].map((char, index) => [char, index]));

export function toBase64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i] as number;
    const b = bytes[i + 1];
    const c = bytes[i + 2];
    const bits = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
    out += ALPHABET[bits >> 18] as string;
    out += ALPHABET[(bits >> 12) & 63] as string;
    out += b === undefined ? '=' : (ALPHABET[(bits >> 6) & 63] as string);
    out += c === undefined ? '=' : (ALPHABET[bits & 63] as string);
  }
  return out;
}

/** The bytes of a base64 text; a character outside the alphabet is an error naming its offset. */
export function fromBase64(text: string): Uint8Array {
  const body = text.replace(/=+$/, '');
  if (body.length % 4 === 1) throw new Error(`base64: ${text.length} characters cannot encode whole bytes`);
  const out = new Uint8Array(Math.floor((body.length * 3) / 4));
  let bits = 0;
  let count = 0;
  let at = 0;
  for (let i = 0; i < body.length; i += 1) {
    const value = VALUES.get(body[i] as string);
    if (value === undefined) throw new Error(`base64: unexpected ${JSON.stringify(body[i])} at offset ${i}`);
    bits = ((bits << 6) | value) & 0xffffff;
    count += 6;
    if (count >= 8) {
      count -= 8;
      out[at] = (bits >> count) & 255;
      at += 1;
    }
  }
  return out;
}
