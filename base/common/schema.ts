/**
 * JSON Schemas that carry their TypeScript type: a message's shape is written once, as a value;
 * its type is derived from it (`TypeOf<typeof schema>`) and its JSON Schema is what the receiving
 * side validates with (ajv). Only what the protocol needs: strings, integers, booleans, enums,
 * anything, and closed objects with optional members.
 */

/** A JSON Schema (`json`) standing for values of type T. */
export interface Schema<T> {
  readonly json: Readonly<Record<string, unknown>>;
  /** Never set: carries T for TypeOf. */
  readonly type?: T;
}

export type TypeOf<S> = S extends Schema<infer T> ? T : never;

export const text = (maxLength: number): Schema<string> => ({ json: { type: 'string', maxLength } });
export const integer: Schema<number> = { json: { type: 'integer' } };
export const boolean: Schema<boolean> = { json: { type: 'boolean' } };
/** Any JSON value (the receiver reads it with its own checks). */
export const anything: Schema<unknown> = { json: {} };
export const oneOf = <const T extends string>(values: readonly T[]): Schema<T> => ({ json: { enum: [...values] } });

type Members = Readonly<Record<string, Schema<unknown>>>;
type Shape<M extends Members, O extends keyof M> = { readonly [K in Exclude<keyof M, O>]: TypeOf<M[K]> } & { readonly [K in O]?: TypeOf<M[K]> };

/** An object with exactly these members (those named in `optional` may be missing), nothing else. */
export function object<M extends Members, O extends keyof M & string = never>(members: M, optional: readonly O[] = []): Schema<{ readonly [K in keyof Shape<M, O>]: Shape<M, O>[K] }> {
  const properties = Object.fromEntries(Object.entries(members).map(([name, schema]) => [name, schema.json]));
  return { json: { type: 'object', properties, required: Object.keys(members).filter((name) => !(optional as readonly string[]).includes(name)), additionalProperties: false } };
}

/** `{}`: no members. */
export const nothing: Schema<Record<string, never>> = { json: { type: 'object', additionalProperties: false } };
