import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { threadId } from 'node:worker_threads';

/**
 * Names `path` on a file-system error that names none (a write that fails with ENOSPC or EIO
 * reports only its descriptor), so that the message can say which file; other errors are
 * returned unchanged.
 */
export function withPath(error: unknown, path: string): unknown {
  const errno = error as NodeJS.ErrnoException;
  if (error instanceof Error && typeof errno.code === 'string' && errno.path === undefined) errno.path = path;
  return error;
}

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
 * import { readdirSync, readFileSync } from 'node:fs';
 * writeFileAtomic('runs/qs/note.txt', 'Short run for the examples.');
 * console.log(readFileSync('runs/qs/note.txt', 'utf8'), readdirSync('runs/qs').some((f) => f.endsWith('.tmp'))); // Short run for the examples. false
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
    throw withPath(error, path);
  }
  closeSync(fd);
  renameSync(temporary, path);
}

/** How the message of a coded error sent from a worker thread begins (see {@link sendableError}). */
const CODED_FAILURE = 'coded error:';

/**
 * An error a worker thread can send: structured cloning keeps an Error's message but drops its
 * `code`, `syscall` and `path`, so an error with a `code` (a file-system error, a plugin's failure)
 * travels with them in its message, and {@link receivedError} restores them on the other side:
 * callers decide by `code`, never by the message.
 */
export function sendableError(error: unknown): unknown {
  const errno = error as NodeJS.ErrnoException;
  if (!(error instanceof Error) || typeof errno.code !== 'string') return error;
  return new Error(
    `${CODED_FAILURE}${JSON.stringify({ message: errno.message, code: errno.code, syscall: errno.syscall, path: errno.path })}`,
  );
}

/** The coded error {@link sendableError} sent, with its code, syscall and path; other errors unchanged. */
export function receivedError(error: unknown): unknown {
  if (!(error instanceof Error) || !error.message.startsWith(CODED_FAILURE)) return error;
  const { message, ...fields } = JSON.parse(error.message.slice(CODED_FAILURE.length)) as {
    message: string;
    code: string;
    syscall?: string;
    path?: string;
  };
  return Object.assign(new Error(message), fields);
}
