/**
 * Requests from the system UI, validated against the protocol's one declaration of them
 * (services/common/protocol.ts): the envelope, then the channel's parameters. A message that is
 * not a request at all is a protocol violation (the connection is dropped); parameters that do
 * not fit are an answer naming where and what was expected.
 */
import { Ajv } from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { RequestChannel, Requests } from '../common/protocol.js';
import { REQUEST_CHANNELS, REQUEST_ENVELOPE, REQUEST_PARAMS } from '../common/protocol.js';

export class ProtocolViolation extends Error {}

const ajv = new Ajv({ allErrors: false, strict: true });
const envelope = ajv.compile(REQUEST_ENVELOPE.json);
const params = Object.fromEntries(REQUEST_CHANNELS.map((channel) => [channel, ajv.compile(REQUEST_PARAMS[channel].json)])) as Record<RequestChannel, ValidateFunction>;

/** "params/name must be string, found 7" for the first error. */
function described(errors: readonly ErrorObject[] | null | undefined, value: unknown): string {
  const error = errors?.[0];
  if (!error) return 'is not valid';
  const found = error.instancePath.split('/').slice(1).reduce<unknown>((at, key) => (at !== null && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined), value);
  const where = `params${error.instancePath}`;
  const detail = error.keyword === 'additionalProperties' ? `has no member ${String(error.params['additionalProperty'])}` : error.keyword === 'enum' ? `must be one of ${(error.params['allowedValues'] as unknown[]).join(', ')}` : (error.message ?? 'is not valid');
  const shown = error.keyword === 'required' || error.keyword === 'additionalProperties' ? '' : `, found ${JSON.stringify(found)?.slice(0, 60) ?? 'undefined'}`;
  return `${where} ${detail}${shown}`;
}

export type ReadRequest = { readonly [C in RequestChannel]: { readonly id: number; readonly channel: C; readonly params: Requests[C]['params'] } }[RequestChannel];

/**
 * The request in `message`: throws ProtocolViolation when it is not one (no id, an unknown
 * channel), and an Error naming the member when the channel's parameters do not fit.
 */
export function readRequest(message: unknown): { readonly id: number; readonly channel: RequestChannel } & ({ readonly request: ReadRequest } | { readonly problem: string }) {
  if (!envelope(message)) throw new ProtocolViolation('not a protocol request');
  const { id, channel, params: given = {} } = message as { id: number; channel: RequestChannel; params?: unknown };
  const check = params[channel];
  if (!check(given)) return { id, channel, problem: `${channel}: ${described(check.errors, given)}` };
  return { id, channel, request: { id, channel, params: given } as ReadRequest };
}
