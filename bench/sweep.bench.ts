/**
 * Sweep throughput: runs per second of the quickstart scenario through the
 * real runner (`runScenario`, piscina pool), with 1 and 2 workers, and the
 * speedup. Timing covers the simulation phase (from the plan to the start of
 * output writing), warm after one untimed run each. Results are written to
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
const REPLICATES = 60; // 4 arms × 60 = 240 runs

/** Runs per second of the simulation phase, for one worker count. */
async function throughput(workers: number): Promise<number> {
  const tmp = mkdtempSync(join(tmpdir(), 'chokepoint-sweep-bench-'));
  try {
    let started = 0;
    let finished = 0;
    let runs = 0;
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
    return runs / ((finished - started) / 1000);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

await throughput(1); // warm-up: module loading, JIT
const one = await throughput(1);
await throughput(2);
const two = await throughput(2);
const result = [
  { name: 'sweep/quickstart/1-worker', runsPerSec: one },
  { name: 'sweep/quickstart/2-workers', runsPerSec: two, speedup: two / one },
].map((row) => ({ ...row, runs: 4 * REPLICATES, cpus: cpus().length, node: process.version, date: new Date().toISOString() }));
console.log(`quickstart sweep, ${4 * REPLICATES} runs: ${one.toFixed(1)} runs/s with 1 worker, ${two.toFixed(1)} runs/s with 2 (speedup ${(two / one).toFixed(2)}x)`);
const out = join(here, 'results', 'sweep-latest.json');
writeFileSync(`${out}.tmp`, `${JSON.stringify(result, null, 2)}\n`);
renameSync(`${out}.tmp`, out);
