/**
 * Helpers the other Chokepoint packages share with the scenario language; not part of the
 * public API (no stability promise).
 *
 * @internal
 * @packageDocumentation
 */
export * from './diagnostics.js';
export * from './library.js';
export * from './load.js';
export * from './merge.js';
export * from './origins.js';
export * from './plan.js';
export * from './plugins.js';
export * from './schema/common.js';
export * from './sensitivity/distributions.js';
export * from './sensitivity/numerics.js';
export * from './source.js';
export * from './schema/policy.js';
