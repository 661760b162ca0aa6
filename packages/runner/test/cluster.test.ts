/**
 * Sweeps on a cluster, without a cluster: `--shard auto` from Slurm's environment, the
 * sbatch scripts (run by bash with a stand-in for chokepoint, so their quoting is checked by
 * the shell itself), and merge's report of failed shards. The real Slurm test is
 * test/cluster/slurm.test.ts.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { arrayRanges, guessShardFolder, shardReport, shellQuote } from '@chokepoint/runner/internal';
import {
  mergeRuns,
  parseShard,
  runScenario,
  shardFromEnv,
  slurmLayout,
  slurmScripts,
  type SlurmJob,
} from '@chokepoint/runner';
import { ScenarioError } from '@chokepoint/scenario';

const root = join(import.meta.dirname, '..', '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'chokepoint-cluster-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The one-line message of a ScenarioError thrown by `task`. */
function problem(task: () => unknown): string {
  try {
    task();
  } catch (error) {
    if (error instanceof ScenarioError) return error.lines().join('\n');
    throw error;
  }
  throw new Error('expected a ScenarioError');
}

describe('--shard auto', () => {
  it('maps any contiguous Slurm array onto shards 1..N, one task per shard (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 1, max: 500 }), (min, count) => {
        const seen = new Set<number>();
        for (let id = min; id < min + count; id++) {
          const env = {
            SLURM_ARRAY_TASK_ID: String(id),
            SLURM_ARRAY_TASK_COUNT: String(count),
            SLURM_ARRAY_TASK_MIN: String(min),
            SLURM_ARRAY_TASK_MAX: String(min + count - 1),
          };
          const shard = parseShard('auto', env);
          expect(shard.count).toBe(count);
          seen.add(shard.index);
        }
        expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: count }, (_, i) => i + 1));
      }),
      { numRuns: 50 },
    );
  });

  it('takes base 1 without SLURM_ARRAY_TASK_MIN', () => {
    expect(shardFromEnv({ SLURM_ARRAY_TASK_ID: '4', SLURM_ARRAY_TASK_COUNT: '4' })).toEqual({ index: 4, count: 4 });
    expect(
      parseShard(' auto ', { SLURM_ARRAY_TASK_ID: '0', SLURM_ARRAY_TASK_COUNT: '2', SLURM_ARRAY_TASK_MIN: '0' }),
    ).toEqual({ index: 1, count: 2 });
  });

  it('is bad input outside an array, for a sparse array and for garbage', () => {
    expect(problem(() => parseShard('auto', {}))).toBe(
      '(command line):1:1: --shard auto: expected SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT in the environment (inside a Slurm job array; elsewhere pass --shard i/N), received SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT unset',
    );
    expect(problem(() => parseShard('auto', { SLURM_ARRAY_TASK_ID: '2' }))).toMatch(
      /received SLURM_ARRAY_TASK_COUNT unset$/,
    );
    // A resubmitted subset (--array=3,5): 2 tasks, but not 2 shards.
    expect(
      problem(() =>
        shardFromEnv({
          SLURM_ARRAY_TASK_ID: '5',
          SLURM_ARRAY_TASK_COUNT: '2',
          SLURM_ARRAY_TASK_MIN: '3',
          SLURM_ARRAY_TASK_MAX: '5',
        }),
      ),
    ).toBe(
      '(command line):1:1: --shard auto: expected a contiguous job array such as --array=1-N (a resubmitted subset needs an explicit --shard i/N), received tasks 3-5 step 1, SLURM_ARRAY_TASK_COUNT=2',
    );
    expect(
      problem(() =>
        shardFromEnv({ SLURM_ARRAY_TASK_ID: '1', SLURM_ARRAY_TASK_COUNT: '4', SLURM_ARRAY_TASK_STEP: '2' }),
      ),
    ).toMatch(/step 2/);
    expect(
      problem(() => shardFromEnv({ SLURM_ARRAY_TASK_ID: '9', SLURM_ARRAY_TASK_COUNT: '4', SLURM_ARRAY_TASK_MIN: '1' })),
    ).toBe('(command line):1:1: --shard auto: expected SLURM_ARRAY_TASK_ID between 1 and 4, received 9');
    expect(problem(() => shardFromEnv({ SLURM_ARRAY_TASK_ID: 'x', SLURM_ARRAY_TASK_COUNT: '4' }))).toBe(
      '(command line):1:1: --shard auto: expected SLURM_ARRAY_TASK_ID to be a whole number, received "x"',
    );
    // i/N still works, and still rejects what it rejected.
    expect(parseShard('3/8', {})).toEqual({ index: 3, count: 8 });
    expect(problem(() => parseShard('0/8', {}))).toMatch(/--shard: expected i\/N with 1 <= i <= N/);
  });
});

