import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { runCli } from '../../packages/cli/src/program.js';

/** What a CLI call printed, and its exit code. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `chokepoint <args>` in this process (runCli), capturing what it prints. */
export async function cliInProcess(args: readonly string[], cwd: string): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['node', 'chokepoint', ...args], {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    cwd,
  });
  return { code, stdout, stderr };
}

/** The node arguments that run the CLI from source. */
export const CLI_ENTRY: readonly string[] = ['--conditions=source', '--import', 'tsx', 'packages/cli/src/main.ts'];

/** Runs `chokepoint <args>` in a child node process (the real entry point, exit code included), at most 60 s. */
export async function cliChild(
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; entry?: readonly string[] },
): Promise<CliResult> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [...(options.entry ?? CLI_ENTRY), ...args], {
      cwd: options.cwd,
      env: options.env ?? process.env,
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
