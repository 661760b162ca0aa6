import type { Document, LineCounter } from 'yaml';
import { COMMAND_LINE } from './diagnostics.js';
import type { Segment } from './paths.js';

/**
 * A parsed file (or command-line value) that scenario values come from, kept so that any
 * value can be traced back to its line and column.
 */
export interface Source {
  /** Name shown in messages: the path relative to the working directory, or `(--set)`. */
  readonly name: string;
  /** Absolute path, when the source is a file. */
  readonly path?: string;
  /** The text. */
  readonly text: string;
  /** The parsed YAML document; absent for command-line values. */
  readonly doc?: Document.Parsed;
  /** Maps offsets to lines and columns. */
  readonly lineCounter?: LineCounter;
  /** Fixed position for sources without a document (command-line values). */
  readonly fixed?: { line: number; col: number };
}

/** The source of command-line values (`--set`, `--replicates`, `--seed`): line 1, column 1 of `(command line)`, as diagnostics' `COMMAND_LINE`. */
export const COMMAND_LINE_SOURCE: Source = {
  name: COMMAND_LINE.file,
  text: '',
  fixed: { line: COMMAND_LINE.line, col: COMMAND_LINE.col },
};

/** Where a value came from: a source and the path of its node in that source. */
export interface Origin {
  /** The source. */
  readonly source: Source;
  /** Path of the node inside the source document. */
  readonly path: readonly Segment[];
}

const objectOrigins = new WeakMap<object, Origin>();
const keyOrigins = new WeakMap<object, Map<Segment, Origin>>();

/** Records where an object or list came from. */
export function setOrigin(value: object, origin: Origin): void {
  objectOrigins.set(value, origin);
}

/** Where an object or list came from, if known. */
export function getOrigin(value: unknown): Origin | undefined {
  return value !== null && typeof value === 'object' ? objectOrigins.get(value) : undefined;
}

/** Records where the value under `key` of `container` came from, when it differs from the container's own source. */
export function setKeyOrigin(container: object, key: Segment, origin: Origin): void {
  let map = keyOrigins.get(container);
  if (map === undefined) keyOrigins.set(container, (map = new Map()));
  map.set(key, origin);
}

/** Where the value under `key` of `container` came from. */
export function originOfKey(container: object, key: Segment): Origin | undefined {
  const own = keyOrigins.get(container)?.get(key);
  if (own !== undefined) return own;
  const child = (container as Record<string, unknown>)[key as string];
  const childOrigin = getOrigin(child);
  if (childOrigin !== undefined) return childOrigin;
  const parent = objectOrigins.get(container);
  return parent === undefined ? undefined : { source: parent.source, path: [...parent.path, key] };
}

/**
 * A shallow copy of an object or list that keeps the origins of the original and of its keys.
 */
export function cloneWithOrigin<T extends object>(value: T): T {
  const copy = (Array.isArray(value) ? [...value] : { ...value }) as T;
  const origin = objectOrigins.get(value);
  if (origin !== undefined) objectOrigins.set(copy, origin);
  const keys = keyOrigins.get(value);
  if (keys !== undefined) keyOrigins.set(copy, new Map(keys));
  return copy;
}

/**
 * Traces the value at `path` inside `root` back to its source node: follows the path through
 * objects with known origins, and keeps the rest of the path where the trail ends.
 */
export function locate(root: unknown, path: readonly Segment[]): Origin | undefined {
  let best: Origin | undefined = getOrigin(root);
  let current: unknown = root;
  for (const segment of path) {
    if (current !== null && typeof current === 'object') {
      const origin = originOfKey(current, segment);
      if (origin !== undefined) best = origin;
      else if (best !== undefined) best = { source: best.source, path: [...best.path, segment] };
      current = (current as Record<string, unknown>)[segment as string];
    } else if (best !== undefined) {
      best = { source: best.source, path: [...best.path, segment] };
      current = undefined;
    }
  }
  return best;
}
