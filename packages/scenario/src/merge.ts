import { suggest } from '@chokepoint/core';
import { describeValue } from '@chokepoint/core';
import { formatSegments, type Segment, type Selector } from './paths.js';
import { cloneWithOrigin, getOrigin, originOfKey, setKeyOrigin, setOrigin, type Origin } from './origins.js';

/** Whether a value is a plain mapping (not a list, not null). */
export function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Deep-merges `over` onto `base`: mappings merge key by key, everything else (lists
 * included) is replaced. Neither input is modified; origins are kept, so every value of the
 * result can still be traced to the file it came from.
 *
 * @example
 * ```ts
 * deepMerge({ a: 1, b: { c: 2, d: 3 } }, { b: { d: 4 }, e: [5] }); // { a: 1, b: { c: 2, d: 4 }, e: [5] }
 * ```
 */
export function deepMerge(base: unknown, over: unknown): unknown {
  if (!isMapping(base) || !isMapping(over)) return over === undefined ? base : over;
  const result: Record<string, unknown> = {};
  const origin = getOrigin(over) ?? getOrigin(base);
  if (origin !== undefined) setOrigin(result, origin);
  for (const key of Object.keys(base)) {
    define(result, key, base[key]);
    const from = originOfKey(base, key);
    if (from !== undefined) setKeyOrigin(result, key, from);
  }
  for (const key of Object.keys(over)) {
    const merged =
      key in base && isMapping(base[key]) && isMapping(over[key]) ? deepMerge(base[key], over[key]) : over[key];
    define(result, key, merged);
    const from = originOfKey(over, key);
    if (from !== undefined) setKeyOrigin(result, key, from);
  }
  return result;
}

function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Why a path could not be followed: the resolved part, what was expected and what was found. */
export class PathError extends Error {
  /** The path up to the failing step, resolved. */
  readonly at: Segment[];
  /** What was expected. */
  readonly expected: string;
  /** What was found. */
  readonly received: string;
  /** Creates the error. */
  constructor(at: Segment[], expected: string, received: string) {
    super(`${formatSegments(at)}: expected ${expected}, received ${received}`);
    this.at = at;
    this.expected = expected;
    this.received = received;
  }
}

/**
 * Resolves `[id]` selectors of a path against a document: each becomes the index of the list
 * element with that `id`.
 *
 * @throws PathError when a selector matches nothing or a step goes through a non-container.
 */
export function resolveSelectors(
  root: unknown,
  path: readonly Selector[],
  options: { create?: boolean } = {},
): Segment[] {
  const out: Segment[] = [];
  let current: unknown = root;
  for (const selector of path) {
    if (typeof selector === 'object') {
      if (!Array.isArray(current))
        throw new PathError(out, `a list of elements with ids before [${selector.id}]`, describeValue(current));
      const ids = current
        .map((item) => (isMapping(item) ? item.id : undefined))
        .filter((id): id is string => typeof id === 'string');
      const index = current.findIndex((item) => isMapping(item) && item.id === selector.id);
      if (index < 0)
        throw new PathError(
          [...out, selector.id],
          `the id of an element of ${formatSegments(out)}${suggest(selector.id, ids)}`,
          `"${selector.id}"`,
        );
      out.push(index);
      current = current[index];
    } else if (typeof selector === 'number') {
      if (!Array.isArray(current)) throw new PathError(out, `a list before [${selector}]`, describeValue(current));
      if (selector >= current.length)
        throw new PathError([...out, selector], `an index below ${current.length}`, String(selector));
      out.push(selector);
      current = current[selector];
    } else {
      if (current === undefined && options.create) {
        out.push(selector);
        continue;
      }
      if (!isMapping(current)) throw new PathError(out, `a mapping before .${selector}`, describeValue(current));
      out.push(selector);
      current = current[selector];
    }
  }
  return out;
}

/** The value at a resolved path, or undefined. */
export function getAt(root: unknown, path: readonly Segment[]): unknown {
  let current = root;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[segment as string];
  }
  return current;
}

/**
 * Returns a copy of `root` with `value` at `path` (copy on write: only the containers along
 * the path are copied), recording `origin` as the value's source. Missing mappings along
 * the path are created.
 */
export function setAt(root: unknown, path: readonly Segment[], value: unknown, origin: Origin): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  const container: Record<string | number, unknown> =
    root !== null && typeof root === 'object' ? cloneWithOrigin(root as Record<string, unknown>) : {};
  if (getOrigin(container) === undefined)
    setOrigin(container, {
      source: origin.source,
      path: origin.path.slice(0, Math.max(0, origin.path.length - rest.length - 1)),
    });
  const child = (container as Record<string, unknown>)[head as string];
  const next = setAt(child, rest, value, origin);
  Object.defineProperty(container, head as string, {
    value: next,
    enumerable: true,
    writable: true,
    configurable: true,
  });
  if (rest.length === 0) setKeyOrigin(container, head!, origin);
  return container;
}
