/**
 * The Parquet encoding of metrics.parquet: the writer properties, the stream that turns record
 * batches (Arrow IPC) into the file's bytes, and the two places it runs, this thread
 * ({@link LocalEncoder}) or a thread of its own ({@link ThreadEncoder}, running
 * parquetEncoderThread.ts). It needs only parquet-wasm, loaded on first use; the rows are coded
 * into batches by `MetricsParquetWriter` (parquetWriter.ts).
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import type { Worker } from 'node:worker_threads';
import type { FromEncoder, ToEncoder } from './parquetEncoderThread.js';
import { withPath } from './atomic.js';
import { startWorker } from './workerEntry.js';

/** Text columns whose values repeat within every run (a run's rows cycle through them). */
const CYCLING_TEXT_COLUMNS = ['date', 'entity_kind', 'entity', 'variable'];

/**
 * Encodes record batches into Parquet bytes, in order. `next` gives each batch as an Arrow IPC
 * stream, or `undefined` after the last; it is called when the encoder wants the next batch,
 * so a slow encoder holds the producer back. `sink` receives the file's bytes in order; a view
 * may be reused after the call returns. At least one batch must come (an empty one carries the
 * schema).
 */
export async function encodeParquet(
  next: () => Promise<Uint8Array | undefined>,
  sink: (bytes: Uint8Array) => void,
): Promise<void> {
  const parquet = await import('parquet-wasm');
  const batches = new ReadableStream({
    async pull(controller) {
      const ipc = await next();
      if (ipc === undefined) {
        controller.close();
        return;
      }
      const table = parquet.Table.fromIPCStream(ipc);
      for (const recordBatch of table.recordBatches()) controller.enqueue(recordBatch);
      table.free();
    },
  });
  let builder = new parquet.WriterPropertiesBuilder()
    .setCompression(parquet.Compression.ZSTD)
    .setCreatedBy('chokepoint');
  // No min/max statistics for the text columns that cycle within every run: each row group
  // spans their whole range, so they could never prune one, and computing them per value took
  // a fifth of the encoding time. Run-level and numeric columns keep theirs.
  for (const name of CYCLING_TEXT_COLUMNS)
    builder = builder.setColumnStatisticsEnabled(name, parquet.EnabledStatistics.None);
  // The encoder takes 65,536 rows at a time, not 1,024: the same encoding time and read time,
  // and a file about 10% smaller (quickstart × 240 replicates: 11.9 → 10.7 MB).
  builder = builder.setWriteBatchSize(1 << 16);
  const encoded = await parquet.transformParquetStream(batches, builder.build());
  for await (const bytes of encoded as unknown as AsyncIterable<Uint8Array>) sink(bytes);
}

/**
 * Where a writer's batches go: the encoder on this thread ({@link LocalEncoder}) or on a
 * thread of its own ({@link ThreadEncoder}). Either writes the file.
 */
export interface Encoder {
  /** Queues a batch (an Arrow IPC stream; the encoder may take over its buffer). */
  push(ipc: Uint8Array): void;
  /** Batches queued and not yet taken by the encoder. */
  readonly waiting: number;
  /** Set once the encoder failed. */
  readonly failure: { error: unknown } | undefined;
  /** Resolves when `waiting` or `failure` may have changed. */
  changed(): Promise<void>;
  /** Ends the stream; resolves once the file is complete and closed. */
  close(): Promise<void>;
  /** Stops encoding and closes the file (which the caller removes). */
  abort(): void;
}

/** A promise to wait on, and the function that settles it. */
function signal(): { promise: Promise<void>; fire: () => void } {
  let fire = (): void => undefined;
  const promise = new Promise<void>((resolve) => (fire = resolve));
  return { promise, fire };
}

/** The encoder on this thread: small tables, where starting a thread would cost more than it saves. */
export class LocalEncoder implements Encoder {
  private readonly queue: Uint8Array[] = [];
  private closed = false;
  private wakeEncoder = signal();
  private wakeWriter = signal();
  private file: number | undefined;
  failure: { error: unknown } | undefined;
  private readonly done: Promise<void>;