describe('shell words and array ranges', () => {
  it('shellQuote survives bash for any string (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.string({ unit: 'binary', minLength: 0, maxLength: 12 }).map((s) => s.replace(/\0/g, '')),
          { minLength: 1, maxLength: 40 },
        ),
        (words) => {
          const script = `printf '%s\\0' ${words.map(shellQuote).join(' ')}`;
          const out = execFileSync('bash', ['-c', script], { encoding: 'utf8' });
          expect(out.split('\0').slice(0, -1)).toEqual(words);
        },
      ),
      { numRuns: 15 },
    );
  });

  it('the rerun commands of a merge report start with the command the user runs chokepoint by', () => {
    const input = {
      count: 2,
      total: 4,
      runIds: ['a/0/0', 'a/0/1', 'a/1/0', 'a/1/1'],
      gaps: [{ index: 2, runs: [1, 3], started: false, folder: 'runs/part-2' }],
      fallbackFile: 'study.yaml',
      absent: ['runs/part-2'],
    };
    expect(shardReport(input)[0]).toMatch(/; run it with: chokepoint run study\.yaml --shard 2\/2 --out runs\/part-2$/);
    expect(shardReport({ ...input, command: 'pnpm exec chokepoint' })[0]).toMatch(
      /; run it with: pnpm exec chokepoint run study\.yaml --shard 2\/2 --out runs\/part-2$/,
    );
  });

  it('arrayRanges compresses runs of task ids, as sbatch --array takes them', () => {
    expect(arrayRanges([3])).toBe('3');
    expect(arrayRanges([5, 1, 2, 3, 9, 8, 2])).toBe('1-3,5,8-9');
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 200 }), { minLength: 1, maxLength: 60 }), (ids) => {
        const expanded = arrayRanges(ids)
          .split(',')
          .flatMap((part) => {
            const [a, b] = part.split('-').map(Number) as [number, number?];
            return Array.from({ length: (b ?? a) - a + 1 }, (_, i) => a + i);
          });
        expect(expanded).toEqual([...ids].sort((x, y) => x - y));
      }),
    );
  });

  it('guesses a shard folder from the numbering of the others', () => {
    expect(
      guessShardFolder(
        new Map([
          [1, '/s/part-1'],
          [2, '/s/part-2'],
        ]),
        3,
      ),
    ).toBe('/s/part-3');
    expect(guessShardFolder(new Map([[12, '/runs/2024-12/shard12']]), 7)).toBe('/runs/2024-12/shard7');
    expect(
      guessShardFolder(
        new Map([
          [1, '/s/a'],
          [2, '/s/part-2'],
        ]),
        3,
      ),
    ).toBeUndefined();
    expect(
      guessShardFolder(
        new Map([
          [1, '/s/x-1'],
          [2, '/t/x-2'],
        ]),
        3,
      ),
    ).toBeUndefined();
    expect(guessShardFolder(new Map(), 3)).toBeUndefined();
    // A number in a parent directory (a temporary folder's random suffix) does not name the shard.
    expect(guessShardFolder(new Map([[1, '/tmp/chokepoint-td1HC9/lone']]), 2)).toBeUndefined();
    expect(guessShardFolder(new Map([[1, '/tmp/td1/part-1']]), 2)).toBe('/tmp/td1/part-2');
    expect(guessShardFolder(new Map([[1, 'C:\\runs1\\part-1']]), 2)).toBe('C:\\runs1\\part-2');
    // Shards sharing one directory on a shared file system.
    expect(
      guessShardFolder(
        new Map([
          [1, '/s/all'],
          [2, '/s/all'],
        ]),
        3,
      ),
    ).toBe('/s/all');
  });
});

