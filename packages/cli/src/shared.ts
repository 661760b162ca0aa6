/**
 * What every `chokepoint` command shares: the version, exit codes, the I/O seam tests use,
 * option parsers, and the chart/report step. Each command lives in its own module under
 * `commands/` (or in program.ts for the original ones) and imports from here.
 */
import { accessSync, constants, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, relative } from 'node:path';
import { atCommandLine, ScenarioError, type Limits } from '@chokepoint/scenario';
import { RunSelectionError, renderRunCharts, writeReport } from '@chokepoint/charts/node';
import { InvalidArgumentError, Option, type Command } from 'commander';

/**
 * The version of @chokepoint/cli.
 *
 * @example
 * ```ts
 * const out: string[] = [];
 * await runCli(['node', 'chokepoint', '--version'], { stdout: (text) => out.push(text) });
 * console.log(out.join('').trim() === CLI_VERSION, /^\d+\.\d+\.\d+/.test(CLI_VERSION)); // true true
 * ```
 */
export const CLI_VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/**
 * Exit codes: 0 success, 1 internal error, 2 bad input (scenario, flags, run directory).
 *
 * @example
 * ```ts
 * const errors: string[] = [];
 * const code = await runCli(['node', 'chokepoint', 'validate', 'missing.yaml'], { stderr: (text) => errors.push(text) });
 * console.log(code === EXIT.badInput, EXIT); // true { ok: 0, internal: 1, badInput: 2 }
 * console.log(errors.join('').trim()); // missing.yaml:1:1: (file): expected an existing scenario file, received "missing.yaml" (no such file)
 * ```
 */
export const EXIT = Object.freeze({ ok: 0, internal: 1, badInput: 2 });

/**
 * Where the CLI writes; tests pass their own.
 *
 * @example
 * ```ts
 * const out: string[] = [];
 * const io: CliIO = { stdout: (text) => out.push(text), stderr: () => {}, cwd: process.cwd() };
 * await runCli(['node', 'chokepoint', 'list', '--json'], io);
 * const listed: Array<{ path: string; title: string }> = JSON.parse(out.join(''));
 * console.log(listed.find((s) => s.path.endsWith('quickstart.yaml'))!.title); // Quickstart: unilateral vs aligned controls on chipmaking equipment
 * ```
 */
export interface CliIO {
  /** Normal output (paths, JSON, tables). */
  stdout: (text: string) => void;
  /** Messages, progress and errors. */
  stderr: (text: string) => void;
  /** The stream the progress bar draws on. */
  progressStream?: NodeJS.WritableStream;
  /** Working directory. */
  cwd?: string;
  /**
   * How the user runs chokepoint (`pnpm exec chokepoint`, `pnpm chokepoint`, `chokepoint`), so
   * the commands that help and messages suggest can be typed as printed. Default `chokepoint`;
   * the executable passes {@link invocationCommand} of its environment.
   */
  command?: string;
}

/**
 * The command the user typed to run chokepoint, read from the environment the package manager
 * sets: `pnpm exec chokepoint` when `pnpm exec` ran the bin (bin/chokepoint.js sets
 * `CHOKEPOINT_VIA_BIN`, so a program that `pnpm exec` ran, such as vitest, starting the CLI
 * does not count), `pnpm chokepoint` under the repository's `pnpm chokepoint` script, `npx
 * chokepoint` when `npx` or `npm exec` ran the bin, and `chokepoint` otherwise (on the PATH,
 * or run by its path, and inside a Slurm job, whose environment is its submitter's).
 *
 * @example
 * ```ts
 * const pnpm = 'pnpm/12.26.0 npm/? node/? linux x64';
 * console.log(invocationCommand({ npm_config_user_agent: pnpm, npm_command: 'exec', CHOKEPOINT_VIA_BIN: '1' })); // pnpm exec chokepoint
 * console.log(invocationCommand({ npm_config_user_agent: pnpm, npm_lifecycle_event: 'chokepoint' })); // pnpm chokepoint
 * console.log(invocationCommand({ npm_config_user_agent: pnpm, npm_command: 'exec' }), invocationCommand({})); // chokepoint chokepoint
 * console.log(invocationCommand({ npm_config_user_agent: pnpm, npm_command: 'exec', CHOKEPOINT_VIA_BIN: '1', SLURM_JOB_ID: '42' })); // chokepoint
 * ```
 */
export function invocationCommand(env: Readonly<Record<string, string | undefined>>): string {
  // A Slurm job inherits the environment of the shell that submitted it: npm's variables there
  // describe that shell, not how the job's script started the CLI.
  if (env.SLURM_JOB_ID !== undefined) return 'chokepoint';
  const agent = /^(\w+)\//.exec(env.npm_config_user_agent ?? '')?.[1];
  const viaBin = env.CHOKEPOINT_VIA_BIN === '1';
  if (agent === 'pnpm' && env.npm_command === 'exec' && viaBin) return 'pnpm exec chokepoint';
  if (agent === 'pnpm' && env.npm_lifecycle_event === 'chokepoint') return 'pnpm chokepoint';
  if (agent === 'npm' && env.npm_command === 'exec' && viaBin) return 'npx chokepoint';
  return 'chokepoint';
}

