/**
 * `chokepoint calibrate`: rejection ABC of an episode's parameters against its target bands
 * (the logic is `runCalibration` of @chokepoint/scenario), the pairs chart, and the
 * posterior table.
 */
import { join, relative, sep } from 'node:path';
import {
  priorsFromArguments,
  readPriorsFile,
  runCalibration,
  type CalibrationOptions,
  type CalibrationRun,
  type DistanceMode,
  type Prior,
  type PriorLocation,
} from '@chokepoint/analysis';
import { COMMAND_LINE, ScenarioError } from '@chokepoint/scenario';
import {
  createSvgDocument,
  pairsChart,
  provenanceLine,
  renderPng,
  serializeSvg,
  stampProvenance,
} from '@chokepoint/charts/node';
import { writeFileAtomic } from '@chokepoint/outputs';
import { Presets, SingleBar } from 'cli-progress';
import { InvalidArgumentError, type Command } from 'commander';
import { collect, integer, seedText, type CliIO } from '../shared.js';
import type { RegisterCommand } from './index.js';

const EXAMPLES = `
Examples:
  $ chokepoint calibrate scenarios/validation/australian-barley-2020-23.yaml \\
      --param params.tariffElasticity="loguniform(0.5, 50)" --param params.substitutionRate="uniform(0.05, 1)" \\
      --samples 400 --accept 40 --seed 1 --out runs/barley-abc
  $ chokepoint calibrate my-episode.yaml --targets my-episode.targets.yaml --priors priors.yaml --tolerance 0.5

Draws --samples parameter vectors from the priors (uniform(min, max), loguniform(min, max),
int(min, max)), runs the episode with each over its replicates, computes the statistic: of
each target in the targets file (default: the episode's name with .targets.yaml), and keeps
the --accept samples closest to the target bands (default 10%) or those within --tolerance.
Writes posterior.csv, calibration.json, pairs.svg, pairs.png, calibrated-set.txt and, when
the episode is in the scenario library, calibrated.yaml (extends the episode with the
posterior medians) into --out; prints the posterior table. Method: docs/calibration.md.`;

function decimal(what: string) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n < 0)
      throw new InvalidArgumentError(`expected ${what} (a number >= 0), received "${value}"`);
    return n;
  };
}

const f = (v: number | null | undefined): string =>
  v == null || !Number.isFinite(v)
    ? '–'
    : Math.abs(v) >= 1000 || (Math.abs(v) < 0.001 && v !== 0)
      ? v.toExponential(3)
      : Number(v.toPrecision(4)).toString();

/**
 * The posterior table: one row per parameter, with its prior, posterior median, mean and
 * 95% interval, and how much narrower than the prior's that interval is.
 *
 * @example
 * ```ts
 * io.stdout(posteriorTable(run));
 * ```
 */
export function posteriorTable(run: Pick<CalibrationRun, 'result'>): string {
  const headers = ['parameter', 'prior', 'median', 'mean', '95% interval', 'width vs prior'];
  const rows = Object.entries(run.result.posterior).map(([name, p]) => [
    name,
    run.result.priors[name] ?? '',
    f(p.median),
    f(p.mean),
    `[${f(p.ci95[0])}, ${f(p.ci95[1])}]`,
    Number.isFinite(p.narrowing) ? `${(100 * p.narrowing).toFixed(0)}%` : '–',
  ]);
  const widths = headers.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c]!.length)));
  const line = (cells: string[]): string =>
    `${cells
      .map((text, c) => text.padEnd(widths[c]!))
      .join('  ')
      .trimEnd()}\n`;
  return line(headers) + line(widths.map((w) => '-'.repeat(w))) + rows.map(line).join('');
}

