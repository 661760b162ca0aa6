/**
 * Sweep throughput: runs per second of the quickstart scenario through the
 * real runner (`runScenario`, piscina pool), with 1 and 2 workers, and the
 * speedup. `runsPerSec` counts the whole sweep, from the plan to the last
 * output written: the runner appends each run's rows to metrics.csv and
 * metrics.parquet while later runs simulate, so the two phases overlap and only
 * their sum means anything. `writeSec` times what is left to write after the
 * last run (finishing metrics.parquet, summary.json, manifest.json);
 * `totalSec` times the whole `runScenario` call, loading the scenario included.
 * Each is warm after one untimed run.
 *
 * The machine's own ceiling comes with it: `machineSpeedup` is how many times the runs per
 * second of one 1-worker sweep two copies of it achieve together, each in its own process,
 * started at the same moment once both are warm. No runner can do better on this machine than
 * independent processes sharing nothing, so `efficiency` = speedup / machineSpeedup says how
 * much of what the machine gives the runner's second worker gets. A 1-worker sweep keeps one
 * thread busy (it encodes metrics.parquet on the main thread too), so on a machine whose two
 * vCPUs share one core's execution units machineSpeedup stays well under 2, and so must the
 * speedup.
 * Results are written to bench/results/sweep-latest.json and printed.
 *
 * Run: `pnpm bench:sweep`. (`--copy` is the child mode of the ceiling measurement.)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runScenario } from '@chokepoint/runner';
import { checkTargets, printTargets } from './targets.ts';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const REPLICATES = Number(process.env.BENCH_SWEEP_REPLICATES ?? 240); // 4 arms × 240 = 960 runs

/** Runs per second of the sweep (plan to outputs written), seconds of writing left after the last run, and seconds of the whole call, for one worker count. */
async function throughput(workers: number): Promise<{
  runsPerSec: number;
  writeSec: number;
  totalSec: number;
  runs: number;
  startedAt: number;
  endedAt: number;
}> {
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
    return {
      runsPerSec: runs / ((end - started) / 1000),
      writeSec: (end - finished) / 1000,
      totalSec: (end - begun) / 1000,
      runs,
      // Wall-clock ms of the plan and of the last output, comparable across processes.
      startedAt: performance.timeOrigin + started,
      endedAt: performance.timeOrigin + end,
    };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * Child mode of {@link concurrentCopies}: warm up, say `ready`, wait for `go` on stdin, run one
 * timed 1-worker sweep and print its figures as JSON.
 */
async function copy(): Promise<void> {
  await throughput(1);
  console.log('ready');
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) if (line === 'go') break;
  lines.close();
  console.log(JSON.stringify(await throughput(1)));
}

/**
 * Runs per second that `copies` independent 1-worker sweeps achieve together, each in its own
 * process (this file with `--copy`), started together once all are warm: all their runs over
 * the time from the first plan to the last output, so a copy that finishes early is not
 * counted as running alone.
 */
async function concurrentCopies(copies: number): Promise<number> {
  const children = Array.from({ length: copies }, () =>
    spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--copy'], {
      cwd: root,
      stdio: ['pipe', 'pipe', 'inherit'],
    }),
  );
  const outputs = children.map((child) => {
    const lines = createInterface({ input: child.stdout! });
    const ready = new Promise<void>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`bench copy exited with code ${code} before it was ready`)));
      lines.on('line', (line) => {
        if (line === 'ready') resolve();
      });
    });
    const result = new Promise<{ runs: number; startedAt: number; endedAt: number }>((resolve, reject) => {
      let last = '';
      lines.on('line', (line) => (last = line));
      child.once('exit', (code) =>
        code === 0
          ? resolve(JSON.parse(last) as { runs: number; startedAt: number; endedAt: number })
          : reject(new Error(`bench copy exited with code ${code}`)),
      );
    });
    return { ready, result };
  });
  await Promise.all(outputs.map((o) => o.ready));
  for (const child of children) child.stdin!.end('go\n');
  const copiesDone = await Promise.all(outputs.map((o) => o.result));
  const runs = copiesDone.reduce((sum, c) => sum + c.runs, 0);
  const ms = Math.max(...copiesDone.map((c) => c.endedAt)) - Math.min(...copiesDone.map((c) => c.startedAt));
  return runs / (ms / 1000);
}

if (process.argv.includes('--copy')) {
  await copy();
} else {
  await throughput(1); // warm-up: module loading, JIT
  const one = await throughput(1);
  await throughput(2);
  const two = await throughput(2);
  const together = await concurrentCopies(2);
  const speedup = two.runsPerSec / one.runsPerSec;
  const machineSpeedup = together / one.runsPerSec;
  const result = [
    { name: 'sweep/quickstart/1-worker', runsPerSec: one.runsPerSec, writeSec: one.writeSec, totalSec: one.totalSec },
    {
      name: 'sweep/quickstart/2-workers',
      runsPerSec: two.runsPerSec,
      speedup,
      writeSec: two.writeSec,
      totalSec: two.totalSec,
      totalSpeedup: one.totalSec / two.totalSec,
      machineSpeedup,
      efficiency: speedup / machineSpeedup,
    },
  ].map((row) => ({
    ...row,
    runs: 4 * REPLICATES,
    cpus: cpus().length,
    node: process.version,
    date: new Date().toISOString(),
  }));
  console.log(
    `quickstart sweep, ${4 * REPLICATES} runs: ${one.runsPerSec.toFixed(1)} runs/s with 1 worker, ${two.runsPerSec.toFixed(1)} runs/s with 2 (speedup ${speedup.toFixed(2)}x); ` +
      `writing left after the last run ${one.writeSec.toFixed(2)} s and ${two.writeSec.toFixed(2)} s; whole run ${one.totalSec.toFixed(2)} s and ${two.totalSec.toFixed(2)} s (${(one.totalSec / two.totalSec).toFixed(2)}x)`,
  );
  console.log(
    `machine ceiling: two 1-worker sweeps in separate processes together ${together.toFixed(1)} runs/s (${machineSpeedup.toFixed(2)}x one); ` +
      `the runner's 2 workers get ${(100 * (speedup / machineSpeedup)).toFixed(0)}% of that`,
  );
  const out = join(here, 'results', 'sweep-latest.json');
  writeFileSync(`${out}.tmp`, `${JSON.stringify(result, null, 2)}\n`);
  renameSync(`${out}.tmp`, out);
  printTargets(checkTargets([], result));
}
