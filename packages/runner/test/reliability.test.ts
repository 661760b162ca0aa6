/**
 * Damaged and concurrent run directories (issue 30): part files carry a checksum that resume
 * and merge verify, a damaged shard record is refused by name, and a run directory has one
 * writer at a time, with stale locks (a writer killed with -9) taken over.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mergeRuns, runScenario } from '@chokepoint/runner';
import { ScenarioError } from '@chokepoint/scenario';
import { receivedError, sendableError } from '@chokepoint/outputs/internal';
import { RUN_LOCK, RunLock, shardLock } from '@chokepoint/runner/internal';
import { PartDamage, readPart } from '@chokepoint/outputs/internal';

const root = join(import.meta.dirname, '..', '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'chokepoint-reliability-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const settings = { cwd: root, workers: 1, set: ['replicates=2', 'horizon=4'] };
const DATA = ['metrics.csv', 'metrics.parquet', 'measures.csv', 'summary.json'];

/** Ways a part file gets damaged, each with the words its refusal uses. */
const DAMAGES: Array<[string, (bytes: Buffer) => Buffer, RegExp]> = [
  ['empty', () => Buffer.alloc(0), /an empty file/],
  ['cut short', (b) => b.subarray(0, b.length - 100), /where its header describes \d+ \(cut short\)/],
  ['appended to', (b) => Buffer.concat([b, Buffer.from('x')]), /where its header describes \d+ \(appended to\)/],
  ['header broken', (b) => b.subarray(20), /a header line that is not the JSON a run writes/],
  // One byte of the CSV text: before checksums this merged silently, and metrics.csv disagreed with metrics.parquet.
  [
    'one CSV byte changed',
    (b) => {
      const c = Buffer.from(b);
      c[c.indexOf(10) + 40] ^= 1;
      return c;
    },
    /checksum does not match its header/,
  ],
  [
    'one column byte changed',
    (b) => {
      const c = Buffer.from(b);
      c[c.length - 3] ^= 1;
      return c;
    },
    /checksum does not match its header/,
  ],
];

