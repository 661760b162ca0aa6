/**
 * `@chokepoint/cli`: the `chokepoint` command (run, validate, schema, merge, init, list).
 * Import {@link runCli} to embed it; the executable is `bin/chokepoint.js`.
 *
 * @example
 * ```ts
 * import { runCli } from '@chokepoint/cli';
 * const code = await runCli(['node', 'chokepoint', 'validate', 'scenarios/quickstart.yaml']);
 * ```
 *
 * @packageDocumentation
 */
export { CLI_VERSION, EXIT, createProgram, runCli, type CliIO } from './program.js';
