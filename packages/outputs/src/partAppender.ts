import { join } from 'node:path';
import { partName } from '@chokepoint/format';
import type { RunOutputWriter } from './outputs.js';

/**
 * Feeds a {@link RunOutputWriter} the part files of finished runs, in run order, as they
 * appear: the runner marks each finished run with {@link PartAppender.finished}, and the
 * appender appends every part from the writer's next run on that is there, in the background.
 * So the outputs grow while later runs still simulate, and little is left to write after the
 * last run.
 */
export class PartAppender {
  private readonly present: Uint8Array;
  private busy: Promise<void> | undefined;
  private failure: { error: unknown } | undefined;
  /** Called after each part appended, and when an append fails (the runner hands out more runs, or stops, then). */
  onChange: (() => void) | undefined;

  /**
   * @param writer - The writer of the run directory's outputs.
   * @param partsDir - Where the part files are.
   * @param runs - The number of runs in the plan.
   */
  constructor(
    private readonly writer: RunOutputWriter,
    private readonly partsDir: string,
    runs: number,
  ) {
    this.present = new Uint8Array(runs);
  }

  /** Records that run `index`'s part file is complete, and starts appending if it is next. */
  finished(index: number): void {
    this.present[index] = 1;
    this.kick();
  }

  /** The index of the run whose part is appended next: every run before it is in the outputs. */
  get nextRun(): number {
    return this.writer.nextRun;
  }

  /** Threads the writing keeps busy besides this one (see {@link RunOutputWriter.threads}). */
  get outputThreads(): number {
    return this.writer.threads;
  }

  /** The error of a failed append, if one failed. */
  get error(): { error: unknown } | undefined {
    return this.failure;
  }

  /** Resolves when the appends under way are done (more may start as runs finish); throws an append's error. */
  async settle(): Promise<void> {
    while (this.busy !== undefined) await this.busy;
    if (this.failure !== undefined) throw this.failure.error;
  }

  private ready(): boolean {
    const next = this.writer.nextRun;
    return this.failure === undefined && next < this.present.length && this.present[next] === 1;
  }

  private kick(): void {
    if (this.busy !== undefined || !this.ready()) return;
    this.busy = (async () => {
      while (this.ready()) {
        await this.writer.append(join(this.partsDir, partName(this.writer.nextRun)));
        this.onChange?.();
      }
    })()
      .catch((error: unknown) => {
        this.failure ??= { error };
        this.onChange?.();
      })
      .finally(() => {
        this.busy = undefined;
        // A run may have finished between the last check and now.
        this.kick();
      });
  }
}