/** A process id that is not running: a child that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('part file checksums', () => {
  it('refuse each kind of damage with what is wrong, and accept an intact part', async () => {
    const out = join(tmp, 'kept');
    await runScenario('scenarios/quickstart.yaml', { ...settings, out, keepParts: true });
    const part = join(out, 'parts', 'run-000000.part');
    const intact = readFileSync(part);
    expect(readPart(part).header.run).toBe(0);
    for (const [name, damage, words] of DAMAGES) {
      writeFileSync(part, damage(intact));
      const error = (() => {
        try {
          readPart(part);
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(error, name).toBeInstanceOf(PartDamage);
      expect((error as PartDamage).message, name).toMatch(words);
      expect((error as PartDamage).message, name).toContain(`${part}: expected a complete part file, received `);
    }
  });

  it('merge names each damaged part and the command that reruns its shard, and writes nothing; the rerun then merges byte-identically', async () => {
    const whole = join(tmp, 'whole');
    await runScenario('scenarios/quickstart.yaml', { ...settings, out: whole });
    const shards = [1, 2].map((i) => join(tmp, `shard-${i}`));
    for (const [i, out] of shards.entries())
      await runScenario('scenarios/quickstart.yaml', { ...settings, out, shard: { index: i + 1, count: 2 } });
    const first = join(shards[0]!, 'parts', 'run-000000.part');
    const second = join(shards[1]!, 'parts', 'run-000003.part');
    writeFileSync(first, DAMAGES[4]![1](readFileSync(first)));
    writeFileSync(second, DAMAGES[1]![1](readFileSync(second)));
    const merged = join(tmp, 'merged');
    const failure = await mergeRuns(shards, { out: merged, cwd: tmp }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ScenarioError);
    const lines = (failure as ScenarioError).lines();
    expect(lines[0]).toMatch(
      /^shard-1\/parts\/run-000000\.part: expected a complete part file, received bytes whose checksum does not match its header \(changed after it was written\) \(run control\/0\/0\); the command below runs it again$/,
    );
    expect(lines[1]).toMatch(
      /^shard-2\/parts\/run-000003\.part: expected a complete part file, received \d+ bytes where its header describes \d+ \(cut short\) \(run us-only\/0\/1\)/,
    );
    expect(lines).toContain(
      `shard-1: shard 1/2 is unfinished: 1 of its runs is missing (e.g. control/0/0); finish it with: chokepoint run ${join(root, 'scenarios', 'quickstart.yaml')} --set replicates=2 --set horizon=4 --shard 1/2 --out shard-1 --resume`,
    );
    expect(lines.at(-1)).toBe('merge: 2 of 8 runs are missing; nothing was written');
    expect(existsSync(merged)).toBe(false);
    // The printed commands: each shard run checks its parts, removes the damaged ones and runs them again.
    for (const [i, out] of shards.entries())
      await runScenario('scenarios/quickstart.yaml', {
        ...settings,
        out,
        shard: { index: i + 1, count: 2 },
        resume: true,
      });
    await mergeRuns(shards, { out: merged, cwd: tmp });
    for (const file of DATA)
      expect(readFileSync(join(merged, file)).equals(readFileSync(join(whole, file))), file).toBe(true);
  });

  it('resume runs a damaged part again, says so, and writes what an uninterrupted run writes', async () => {
    const whole = join(tmp, 'whole-resume');
    await runScenario('scenarios/quickstart.yaml', { ...settings, out: whole });
    const out = join(tmp, 'interrupted');
    // A shard of one holds every part, as a run killed after its last simulation does.
    await runScenario('scenarios/quickstart.yaml', { ...settings, out, shard: { index: 1, count: 1 } });
    rmSync(join(out, 'shard-1-of-1.json'));
    rmSync(join(out, 'parts', 'shard-1-of-1.json'));
    const part = join(out, 'parts', 'run-000005.part');
    writeFileSync(part, DAMAGES[2]![1](readFileSync(part)));
    let damaged: string[] = [];
    const result = await runScenario('scenarios/quickstart.yaml', {
      ...settings,
      out,
      resume: true,
      onPlan: (info) => (damaged = info.damaged),
    });
    expect(result.executed).toBe(1);
    expect(damaged).toEqual([
      expect.stringMatching(
        /run-000005\.part: expected a complete part file, received \d+ bytes where its header describes \d+ \(appended to\); removed, and its run aligned\/0\/1 runs again$/,
      ),
    ]);
    for (const file of DATA)
      expect(readFileSync(join(out, file)).equals(readFileSync(join(whole, file))), file).toBe(true);
  });

  it('a damaged plan.json or shard record is refused by name, not with a crash', async () => {
    const out = join(tmp, 'records');
    await runScenario('scenarios/quickstart.yaml', { ...settings, out, shard: { index: 1, count: 2 } });
    const marker = join(out, 'shard-1-of-2.json');
    writeFileSync(marker, readFileSync(marker, 'utf8').slice(0, 10));
    const failure = await mergeRuns([out], { out: join(tmp, 'records-merged'), cwd: tmp }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ScenarioError);
    expect((failure as ScenarioError).lines()).toEqual([
      expect.stringMatching(
        /records\/shard-1-of-2\.json: expected the shard record that chokepoint run --shard writes, received damaged JSON \(.+\); run again into a new --out$/,
      ),
    ]);
    writeFileSync(join(out, 'parts', 'plan.json'), '{"format": "chokepoint-pl');
    const resumed = await runScenario('scenarios/quickstart.yaml', { ...settings, out, resume: true }).catch(
      (e: unknown) => e,
    );
    expect(resumed).toBeInstanceOf(ScenarioError);
    expect((resumed as ScenarioError).message).toMatch(
      /parts\/plan\.json: expected the plan\.json that chokepoint run writes, received damaged JSON/,
    );
  });
});

describe('one writer per run directory', () => {
  it('refuses a second writer with the holder, and lets shards of one directory write side by side', () => {
    const parts = join(tmp, 'locks', 'parts');
    mkdirSync(parts, { recursive: true });
    const lock = RunLock.acquire(parts, RUN_LOCK, join(tmp, 'locks'), tmp);
    expect(JSON.parse(readFileSync(join(parts, RUN_LOCK), 'utf8'))).toMatchObject({
      pid: process.pid,
      host: hostname(),
    });
    expect(() => RunLock.acquire(parts, RUN_LOCK, join(tmp, 'locks'), tmp)).toThrow(
      new RegExp(
        `^locks: expected a run directory no other chokepoint is writing, received one that process ${process.pid} on ${hostname()} has written since .+ \\(locks/parts/run\\.lock\\); wait for it to end, or remove that file if the process is gone$`,
      ),
    );
    // A whole run excludes shards too.
    expect(() => RunLock.acquire(parts, shardLock(1, 2), join(tmp, 'locks'), tmp)).toThrow(/process \d+ on/);
    lock.release();
    expect(existsSync(join(parts, RUN_LOCK))).toBe(false);
    const one = RunLock.acquire(parts, shardLock(1, 2), join(tmp, 'locks'), tmp);
    const two = RunLock.acquire(parts, shardLock(2, 2), join(tmp, 'locks'), tmp);
    expect(two.others).toEqual(new Set([process.pid]));
    expect(() => RunLock.acquire(parts, shardLock(1, 2), join(tmp, 'locks'), tmp)).toThrow(/shard-1-of-2\.lock/);
    expect(() => RunLock.acquire(parts, RUN_LOCK, join(tmp, 'locks'), tmp)).toThrow(/shard-1-of-2\.lock/);
    one.release();
    two.release();
    expect(readdirSync(parts)).toEqual([]);
  });

  it('takes over the lock of a writer that is gone (kill -9), and keeps the temporary files of a live one', async () => {
    const out = join(tmp, 'stale');
    await runScenario('scenarios/quickstart.yaml', { ...settings, out, shard: { index: 1, count: 2 } });
    const dead = deadPid();
    writeFileSync(
      join(out, 'parts', RUN_LOCK),
      `${JSON.stringify({ pid: dead, host: hostname(), startedAt: '2026-01-01T00:00:00.000Z' })}\n`,
    );
    writeFileSync(join(out, `metrics.csv.${dead}-0.tmp`), 'left by the killed run');
    // A live shard writing beside it: its temporary part must survive the cleanup.
    writeFileSync(
      join(out, 'parts', shardLock(2, 2)),
      `${JSON.stringify({ pid: process.pid, host: hostname(), startedAt: '2026-01-01T00:00:00.000Z' })}\n`,
    );
    writeFileSync(join(out, 'parts', `run-000001.part.${process.pid}-7.tmp`), 'being written');
    const result = await runScenario('scenarios/quickstart.yaml', {
      ...settings,
      out,
      shard: { index: 1, count: 2 },
      resume: true,
    });
    expect(result.executed).toBe(0);
    expect(existsSync(join(out, `metrics.csv.${dead}-0.tmp`))).toBe(false);
    expect(existsSync(join(out, 'parts', `run-000001.part.${process.pid}-7.tmp`))).toBe(true);
    expect(existsSync(join(out, 'parts', RUN_LOCK))).toBe(true); // the stale whole-run lock is not a shard's to remove…
    // …but a whole run takes it over.
    rmSync(join(out, 'parts', shardLock(2, 2)));
    const whole = await runScenario('scenarios/quickstart.yaml', { ...settings, out, resume: true });
    expect(whole.complete).toBe(true);
  });

  it('refuses a second run into the directory while the first writes, and the first finishes intact', async () => {
    const out = join(tmp, 'concurrent');
    const first = runScenario('scenarios/quickstart.yaml', { ...settings, set: ['replicates=6', 'horizon=8'], out });
    while (!existsSync(join(out, 'parts', RUN_LOCK))) await new Promise((r) => setTimeout(r, 5));
    const second = await runScenario('scenarios/quickstart.yaml', {
      ...settings,
      set: ['replicates=6', 'horizon=8'],
      out,
      resume: true,
    }).catch((e: unknown) => e);
    expect(second).toBeInstanceOf(ScenarioError);
    expect((second as ScenarioError).message).toMatch(
      new RegExp(
        `concurrent: expected a run directory no other chokepoint is writing, received one that process ${process.pid} on`,
      ),
    );
    const result = await first;
    expect(result.complete).toBe(true);
    expect(readdirSync(out).sort()).toEqual([
      'manifest.json',
      'measures.csv',
      'metrics.csv',
      'metrics.parquet',
      'scenario.yaml',
      'summary.json',
    ]);
  });
});

describe('file-system errors from worker threads', () => {
  it('keep their code, syscall and path across the thread boundary', () => {
    const error = Object.assign(new Error('ENOSPC: no space left on device, write'), {
      code: 'ENOSPC',
      syscall: 'write',
      path: '/runs/x/parts/run-000001.part',
    });
    const received = receivedError(structuredClone(sendableError(error))) as NodeJS.ErrnoException;
    expect(received).toMatchObject({
      message: 'ENOSPC: no space left on device, write',
      code: 'ENOSPC',
      syscall: 'write',
      path: '/runs/x/parts/run-000001.part',
    });
    const plain = new Error('not a file-system error');
    expect(receivedError(structuredClone(sendableError(plain)))).toMatchObject({ message: 'not a file-system error' });
  });
});
