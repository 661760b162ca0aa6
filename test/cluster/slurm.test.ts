/**
 * A sweep on a real Slurm: a private one-node cluster (Debian's slurm-wlm and munge, started
 * by slurm-cluster.sh in a temporary folder) runs `chokepoint slurm --submit`; the merged
 * data must be byte-identical to a local run. Then a task is cancelled and a shard is cut
 * short on purpose: the merge job must fail with exit 2, write nothing and print the
 * resubmit command, and that command must finish the sweep. Last, `--shard auto` inside a
 * 0-based array. The daemons are stopped by their PIDs afterwards, also when a test fails.
 *
 * Skipped only where Slurm is not installed and CHOKEPOINT_REQUIRE_SLURM is unset; .ci/run
 * installs it and sets the variable, so there a missing Slurm fails instead.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const helper = join(import.meta.dirname, 'slurm-cluster.sh');
const entry = join(root, 'packages', 'cli', 'bin', 'chokepoint.js');
const execFileAsync = promisify(execFile);
const DATA_FILES = ['metrics.csv', 'metrics.parquet', 'measures.csv', 'summary.json', 'scenario.yaml'];
// 2 arms × 3 points × 2 replicates = 12 short runs: 3 per array task.
const SCENARIO = 'test/fixtures/scenarios/sweep.yaml';
const RUN_FLAGS = ['--replicates', '2', '--set', 'horizon=6'];

function onPath(name: string): boolean {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/sbin'];
  return dirs.some((dir) => dir !== '' && existsSync(join(dir, name)));
}

const installed = ['slurmctld', 'slurmd', 'sbatch', 'munged'].every(onPath);
const required = Boolean(process.env.CHOKEPOINT_REQUIRE_SLURM);
if (!installed && !required) {
  console.warn(
    'test/cluster/slurm.test.ts: skipped, Slurm is not installed (apt-get install slurm-wlm munge; .ci/run does it)',
  );
}

describe.skipIf(!installed && !required)('a sweep on a real one-node Slurm cluster', { timeout: 150_000 }, () => {
  const tmp = mkdtempSync(join(tmpdir(), 'chokepoint-slurm-'));
  const cluster = join(tmp, 'cluster');
  const local = join(tmp, 'local');
  let env: NodeJS.ProcessEnv = {};

  /** Runs a command with the cluster's SLURM_CONF; returns stdout, throws with stderr on failure. */
  async function sh(command: string, args: readonly string[]): Promise<string> {
    try {
      return (await execFileAsync(command, args, { cwd: root, env, timeout: 120_000 })).stdout;
    } catch (error) {
      const e = error as { message: string; stderr?: string; stdout?: string };
      throw new Error(`${command} ${args.join(' ')} failed: ${e.message}\n${e.stdout ?? ''}${e.stderr ?? ''}`);
    }
  }

  /** The real chokepoint executable, from source, as the jobs run it. */
  async function chokepoint(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    try {
      const { stdout, stderr } = await execFileAsync(process.execPath, [entry, ...args], {
        cwd: root,
        env,
        timeout: 120_000,
      });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  }

  /** Waits until none of the jobs (or, without ids, no job at all) is pending or running. */
  async function waitFor(...jobs: string[]): Promise<void> {
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline) {
      const queued = await sh('squeue', ['-h', '-o', '%i %T', ...(jobs.length > 0 ? ['-j', jobs.join(',')] : [])]);
      if (queued.trim() === '') return;
      await new Promise((r) => setTimeout(r, 500));
    }
    throw new Error(`jobs ${jobs.join(',')} still queued after 120 s:\n${await sh('squeue', [])}`);
  }

  /** JobState and ExitCode of a finished job (`scontrol show job`). */
  async function jobResult(job: string): Promise<{ state: string; exit: string }> {
    const text = await sh('scontrol', ['show', 'job', '-o', job]);
    return { state: /JobState=(\S+)/.exec(text)?.[1] ?? '?', exit: /ExitCode=(\S+)/.exec(text)?.[1] ?? '?' };
  }

  function expectSameData(dir: string): void {
    for (const file of DATA_FILES)
      expect(
        readFileSync(join(dir, file)).equals(readFileSync(join(local, file))),
        `${file} differs from the local run`,
      ).toBe(true);
  }

  beforeAll(async () => {
    if (!installed)
      throw new Error(
        'CHOKEPOINT_REQUIRE_SLURM is set but slurmctld, slurmd, sbatch or munged is missing: apt-get install slurm-wlm munge',
      );
    mkdirSync(cluster);
    env = {
      ...process.env,
      PATH: `${process.env.PATH ?? ''}${delimiter}/usr/sbin${delimiter}/sbin`,
      CHOKEPOINT_FROM_SOURCE: '1',
    };
    // The cluster starts while the local reference run runs.
    const [started] = await Promise.all([
      sh('bash', [helper, 'start', cluster]),
      chokepoint('run', SCENARIO, ...RUN_FLAGS, '--workers', '1', '--quiet', '--no-report', '--out', local).then((r) =>
        expect(r.code, r.stderr).toBe(0),
      ),
    ]);
    const conf = /SLURM_CONF=(\S+)/.exec(started)?.[1];
    expect(conf).toBe(join(cluster, 'slurm.conf'));
    env.SLURM_CONF = conf;
  }, 120_000);

  afterAll(async () => {
    try {
      if (env.SLURM_CONF !== undefined) {
        const left = execFileSync('squeue', ['-h', '-o', '%i'], { env, encoding: 'utf8' }).split('\n').filter(Boolean);
        if (left.length > 0) execFileSync('scancel', left, { env });
      }
    } catch {
      // The controller may already be gone; stopping the daemons is what matters.
    }
    // Stop the daemons by the PIDs in their pid files: slurmd, slurmctld, then munged.
    for (const file of ['slurmd.pid', 'slurmctld.pid', join('munge', 'munged.pid')]) {
      const path = join(cluster, file);
      if (!existsSync(path)) continue;
      const pid = Number(readFileSync(path, 'utf8').trim());
      if (!Number.isInteger(pid) || pid <= 1) continue;
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        continue;
      }
      for (let i = 0; i < 100 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
      if (alive(pid)) process.kill(pid, 'SIGKILL');
    }
    rmSync(tmp, { recursive: true, force: true });
  }, 30_000);

  it('runs a 4-task array, merges after it, and matches a local run byte for byte', async () => {
    const out = join(tmp, 'sweep');
    const submitted = await chokepoint(
      'slurm',
      SCENARIO,
      '--array',
      '4',
      ...RUN_FLAGS,
      '--time',
      '00:10:00',
      '--out',
      out,
      '--submit',
    );
    expect(submitted.code, submitted.stderr).toBe(0);
    const [arrayJob, mergeJob] = submitted.stdout.trim().split('\n');
    expect(arrayJob).toMatch(/^\d+$/);
    expect(mergeJob).toMatch(/^\d+$/);
    expect(submitted.stderr).toContain(`submitted array job ${arrayJob} (tasks 1-4) and merge job ${mergeJob}`);
    await waitFor(arrayJob!, mergeJob!);

    expect(await jobResult(mergeJob!)).toEqual({ state: 'COMPLETED', exit: '0:0' });
    for (const task of [1, 2, 3, 4]) {
      expect(await jobResult(`${arrayJob}_${task}`)).toEqual({ state: 'COMPLETED', exit: '0:0' });
      expect(existsSync(join(out, `part-${task}`, `shard-${task}-of-4.json`))).toBe(true);
    }
    expect(readdirSync(join(out, 'logs')).sort()).toEqual([
      `merge-${mergeJob}.out`,
      ...[1, 2, 3, 4].map((t) => `shard-${t}-${arrayJob}.out`),
    ]);
    expect(readFileSync(join(out, 'logs', `merge-${mergeJob}.out`), 'utf8')).toContain(
      'merged 8 runs from 4 directories',
    );
    expectSameData(join(out, 'merged'));
    const manifest = JSON.parse(readFileSync(join(out, 'merged', 'manifest.json'), 'utf8')) as {
      merged: Array<{ shard: string }>;
    };
    expect(manifest.merged.map((m) => m.shard)).toEqual(['1/4', '2/4', '3/4', '4/4']);
  });

  it('a cancelled task and a shard cut short: the merge job exits 2, writes nothing, and its resubmit command finishes the sweep', async () => {
    const out = join(tmp, 'failing');
    const written = await chokepoint('slurm', SCENARIO, '--array', '4', ...RUN_FLAGS, '--out', out);
    expect(written.code, written.stderr).toBe(0);
    // Held, so that task 3 is cancelled before it starts and a part of shard 2 can be removed before the merge.
    const arrayJob = (await sh('sbatch', ['--parsable', '--hold', join(out, 'shards.sbatch')])).trim();
    const mergeJob = (
      await sh('sbatch', ['--parsable', '--hold', `--dependency=afterany:${arrayJob}`, join(out, 'merge.sbatch')])
    ).trim();
    await sh('scancel', [`${arrayJob}_3`]);
    await sh('scontrol', ['release', arrayJob]);
    await waitFor(arrayJob);
    // Cancelled before it started: Slurm never ran it, so its folder was never made.
    expect(existsSync(join(out, 'part-3'))).toBe(false);
    for (const task of [1, 2, 4])
      expect(await jobResult(`${arrayJob}_${task}`)).toEqual({ state: 'COMPLETED', exit: '0:0' });
    const parts = readdirSync(join(out, 'part-2', 'parts'))
      .filter((n) => n.endsWith('.part'))
      .sort();
    // 8 runs (the control ignores the swept licence: 2 + 3 × 2) in 4 shards of 2.
    expect(parts).toHaveLength(2);
    rmSync(join(out, 'part-2', 'parts', parts[1]!));
    await sh('scontrol', ['release', mergeJob]);
    await waitFor(mergeJob);

    expect(await jobResult(mergeJob)).toEqual({ state: 'FAILED', exit: '2:0' });
    expect(existsSync(join(out, 'merged'))).toBe(false);
    const log = readFileSync(join(out, 'logs', `merge-${mergeJob}.out`), 'utf8');
    const rerun = `chokepoint run ${SCENARIO} --set horizon=6 --replicates 2`;
    expect(log).toContain(`${join(out, 'part-2')}: shard 2/4 is unfinished: 1 of its runs is missing (e.g. `);
    expect(log).toContain(`finish it with: ${rerun} --shard 2/4 --out ${join(out, 'part-2')} --resume\n`);
    expect(log).toContain(`${join(out, 'part-3')}: shard 3/4 is missing (2 runs, e.g. `);
    expect(log).toContain(`run it with: ${rerun} --shard 3/4 --out ${join(out, 'part-3')}\n`);
    expect(log).toContain(
      `merge: resubmit the failed array tasks with: sbatch --array=2-3 ${join(out, 'shards.sbatch')}\n`,
    );
    expect(log).toContain('merge: 3 of 8 runs are missing; nothing was written');

    // Do what the log says: resubmit the failed tasks with the merge after them.
    const oneLiner = /or resubmit them and merge when they end: (.*)\n/.exec(log)?.[1];
    expect(oneLiner).toBe(
      `j=$(sbatch --parsable --array=2-3 ${join(out, 'shards.sbatch')}) && sbatch --dependency=afterany:\${j%;*} ${join(out, 'merge.sbatch')}`,
    );
    const resubmitted = /Submitted batch job (\d+)/.exec(await sh('bash', ['-c', oneLiner!]))?.[1];
    expect(resubmitted).toMatch(/^\d+$/);
    await waitFor();
    expect(await jobResult(resubmitted!)).toEqual({ state: 'COMPLETED', exit: '0:0' });
    expectSameData(join(out, 'merged'));
  });

  it('--shard auto reads the shard from a 0-based array task', async () => {
    const out = join(tmp, 'auto');
    mkdirSync(out);
    const script = join(out, 'auto.sbatch');
    writeFileSync(
      script,
      [
        '#!/bin/bash',
        '#SBATCH --array=0-3',
        `#SBATCH --output=${join(out, 'auto-%a.out')}`,
        `exec ${process.execPath} ${entry} run ${join(root, SCENARIO)} ${RUN_FLAGS.join(' ')} --shard auto --out ${out}/part-$SLURM_ARRAY_TASK_ID --workers 1`,
        '',
      ].join('\n'),
    );
    const job = (await sh('sbatch', ['--parsable', script])).trim();
    await waitFor(job);
    for (const task of [0, 1, 2, 3]) {
      expect(await jobResult(`${job}_${task}`)).toEqual({ state: 'COMPLETED', exit: '0:0' });
      expect(readFileSync(join(out, `auto-${task}.out`), 'utf8')).toContain(`(shard ${task + 1}/4)`);
    }
    const merged = await chokepoint(
      'merge',
      ...[0, 1, 2, 3].map((t) => join(out, `part-${t}`)),
      '--out',
      join(out, 'merged'),
    );
    expect(merged.code, merged.stderr).toBe(0);
    expectSameData(join(out, 'merged'));
  });
});

/** Whether a process exists and is not a zombie. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}
