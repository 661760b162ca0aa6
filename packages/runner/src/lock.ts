/**
 * One writer per run directory: a lock file in `parts/` holding the writer's process id, host
 * and start time. A second `run --resume` into the same `--out` is refused with a line that
 * names the holder; a lock whose process is gone (kill -9, a crash) is taken over.
 */
import { linkSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { ScenarioError } from '@chokepoint/scenario';
import { displayName } from '@chokepoint/scenario/internal';

/** What a lock file holds. */
export interface LockHolder {
  /** Process id of the writer. */
  pid: number;
  /** Host it runs on (a lock from another host cannot be checked, so it is never taken over). */
  host: string;
  /** When it took the lock (ISO). */
  startedAt: string;
}

/** The lock file of a whole run, which excludes every other writer of the directory. */
export const RUN_LOCK = 'run.lock';

/** The lock file of shard `index` of `count`: shards may share a directory, one writer each. */
export function shardLock(index: number, count: number): string {
  return `shard-${index}-of-${count}.lock`;
}

const LOCK_FILE = /^(run|shard-\d+-of-\d+)\.lock$/;

/** Whether a process with this id runs on this host (a process we may not signal still runs). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(path: string): LockHolder | undefined {
  try {
    const holder = JSON.parse(readFileSync(path, 'utf8')) as LockHolder;
    return typeof holder.pid === 'number' && typeof holder.host === 'string' ? holder : undefined;
  } catch {
    return undefined;
  }
}

/** A holder that is gone: its process no longer runs on this host, or its lock file is unreadable (written by a process killed part-way). */
function stale(holder: LockHolder | undefined): boolean {
  return holder === undefined || (holder.host === hostname() && !alive(holder.pid));
}

/**
 * A lock on a run directory, taken with {@link RunLock.acquire} and given back with
 * {@link RunLock.release} (also on process exit, so Ctrl-C leaves none).
 */
export class RunLock {
  private released = false;
  private readonly onExit = (): void => this.release();

  private constructor(
    /** The lock file. */
    readonly path: string,
    /** The process ids of the other live writers of the directory (shards), whose temporary files must stay. */
    readonly others: ReadonlySet<number>,
  ) {
    process.once('exit', this.onExit);
  }

  /**
   * Takes the lock `name` ({@link RUN_LOCK} or a {@link shardLock}) in `partsDir`. A whole
   * run's lock also requires that no shard writes there, and a shard's that no whole run does.
   * A lock whose process is gone is removed and taken.
   *
   * @throws ScenarioError (bad input) naming the directory and the live holder.
   */
  static acquire(partsDir: string, name: string, out: string, cwd?: string): RunLock {
    const path = join(partsDir, name);
    const mine: LockHolder = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
    const refuse = (holder: LockHolder, file: string): ScenarioError =>
      new ScenarioError(
        [],
        `${displayName(out, cwd)}: expected a run directory no other chokepoint is writing, received one that process ${holder.pid} on ${holder.host} has written since ${holder.startedAt} (${displayName(file, cwd)}); wait for it to end, or remove that file if the process is gone`,
      );
    // The other writers: a whole run excludes all, a shard excludes a whole run.
    const others = new Set<number>();
    for (const file of readdirSync(partsDir)) {
      if (!LOCK_FILE.test(file) || file === name) continue;
      const holder = readHolder(join(partsDir, file));
      if (stale(holder)) continue;
      if (name === RUN_LOCK || file === RUN_LOCK) throw refuse(holder!, join(partsDir, file));
      others.add(holder!.pid);
    }
    // Written under a unique name, then linked into place: the link fails if the lock exists,
    // so two writers never both take it, and no reader sees a half-written lock.
    const staging = `${path}.${process.pid}.new`;
    writeFileSync(staging, `${JSON.stringify(mine)}\n`);
    try {
      for (let attempt = 0; attempt < 3; attempt++) {
        try {
          linkSync(staging, path);
          return new RunLock(path, others);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        }
        const holder = readHolder(path);
        if (!stale(holder)) throw refuse(holder!, path);
        rmSync(path, { force: true });
      }
      throw refuse(readHolder(path) ?? mine, path);
    } finally {
      rmSync(staging, { force: true });
    }
  }

  /** Gives the lock back (once; a no-op after). */
  release(): void {
    if (this.released) return;
    this.released = true;
    process.removeListener('exit', this.onExit);
    const holder = readHolder(this.path);
    if (holder?.pid === process.pid) rmSync(this.path, { force: true });
  }
}