/**
 * Help text with the examples' `$ chokepoint …` lines and the usage line written with the
 * command the user runs (see {@link CliIO.command}).
 */
export function helpWithCommand(text: string, command: string): string {
  if (command === 'chokepoint') return text;
  return text.replace(/^(\s*\$ |Usage: )chokepoint\b/gm, (_, lead: string) => `${lead}${command}`);
}

/** A commander parser for integers >= `min`; `what` names the value in the error. */
export function integer(min: number, what: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min)
      throw new InvalidArgumentError(`expected ${what} (an integer >= ${min}), received "${value}"`);
    return n;
  };
}

/**
 * A commander parser for a seed: any text but an empty one (an empty seed would name runs
 * `/control/0/0` and be easy to pass by accident from an unset shell variable).
 *
 * @example
 * ```ts
 * console.log(seedText('2023')); // 2023
 * ```
 */
export function seedText(value: string): string {
  if (value.trim() === '')
    throw new InvalidArgumentError(`expected a seed (any non-empty text, e.g. 2023), received "${value}"`);
  return value;
}

/** A commander parser for a positive number (`--max-memory 16`, in GB). */
export function positiveNumber(what: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isFinite(n) || !(n > 0))
      throw new InvalidArgumentError(`expected ${what} (a number > 0), received "${value}"`);
    return n;
  };
}

/**
 * Adds the limit options that `run`, `validate` and `slurm` share (each refuses a plan past
 * it before anything is built; see the scenario package's `DEFAULT_LIMITS`).
 */
export function addLimitOptions(command: Command): Command {
  return command
    .addOption(
      new Option('--max-firms <n>', 'refuse worlds with more firms (default 200000)').argParser(
        integer(1, 'a firm count'),
      ),
    )
    .addOption(
      new Option('--max-edges <n>', 'refuse worlds with more edges (default 5000000)').argParser(
        integer(1, 'an edge count'),
      ),
    )
    .addOption(
      new Option('--max-steps <n>', 'refuse horizons of more steps (default 10000)').argParser(
        integer(1, 'a step count'),
      ),
    )
    .addOption(
      new Option('--max-runs <n>', 'refuse plans of more runs: arms × points × replicates (default 100000)').argParser(
        integer(1, 'a run count'),
      ),
    )
    .addOption(
      new Option('--max-rows <n>', 'refuse plans that write more rows of metrics.csv (default 1000000000)').argParser(
        integer(1, 'a row count'),
      ),
    )
    .addOption(
      new Option('--max-memory <GB>', 'refuse runs that need more memory each, in GB (default 8)').argParser(
        positiveNumber('a memory size in GB'),
      ),
    );
}

/** The limits given by {@link addLimitOptions}' options. */
export function limitsFrom(opts: Record<string, unknown>): Partial<Limits> {
  const limits: Partial<Limits> = {};
  for (const key of ['maxFirms', 'maxEdges', 'maxSteps', 'maxRuns', 'maxRows'] as const)
    if (opts[key] !== undefined) limits[key] = opts[key] as number;
  if (opts.maxMemory !== undefined) limits.maxMemory = (opts.maxMemory as number) * 1e9;
  return limits;
}

/** A commander parser that collects a repeatable option into an array. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/**
 * Renders a run directory's charts, then its report; returns the report's path. `metrics` adds
 * a time series of each (in `arms`), as `chokepoint report --metric` asks.
 */
export async function renderReport(
  dir: string,
  cwd: string,
  selection: { metrics?: readonly string[]; arms?: readonly string[] } = {},
): Promise<string> {
  return asBadInput(async () => writeReport(dir, { ...selection, charts: await renderRunCharts(dir, selection) }), cwd);
}

/** A comma-separated list option (`--arms a,b`) as its non-empty items. */
export function commaList(value: string): string[] {
  const items = value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  if (items.length === 0)
    throw new InvalidArgumentError(`expected a comma-separated list of names, e.g. control,ban, received "${value}"`);
  return items;
}

/**
 * Runs `task`, turning "not a run directory" errors from the charts, selections that do not
 * fit the run (an unknown --metric or --arms, a bad --out), and file-system refusals (a
 * read-only run directory) into bad input (exit 2).
 */
