/**
 * Generates docs/findings.md and docs/findings/<experiment>/charts/* from the experiment
 * library (scenarios/experiments/*.yaml): runs each experiment with its own replicates and
 * ablation arms, and its sensitivity sweep (<experiment>.sensitivity.yaml, when there is one),
 * or reads finished run directories; then writes per experiment its question, the effect of
 * each treatment arm against the control with 95% CIs over time (summary.json), what drives
 * each effect (its attribution), its robustness (the Morris screening of the sweep,
 * analysed against the control), a reading generated from the numbers, and its charts.
 *
 *   pnpm findings:report                         # run every experiment and sweep (2 workers), then write
 *   pnpm findings:report --from runs/findings    # read runs/findings/<experiment>/ and <experiment>.sensitivity/ instead
 *   pnpm findings:report --replicates 5          # a quick run; the header says it is one
 *   pnpm findings:report --only standards-bloc-voting --workers 1
 *   (node --conditions=source --import tsx scripts/findings-report.ts ...)
 *
 * Fresh runs go to runs/findings-<timestamp>/<experiment>/ and <experiment>.sensitivity/ (or
 * --runs DIR); docs/findings.md gives the time each took. --replicates (for quick checks only)
 * applies to the experiments, not to the sensitivity sweeps.
 * docs/findings.md is generated: never edit it by hand. Its "What changed and why" section is read
 * from docs/findings/CHANGES.md, which is written by hand when a model change moves the findings.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { writeFileAtomic } from '@chokepoint/outputs';
import { runScenario } from '@chokepoint/runner';
import {
  collectExperiment,
  collectRobustness,
  fmtDuration,
  renderFindings,
  type ExperimentFindings,
} from './findings.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

const { values } = parseArgs({
  options: {
    from: { type: 'string' },
    runs: { type: 'string' },
    replicates: { type: 'string' },
    workers: { type: 'string', default: '2' },
    only: { type: 'string' },
    docs: { type: 'string', default: join(ROOT, 'docs') },
  },
});

function fail(message: string): never {
  process.stderr.write(`findings-report: ${message}\n`);
  process.exit(2);
}

const replicates = values.replicates === undefined ? undefined : Number(values.replicates);
if (replicates !== undefined && !(Number.isInteger(replicates) && replicates >= 2))
  fail(`--replicates: expected an integer >= 2, received ${values.replicates}`);
const workers = Number(values.workers);
if (!(Number.isInteger(workers) && workers >= 1))
  fail(`--workers: expected an integer >= 1, received ${values.workers}`);
if (values.from !== undefined && replicates !== undefined)
  fail('--replicates applies to fresh runs only, not with --from');

const experimentDir = join(ROOT, 'scenarios', 'experiments');
let names = readdirSync(experimentDir)
  // *.sensitivity.yaml are sensitivity sweeps of an experiment (docs/sensitivity.md), not experiments.
  .filter((f) => f.endsWith('.yaml') && !f.endsWith('.sensitivity.yaml'))
  .map((f) => basename(f, '.yaml'))
  .sort();
if (values.only !== undefined) {
  const only = values.only.split(',').map((s) => s.trim());
  for (const name of only)
    if (!names.includes(name)) fail(`--only: no experiment "${name}" (one of ${names.join(', ')})`);
  names = names.filter((n) => only.includes(n));
}

const stamp = new Date()
  .toISOString()
  .replace(/\.\d+Z$/, '')
  .replace(/:/g, '-');
const runsDir = values.from ?? values.runs ?? join(ROOT, 'runs', `findings-${stamp}`);
const started = Date.now();
const experiments: ExperimentFindings[] = [];
for (const name of names) {
  const out = join(runsDir, name);
  // The experiment's sensitivity sweep (its robustness), when it has one.
  const sweepFile = join(experimentDir, `${name}.sensitivity.yaml`);
  const sweepOut = existsSync(sweepFile) ? join(runsDir, `${name}.sensitivity`) : undefined;
  if (values.from !== undefined && !existsSync(join(out, 'summary.json'))) {
    fail(`--from: no finished run of "${name}" at ${out} (expected ${join(out, 'summary.json')})`);
  }
  if (values.from !== undefined && sweepOut !== undefined && !existsSync(join(sweepOut, 'metrics.csv'))) {
    fail(
      `--from: no finished run of "${name}.sensitivity" at ${sweepOut} (run it with: pnpm chokepoint run ${relative(ROOT, sweepFile)} --out ${sweepOut})`,
    );
  }
  try {
    if (values.from === undefined) {
      for (const [file, dir] of [
        [join(experimentDir, `${name}.yaml`), out],
        ...(sweepOut !== undefined ? [[sweepFile, sweepOut]] : []),
      ] as const) {
        const t0 = Date.now();
        process.stdout.write(`${basename(file, '.yaml')}: running into ${relative(ROOT, dir) || dir} ... `);
        const sweep = dir === sweepOut;
        await runScenario(file, {
          cwd: ROOT,
          out: dir,
          workers,
          ...(replicates !== undefined && !sweep ? { replicates } : {}),
        });
        process.stdout.write(`${fmtDuration(Date.now() - t0)}\n`);
      }
    }
    const experiment = await collectExperiment(out, values.docs, ROOT);
    if (sweepOut !== undefined) {
      const t0 = Date.now();
      experiment.robustness = await collectRobustness(
        sweepOut,
        [...new Set(experiment.metrics.map((m) => m.metric))],
        experiment.control,
        ROOT,
      );
      process.stdout.write(`${name}: robustness analysed in ${fmtDuration(Date.now() - t0)}\n`);
    }
    experiments.push(experiment);
  } catch (error) {
    // Bad input (a scenario error, an unreadable run directory): one line, exit code 2.
    fail(`${name}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

const command = [
  'pnpm findings:report',
  ...(values.from !== undefined ? ['--from', relative(ROOT, values.from) || values.from] : []),
  ...(replicates !== undefined ? ['--replicates', String(replicates)] : []),
  ...(values.only !== undefined ? ['--only', values.only] : []),
].join(' ');
// The hand-written account of what moved since the last generation, and why (a model change's).
const changesFile = join(values.docs!, 'findings', 'CHANGES.md');
const changes = existsSync(changesFile) ? readFileSync(changesFile, 'utf8') : undefined;
const markdown = renderFindings({
  experiments,
  command,
  generationMs: Date.now() - started,
  ranExperiments: values.from === undefined,
  ...(replicates !== undefined ? { replicatesOverride: replicates } : {}),
  ...(changes !== undefined ? { changes } : {}),
});
await writeFileAtomic(join(values.docs, 'findings.md'), markdown);
console.log(
  `wrote ${relative(ROOT, join(values.docs, 'findings.md'))} and ${relative(ROOT, join(values.docs, 'findings'))}/*/charts/ (${fmtDuration(Date.now() - started)} in all)`,
);
