/**
 * Sweep throughput: runs per second of the quickstart scenario through the
 * real runner (`runScenario`, piscina pool), with 1 and 2 workers, and the
 * speedup. `runsPerSec` counts the whole sweep, from the plan to the last
 * output written: the runner appends each run's rows to metrics.csv and
 * metrics.parquet while later runs simulate, so the two phases overlap and only
 * their sum means anything. `writeSec` times what is left to write after the
 * last run (finishing metrics.parquet, summary.json, manifest.json);
 * `totalSec` times the whole `runScenario` call, loading the scenario included.
 * Each is warm after one untimed run. Results are written to
 * bench/results/sweep-latest.json and printed.
 *
 * Run: `pnpm bench:sweep`.
 */
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runScenario } from '@chokepoint/scenario';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const REPLICATES = Number(process.env.BENCH_SWEEP_REPLICATES ?? 240); // 4 arms × 240 = 960 runs

/** Runs per second of the sweep (plan to outputs written), seconds of writing left after the last run, and seconds of the whole call, for one worker count. */
async function throughput(workers: number): Promise<{ runsPerSec: number; writeSec: number; totalSec: number }> {
  const tmp = mkdtempSync(join(tmpdir(), 'chokepoint-sweep-bench-'));
  try {
    let started = 0;
    let finished = 0;
    let runs = 0;
    const begun = performance.now();
    await runScenario('scenarios/quickstart.yaml', {
      cwd: root,
      out: join(tmp, `w${workers}`),
      workers,
      replicates: REPLICATES,
      onPlan: ({ total }) => {
        runs = total;
        started = performance.now();
      },
      onWriting: () => {
        finished = performance.now();
      },
    });
    const end = performance.now();
    return { runsPerSec: runs / ((end - started) / 1000), writeSec: (end - finished) / 1000, totalSec: (end - begun) / 1000 };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

await throughput(1); // warm-up: module loading, JIT
const one = await throughput(1);
await throughput(2);
const two = await throughput(2);
const result = [
  { name: 'sweep/quickstart/1-worker', runsPerSec: one.runsPerSec, writeSec: one.writeSec, totalSec: one.totalSec },
  { name: 'sweep/quickstart/2-workers', runsPerSec: two.runsPerSec, speedup: two.runsPerSec / one.runsPerSec, writeSec: two.writeSec, totalSec: two.totalSec, totalSpeedup: one.totalSec / two.totalSec },
].map((row) => ({ ...row, runs: 4 * REPLICATES, cpus: cpus().length, node: process.version, date: new Date().toISOString() }));
console.log(
  `quickstart sweep, ${4 * REPLICATES} runs: ${one.runsPerSec.toFixed(1)} runs/s with 1 worker, ${two.runsPerSec.toFixed(1)} runs/s with 2 (speedup ${(two.runsPerSec / one.runsPerSec).toFixed(2)}x); ` +
    `writing left after the last run ${one.writeSec.toFixed(2)} s and ${two.writeSec.toFixed(2)} s; whole run ${one.totalSec.toFixed(2)} s and ${two.totalSec.toFixed(2)} s (${(one.totalSec / two.totalSec).toFixed(2)}x)`,
);
const out = join(here, 'results', 'sweep-latest.json');
writeFileSync(`${out}.tmp`, `${JSON.stringify(result, null, 2)}\n`);
renameSync(`${out}.tmp`, out);