  constructor(path: string) {
    this.file = openSync(path, 'w');
    this.done = encodeParquet(
      async () => {
        while (this.queue.length === 0 && !this.closed) {
          this.wakeEncoder = signal();
          await this.wakeEncoder.promise;
        }
        const ipc = this.queue.shift();
        this.wakeWriter.fire();
        return ipc;
      },
      (bytes) => {
        // After an abort the descriptor is closed, and its number may belong to another file.
        if (this.file === undefined) throw new Error('metrics.parquet: aborted');
        try {
          writeSync(this.file, bytes, 0, bytes.length);
        } catch (error) {
          throw withPath(error, path);
        }
      },
    ).catch((error: unknown) => {
      this.failure ??= { error };
      this.wakeWriter.fire();
    });
  }

  get waiting(): number {
    return this.queue.length;
  }

  push(ipc: Uint8Array): void {
    this.queue.push(ipc);
    this.wakeEncoder.fire();
  }

  changed(): Promise<void> {
    this.wakeWriter = signal();
    return this.wakeWriter.promise;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.wakeEncoder.fire();
    await this.done;
    this.abort();
    if (this.failure !== undefined) throw this.failure.error;
  }

  abort(): void {
    if (this.file !== undefined) closeSync(this.file);
    this.file = undefined;
    this.queue.length = 0;
    this.closed = true;
    this.wakeEncoder.fire();
  }
}

/**
 * The encoder on a thread of its own (parquetEncoderThread.ts), so that encoding, the larger
 * part of writing a large sweep's outputs, runs beside the rest: appending metrics.csv, coding the
 * next batch, and simulating.
 */
export class ThreadEncoder implements Encoder {
  private readonly worker: Worker;
  private file: number | undefined;
  private sent = 0;
  private taken = 0;
  private wake = signal();
  private readonly finished = signal();
  /** Set when this side stops the thread, so its exit is not a failure. */
  private ending = false;
  failure: { error: unknown } | undefined;

  constructor(path: string) {
    // Opened and closed here, written by the thread: a file removed after an abort cannot be
    // created again by a thread that was still starting.
    const file = (this.file = openSync(path, 'w'));
    this.worker = startWorker('./parquetEncoderThread', import.meta.url, { file });
    this.worker.on('message', (message: FromEncoder) => {
      if (message.type === 'taken') this.taken++;
      else if (message.type === 'done') this.finished.fire();
      else
        this.fail(
          Object.assign(
            new Error(`metrics.parquet: ${message.message}`),
            message.code !== undefined ? { code: message.code, path } : {},
          ),
        );
      this.wake.fire();
    });
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => {
      if (!this.ending) this.fail(new Error(`metrics.parquet: the encoder thread stopped (exit code ${code})`));
    });
  }

  /** Stops the thread, then closes the file (never before: its descriptor could be reused while the thread still writes). */
  private async stop(): Promise<void> {
    this.ending = true;
    await this.worker.terminate();
    if (this.file !== undefined) closeSync(this.file);
    this.file = undefined;
  }

  private fail(error: unknown): void {
    this.failure ??= { error };
    this.wake.fire();
    this.finished.fire();
  }

  get waiting(): number {
    return this.sent - this.taken;
  }

  push(ipc: Uint8Array): void {
    this.sent++;
    const message: ToEncoder = { type: 'batch', ipc };
    this.worker.postMessage(message, [ipc.buffer as ArrayBuffer]);
  }

  changed(): Promise<void> {
    this.wake = signal();
    return this.wake.promise;
  }

  async close(): Promise<void> {
    const message: ToEncoder = { type: 'close' };
    this.worker.postMessage(message);
    await this.finished.promise;
    await this.stop();
    if (this.failure !== undefined) throw this.failure.error;
  }

  abort(): void {
    this.failure ??= { error: new Error('metrics.parquet: aborted') };
    void this.stop();
  }
}
