/**
 * Helpers the analyses and the command line share with the runner; not part of the public
 * API (no stability promise).
 *
 * @internal
 * @packageDocumentation
 */
export * from './cluster.js';
export * from './execute.js';
export * from './lock.js';
export * from './runner.js';
export * from './pool.js';
