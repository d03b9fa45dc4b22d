import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_SOURCE_CHARS, mediaSource, packageAsset } from '../../../../../../miniapps/runtime/common/host/mediaSource.js';

test('media src: package paths, https and image data pass; script, blob, file and disguised schemes never reach the DOM', () => {
  const allowed = (tag: 'image' | 'video', value: string) => mediaSource(tag, value).ok;
  assert.deepStrictEqual(
    ['/images/logo.png', 'images/a b.png', '../up.png', 'https://cdn.example/x.jpg', 'data:image/png;base64,AAAA', 'data:image/svg+xml,<svg/>'].filter((src) => !allowed('image', src)),
    [],
  );
  const refused = ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', ' java\nscript:alert(1)', 'java\tscript:x', 'blob:https://x/1', 'file:///etc/passwd', 'data:text/html,<script>1</script>', 'http://insecure.example/a.png', '//evil.example/a.png', 'vbscript:x'];
  assert.deepStrictEqual(refused.filter((src) => allowed('image', src)), []);
  assert.equal(allowed('video', 'data:image/png;base64,AAAA'), false, 'data: is for images only');
  assert.deepStrictEqual(mediaSource('image', 'javascript:alert(1)'), { ok: false, reason: 'a javascript: src is not allowed on image (a package path, https, or for images data:image/…)' });
  assert.deepStrictEqual(mediaSource('image', 7), { ok: false, reason: 'src must be a string; found number' });
  assert.equal(mediaSource('image', `data:image/png;base64,${'A'.repeat(MAX_SOURCE_CHARS)}`).ok, false, 'bounded');
});

test('a package path is read against the page’s folder (or the package root), never outside the package', () => {
  const root = 'http://127.0.0.1:1/apps/com.a/1.0.0-abc/files/';
  assert.deepStrictEqual(
    [
      packageAsset(root, 'pages/index/index', '../../images/logo.png'),
      packageAsset(root, 'pages/index/index', 'icon.png?v=2'),
      packageAsset(root, 'pages/index/index', '/images/a b.png'),
      packageAsset(root, 'pages/index/index', '../../../../etc/passwd.png'),
    ],
    [`${root}images/logo.png`, `${root}pages/index/icon.png`, `${root}images/a%20b.png`, undefined],
  );
});
