import { suggest } from '@chokepoint/core';
import type { z } from 'zod';
import { type Diagnostic } from '../diagnostics.js';
import { describeValue } from '@chokepoint/core';
import { getAt } from '../merge.js';
import type { Segment } from '../paths.js';
import { diagnosticAt } from '../source.js';
import { expectedText, unionBranches } from './common.js';

/**
 * Turns zod issues into one-line diagnostics: `path: expected X, received Y`, with the
 * nearest known key suggested for a typo, each traced back to its file, line and column.
 */

type AnySchema = z.ZodType;
interface Def {
  type: string;
  innerType?: AnySchema;
  in?: AnySchema;
  getter?: () => AnySchema;
  shape?: Record<string, AnySchema>;
  element?: AnySchema;
  keyType?: AnySchema;
  valueType?: AnySchema;
  catchall?: AnySchema;
}

function def(schema: AnySchema): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

/** The schema itself and the schemas it wraps (optional, default, pipe, lazy…), outermost first. */
function layers(schema: AnySchema): AnySchema[] {
  const out: AnySchema[] = [schema];
  let current = schema;
  for (let i = 0; i < 20; i++) {
    const d = def(current);
    const next = d.innerType ?? (d.type === 'pipe' ? d.in : d.type === 'lazy' ? d.getter?.() : undefined);
    if (next === undefined) break;
    out.push(next);
    current = next;
  }
  return out;
}

function unwrap(schema: AnySchema): AnySchema {
  const all = layers(schema);
  return all[all.length - 1]!;
}

function child(schema: AnySchema, segment: Segment): AnySchema | undefined {
  const d = def(unwrap(schema));
  switch (d.type) {
    case 'object': {
      const field = d.shape?.[String(segment)];
      if (field !== undefined) return field;
      const rest = d.catchall;
      return rest !== undefined && def(rest).type !== 'never' ? rest : undefined;
    }
    case 'array':
      return d.element;
    case 'record':
      return d.valueType;
    default:
      return undefined;
  }
}

function registered<T>(schema: AnySchema, map: WeakMap<AnySchema, T>): T | undefined {
  for (const layer of layers(schema)) {
    const found = map.get(layer);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * Validates `value` against `schema` and returns every problem as a located diagnostic.
 *
 * @param root - The annotated document `value` sits in, for tracing positions.
 * @param base - The path of `value` inside `root`.
 */
export function validateWithSchema(
  schema: AnySchema,
  value: unknown,
  root: unknown,
  base: Segment[] = [],
): Diagnostic[] {
  const result = schema.safeParse(value);
  if (result.success) return [];
  const out: Diagnostic[] = [];
  const handled = new Set<string>();
  for (const issue of result.error.issues) {
    formatIssue(schema, value, root, base, issue as unknown as Issue, out, handled);
  }
  const seen = new Set<string>();
  return out.filter((d) => {
    const key = `${d.file}:${d.line}:${d.col}:${d.path}:${d.expected}:${d.received}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

interface Issue {
  code: string;
  path: Segment[];
  message: string;
  expected?: string;
  keys?: string[];
  values?: unknown[];
  origin?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  inclusive?: boolean;
  issues?: Issue[];
  params?: { received?: string };
}

function formatIssue(
  schema: AnySchema,
  value: unknown,
  root: unknown,
  base: Segment[],
  issue: Issue,
  out: Diagnostic[],
  handled: Set<string>,
): void {
  // Walk the issue's path; the first registered union on the way decides the branch.
  let current: AnySchema | undefined = schema;
  for (let i = 0; i <= issue.path.length && current !== undefined; i++) {
    const branches = registered(current, unionBranches);
    if (branches !== undefined) {
      const prefix = issue.path.slice(0, i);
      const key = JSON.stringify(prefix);
      if (handled.has(key)) return;
      handled.add(key);
      const at = getAt(value, prefix);
      const branch = branches.find((b) => b.when(at));
      if (branch === undefined) {
        out.push(
          diagnosticAt(
            root,
            [...base, ...prefix],
            registered(current, expectedText) ?? 'a valid value',
            describeValue(at),
          ),
        );
      } else {
        out.push(...validateWithSchema(branch.schema, at, root, [...base, ...prefix]));
      }
      return;
    }
    if (i < issue.path.length) current = child(current, issue.path[i]!);
  }
  const target = current;
  const path = [...base, ...issue.path];
  const at = getAt(value, issue.path);
  const words = target !== undefined ? registered(target, expectedText) : undefined;
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known =
        target !== undefined && def(unwrap(target)).type === 'object'
          ? Object.keys(def(unwrap(target)).shape ?? {})
          : [];
      for (const key of issue.keys ?? []) {
        const expected = known.length > 0 && known.length <= 12 ? `one of ${known.join(', ')}` : 'a known field';
        out.push(
          diagnosticAt(root, [...path, key], expected, `unknown field "${key}"${suggest(key, known)}`, { atKey: true }),
        );
      }
      return;
    }
    case 'invalid_key': {
      const keySchema = issue.path.length > 0 ? recordKeySchema(schema, issue.path.slice(0, -1)) : undefined;
      const expected =
        (keySchema && registered(keySchema, expectedText)) ?? issue.issues?.[0]?.message ?? 'a valid key';
      const custom = issue.issues?.find((i) => i.code === 'custom');
      out.push(
        diagnosticAt(root, path, custom?.message ?? expected, `"${String(issue.path[issue.path.length - 1])}"`, {
          atKey: true,
        }),
      );
      return;
    }
    case 'invalid_value': {
      const values = (issue.values ?? []).map((v) => JSON.stringify(v));
      const hint = typeof at === 'string' ? suggest(at, (issue.values ?? []).map(String)) : '';
      out.push(
        diagnosticAt(
          root,
          path,
          words ?? (values.length === 1 ? values[0]! : `one of ${values.join(', ')}`),
          describeValue(at) + hint,
        ),
      );
      return;
    }
    case 'custom':
      out.push(diagnosticAt(root, path, issue.message, issue.params?.received ?? describeValue(at)));
      return;
    default:
      out.push(diagnosticAt(root, path, words ?? fallbackExpected(issue), describeValue(at)));
  }
}

function recordKeySchema(schema: AnySchema, path: Segment[]): AnySchema | undefined {
  let current: AnySchema | undefined = schema;
  for (const segment of path) {
    if (current === undefined) return undefined;
    current = child(current, segment);
  }
  return current === undefined ? undefined : def(unwrap(current)).keyType;
}

function fallbackExpected(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type':
      return (
        (
          {
            number: 'a number',
            int: 'an integer',
            string: 'a string',
            boolean: 'true or false',
            array: 'a list',
            object: 'a mapping',
            record: 'a mapping',
          } as Record<string, string>
        )[issue.expected ?? ''] ?? `a ${issue.expected}`
      );
    case 'too_small':
      if (issue.origin === 'array')
        return `a list of at least ${issue.minimum} item${Number(issue.minimum) === 1 ? '' : 's'}`;
      if (issue.origin === 'string')
        return Number(issue.minimum) === 1 ? 'a non-empty string' : `a string of at least ${issue.minimum} characters`;
      return `a number ${issue.inclusive ? '>=' : '>'} ${issue.minimum}`;
    case 'too_big':
      if (issue.origin === 'array') return `a list of at most ${issue.maximum} items`;
      return `a number ${issue.inclusive ? '<=' : '<'} ${issue.maximum}`;
    case 'invalid_format':
      return 'a string of the right format';
    default:
      return issue.message;
  }
}