export async function asBadInput<T>(task: () => Promise<T>, cwd: string = process.cwd()): Promise<T> {
  try {
    return await task();
  } catch (error) {
    if (error instanceof RunSelectionError) throw new ScenarioError([], atCommandLine(`${error.message}`));
    const problem = fileSystemProblem(error, cwd);
    if (problem !== undefined) throw new ScenarioError([], problem);
    const message = (error as Error).message ?? String(error);
    if (/no metrics\.csv|is this a run directory/.test(message)) throw new ScenarioError([], message);
    throw error;
  }
}

/** What each file-system error means, and what to do about it. */
const FILE_SYSTEM_PROBLEMS: Readonly<Record<string, { expected: string; todo: string }>> = {
  ENOENT: { expected: 'a path whose folder exists', todo: 'create the folder, or check the path' },
  ENOTDIR: { expected: 'a folder path', todo: 'a part of the path is a file, not a folder' },
  EEXIST: { expected: 'a path that does not exist yet', todo: 'choose another name' },
  EISDIR: { expected: 'a file path', todo: 'it is a folder: name a file in it' },
  EACCES: {
    expected: 'a path you may write to',
    todo: 'permission denied: choose a folder you own, or ask for access',
  },
  EPERM: { expected: 'a path you may write to', todo: 'operation not permitted: choose a folder you own' },
  EROFS: {
    expected: 'a writable location',
    todo: 'the file system is read-only: copy the run directory to a writable disk, or choose another --out',
  },
  ENOSPC: {
    expected: 'space left on the device',
    todo: 'the disk is full: free space, or choose --out on another disk; finished runs are kept, continue with --resume',
  },
  EDQUOT: {
    expected: 'space left in your disk quota',
    todo: 'free space, or choose --out on another disk; finished runs are kept, continue with --resume',
  },
  EIO: {
    expected: 'a device that reads and writes',
    todo: 'an input/output error: the disk or network file system may be failing',
  },
  EMFILE: {
    expected: 'a free file descriptor',
    todo: 'too many open files: raise the limit (ulimit -n), or run with fewer --workers',
  },
  ENFILE: {
    expected: 'a free file descriptor',
    todo: 'the system has too many open files: close some programs, or run with fewer --workers',
  },
  ENAMETOOLONG: { expected: 'a shorter path', todo: 'the path is too long for the file system' },
  ELOOP: { expected: 'a path without a loop of symbolic links', todo: 'fix the symbolic links on the path' },
  EBUSY: { expected: 'a path not in use', todo: 'another program holds it: close it and try again' },
};

/**
 * A file-system error as one line of bad input, `path: expected …, received CODE from syscall
 * (what to do)`; undefined for any other error. A temporary name is shown as the file it
 * becomes; an error without a path (a failed write) is shown at `(file system)`. A folder that
 * cannot be created because its parent is read-only is reported with EROFS (or EACCES) at that
 * parent: Node's recursive mkdir says ENOENT there.
 *
 * @example
 * ```ts
 * const error = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', syscall: 'write', path: '/tmp/study/metrics.csv.123-0.tmp' });
 * console.log(fileSystemProblem(error, '/tmp')); // study/metrics.csv: expected space left on the device, received ENOSPC from write (the disk is full: free space, or choose --out on another disk; finished runs are kept, continue with --resume)
 * ```
 */
export function fileSystemProblem(error: unknown, cwd: string): string | undefined {
  if (!(error instanceof Error)) return undefined;
  let { code, path, syscall } = error as NodeJS.ErrnoException;
  if (code === undefined || !(code in FILE_SYSTEM_PROBLEMS)) return undefined;
  if (code === 'ENOENT' && syscall === 'mkdir' && path !== undefined) {
    const refused = refusingAncestor(path);
    if (refused !== undefined) ({ code, path } = refused);
  }
  const { expected, todo } = FILE_SYSTEM_PROBLEMS[code]!;
  const received = `received ${code} from ${syscall ?? 'the file system'} (${todo})`;
  if (path === undefined) return `(file system): expected ${expected}, ${received}`;
  const file = path.replace(/\.\d+-\d+\.tmp$/, '');
  const shown = relative(cwd, file) || '.';
  return `${shown.startsWith('..') || isAbsolute(shown) ? file : shown}: expected ${expected}, ${received}`;
}

/** The nearest existing folder above `path`, when it refuses writes (read-only, permission denied). */
function refusingAncestor(path: string): { code: string; path: string } | undefined {
  let folder = dirname(path);
  while (!existsSync(folder) && dirname(folder) !== folder) folder = dirname(folder);
  try {
    accessSync(folder, constants.W_OK);
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'EROFS' || code === 'EACCES' || code === 'EPERM' ? { code, path: folder } : undefined;
  }
}

/** writeFileSync, naming the file on an error that names none (a write to a full disk reports only ENOSPC). */
export function writeNamed(path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (error) {
    const errno = error as NodeJS.ErrnoException;
    if (errno.path === undefined && typeof errno.code === 'string') errno.path = path;
    throw error;
  }
}
