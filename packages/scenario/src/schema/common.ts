import { z } from 'zod';

/**
 * Building blocks of the scenario schema, plus two registries the error formatter reads:
 * the words for what a field expects, and how to pick the branch of a union from the value.
 */

/** What a schema expects, in words, for error messages (e.g. `a number >= 0 and <= 1`). */
export const expectedText = new WeakMap<z.ZodType, string>();

/** A union branch chosen by a predicate on the value, so errors come from the branch the author meant. */
export interface Branch {
  /** Whether the value is meant for this branch. */
  when: (value: unknown) => boolean;
  /** The branch's schema. */
  schema: z.ZodType;
}

/** Branches of the unions built with {@link oneOf}. */
export const unionBranches = new WeakMap<z.ZodType, readonly Branch[]>();

/** Records the words for what `schema` expects and returns it. */
export function expects<T extends z.ZodType>(schema: T, text: string): T {
  expectedText.set(schema, text);
  return schema;
}

/**
 * A union whose branch is picked from the value by predicates (first match), so a mistake
 * inside an inline world is reported as such rather than as "not a {ref: …} either".
 */
export function oneOf<const T extends readonly [z.ZodType, z.ZodType, ...z.ZodType[]]>(
  options: T,
  predicates: { [K in keyof T]: (value: unknown) => boolean },
  text: string,
  description?: string,
): z.ZodUnion<T> {
  let union = z.union(options);
  if (description !== undefined) union = union.describe(description);
  unionBranches.set(
    union,
    options.map((schema, i) => ({ schema, when: predicates[i]! })),
  );
  expectedText.set(union, text);
  return union;
}

/** An expression string: `=` then a safe mathjs expression over declared parameters. */
export const expressionString = expects(
  z.string().regex(/^=/).meta({
    id: 'expression',
    description: 'An expression over declared parameters, e.g. "=hawk * 0.4" (see docs/scenarios.md).',
  }),
  'an "=expression"',
);

const isExpressionValue = (v: unknown): boolean => typeof v === 'string' && v.startsWith('=');

/** Options of {@link num}. */
export interface NumberOptions {
  /** Inclusive minimum. */
  min?: number;
  /** Exclusive minimum. */
  gt?: number;
  /** Inclusive maximum. */
  max?: number;
  /** Integers only. */
  int?: boolean;
  /** Documentation for editors. */
  description?: string;
}

/** A number field (or an `=expression`), with its range in the error message. */
export function num(options: NumberOptions = {}) {
  let n = z.number();
  if (options.int) n = n.int();
  if (options.min !== undefined) n = n.min(options.min);
  if (options.gt !== undefined) n = n.gt(options.gt);
  if (options.max !== undefined) n = n.max(options.max);
  const bounds = [
    options.min !== undefined ? `>= ${options.min}` : options.gt !== undefined ? `> ${options.gt}` : '',
    options.max !== undefined ? `<= ${options.max}` : '',
  ].filter(Boolean);
  const text = `${options.int ? 'an integer' : 'a number'}${bounds.length ? ` ${bounds.join(' and ')}` : ''}`;
  expectedText.set(n, text);
  return oneOf([n, expressionString], [(v) => typeof v !== 'string', isExpressionValue], text, options.description);
}

/** A true/false field (or an `=expression`). */
export function bool(description?: string) {
  const b = z.boolean();
  expectedText.set(b, 'true or false');
  return oneOf([b, expressionString], [(v) => typeof v !== 'string', isExpressionValue], 'true or false', description);
}

/** A non-empty identifier string. */
export function id(description?: string) {
  const s = z.string().min(1);
  return expects(description === undefined ? s : s.describe(description), 'a non-empty string');
}

/** An ISO calendar date `YYYY-MM-DD`. */
export const isoDate = expects(
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .refine((s) => isValidDate(s), { message: 'a valid calendar date YYYY-MM-DD' })
    .describe('An ISO calendar date, YYYY-MM-DD.'),
  'a date YYYY-MM-DD',
);

/** Whether `YYYY-MM-DD` names a real calendar day. */
export function isValidDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === text;
}

/** Whether a value is a plain mapping. */
export function isPlainMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
