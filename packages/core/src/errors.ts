/**
 * A problem in a {@link WorldSpec}, located by its field path.
 *
 * `path` is the field path inside the spec (e.g. `['firms', 3, 'product']`),
 * so a caller that parsed the spec from a file can map it to a line and column.
 *
 * @example
 * ```ts
 * let error: unknown;
 * try {
 *   createWorld({ ...spec, firms: [...spec.firms, { id: 'SMIC', state: 'CN', product: 'chips' }] }, 1);
 * } catch (e) {
 *   error = e;
 * }
 * console.log(error instanceof WorldSpecError); // true
 * if (error instanceof WorldSpecError) {
 *   console.log(error.pathString); // firms[5].product
 *   console.log(error.received); // "chips"
 * }
 * ```
 */
export class WorldSpecError extends Error {
  /** The field path inside the spec. */
  readonly path: ReadonlyArray<string | number>;
  /** What was expected there, in words. */
  readonly expected: string;
  /** What was found there, in words. */
  readonly received: string;

  /** Creates the error; the message reads `path: expected X, received Y`. */
  constructor(path: ReadonlyArray<string | number>, expected: string, received: string) {
    super(`${formatPath(path)}: expected ${expected}, received ${received}`);
    this.name = 'WorldSpecError';
    this.path = path;
    this.expected = expected;
    this.received = received;
  }

  /** The path as a dotted string, e.g. `firms[3].product`. */
  get pathString(): string {
    return formatPath(this.path);
  }
}

/**
 * Formats a field path as `a.b[3].c`.
 *
 * @example
 * ```ts
 * console.log(formatPath(['firms', 3, 'product'])); // firms[3].product
 * console.log(formatPath([])); // (root)
 * ```
 */
export function formatPath(path: ReadonlyArray<string | number>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? part : `.${part}`;
  }
  return out === '' ? '(root)' : out;
}

/**
 * Describes a received value briefly for an error message, in the one wording every package
 * uses: strings quoted (and cut at 40 characters), numbers and booleans as written, lists and
 * mappings by kind.
 *
 * @example
 * ```ts
 * console.log(describeValue('abc'), describeValue([1, 2]), describeValue({ a: 1 }), describeValue(undefined)); // "abc" a list of 2 items a mapping nothing
 * ```
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value);
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.length === 1 ? 'a list of 1 item' : `a list of ${value.length} items`;
  if (typeof value === 'object') return 'a mapping';
  return typeof value;
}
