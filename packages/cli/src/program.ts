import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { mergeRuns, parseShard, runScenario, type RunOptions } from '@chokepoint/runner';
import { atCommandLine, ScenarioError, formatBudget, libraryDir, listScenarios, scenarioJsonSchema, starterScenario, validateScenarioAsync } from '@chokepoint/scenario';
import { renderMetricCharts, renderRunCharts } from '@chokepoint/charts/node';
import { Presets, SingleBar } from 'cli-progress';
import { Command, CommanderError } from 'commander';
import { COMMANDS } from './commands/index.js';
import { CLI_VERSION, EXIT, addLimitOptions, asBadInput, collect, fileSystemProblem, limitsFrom, commaList, helpWithCommand, integer, renderReport, seedText, type CliIO } from './shared.js';

export { CLI_VERSION, EXIT, type CliIO } from './shared.js';

const EXAMPLES = {
  run: `
Examples:
  $ chokepoint run scenarios/quickstart.yaml
  $ chokepoint run scenarios/quickstart.yaml --out runs/qs --workers 2 --replicates 20
  $ chokepoint run my.yaml --set params.substitutionRate=0.1 --set hawk=0.8 --seed 7
  $ chokepoint run my.yaml --out runs/big --shard 3/8        # one shard; then chokepoint merge
  $ chokepoint run my.yaml --out runs/big-$SLURM_ARRAY_TASK_ID --shard auto   # inside sbatch --array=1-8
  $ chokepoint run my.yaml --out runs/big --resume           # continue an interrupted run
  $ chokepoint run my.yaml --detail                          # every firm's rows, not only the key metrics' firms

Writes metrics.csv, metrics.parquet, summary.json, manifest.json and scenario.yaml into the
run directory (default runs/<scenario>-<timestamp>/), then charts/*.svg|png and report.html
(skip them with --no-report). Prints the run directory, then "Report: <path>".`,
  chart: `
Examples:
  $ chokepoint chart runs/quickstart-2026-11-22T10-00-00
  $ chokepoint chart runs/qs --metric state/CN/output
  $ chokepoint chart runs/qs --metric firm/Samsung-Mobile/output --arms control,aligned --out samsung.png

Without --metric, writes charts/*.svg and charts/*.png into the run directory, choosing the charts
by the metrics it holds (time series with replicate bands, effect sizes, doctrine share,
escalation, trade flows, supply network, market shares, sweep heatmaps). With --metric
KIND/ENTITY/VARIABLE (repeatable), draws that metric by arm with 95% confidence bands (a panel per
sweep point for a sweep) into charts/, or into --out (.svg or .png). An unknown metric or arm is
an error that lists the nearest valid names.`,
  report: `
Examples:
  $ chokepoint report runs/quickstart-2026-11-22T10-00-00
  $ chokepoint report runs/qs --metric state/TW/output --metric firm/TSMC/output

Writes a self-contained report.html (no external URL): title, description, sources, parameters,
effect sizes, every chart and the manifest; --metric (repeatable, with --arms) adds a time series
of any recorded metric. Prints "Report: <path>".`,
  validate: `
Examples:
  $ chokepoint validate scenarios/quickstart.yaml
  $ chokepoint validate scenarios/*.yaml --set replicates=2

Each problem is printed on one line as file:line:col: field.path: expected X, received Y.
Exits with 2 when a file has problems.`,
  schema: `
Examples:
  $ chokepoint schema > scenario.schema.json
  $ chokepoint schema --world --out world.schema.json

Add "# yaml-language-server: $schema=path/to/scenario.schema.json" at the top of a YAML
scenario so editors autocomplete and check it.`,
  merge: `
Examples:
  $ chokepoint run big.yaml --out runs/part1 --shard 1/2
  $ chokepoint run big.yaml --out runs/part2 --shard 2/2
  $ chokepoint merge runs/part1 runs/part2 --out runs/big
  $ chokepoint merge runs/sweep/part-{1..8} --out runs/sweep/merged --resubmit runs/sweep/shards.sbatch

The merged data files are byte-identical to an unsharded run's. When runs are missing, nothing
is written: each failed shard is named with the command that reruns it, and the exit code is 2.`,
  init: `
Examples:
  $ chokepoint init                  # writes scenario.yaml
  $ chokepoint init my-study.yaml`,
  list: `
Examples:
  $ chokepoint list
  $ chokepoint list --json`,
};

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

  addLimitOptions(
    program
      .command('run')
    .description('run a scenario: every arm × sweep point × replicate, in a worker pool')
    .argument('<file>', 'scenario file (YAML or JSON)')
    .option('-o, --out <dir>', 'run directory (default runs/<scenario>-<timestamp>/)')
    .option('-w, --workers <n>', 'worker threads (default: the number of CPUs; 1 runs in-process)', integer(1, 'a worker count'))
    .option('-r, --replicates <n>', 'replicates per arm and point (overrides the file)', integer(1, 'a replicate count'))
    .option('-s, --seed <seed>', 'base seed (overrides the file)', seedText)
    .option('--set <path=value>', 'set a value by path, e.g. params.substitutionRate=0.1 (repeatable)', collect)
    .option('--shard <i/N>', 'run shard i of N only and leave part files for `chokepoint merge`; `auto` takes i/N from the Slurm array task (SLURM_ARRAY_TASK_ID, SLURM_ARRAY_TASK_COUNT)')
    .option('--resume', 'continue an interrupted run in --out: finished runs are skipped')
    .option('-q, --quiet', 'no progress bar')
    .option('--keep-parts', 'keep the per-run part files after writing the outputs')
    .option('--no-report', 'do not render the charts and report.html')
    .option('--detail', 'record the rows of every firm (default: only the firms the key metrics name and outputs.firms lists)'),
  )
    .addHelpText('after', EXAMPLES.run)
    .action(async (file: string, opts: Record<string, unknown>) => {
      if (opts.resume && opts.out === undefined) throw new ScenarioError([], 'run: --resume needs --out DIR (the directory of the interrupted run)');
      const options: RunOptions = { cwd };
      if (opts.out !== undefined) options.out = opts.out as string;
      if (opts.workers !== undefined) options.workers = opts.workers as number;
      if (opts.replicates !== undefined) options.replicates = opts.replicates as number;
      if (opts.seed !== undefined) options.seed = opts.seed as string;
      if (opts.set !== undefined) options.set = opts.set as string[];
      if (opts.shard !== undefined) options.shard = parseShard(opts.shard as string);
      if (opts.resume) options.resume = true;
      if (opts.keepParts) options.keepParts = true;
      if (opts.detail) options.detail = true;
      options.limits = limitsFrom(opts);

      let bar: SingleBar | undefined;
      let outDir = '';
      const started = Date.now();
      options.onPlan = ({ plan, out, total, skipped, workers, damaged }) => {
        outDir = out;
        // Damaged parts of an earlier run are removed and run again: worth knowing even with --quiet.
        for (const line of damaged) io.stderr(`note: ${line}\n`);
        // Notes are printed even with --quiet: an arm whose measure is never in force is worth knowing.
        for (const note of plan.notes ?? []) io.stderr(`note: ${note}\n`);
        if (opts.quiet) return;
        const shard = options.shard ? ` (shard ${options.shard.index}/${options.shard.count})` : '';
        const resumed = skipped > 0 ? `, ${skipped} already done` : '';
        io.stderr(`${plan.name}: ${plan.arms.length} arm${plan.arms.length === 1 ? '' : 's'} × ${plan.points.length} point${plan.points.length === 1 ? '' : 's'} × ${plan.replicates} replicate${plan.replicates === 1 ? '' : 's'} = ${plan.runs.length} runs${shard}${resumed}, ${workers} worker${workers === 1 ? '' : 's'}\n`);
        for (const s of plan.shared ?? []) {
          io.stderr(`arm "${s.arm}" ignores ${s.parameters.join(', ')}: it runs at ${s.points} of the ${plan.points.length} sweep points, and its results stand for the others\n`);
        }
        bar = new SingleBar(
          {
            format: 'running [{bar}] {value}/{total} runs | {percentage}% | elapsed {duration_formatted} | ETA {eta_formatted}',
            noTTYOutput: true,
            notTTYSchedule: 2000,
            stream: io.progressStream ?? process.stderr,
            hideCursor: true,
            etaBuffer: 20,
          },
          Presets.shades_classic,
        );
        bar.start(total, skipped);
      };
      options.onProgress = ({ done }) => bar?.update(done);
      options.onWriting = () => {
        bar?.stop();
        bar = undefined;
        if (!opts.quiet) io.stderr('writing metrics.csv, metrics.parquet, measures.csv, summary.json, manifest.json and scenario.yaml\n');
      };
      const interrupt = (): void => {
        bar?.stop();
        io.stderr(`\ninterrupted; finished runs are saved. Continue with: ${me} run ${file} --resume --out ${outDir ? relative(cwd, outDir) || '.' : 'DIR'}\n`);
        process.exit(130);
      };
      process.once('SIGINT', interrupt);
      try {
        const result = await runScenario(file, options);
        bar?.stop();
        // Printed even with --quiet, like notes: a control arm that adopts measures changes what every effect means.
        for (const warning of result.warnings) io.stderr(`warning: ${warning}\n`);
        const seconds = ((Date.now() - started) / 1000).toFixed(1);
        const shown = relative(cwd, result.out).startsWith('..') ? result.out : relative(cwd, result.out) || '.';
        if (!opts.quiet) {
          if (result.complete) io.stderr(`done: ${result.executed} runs${result.skipped > 0 ? ` (${result.skipped} resumed)` : ''} in ${seconds} s; outputs in ${shown}${sep}\n`);
          else io.stderr(`shard ${options.shard!.index}/${options.shard!.count}: ${result.executed} runs written to ${shown}${sep}parts (${seconds} s); join the shards with ${me} merge\n`);
        }
        io.stdout(`${shown}\n`);
        if (result.complete && opts.report !== false) {
          if (!opts.quiet) io.stderr('rendering charts and report.html\n');
          const report = await renderReport(result.out, cwd);
          io.stdout(`Report: ${relative(cwd, report).startsWith('..') ? report : relative(cwd, report)}\n`);
        }
      } finally {
        bar?.stop();
        process.removeListener('SIGINT', interrupt);
      }
    });

  program
    .command('chart')
    .description('render the charts of a run directory (charts/*.svg and charts/*.png), or one metric of it')
    .argument('<dir>', 'run directory')
    .option('-m, --metric <kind/entity/variable>', 'draw this metric by arm, e.g. state/CN/output (repeatable)', collect)
    .option('--arms <a,b>', 'only these arms, in this order (with --metric)', commaList)
    .option('-o, --out <file>', 'write the --metric chart to this .svg or .png file instead of charts/')
    .addHelpText('after', EXAMPLES.chart)
    .action(async (dir: string, opts: { metric?: string[]; arms?: string[]; out?: string }) => {
      const runDir = resolve(cwd, dir);
      if (opts.metric === undefined) {
        for (const flag of ['out', 'arms'] as const) {
          if (opts[flag] !== undefined) throw new ScenarioError([], atCommandLine(`--${flag}: expected it with --metric KIND/ENTITY/VARIABLE (it applies to that chart), received --${flag} alone`));
        }
        const charts = await asBadInput(() => renderRunCharts(runDir), cwd);
        io.stderr(`${charts.length} chart${charts.length === 1 ? '' : 's'} written to ${join(dir, 'charts')}${sep}\n`);
        io.stdout(`${join(dir, 'charts')}\n`);
        return;
      }
      // Checked here too, so that the message quotes the file as typed.
      if (opts.out !== undefined && !/\.(svg|png)$/i.test(opts.out)) throw new ScenarioError([], atCommandLine(`--out: expected a file name ending in .svg or .png, received ${JSON.stringify(opts.out)}`));
      const out = opts.out !== undefined ? resolve(cwd, opts.out) : undefined;
      const charts = await asBadInput(
        () => renderMetricCharts(runDir, { metrics: opts.metric!, ...(opts.arms ? { arms: opts.arms } : {}), ...(out !== undefined ? { out } : {}) }),
        cwd,
      );
      for (const chart of charts) for (const file of chart.files) io.stdout(`${relative(cwd, file).startsWith('..') ? file : relative(cwd, file)}\n`);
    });

  program
    .command('report')
    .description('write the self-contained report.html of a run directory (and its charts)')
    .argument('<dir>', 'run directory')
    .option('-m, --metric <kind/entity/variable>', 'add a time series of this metric, e.g. firm/TSMC/output (repeatable)', collect)
    .option('--arms <a,b>', 'only these arms in the --metric charts', commaList)
    .addHelpText('after', EXAMPLES.report)
    .action(async (dir: string, opts: { metric?: string[]; arms?: string[] }) => {
      if (opts.arms !== undefined && opts.metric === undefined) {
        throw new ScenarioError([], atCommandLine('--arms: expected it with --metric KIND/ENTITY/VARIABLE (it applies to those charts), received --arms alone'));
      }
      const report = await renderReport(resolve(cwd, dir), cwd, { ...(opts.metric ? { metrics: opts.metric } : {}), ...(opts.arms ? { arms: opts.arms } : {}) });
      io.stdout(`Report: ${relative(cwd, report).startsWith('..') ? report : relative(cwd, report)}\n`);
    });

  addLimitOptions(
    program
      .command('validate')
      .description('check scenario files without running them')
      .argument('<files...>', 'scenario files')
      .option('--set <path=value>', 'set a value by path before checking (repeatable)', collect),
  )
    .addHelpText('after', EXAMPLES.validate)
    .action(async (files: string[], opts: Record<string, unknown>) => {
      const problems: string[] = [];
      for (const file of files) {
        try {
          const limits = limitsFrom(opts);
          const { plan, scenario } = await validateScenarioAsync(file, { cwd, set: (opts.set as string[] | undefined) ?? [], limits });
          const m = plan.meta;
          const shared = (m.shared ?? []).map((s) => `; arm "${s.arm}" ignores ${s.parameters.join(', ')} and runs at ${s.points} of the ${m.points.length} points`).join('');
          const budget = m.budget !== undefined ? `; this plan ${formatBudget(m.budget)}` : '';
          io.stdout(`${scenario.display}: ok (${m.arms.length} arm${m.arms.length === 1 ? '' : 's'} × ${m.points.length} point${m.points.length === 1 ? '' : 's'} × ${m.replicates} replicate${m.replicates === 1 ? '' : 's'} = ${m.runs.length} runs${shared})${budget}\n`);
          for (const note of m.notes ?? []) io.stderr(`note: ${note}\n`);
        } catch (error) {
          if (!(error instanceof ScenarioError)) throw error;
          problems.push(...error.lines());
        }
      }
      if (problems.length > 0) throw new ScenarioError([], problems.join('\n'));
    });

  program
    .command('schema')
    .description('print the JSON Schema (draft 2020-12) of scenario files')
    .option('--world', 'the schema of world files instead')
    .option('-o, --out <file>', 'write it to a file')
    .addHelpText('after', EXAMPLES.schema)
    .action((opts: { world?: boolean; out?: string }) => {
      const text = `${JSON.stringify(scenarioJsonSchema(opts.world ? 'world' : 'scenario'), null, 2)}\n`;
      if (opts.out) {
        writeNamed(resolve(cwd, opts.out), text);
        io.stderr(`wrote ${opts.out}\n`);
      } else io.stdout(text);
    });

  program
    .command('merge')
    .description('join shard directories (run --shard i/N) into one run directory')
    .argument('<dirs...>', 'shard directories')
    .requiredOption('-o, --out <dir>', 'the merged run directory')
    .option('--resubmit <script>', 'the Slurm array script of the shards (from `chokepoint slurm`): failed shards are also reported as `sbatch --array=… SCRIPT`')
    .addHelpText('after', EXAMPLES.merge)
    .action(async (dirs: string[], opts: { out: string; resubmit?: string }) => {
      const { out, plan, warnings } = await mergeRuns(dirs, { out: opts.out, cwd, command: me, ...(opts.resubmit !== undefined ? { resubmit: opts.resubmit } : {}) });
      for (const warning of warnings) io.stderr(`warning: ${warning}
`);
      const shown = relative(cwd, out).startsWith('..') ? out : relative(cwd, out) || '.';
      io.stderr(`merged ${plan.runs.length} runs from ${dirs.length} director${dirs.length === 1 ? 'y' : 'ies'} into ${shown}${sep}\n`);
      io.stdout(`${shown}\n`);
    });

  program
    .command('init')
    .description('write a commented starter scenario')
    .argument('[file]', 'the file to write', 'scenario.yaml')
    .option('-f, --force', 'overwrite an existing file')
    .addHelpText('after', EXAMPLES.init)
    .action((file: string, opts: { force?: boolean }) => {
      const target = resolve(cwd, file);
      if (existsSync(target) && !opts.force) throw new ScenarioError([], `${file}: exists; pass --force to overwrite it`);
      const schema = join(libraryDir(), 'scenario.schema.json');
      const rel = relative(dirname(target), schema).split(sep).join('/');
      writeNamed(target, starterScenario(existsSync(schema) ? (rel.startsWith('.') ? rel : `./${rel}`) : schema, me));
      io.stderr(`wrote ${file}; check it with: ${me} validate ${file}\n`);
      io.stdout(`${file}\n`);
    });

  program
    .command('list')
    .description('list the bundled scenarios with their titles')
    .option('--json', 'as JSON')
    .addHelpText('after', EXAMPLES.list)
    .action((opts: { json?: boolean }) => {
      const library = libraryDir();
      const entries = listScenarios(library);
      if (opts.json) {
        io.stdout(`${JSON.stringify(entries.map((e) => ({ path: relative(cwd, e.file) || e.file, title: e.title })), null, 2)}\n`);
        return;
      }
      const paths = entries.map((e) => relative(cwd, e.file).startsWith('..') ? e.file : relative(cwd, e.file));
      const width = Math.max(0, ...paths.map((p) => p.length));
      entries.forEach((e, i) => io.stdout(`${paths[i]!.padEnd(width)}  ${e.title}\n`));
    });

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
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return EXIT.ok;
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

