/**
 * One problem in a scenario file, located by file, line, column and field path.
 *
 * @example
 * ```ts
 * const d: Diagnostic = { file: 'a.yaml', line: 3, col: 5, path: 'horizon', expected: 'an integer >= 1', received: '0' };
 * console.log(formatDiagnostic(d)); // a.yaml:3:5: horizon: expected an integer >= 1, received 0
 * ```
 */
export interface Diagnostic {
  /** The file, relative to the working directory when inside it. */
  file: string;
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  col: number;
  /** The field path inside the file, e.g. `world.firms[3].capacity`. */
  path: string;
  /** What was expected there, in words. */
  expected: string;
  /** What was found, in words; may end with a suggestion ` (did you mean "x"?)`. */
  received: string;
}

/**
 * Formats a diagnostic as the one-line message the CLI prints:
 * `file:line:col: field.path: expected X, received Y`.
 *
 * @example
 * ```ts
 * const line = formatDiagnostic({ file: 'a.yaml', line: 1, col: 1, path: 'title', expected: 'a string', received: 'nothing' });
 * console.log(line); // a.yaml:1:1: title: expected a string, received nothing
 * ```
 */
export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.col}: ${d.path}: expected ${oneLine(d.expected)}, received ${oneLine(d.received)}`;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

/**
 * Bad input: a scenario file, a flag or a run directory that cannot be used. The CLI prints
 * each diagnostic on its own line (or the message, when there are none) and exits with 2.
 *
 * @example
 * ```ts
 * try {
 *   loadScenario('missing.yaml');
 * } catch (e) {
 *   if (e instanceof ScenarioError) console.log(e.lines().join('\n')); // missing.yaml:1:1: (file): expected an existing scenario file, received "missing.yaml" (no such file)
 * }
 * ```
 */
export class ScenarioError extends Error {
  /** The located problems, in file order. */
  readonly diagnostics: readonly Diagnostic[];

  /** Creates the error from located diagnostics, or from a plain message when `diagnostics` is empty. */
  constructor(diagnostics: readonly Diagnostic[], message?: string) {
    super(message ?? diagnostics.map(formatDiagnostic).join('\n'));
    this.name = 'ScenarioError';
    this.diagnostics = diagnostics;
  }

  /** The lines to print: one per diagnostic, or the message's lines (each a complete message). */
  lines(): string[] {
    return this.diagnostics.length > 0 ? this.diagnostics.map(formatDiagnostic) : this.message.split('\n').filter((line) => line.trim() !== '');
  }
}

/**
 * Describes a received value briefly: strings quoted (and cut at 40 characters), numbers
 * as written, lists and mappings by kind.
 *
 * @example
 * ```ts
 * describeReceived('abc');   // '"abc"'
 * describeReceived([1, 2]);  // 'a list of 2 items'
 * describeReceived(undefined); // 'nothing'
 * ```
 */
export function describeReceived(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value);
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.length === 1 ? 'a list of 1 item' : `a list of ${value.length} items`;
  if (typeof value === 'object') return 'a mapping';
  return typeof value;
}
