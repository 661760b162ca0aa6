/**
 * The `chokepoint` executable: runs the CLI with the process's arguments and exits with
 * its code (0 success, 2 bad input, 1 internal error).
 */
import { runCli } from './program.js';
import { invocationCommand } from './shared.js';

// `chokepoint list | head` closes the pipe early; that is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

// Messages suggest commands as the user runs chokepoint, e.g. `pnpm exec chokepoint validate x.yaml`.
process.exitCode = await runCli(process.argv, { command: invocationCommand(process.env) });
