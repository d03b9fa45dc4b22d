/**
 * Requests from the system UI against the protocol's one declaration: a hostile or broken UI
 * message is refused with where and what, and every channel the UI uses is accepted as sent.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { REQUEST_CHANNELS } from '../../../../services/common/protocol.js';
import { ProtocolViolation, readRequest } from '../../../../services/node/requests.js';

const problem = (message: unknown): string | undefined => {
  const read = readRequest(message);
  return 'problem' in read ? read.problem : undefined;
};

describe('requests from the UI', () => {
  test('a message that is not a request is a protocol violation', () => {
    for (const message of [null, 'app:list', 42, [], {}, { id: '1', channel: 'app:list' }, { id: 1.5, channel: 'app:list' }, { id: 1, channel: 'app:format' }, { id: 1, channel: 'app:list', extra: true }]) {
      assert.throws(() => readRequest(message), ProtocolViolation, JSON.stringify(message));
    }
  });

  test('parameters that do not fit are answered with the member, what was expected and what was found', () => {
    assert.equal(problem({ id: 1, channel: 'app:call', params: { appId: 'com.a', name: 7, args: {} } }), 'app:call: params/name must be string, found 7');
    assert.equal(problem({ id: 1, channel: 'app:call', params: { appId: 'com.a', args: {} } }), "app:call: params must have required property 'name'");
    assert.equal(problem({ id: 1, channel: 'app:answer', params: { appId: 'com.a', token: 't', accepted: 'yes' } }), 'app:answer: params/accepted must be boolean, found "yes"');
    assert.equal(problem({ id: 1, channel: 'app:problem', params: { appId: 'com.a', kind: 'fatal', message: 'x' } }), 'app:problem: params/kind must be one of error, warn, slow, stopped, found "fatal"');
    assert.equal(problem({ id: 1, channel: 'app:open', params: { id: 'com.a', admin: true } }), 'app:open: params has no member admin');
    assert.equal(problem({ id: 1, channel: 'app:list', params: { all: true } }), 'app:list: params has no member all');
    assert.match(problem({ id: 1, channel: 'app:open', params: { id: 'x'.repeat(201) } }) ?? '', /^app:open: params\/id must NOT have more than 200 characters, found "x{20,}/);
  });

  test('what the UI sends is read as sent, for every channel; absent params are {}', () => {
    const sent = {
      'app:list': {},
      'app:open': { id: 'com.a' },
      'app:call': { appId: 'com.a', name: 'wx.request', args: { url: 'https://example.com' } },
      'app:answer': { appId: 'com.a', token: 't1', accepted: false },
      'app:cacheRender': { appId: 'com.a', route: 'pages/index/index', data: { list: [1, 2] } },
      'vehicle:snapshot': {},
      'app:problem': { appId: 'com.a', kind: 'error', message: 'boom', stack: 'at pages/index/index.js:3' },
      'voice:listen': {},
    };
    assert.deepStrictEqual(Object.keys(sent).sort(), [...REQUEST_CHANNELS].sort());
    for (const [channel, params] of Object.entries(sent)) {
      const read = readRequest({ id: 3, channel, params });
      assert.ok('request' in read, `${channel}: ${'problem' in read ? read.problem : ''}`);
      assert.deepStrictEqual(read.request, { id: 3, channel, params });
    }
    const bare = readRequest({ id: 4, channel: 'app:list' });
    assert.ok('request' in bare && JSON.stringify(bare.request.params) === '{}');
  });
});