describe('slurmScripts', () => {
  const job: SlurmJob = {
    name: 'my study',
    shards: 4,
    command: ['printf', '%s\\n'],
    file: "/home/o'neil/my study.yaml",
    out: '/scratch/me/big',
    cwd: tmp,
    runArgs: ['--set', 'params.label=a b', '--seed', '7'],
  };

  /** Runs a script with bash, chokepoint replaced by printf: the arguments chokepoint would get, one a line. */
  function argsOf(script: string, env: Record<string, string> = {}): string[] {
    const path = join(tmp, `script-${Math.random().toString(36).slice(2)}.sh`);
    writeFileSync(path, script);
    return execFileSync('bash', [path], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
    })
      .trimEnd()
      .split('\n');
  }

  it('array task i runs shard i/N into OUT/part-i with the run flags and its CPUs as workers', () => {
    const { shards } = slurmScripts(job);
    expect(shards).toMatch(/^#!\/bin\/bash\n/);
    const directives = shards.split('\n').filter((l) => l.startsWith('#SBATCH'));
    expect(directives).toEqual([
      '#SBATCH --job-name=chokepoint-my-study',
      '#SBATCH --array=1-4',
      '#SBATCH --output=/scratch/me/big/logs/shard-%a-%A.out',
    ]);
    // #SBATCH lines must come before the first command, or sbatch ignores them.
    expect(shards.indexOf('#SBATCH')).toBeLessThan(shards.indexOf('set -euo'));
    expect(shards.lastIndexOf('#SBATCH')).toBeLessThan(shards.indexOf('set -euo'));
    for (const task of [1, 3]) {
      expect(argsOf(shards, { SLURM_ARRAY_TASK_ID: String(task) })).toEqual([
        'run',
        "/home/o'neil/my study.yaml",
        '--set',
        'params.label=a b',
        '--seed',
        '7',
        '--shard',
        `${task}/4`,
        '--out',
        `/scratch/me/big/part-${task}`,
        '--workers',
        '1',
        '--quiet',
      ]);
    }
    expect(argsOf(shards, { SLURM_ARRAY_TASK_ID: '2', SLURM_CPUS_PER_TASK: '8' })).toContain('8');
  });

  it('takes the partition, time, CPUs and setup lines, and both jobs get the time limit', () => {
    const { shards, merge } = slurmScripts({
      ...job,
      partition: 'short',
      time: '02:00:00',
      cpus: 4,
      setup: ['echo setup-ran'],
    });
    expect(shards).toContain('#SBATCH --cpus-per-task=4\n#SBATCH --partition=short\n#SBATCH --time=02:00:00\n');
    expect(merge).toContain('#SBATCH --partition=short\n#SBATCH --time=02:00:00\n');
    expect(merge).not.toContain('cpus-per-task');
    expect(argsOf(shards, { SLURM_ARRAY_TASK_ID: '1' })[0]).toBe('setup-ran');
  });

  it('the merge job merges every part into OUT/merged and knows the script to resubmit', () => {
    for (const shards of [1, 4, 13]) {
      const { merge } = slurmScripts({ ...job, shards });
      const layout = slurmLayout('/scratch/me/big');
      expect(argsOf(merge)).toEqual([
        'merge',
        ...Array.from({ length: shards }, (_, i) => layout.part(i + 1)),
        '--out',
        layout.merged,
        '--resubmit',
        layout.shardsScript,
      ]);
    }
  });

  it('a command given as shell text is used as it is', () => {
    const { shards } = slurmScripts({ ...job, command: 'printf "%s\\n" via-text' });
    expect(argsOf(shards, { SLURM_ARRAY_TASK_ID: '1' }).slice(0, 2)).toEqual(['via-text', 'run']);
  });

  it('refuses values that cannot go on an #SBATCH line', () => {
    expect(problem(() => slurmScripts({ ...job, out: '/scratch/my runs' }))).toBe(
      '(command line):1:1: --out: expected a value without spaces or quotes (it goes on an #SBATCH line), received "/scratch/my runs"',
    );
    expect(problem(() => slurmScripts({ ...job, partition: 'a b' }))).toMatch(
      /--partition: expected a value without spaces/,
    );
    expect(problem(() => slurmScripts({ ...job, time: "1:00'" }))).toMatch(/--time: expected/);
    expect(problem(() => slurmScripts({ ...job, shards: 0 }))).toMatch(/--array: expected a shard count/);
  });
});

