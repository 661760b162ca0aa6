import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { threadId } from 'node:worker_threads';

/** A temporary name next to `path`, unique per process and thread. */
export function temporaryPath(path: string): string {
  return `${path}.${process.pid}-${threadId}.tmp`;
}

/**
 * Writes a file atomically: the data goes to a temporary file in the same folder, which is
 * then renamed over `path`. A reader (or a resumed run after kill -9) sees the old file or
 * the complete new one, never a partial one. (No fsync: this guards against interrupted
 * processes, not against power loss.)
 *
 * @example
 * ```ts
 * writeFileAtomic('out/summary.json', JSON.stringify(summary));
 * ```
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  writeChunksAtomic(path, [data]);
}

/** Like {@link writeFileAtomic}, for data produced in chunks (e.g. a large CSV). */
export function writeChunksAtomic(path: string, chunks: Iterable<string | Uint8Array>): void {
  const temporary = temporaryPath(path);
  const fd = openSync(temporary, 'w');
  try {
    for (const chunk of chunks) {
      if (typeof chunk === 'string') writeSync(fd, chunk);
      else writeSync(fd, chunk, 0, chunk.length);
    }
  } catch (error) {
    closeSync(fd);
    rmSync(temporary, { force: true });
    throw error;
  }
  closeSync(fd);
  renameSync(temporary, path);
}