/** writeFileSync, naming the file on an error that names none (a write to a full disk reports only ENOSPC). */
function writeNamed(path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (error) {
    const errno = error as NodeJS.ErrnoException;
    if (errno.path === undefined && typeof errno.code === 'string') errno.path = path;
    throw error;
  }
}

/**
 * Commander's messages about flags in the format of every other bad-input line,
 * `(command line):1:1: --flag: expected …, received …` (see atCommandLine); a message it does not recognize is kept.
 */
function commandLineError(text: string): string {
  const invalid = /^error: option '(?:-\w, )?(--[\w-]+)[^']*' argument '([^']*)' is invalid\. (expected .*)$/s.exec(text.trim());
  if (invalid) return `${atCommandLine(`${invalid[1]}: ${invalid[3].trim()}`)}\n`;
  const unknown = /^error: unknown option '([^']+)'(?:\s*\(Did you mean (\S+)\?\))?$/s.exec(text.trim());
  if (unknown) {
    const hint = unknown[2] !== undefined ? ` (did you mean ${unknown[2]}?)` : '';
    return `${atCommandLine(`${unknown[1]}: expected an option of this command${hint}, received unknown option '${unknown[1]}'`)}\n`;
  }
  const missing = /^error: option '(?:-\w, )?(--[\w-]+)[^']*' argument missing$/.exec(text.trim());
  if (missing) return `${atCommandLine(`${missing[1]}: expected a value after it, received nothing`)}\n`;
  const argument = /^error: missing required argument '([^']+)'$/.exec(text.trim());
  if (argument) return `${atCommandLine(`<${argument[1]}>: expected a ${argument[1]} (see --help), received nothing`)}\n`;
  const command = /^error: unknown command '([^']+)'(?:\s*\(Did you mean (\S+)\?\))?$/s.exec(text.trim());
  if (command) {
    const hint = command[2] !== undefined ? ` (did you mean ${command[2]}?)` : '';
    return `${atCommandLine(`${command[1]}: expected a command${hint} (chokepoint --help lists them), received unknown command '${command[1]}'`)}\n`;
  }
  return text;
}