describe('merge with failed shards', () => {
  // sweep.yaml with 2 replicates and 2 steps: the control ignores the swept licence, so it runs
  // at point 0 only: 2 + 2 × 3 = 8 runs, in 3 shards of 3, 3 and 2.
  const file = join(root, 'test/fixtures/scenarios/sweep.yaml');
  const options = { cwd: root, workers: 1, replicates: 2, set: ['horizon=2'] };
  const sweep = join(tmp, 'sweep');
  const layout = slurmLayout(sweep);
  const parts = [1, 2, 3].map((i) => layout.part(i));

  async function runShards(...indices: number[]): Promise<void> {
    for (const index of indices)
      await runScenario(file, { ...options, shard: { index, count: 3 }, out: layout.part(index) });
  }

  async function mergeProblem(dirs: string[], resubmit?: string): Promise<string[]> {
    try {
      await mergeRuns(dirs, { out: layout.merged, cwd: root, ...(resubmit ? { resubmit } : {}) });
    } catch (error) {
      if (error instanceof ScenarioError) return error.lines();
      throw error;
    }
    throw new Error('expected merge to fail');
  }

  it('names a missing and an unfinished shard with the commands that rerun them, and writes nothing', async () => {
    rmSync(sweep, { recursive: true, force: true });
    mkdirSync(layout.part(3), { recursive: true }); // task 3 was cancelled: Slurm made nothing, or an empty folder
    writeFileSync(layout.mergeScript, '#!/bin/bash\n');
    await runShards(1, 2);
    const part2 = readdirSync(join(layout.part(2), 'parts')).filter((n) => n.endsWith('.part'));
    expect(part2).toHaveLength(3);
    rmSync(join(layout.part(2), 'parts', part2[1]!)); // task 2 died after its first run

    const rerun = 'chokepoint run test/fixtures/scenarios/sweep.yaml --set horizon=2 --replicates 2';
    const lines = await mergeProblem(parts, layout.shardsScript);
    expect(lines).toEqual([
      `${layout.part(2)}: shard 2/3 is unfinished: 1 of its runs is missing (e.g. controls/1/0); finish it with: ${rerun} --shard 2/3 --out ${layout.part(2)} --resume`,
      `${layout.part(3)}: shard 3/3 is missing (2 runs, e.g. controls/0/0): the folder does not exist or is empty; run it with: ${rerun} --shard 3/3 --out ${layout.part(3)}`,
      `merge: resubmit the failed array tasks with: sbatch --array=2-3 ${layout.shardsScript}`,
      `merge: or resubmit them and merge when they end: j=$(sbatch --parsable --array=2-3 ${layout.shardsScript}) && sbatch --dependency=afterany:\${j%;*} ${layout.mergeScript}`,
      'merge: 3 of 8 runs are missing; nothing was written',
    ]);
    expect(existsSync(layout.merged)).toBe(false);
    expect(readdirSync(sweep).filter((n) => n.includes('merging'))).toEqual([]);

    // Without --resubmit, and with the folder of shard 3 not given (a glob finds no part-3):
    // its folder is guessed from the others' numbering.
    const plain = await mergeProblem(parts.slice(0, 2));
    expect(plain).toHaveLength(3);
    expect(plain[1]).toBe(
      `${layout.part(3)}: shard 3/3 is missing (2 runs, e.g. controls/0/0); run it with: ${rerun} --shard 3/3 --out ${layout.part(3)}`,
    );

    // The printed commands are the fix: rerun them and the merge succeeds.
    await runScenario(file, { ...options, shard: { index: 2, count: 3 }, out: layout.part(2), resume: true });
    await runShards(3);
    const { plan } = await mergeRuns(parts, { out: layout.merged, cwd: root, resubmit: layout.shardsScript });
    expect(plan.runs).toHaveLength(8);
    expect(readdirSync(layout.merged).sort()).toEqual([
      'manifest.json',
      'measures.csv',
      'metrics.csv',
      'metrics.parquet',
      'scenario.yaml',
      'summary.json',
    ]);
    expect(readdirSync(sweep).filter((n) => n.includes('merging'))).toEqual([]);
  });

  it('says so when no shard has started, and falls back to DIR when a folder cannot be known', async () => {
    const none = [join(tmp, 'never-1'), join(tmp, 'never-2')];
    expect(await mergeProblem(none, layout.shardsScript)).toEqual([
      `merge: none of the 2 shard directories have started (${none[0]}, ${none[1]} do not exist or are empty)`,
      `merge: submit the array job with: sbatch ${layout.shardsScript}`,
      'merge: nothing was written',
    ]);
    // Shard 1 of 3 in a folder that does not name its number: shards 2 and 3 have no known folder.
    const lone = join(tmp, 'lone');
    await runScenario(file, { ...options, shard: { index: 1, count: 3 }, out: lone });
    const lines = await mergeProblem([lone], undefined);
    expect(lines[0]).toMatch(
      /^merge: shard 2\/3 is missing \(3 runs, e\.g\. \S+\); run it with: chokepoint run .* --shard 2\/3 --out DIR$/,
    );
    expect(lines.at(-1)).toBe('merge: 5 of 8 runs are missing; nothing was written');
  });
});
