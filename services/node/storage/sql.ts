/**
 * SQL as tagged templates: every interpolated value becomes a bound parameter, so no SQL is
 * ever built from strings. `sql\`SELECT * FROM t WHERE id = ${id}\`` → text with `?` and values.
 */

export type SqlValue = string | number | bigint | null | Buffer;

export interface SqlQuery {
  readonly text: string;
  readonly values: readonly SqlValue[];
}

export function sql(strings: TemplateStringsArray, ...values: SqlValue[]): SqlQuery {
  return { text: strings.join('?'), values };
}
