/**
 * `chokepoint tournament`: a round-robin of doctrines over the bundled worlds (the logic is
 * `runTournament` of @chokepoint/scenario), its chart, and the ranking table.
 */
import { join, relative, resolve, sep } from 'node:path';
import { runTournament, type TournamentOptions, type TournamentResult } from '@chokepoint/analysis';
import { COMMAND_LINE, ScenarioError } from '@chokepoint/scenario';
import {
  createSvgDocument,
  provenanceLine,
  renderPng,
  serializeSvg,
  stampProvenance,
  tournamentChart,
} from '@chokepoint/charts/node';
import { writeFileAtomic } from '@chokepoint/outputs';
import { Presets, SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { CLI_VERSION, collect, integer, seedText, type CliIO } from '../shared.js';
import type { RegisterCommand } from './index.js';

const EXAMPLES = `
Examples:
  $ chokepoint tournament                                   # DNM, NLG, DERISK on every bundled world
  $ chokepoint tournament --worlds toy-chips --replicates 5 --horizon 12 --workers 2   # fast
  $ chokepoint tournament --plugin my-doctrines.ts --doctrines NLG,DNM,MYDOCTRINE --out runs/t

Every ordered pair (A, B) of the doctrines plays in every world: the first player state (US)
follows A, the second (CN) follows B, each the other's rival. The doctrines are ranked by
absolute welfare, relative gains and escalation, with 95% confidence intervals over the
replicates. Writes tournament.json, tournament.csv, tournament.svg and tournament.png into
--out (default runs/tournament-<timestamp>/), with the generated scenarios and their run
directories, and prints the ranking table.`;

function list(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function timestamp(date: Date): string {
  return date
    .toISOString()
    .replace(/\.\d+Z$/, '')
    .replace(/:/g, '-');
}

const HEADINGS: Record<string, string> = {
  welfare: 'welfare (share of demand met)',
  relativeGain: 'relative gains (pp)',
  escalation: 'escalation (index)',
};

/**
 * The ranking table: one row per rank, one column per criterion, each cell the doctrine with
 * its mean and 95% interval.
 *
 * @example
 * ```ts
 * io.stdout(rankingTable(result));
 * ```
 */
export function rankingTable(result: Pick<TournamentResult, 'rankings'>): string {
  const cell = (
    criterion: string,
    entry: TournamentResult['rankings'][number]['entries'][number] | undefined,
  ): string => {
    if (entry === undefined) return '';
    const percent = criterion !== 'escalation';
    const f = (v: number): string => (percent ? (100 * v).toFixed(2) : v.toFixed(3));
    const ci = entry.ci95 === null ? '' : ` [${f(entry.ci95[0])}, ${f(entry.ci95[1])}]`;
    return `${entry.doctrine} ${f(entry.mean)}${ci}`;
  };
  const headers = ['rank', ...result.rankings.map((r) => `${HEADINGS[r.criterion] ?? r.criterion}, ${r.better} first`)];
  const count = Math.max(0, ...result.rankings.map((r) => r.entries.length));
  const rows = Array.from({ length: count }, (_, i) => [
    String(i + 1),
    ...result.rankings.map((r) => cell(r.criterion, r.entries[i])),
  ]);
  const widths = headers.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c]!.length)));
  const line = (cells: string[]): string =>
    `${cells
      .map((text, c) => text.padEnd(widths[c]!))
      .join('  ')
      .trimEnd()}\n`;
  return line(headers) + line(widths.map((w) => '-'.repeat(w))) + rows.map(line).join('');
}

