import { atCommandLine, ScenarioError } from '@chokepoint/scenario';
import { Command, CommanderError } from 'commander';
import { COMMANDS } from './commands/index.js';
import { CLI_VERSION, EXIT, fileSystemProblem, helpWithCommand, type CliIO } from './shared.js';

export { CLI_VERSION, EXIT, type CliIO } from './shared.js';

/**
 * Builds the `chokepoint` command. Handlers throw {@link ScenarioError} for bad input; the
 * caller maps errors to exit codes (see {@link runCli}).
 *
 * @example
 * ```ts
 * const out: string[] = [];
 * const program = createProgram({ stdout: (t) => out.push(t), stderr: (t) => process.stderr.write(t) });
 * await program.parseAsync(['node', 'chokepoint', 'list']);
 * console.log(out.join('').includes('quickstart.yaml'), program.commands.map((c) => c.name()).includes('run')); // true true
 * ```
 */
export function createProgram(io: CliIO): Command {
  const cwd = io.cwd ?? process.cwd();
  const me = io.command ?? 'chokepoint';
  // Commander writes help and the version through writeOut; the help's examples name the command as typed.
  const writeOut = (text: string): void => io.stdout(helpWithCommand(text, me));
  const program = new Command('chokepoint')
    .description('Agent-based simulation of US–China technology trade: run scenario files, get tidy data.')
    .version(CLI_VERSION, '-V, --version', 'print the version')
    .showSuggestionAfterError(true)
    .configureOutput({ writeOut, writeErr: io.stderr, outputError: (text, write) => write(commandLineError(text)) })
    .addHelpText(
      'after',
      `
Examples:
  $ chokepoint run scenarios/quickstart.yaml
  $ chokepoint validate my-scenario.yaml
  $ chokepoint init my-scenario.yaml

Exit codes: 0 success, 2 bad input (scenario file, flags, run directory), 1 internal error.`,
    )
    .exitOverride();

  for (const register of COMMANDS) register(program, io, cwd);
  for (const command of program.commands) {
    command
      .exitOverride()
      .configureOutput({ writeOut, writeErr: io.stderr, outputError: (text, write) => write(commandLineError(text)) })
      .showSuggestionAfterError(true);
  }
  return program;
}

/**
 * Runs the CLI with `argv` (as `process.argv`) and returns the exit code: 0 success, 2 bad
 * input (one line per problem on stderr, no stack trace), 1 internal error.
 *
 * @example
 * ```ts
 * import { existsSync } from 'node:fs';
 * // bin/chokepoint.js runs: process.exitCode = await runCli(process.argv);
 * const code = await runCli(['node', 'chokepoint', 'init', 'study.yaml'], { stdout: () => {}, stderr: () => {} });
 * console.log(code, existsSync('study.yaml')); // 0 true
 * ```
 */
export async function runCli(argv: readonly string[], io?: Partial<CliIO>): Promise<number> {
  const full: CliIO = {
    stdout: io?.stdout ?? ((t) => void process.stdout.write(t)),
    stderr: io?.stderr ?? ((t) => void process.stderr.write(t)),
    ...(io?.progressStream ? { progressStream: io.progressStream } : {}),
    ...(io?.cwd ? { cwd: io.cwd } : {}),
    ...(io?.command ? { command: io.command } : {}),
  };
  const program = createProgram(full);
  try {
    await program.parseAsync([...argv]);
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.code === 'commander.help'
      )
        return EXIT.ok;
      if (error.exitCode === 0) return EXIT.ok;
      return EXIT.badInput;
    }
    if (error instanceof ScenarioError) {
      full.stderr(`${error.lines().join('\n')}\n`);
      return EXIT.badInput;
    }
    const problem = fileSystemProblem(error, full.cwd ?? process.cwd());
    if (problem !== undefined) {
      full.stderr(`${problem}\n`);
      return EXIT.badInput;
    }
    const message = error instanceof Error ? error.message : String(error);
    full.stderr(`chokepoint: internal error: ${message.split('\n')[0]}\n`);
    if (process.env.CHOKEPOINT_DEBUG && error instanceof Error && error.stack) full.stderr(`${error.stack}\n`);
    else full.stderr('(set CHOKEPOINT_DEBUG=1 for the stack trace)\n');
    return EXIT.internal;
  }
}

/**
 * Commander's messages about flags in the format of every other bad-input line,
 * `(command line):1:1: --flag: expected …, received …` (see atCommandLine); a message it does not recognize is kept.
 */
function commandLineError(text: string): string {
  const invalid = /^error: option '(?:-\w, )?(--[\w-]+)[^']*' argument '([^']*)' is invalid\. (expected .*)$/s.exec(
    text.trim(),
  );
  if (invalid) return `${atCommandLine(`${invalid[1]}: ${invalid[3].trim()}`)}\n`;
  const unknown = /^error: unknown option '([^']+)'(?:\s*\(Did you mean (\S+)\?\))?$/s.exec(text.trim());
  if (unknown) {
    const hint = unknown[2] !== undefined ? ` (did you mean ${unknown[2]}?)` : '';
    return `${atCommandLine(`${unknown[1]}: expected an option of this command${hint}, received unknown option '${unknown[1]}'`)}\n`;
  }
  const missing = /^error: option '(?:-\w, )?(--[\w-]+)[^']*' argument missing$/.exec(text.trim());
  if (missing) return `${atCommandLine(`${missing[1]}: expected a value after it, received nothing`)}\n`;
  const argument = /^error: missing required argument '([^']+)'$/.exec(text.trim());
  if (argument)
    return `${atCommandLine(`<${argument[1]}>: expected a ${argument[1]} (see --help), received nothing`)}\n`;
  const command = /^error: unknown command '([^']+)'(?:\s*\(Did you mean (\S+)\?\))?$/s.exec(text.trim());
  if (command) {
    const hint = command[2] !== undefined ? ` (did you mean ${command[2]}?)` : '';
    return `${atCommandLine(`${command[1]}: expected a command${hint} (chokepoint --help lists them), received unknown command '${command[1]}'`)}\n`;
  }
  return text;
}
