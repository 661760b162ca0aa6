import { Worker } from 'node:worker_threads';

const workerAccepts = new Map<string, boolean>();

/**
 * Whether a worker thread can be started with this flag. V8 flags (`--max-old-space-size`,
 * `--single-threaded-gc`, …) and per-process flags (`--title`) are rejected by `Worker`; they
 * apply to the whole process, worker threads included, so leaving them out loses nothing.
 * Probed once per flag with a thread that is stopped at once.
 */
function workerAcceptsFlag(flag: string): boolean {
  let accepted = workerAccepts.get(flag);
  if (accepted === undefined) {
    try {
      void new Worker('', { eval: true, execArgv: [flag], stdout: true, stderr: true }).terminate();
      accepted = true;
    } catch (error) {
      if ((error as { code?: string }).code !== 'ERR_WORKER_INVALID_EXEC_ARGV') throw error;
      accepted = false;
    }
    workerAccepts.set(flag, accepted);
  }
  return accepted;
}

/**
 * process.execArgv for a worker: without module hooks and conditions (`--import x`,
 * `--import=x`, …), which the worker sets itself, and without flags a worker thread rejects.
 */
function baseExecArgv(): string[] {
  const out: string[] = [];
  const args = process.execArgv;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (/^--(import|loader|experimental-loader|require|conditions)$/.test(arg) || arg === '-r' || arg === '-C') {
      i++;
      continue;
    }
    if (/^--(import|loader|experimental-loader|require|conditions)=/.test(arg)) continue;
    if (arg.startsWith('-') && !workerAcceptsFlag(arg)) continue;
    out.push(arg);
  }
  return out;
}

/**
 * Where a worker module is, and how to start it: compiled, or TypeScript through tsx.
 * `module` is relative to `base` (the `import.meta.url` of the module that starts the worker,
 * in `src/` or `dist/`), without extension: `./worker` (a run) or `./worker` beside the
 * calibration.
 */
export function workerEntry(module: string, base: string): { filename: string; execArgv: string[] } {
  const here = base;
  if (here.endsWith('.ts')) {
    let tsx = 'tsx';
    try {
      tsx = import.meta.resolve('tsx');
    } catch {
      // Fall back to the bare specifier (resolved from the working directory).
    }
    return {
      filename: new URL(`${module}.ts`, here).href,
      execArgv: [...baseExecArgv(), '--conditions=source', '--import', tsx],
    };
  }
  return { filename: new URL(`${module}.js`, here).href, execArgv: baseExecArgv() };
}

/**
 * Starts a worker thread on a module of this package (see {@link workerEntry}): compiled, as its
 * entry; in the source tree, through tsx's `tsImport`, because a thread's module hooks from
 * `--import` are not yet in place when its entry loads.
 */
export function startWorker(module: string, base: string, workerData: unknown): Worker {
  const { filename, execArgv } = workerEntry(module, base);
  if (!filename.endsWith('.ts')) return new Worker(new URL(filename), { execArgv, workerData });
  let api = 'tsx/esm/api';
  try {
    api = import.meta.resolve(api);
  } catch {
    // Fall back to the bare specifier (resolved from the working directory).
  }
  const code = `import(${JSON.stringify(api)}).then(({ tsImport }) => tsImport(${JSON.stringify(filename)}, ${JSON.stringify(filename)}));`;
  return new Worker(code, { eval: true, execArgv, workerData });
}
