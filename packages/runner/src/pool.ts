/**
 * The one worker pool of Chokepoint: every command that runs many simulations (a scenario's
 * runs, a calibration's samples) hands its tasks to {@link runTasks}.
 */
import { receivedError, workerEntry } from '@chokepoint/outputs/internal';
import { Piscina } from 'piscina';

/** How {@link runTasks} runs a list of tasks. */
export interface PoolOptions<T, R> {
  /** Threads in all: this one and a pool of `workers − 1`; 1 runs every task here. */
  workers: number;
  /** The worker module, whose default export runs one task: a path without extension, relative to `base`. */
  module: string;
  /** The `import.meta.url` of the module that names `module`. */
  base: string;
  /** Runs a task in this thread (the same work as the worker module's). */
  runHere(task: T): R;
  /** Called once per task with its result, in the order tasks finish; `position` is the task's index in the list. */
  onResult(task: T, result: R, position: number): void;
  /** Tasks queued on the pool at most (read before each hand-out); default two per pool thread. */
  window?(): number;
  /** Whether the next task may be handed out now; when false, the pool waits for {@link PoolOptions.subscribe}'s call. */
  mayStart?(task: T): boolean;
  /** A failure outside the pool (the output writer's) that stops it; checked before each hand-out. */
  outsideFailure?(): { error: unknown } | undefined;
  /** Receives the function to call when something outside changes what may start (an append finished). */
  subscribe?(wake: () => void): void;
}

/**
 * Runs `tasks` on `workers` threads: this one and a pool of `workers − 1`. This thread starts
 * at once, while the pool's threads are still loading the engine (a second or so from source),
 * and keeps taking tasks from the same queue afterwards, so the pool's start-up is never on the
 * critical path; between its own tasks it yields, so results, timers (a progress bar) and
 * signals are handled. Which thread runs a task changes nothing in its result. The first
 * failure (a task's, or the outside one) stops the hand-outs; the tasks under way finish, and
 * it is thrown.
 *
 * @example
 * ```ts
 * const squares: number[] = [];
 * await runTasks([1, 2, 3], { workers: 1, module: './worker', base: import.meta.url, runHere: (n) => n * n, onResult: (_n, square, i) => (squares[i] = square) });
 * console.log(squares); // [1, 4, 9]
 * ```
 */
export async function runTasks<T, R>(tasks: readonly T[], options: PoolOptions<T, R>): Promise<void> {
  const threads = options.workers - 1;
  const entry = threads > 0 ? workerEntry(options.module, options.base) : undefined;
  const pool =
    entry === undefined
      ? undefined
      : new Piscina({
          filename: entry.filename,
          execArgv: entry.execArgv,
          minThreads: threads,
          maxThreads: threads,
          idleTimeout: 1000,
        });
  let next = 0;
  let failure: { error: unknown } | undefined;
  const failed = (): boolean => {
    failure ??= options.outsideFailure?.();
    return failure !== undefined;
  };
  const mayStart = (): boolean => options.mayStart?.(tasks[next]!) ?? true;
  const window = (): number => options.window?.() ?? threads * 2;
  let active = 0;
  let wake: (() => void) | undefined;
  // Hands out tasks to the pool while its queue is below the window.
  const pump = (): void => {
    if (pool === undefined) return;
    while (!failed() && active < window() && next < tasks.length && mayStart()) {
      const position = next++;
      const task = tasks[position]!;
      active++;
      (pool.run(task) as Promise<R>).then(
        (result) => {
          active--;
          options.onResult(task, result, position);
          pump();
          wake?.();
        },
        (error: unknown) => {
          active--;
          failure ??= { error: receivedError(error) };
          wake?.();
        },
      );
    }
  };
  options.subscribe?.(() => {
    pump();
    wake?.();
  });
  try {
    pump();
    // This thread's share: one task at a time; when the next may not start yet, it waits for a
    // result or an outside change instead.
    while (!failed() && next < tasks.length) {
      if (!mayStart()) {
        await new Promise<void>((r) => (wake = r));
        continue;
      }
      const position = next++;
      const task = tasks[position]!;
      options.onResult(task, options.runHere(task), position);
      await new Promise((r) => setImmediate(r));
      pump();
    }
    while (active > 0) await new Promise<void>((r) => (wake = r));
    if (failed()) throw failure!.error;
  } finally {
    await pool?.destroy();
  }
}
