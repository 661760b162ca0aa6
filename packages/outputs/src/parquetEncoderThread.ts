/**
 * The encoder thread of metrics.parquet (see `MetricsParquetWriter`): it receives record
 * batches as Arrow IPC streams (`{ type: 'batch', ipc }`, the buffer transferred) and then
 * `{ type: 'close' }`, encodes them into the file open at descriptor `workerData.file` (which the
 * writer opened and closes), and answers
 * `{ type: 'taken' }` each time the encoder takes a batch, then `{ type: 'done' }`, or
 * `{ type: 'error', message }`. Compiled to dist/parquetEncoderThread.js; in the source tree it
 * runs through tsx.
 */
import { writeSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { encodeParquet } from './parquetEncode.js';

/** A message from the writer. */
export type ToEncoder = { type: 'batch'; ipc: Uint8Array } | { type: 'close' };
/** A message to the writer. */
export type FromEncoder = { type: 'taken' } | { type: 'done' } | { type: 'error'; message: string; code?: string };

const port = parentPort!;
const queue: Uint8Array[] = [];
let closed = false;
let wake: (() => void) | undefined;
port.on('message', (message: ToEncoder) => {
  if (message.type === 'batch') queue.push(message.ipc);
  else closed = true;
  wake?.();
});

const post = (message: FromEncoder): void => port.postMessage(message);
const file = (workerData as { file: number }).file;
try {
  await encodeParquet(
    async () => {
      while (queue.length === 0 && !closed) await new Promise<void>((resolve) => (wake = resolve));
      const ipc = queue.shift();
      if (ipc !== undefined) post({ type: 'taken' });
      return ipc;
    },
    (bytes) => {
      writeSync(file, bytes, 0, bytes.length);
    },
  );
  post({ type: 'done' });
} catch (error) {
  // The file-system error code (ENOSPC, EIO…) goes with the message, so the writer can say what to do.
  const code = (error as NodeJS.ErrnoException).code;
  post({
    type: 'error',
    message: error instanceof Error ? error.message : String(error),
    ...(typeof code === 'string' ? { code } : {}),
  });
}