/** Registers `chokepoint tournament`. */
export const registerTournament: RegisterCommand = (program: Command, io: CliIO, cwd: string) => {
  program
    .command('tournament')
    .description('round-robin of doctrines over the bundled worlds, ranked by welfare, relative gains and escalation')
    .option(
      '-d, --doctrines <ids>',
      'comma-separated doctrine ids (default: every registered doctrine, plugins included)',
      list,
    )
    .option('--worlds <names>', 'comma-separated bundled worlds (default: all of scenarios/worlds/)', list)
    .option('--players <a,b>', 'the two player states: the first plays A of a pair, the second B', list)
    .option('-r, --replicates <n>', 'replicates per pair and world', integer(2, 'a replicate count'), 10)
    .option('--horizon <steps>', 'steps per run', integer(1, 'a step count'), 40)
    .option('-s, --seed <seed>', 'base seed', seedText, 'tournament')
    .option(
      '-w, --workers <n>',
      'worker threads (default: the number of CPUs; 1 runs in-process)',
      integer(1, 'a worker count'),
    )
    .option('--plugin <file>', 'a plugin module whose doctrines may play (repeatable)', collect)
    .option('-o, --out <dir>', 'tournament directory (default runs/tournament-<timestamp>/)')
    .option('-q, --quiet', 'no progress bar')
    .addHelpText('after', EXAMPLES)
    .action(async (opts: Record<string, unknown>) => {
      const players = opts.players as string[] | undefined;
      if (players !== undefined && players.length !== 2) {
        throw new ScenarioError([
          {
            ...COMMAND_LINE,
            path: '--players',
            expected: 'two states, e.g. US,CN',
            received: `"${players.join(',')}"`,
          },
        ]);
      }
      const out = resolve(cwd, (opts.out as string | undefined) ?? join('runs', `tournament-${timestamp(new Date())}`));
      let bar: SingleBar | undefined;
      const options: TournamentOptions = {
        out,
        cwd,
        replicates: opts.replicates as number,
        horizon: opts.horizon as number,
        seed: opts.seed as string,
        ...(opts.doctrines !== undefined ? { doctrines: opts.doctrines as string[] } : {}),
        ...(opts.worlds !== undefined ? { worlds: opts.worlds as string[] } : {}),
        ...(players !== undefined ? { players: [players[0]!, players[1]!] as [string, string] } : {}),
        ...(opts.workers !== undefined ? { workers: opts.workers as number } : {}),
        ...(opts.plugin !== undefined ? { plugins: opts.plugin as string[] } : {}),
        onWorld: ({ world, index, worlds, runs }) => {
          if (opts.quiet) return;
          bar?.stop();
          io.stderr(`world ${index + 1}/${worlds}: ${world}, ${runs} runs\n`);
          bar = new SingleBar(
            {
              format: 'running [{bar}] {value}/{total} runs | {percentage}% | ETA {eta_formatted}',
              noTTYOutput: true,
              notTTYSchedule: 2000,
              stream: io.progressStream ?? process.stderr,
              hideCursor: true,
            },
            Presets.shades_classic,
          );
          bar.start(runs * worlds, runs * index);
        },
        onProgress: ({ done }) => bar?.update(done),
      };
      const started = Date.now();
      let result: TournamentResult;
      try {
        result = await runTournament(options);
      } finally {
        bar?.stop();
      }
      const chart = tournamentChart(result, {}, createSvgDocument());
      stampProvenance(
        chart,
        provenanceLine({ scenario: 'doctrine tournament', seed: result.seed, version: CLI_VERSION }),
      );
      const svg = serializeSvg(chart);
      await writeFileAtomic(join(out, 'tournament.svg'), svg);
      await writeFileAtomic(join(out, 'tournament.png'), renderPng(svg));
      const shown = relative(cwd, out).startsWith('..') ? out : relative(cwd, out) || '.';
      if (!opts.quiet) {
        io.stderr(
          `done: ${result.runs} runs (${result.doctrines.length} doctrines, ${result.doctrines.length ** 2} ordered pairs × ${result.worlds.length} world${result.worlds.length === 1 ? '' : 's'} × ${result.replicates} replicates) in ${((Date.now() - started) / 1000).toFixed(1)} s; outputs in ${shown}${sep}\n`,
        );
      }
      io.stdout(rankingTable(result));
      io.stdout(`${shown}\n`);
    });
};
