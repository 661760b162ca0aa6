/**
 * Helpers the runner and the analyses share with the output writers; not part of the public
 * API (no stability promise).
 *
 * @internal
 * @packageDocumentation
 */
export * from './atomic.js';
export * from './outputs.js';
export * from './partAppender.js';
export * from './partFile.js';
export * from './workerEntry.js';
export * from './parquetWriter.js';
