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
  return escapeControlCharacters(
    `${d.file}:${d.line}:${d.col}: ${d.path}: expected ${oneLine(d.expected)}, received ${oneLine(d.received)}`,
  );
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

/**
 * Control characters (C0 but tab and newline, DEL, C1), line and paragraph separators and
 * bidirectional overrides, which a terminal would act on or hide.
 */
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * Writes the control characters of a message as `\u001b` escapes, so that a file or key
 * holding them cannot move the cursor, clear the screen or reorder the text of an error line.
 *
 * @example
 * ```ts
 * console.log(escapeControlCharacters('hori\u001b[2Jzon')); // hori\u001b[2Jzon
 * console.log(escapeControlCharacters('plain text')); // plain text
 * ```
 */
export function escapeControlCharacters(text: string): string {
  return text.replace(CONTROL_CHARACTERS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * The most problem lines {@link ScenarioError.lines} prints; the rest are counted on one last
 * line. A mistake early in a file (an indented first line, a misplaced list) can make hundreds
 * of later fields wrong, and the first few say what to fix.
 *
 * @example
 * ```ts
 * console.log(MAX_PROBLEM_LINES); // 20
 * ```
 */
export const MAX_PROBLEM_LINES = 20;

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

  /**
   * The lines to print: one per diagnostic, or the message's lines (each a complete message),
   * control characters escaped and each line once. Diagnostics past `limit` are counted on
   * one last line, `file: and N more problems …`.
   */
  lines(limit: number = MAX_PROBLEM_LINES): string[] {
    const unique = (lines: string[]): string[] => [...new Set(lines)];
    if (this.diagnostics.length === 0)
      return unique(
        this.message
          .split('\n')
          .filter((line) => line.trim() !== '')
          .map(escapeControlCharacters),
      );
    const all = unique(this.diagnostics.map(formatDiagnostic));
    if (all.length <= limit) return all;
    const rest = all.length - limit;
    const file = escapeControlCharacters(this.diagnostics[0]!.file);
    return [
      ...all.slice(0, limit),
      `${file}: and ${rest} more problem${rest === 1 ? '' : 's'} not shown (fix the ones above and check again)`,
    ];
  }
}

/**
 * Where a problem with a command's own options is reported: line 1, column 1 of `(command line)`,
 * which every command-line diagnostic carries in place of a file.
 *
 * @example
 * ```ts
 * console.log(formatDiagnostic({ ...COMMAND_LINE, path: '--workers', expected: 'an integer >= 1', received: '0' })); // (command line):1:1: --workers: expected an integer >= 1, received 0
 * ```
 */
export const COMMAND_LINE: Readonly<Pick<Diagnostic, 'file' | 'line' | 'col'>> = Object.freeze({
  file: '(command line)',
  line: 1,
  col: 1,
});

/**
 * The error for a bad command-line option: one located line, `(command line):1:1: option: expected …, received …`.
 *
 * @example
 * ```ts
 * console.log(commandLineError('--at', 'last, or a step number', '"soon"').message); // (command line):1:1: --at: expected last, or a step number, received "soon"
 * ```
 */
export function commandLineError(option: string, expected: string, received: string): ScenarioError {
  return new ScenarioError([{ ...COMMAND_LINE, path: option, expected, received }]);
}

/**
 * A command-line problem already phrased as `option: …`, located like {@link commandLineError}'s
 * (for messages that do not split into expected and received).
 *
 * @example
 * ```ts
 * console.log(atCommandLine('--arms: expected it with --metric')); // (command line):1:1: --arms: expected it with --metric
 * ```
 */
export function atCommandLine(text: string): string {
  return `${COMMAND_LINE.file}:${COMMAND_LINE.line}:${COMMAND_LINE.col}: ${text}`;
}
