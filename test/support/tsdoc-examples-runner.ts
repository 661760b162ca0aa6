/**
 * Runs TSDoc examples that test/support/tsdoc-examples.ts has compiled to JavaScript.
 *
 * In this thread ({@link runCompiledExample}), or, when this file is the entry point of
 * a child process (`node --conditions=source --import tsx tsdoc-examples-runner.ts JOB`),
 * each example of the job file ({@link RunJob}) in its own temporary working directory:
 * worker threads, which vitest runs tests in, cannot `process.chdir`.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { inspect } from 'node:util';

/** One example, ready to run. */
export interface CompiledExample {
  /** For messages: `name (file:line)`. */
  readonly label: string;
  /** The body of an async function of `__scope`, `__import`, `console` and `__check`. */
  readonly js: string;
  /** What each checked `console.log` line must print, by the line number passed to `__check`. */
  readonly expected: Readonly<Record<number, string>>;
}

/** What running one example gave. */
export interface ExampleOutcome {
  /** Everything it printed, one entry a call. */
  readonly printed: string[];
  /** The checked lines that printed something else. */
  readonly missed: string[];
  /** The error it threw (with its stack), if any. */
  readonly error?: string;
  /** Wall time in milliseconds. */
  readonly ms: number;
}

/** A child-process job: run `examples` with the exports of `entry` in scope. */
export interface RunJob {
  /** Absolute path of the package entry point whose exports are in scope. */
  readonly entry: string;
  /** Absolute paths of other entry points whose exports are also in scope (the entry's own win). */
  readonly scope?: readonly string[];
  /** Import specifiers the examples may use, mapped to absolute module paths (the packages' own names). */
  readonly modules: Readonly<Record<string, string>>;
  /** Copied into the working directory: relative target → absolute source (file or folder). */
  readonly files: Readonly<Record<string, string>>;
  /** Symbolic links made in the working directory: relative name → absolute target. */
  readonly links: Readonly<Record<string, string>>;
  /** Run first, once, in the working directory that each example then gets a copy of. */
  readonly setup: readonly CompiledExample[];
  readonly examples: readonly CompiledExample[];
  /** Where to write the outcomes (JSON {@link JobOutcomes}). */
  readonly results: string;
}

/** The outcomes of a job, in the order of its examples. */
export interface JobOutcomes {
  readonly setup: ExampleOutcome[];
  readonly examples: ExampleOutcome[];
}

const normalize = (text: string): string => text.replace(/\s+/g, '').replace(/"/g, "'");
const show = (value: unknown): string =>
  typeof value === 'string' ? value : inspect(value, { depth: 6, breakLength: Infinity, compact: true });

type AsyncFunctionConstructor = new (...args: string[]) => (...values: unknown[]) => Promise<void>;
const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as AsyncFunctionConstructor;

/**
 * Runs one compiled example with `scope` (a module namespace) in scope; `importer`
 * resolves the `import` declarations it had. Never throws: an error is an outcome.
 */
export async function runCompiledExample(
  example: CompiledExample,
  scope: Readonly<Record<string, unknown>>,
  importer: (specifier: string) => Promise<unknown>,
): Promise<ExampleOutcome> {
  const printed: string[] = [];
  const missed: string[] = [];
  const capture = (...args: unknown[]): void => void printed.push(args.map(show).join(' '));
  const check = (line: number, ...args: unknown[]): void => {
    const text = args.map(show).join(' ');
    const expected = example.expected[line]!;
    printed.push(text);
    if (normalize(text) !== normalize(expected)) missed.push(`printed ${text}, the comment says ${expected}`);
  };
  const started = performance.now();
  try {
    const body = new AsyncFunction('__scope', '__import', 'console', '__check', example.js);
    await body(scope, importer, { log: capture, info: capture, error: capture, warn: capture }, check);
    return { printed, missed, ms: performance.now() - started };
  } catch (error) {
    const error_ = error instanceof Error ? (error.stack ?? String(error)) : String(error);
    return { printed, missed, error: error_, ms: performance.now() - started };
  }
}

/**
 * Runs a job: makes a working directory holding its files and links, runs the setup
 * examples there, then each example in a fresh copy of it; writes the outcomes.
 */
async function runJob(job: RunJob): Promise<void> {
  const load = (specifier: string): Promise<unknown> => {
    const path = job.modules[specifier];
    return import(path !== undefined ? pathToFileURL(path).href : specifier);
  };
  const scope: Record<string, unknown> = {};
  for (const entry of [...(job.scope ?? []), job.entry])
    Object.assign(scope, (await import(pathToFileURL(entry).href)) as Record<string, unknown>);
  const home = process.cwd();
  const temp = mkdtempSync(join(tmpdir(), 'chokepoint-tsdoc-'));
  const inDirectory = async (dir: string, example: CompiledExample): Promise<ExampleOutcome> => {
    process.chdir(dir);
    try {
      return await runCompiledExample(example, scope, load);
    } finally {
      process.chdir(home);
    }
  };
  try {
    const template = join(temp, 'template');
    mkdirSync(template);
    for (const [target, source] of Object.entries(job.files)) {
      mkdirSync(dirname(join(template, target)), { recursive: true });
      cpSync(source, join(template, target), { recursive: true });
    }
    for (const [name, target] of Object.entries(job.links)) symlinkSync(target, join(template, name));
    const outcomes: JobOutcomes = { setup: [], examples: [] };
    for (const example of job.setup) outcomes.setup.push(await inDirectory(template, example));
    for (const [i, example] of job.examples.entries()) {
      const dir = join(temp, `example${i}`);
      cpSync(template, dir, { recursive: true, verbatimSymlinks: true });
      outcomes.examples.push(await inDirectory(dir, example));
      rmSync(dir, { recursive: true, force: true });
    }
    writeFileSync(job.results, JSON.stringify(outcomes));
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const job = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as RunJob;
  await runJob(job);
  // Examples may leave timers or pools behind; the outcomes are written.
  process.exit(0);
}
