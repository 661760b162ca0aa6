/**
 * `@chokepoint/cli`: the `chokepoint` command (run, validate, schema, merge, init, list).
 * Import {@link runCli} to embed it; the executable is `bin/chokepoint.js`.
 *
 * The examples in this reference run as tests, each in a fresh working folder holding a copy
 * of the repository's scenarios/.
 *
 * @example
 * ```ts
 * import { runCli } from '@chokepoint/cli';
 * const code = await runCli(['node', 'chokepoint', 'validate', 'scenarios/quickstart.yaml']);
 * console.log(code); // 0
 * ```
 *
 * @packageDocumentation
 */
export { CLI_VERSION, EXIT, createProgram, runCli, type CliIO } from './program.js';