/** Registers `chokepoint calibrate`. */
export const registerCalibrate: RegisterCommand = (program: Command, io: CliIO, cwd: string) => {
  program
    .command('calibrate')
    .description(
      "calibrate an episode's parameters against its target bands by rejection ABC; posterior samples and a pairs chart",
    )
    .argument('<episode>', 'the episode scenario file (YAML or JSON)')
    .option('-t, --targets <file>', 'the targets file (default: <episode>.targets.yaml)')
    .option(
      '-p, --param <name=prior>',
      'a parameter and its prior, e.g. params.tariffElasticity="loguniform(0.5, 50)" (repeatable)',
      collect,
    )
    .option(
      '--priors <file>',
      'a YAML/JSON file of priors: name: uniform(min, max) | loguniform(min, max) | int(min, max)',
    )
    .option('-n, --samples <n>', 'parameter vectors to draw', integer(1, 'a sample count'), 200)
    .option(
      '-k, --accept <k>',
      'accept the k samples closest to the bands (default: 10% of the samples)',
      integer(1, 'an accepted-sample count'),
    )
    .option('--tolerance <eps>', 'accept every sample within this distance instead', decimal('a distance'))
    .option(
      '--target <id>',
      'calibrate against this target only (repeatable; default: every target with a statistic)',
      collect,
    )
    .option(
      '--distance <mode>',
      'distance to a band: centre (0 at its centre, 1 at an edge) or edge (0 anywhere inside)',
      'centre',
    )
    .option('-s, --seed <seed>', "seed of the draws and runs (default: the episode's seed)", seedText)
    .option('-r, --replicates <n>', "replicates per sample (default: the episode's)", integer(1, 'a replicate count'))
    .option('--set <path=value>', 'set a value of the episode by path first (repeatable)', collect)
    .option(
      '-w, --workers <n>',
      'worker threads (default: the number of CPUs; 1 runs in-process)',
      integer(1, 'a worker count'),
    )
    .option('-o, --out <dir>', 'output directory (default runs/calibrate-<episode>-<timestamp>/)')
    .option('-q, --quiet', 'no progress bar')
    .addHelpText('after', EXAMPLES)
    .action(async (episode: string, opts: Record<string, unknown>) => {
      const priors: Prior[] = [];
      const locations: Record<string, PriorLocation> = {};
      if (opts.priors !== undefined) {
        const list = readPriorsFile(opts.priors as string, cwd);
        priors.push(...list.priors);
        Object.assign(locations, list.locations);
      }
      if (opts.param !== undefined) {
        const list = priorsFromArguments(opts.param as string[]);
        for (const prior of list.priors) {
          const at = priors.findIndex((p) => p.name === prior.name);
          if (at >= 0) priors[at] = prior;
          else priors.push(prior);
        }
        Object.assign(locations, list.locations);
      }
      const distance = opts.distance as string;
      if (distance !== 'centre' && distance !== 'edge') {
        throw new ScenarioError([
          { ...COMMAND_LINE, path: '--distance', expected: 'centre or edge', received: `"${distance}"` },
        ]);
      }
      const name = episode.replace(/^.*[\\/]/, '').replace(/\.(ya?ml|json)$/i, '');
      let bar: SingleBar | undefined;
      const options: CalibrationOptions = {
        priors,
        priorLocations: locations,
        samples: opts.samples as number,
        distance: distance as DistanceMode,
        cwd,
        ...(opts.out !== undefined ? { out: opts.out as string } : {}),
        ...(opts.accept !== undefined ? { accept: opts.accept as number } : {}),
        ...(opts.tolerance !== undefined ? { tolerance: opts.tolerance as number } : {}),
        ...(opts.targets !== undefined ? { targetsFile: opts.targets as string } : {}),
        ...(opts.target !== undefined ? { targets: opts.target as string[] } : {}),
        ...(opts.seed !== undefined ? { seed: opts.seed as string } : {}),
        ...(opts.replicates !== undefined ? { replicates: opts.replicates as number } : {}),
        ...(opts.set !== undefined ? { set: opts.set as string[] } : {}),
        ...(opts.workers !== undefined ? { workers: opts.workers as number } : {}),
        onPlan: ({ samples, arms, replicates, runs, tasks, workers, targets }) => {
          if (opts.quiet) return;
          io.stderr(
            `${name}: ${samples} samples × ${arms.length} arm${arms.length === 1 ? '' : 's'} (${arms.join(', ')}) × ${replicates} replicate${replicates === 1 ? '' : 's'} = ${runs} runs, ${workers} worker${workers === 1 ? '' : 's'}; targets: ${targets.join(', ')}\n`,
          );
          bar = new SingleBar(
            {
              format: 'sampling [{bar}] {value}/{total} samples×arms | {percentage}% | ETA {eta_formatted}',
              noTTYOutput: true,
              notTTYSchedule: 2000,
              stream: io.progressStream ?? process.stderr,
              hideCursor: true,
            },
            Presets.shades_classic,
          );
          bar.start(tasks, 0);
        },
        onProgress: ({ done }) => bar?.update(done),
      };
      const started = Date.now();
      let run: CalibrationRun;
      try {
        run = await runCalibration(episode, options);
      } finally {
        bar?.stop();
      }
      const chart = pairsChart(
        {
          parameters: run.priors.map((p) => ({
            name: p.name,
            scale: p.kind === 'loguniform' ? ('log' as const) : ('linear' as const),
            range: [p.min, p.max] as [number, number],
          })),
          samples: run.values.map((values, i) => ({ values, accepted: run.accepted[i]! })),
        },
        { title: `ABC posterior: ${run.result.episode.name}` },
        createSvgDocument(),
      );
      stampProvenance(
        chart,
        provenanceLine({
          scenario: `calibration of ${run.result.episode.name}`,
          seed: run.result.seed,
          version: run.result.version,
        }),
      );
      const svg = serializeSvg(chart);
      await writeFileAtomic(join(run.out, 'pairs.svg'), svg);
      await writeFileAtomic(join(run.out, 'pairs.png'), renderPng(svg));
      const shown = relative(cwd, run.out).startsWith('..') ? run.out : relative(cwd, run.out) || '.';
      const r = run.result;
      if (!opts.quiet) {
        io.stderr(
          `done: ${r.runs} runs in ${((Date.now() - started) / 1000).toFixed(1)} s; accepted ${r.accepted} of ${r.samples} (${(100 * r.acceptanceRate).toFixed(1)}%), distance <= ${f(r.threshold)}; outputs in ${shown}${sep}\n`,
        );
        for (const t of r.targets) {
          io.stderr(
            `  ${t.id}: band [${t.band.join(', ')}], accepted samples give ${f(t.posterior.mean)} [${f(t.posterior.ci95[0])}, ${f(t.posterior.ci95[1])}], in band: ${(100 * t.inBandPrior).toFixed(0)}% of all, ${(100 * t.inBandPosterior).toFixed(0)}% of accepted\n`,
          );
        }
        io.stderr(
          r.calibrated.scenario !== null
            ? `use the calibrated parameters: ${io.command ?? 'chokepoint'} run ${r.calibrated.scenario}\n`
            : `use the calibrated parameters: ${io.command ?? 'chokepoint'} run ${episode} ${r.calibrated.set.join(' ')}\n`,
        );
      }
      io.stdout(posteriorTable(run));
      io.stdout(`${shown}\n`);
    });
};
