/**
 * End to end through the real `chokepoint` CLI (TypeScript source through tsx, as
 * `pnpm chokepoint` runs it): the bundled quickstart, byte-identical outputs across worker
 * counts, shards + merge, kill -9 then --resume, and the other commands.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { cliChild } from '../support/cli.js';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../packages/cli/src/program.js';

const root = join(import.meta.dirname, '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'chokepoint-cli-'));
const execFileAsync = promisify(execFile);
const DATA_FILES = ['metrics.csv', 'metrics.parquet', 'measures.csv', 'summary.json', 'scenario.yaml'];
const ENTRY = ['--conditions=source', '--import', 'tsx', 'packages/cli/src/main.ts'];

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const cli = (...args: string[]) => cliChild(args, { cwd: root });

function expectSameData(a: string, b: string): void {
  for (const file of DATA_FILES) {
    expect(
      readFileSync(join(b, file)).equals(readFileSync(join(a, file))),
      `${file} differs between ${a} and ${b}`,
    ).toBe(true);
  }
}

function manifest(dir: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
}

describe('chokepoint run on the quickstart', () => {
  const one = join(tmp, 'qs-1');
  const two = join(tmp, 'qs-2');
  const shard1 = join(tmp, 'qs-shard1');
  const shard2 = join(tmp, 'qs-shard2');
  const merged = join(tmp, 'qs-merged');

  it('writes the run directory, identically with 1 and 2 workers', async () => {
    const [a, b] = await Promise.all([
      cli('run', 'scenarios/quickstart.yaml', '--replicates', '2', '--workers', '1', '--out', one),
      cli(
        'run',
        'scenarios/quickstart.yaml',
        '--replicates',
        '2',
        '--workers',
        '2',
        '--quiet',
        '--no-report',
        '--out',
        two,
      ),
    ]);
    expect(a.stderr).toContain('quickstart: 4 arms × 1 point × 2 replicates = 8 runs, 1 worker');
    expect(a.stderr).toMatch(/running \[.*\] 8\/8 runs \| 100%/);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    expect(b.stderr).toBe('');
    // The run directory, then the report: charts and report.html are made by default.
    expect(a.stdout.trim().split('\n')).toEqual([one, `Report: ${join(one, 'report.html')}`]);
    expect(readdirSync(one).sort()).toEqual([
      'charts',
      'manifest.json',
      'measures.csv',
      'metrics.csv',
      'metrics.parquet',
      'report.html',
      'scenario.yaml',
      'summary.json',
    ]);
    // The quickstart's doctrines answer its controls: measures.csv holds retaliations, which the
    // byte comparisons below then pin across worker counts, shards and resumption.
    expect(readFileSync(join(one, 'measures.csv'), 'utf8')).toMatch(/,retaliation,/);
    expect(readdirSync(join(one, 'charts')).some((f) => f.endsWith('.png'))).toBe(true);
    expect(readFileSync(join(one, 'report.html'), 'utf8')).not.toMatch(/https?:\/\//);
    expectSameData(one, two);
    const m1 = manifest(one);
    const m2 = manifest(two);
    expect([m1.workers, m2.workers]).toEqual([1, 2]);
    expect(m1.runs).toEqual(m2.runs);
    expect(m1.seed).toBe('2023');
    expect((m1.scenario as { hash: string }).hash).toMatch(/^sha256:[0-9a-f]{64}$/);

    const csv = readFileSync(join(one, 'metrics.csv'), 'utf8').split('\n');
    expect(csv[0]).toBe('run_id,scenario,arm,point,replicate,seed,step,date,entity_kind,entity,variable,value');
    expect(csv[1]).toMatch(/^control\/0\/0,quickstart,control,0,0,2023\/control\/0\/0,1,2023-03-31,/);
    const arms = [...new Set(csv.slice(1, -1).map((line) => line.split(',')[2]))];
    expect(arms).toEqual(['control', 'us-only', 'aligned', 'fab-fire']);

    const summary = JSON.parse(readFileSync(join(one, 'summary.json'), 'utf8')) as {
      control: string;
      metrics: unknown[];
      effects: Array<{ arm: string; metric: string; difference: number }>;
    };
    expect(summary.control).toBe('control');
    expect(summary.metrics).toHaveLength(4 * 5);
    expect(summary.effects).toHaveLength(3 * 5);
    // The aligned control binds: China's output falls.
    expect(summary.effects.find((e) => e.arm === 'aligned' && e.metric === 'state/CN/output')!.difference).toBeLessThan(
      0,
    );
  });

  it('shards and merges to the same bytes, and names missing shards', async () => {
    const [s1, s2] = await Promise.all([
      cli(
        'run',
        'scenarios/quickstart.yaml',
        '--replicates',
        '2',
        '--workers',
        '1',
        '--quiet',
        '--shard',
        '1/2',
        '--out',
        shard1,
      ),
      cli(
        'run',
        'scenarios/quickstart.yaml',
        '--replicates',
        '2',
        '--workers',
        '1',
        '--quiet',
        '--shard',
        '2/2',
        '--out',
        shard2,
      ),
    ]);
    expect(s1.code, s1.stderr).toBe(0);
    expect(s2.code, s2.stderr).toBe(0);
    expect(existsSync(join(shard1, 'metrics.csv'))).toBe(false);
    const missing = await cli('merge', shard1, '--out', join(tmp, 'qs-incomplete'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/: shard 2\/2 is missing \(4 runs, e\.g\. control\/0\/1\)/);
    const done = await cli('merge', shard1, shard2, '--out', merged);
    expect(done.code, done.stderr).toBe(0);
    expect(existsSync(one) && existsSync(merged)).toBe(true);
    expectSameData(one, merged);
    expect(manifest(merged).shard).toBeNull();
    expect((manifest(merged).merged as Array<{ shard: string }>).map((s) => s.shard)).toEqual(['1/2', '2/2']);
  });
});

describe('kill -9 in the middle of a sweep, then --resume', () => {
  it('gives output byte-identical to an uninterrupted run', async () => {
    const reference = join(tmp, 'sweep-ref');
    const interrupted = join(tmp, 'sweep-killed');
    const sweep = 'test/fixtures/scenarios/sweep.yaml';
    const ref = cli('run', sweep, '--workers', '2', '--quiet', '--out', reference);

    const child = spawn(process.execPath, [...ENTRY, 'run', sweep, '--workers', '1', '--quiet', '--out', interrupted], {
      cwd: root,
      stdio: 'ignore',
    });
    const parts = join(interrupted, 'parts');
    const count = (): number => (existsSync(parts) ? readdirSync(parts).filter((n) => n.endsWith('.part')).length : 0);
    const deadline = Date.now() + 30_000;
    while (count() < 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    const atKill = count();
    expect(atKill).toBeGreaterThanOrEqual(4);
    expect(atKill).toBeLessThan(12);
    expect(existsSync(join(interrupted, 'metrics.csv'))).toBe(false);
    // The outputs grow as runs finish, in temporary files that the resumed run removes.
    expect(readdirSync(interrupted).filter((n) => n.endsWith('.tmp')).length).toBeGreaterThan(0);

    const again = await cli('run', sweep, '--workers', '1', '--quiet', '--out', interrupted);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('received an unfinished run of this scenario (continue it with --resume');

    const resumed = await cli('run', sweep, '--workers', '2', '--resume', '--out', interrupted);
    expect(resumed.code, resumed.stderr).toBe(0);
    // The control ignores the swept licence: 3 runs at one point, and 3 × 3 of the other arm.
    expect(resumed.stderr).toMatch(new RegExp(`= 12 runs, ${atKill} already done`));
    expect(resumed.stderr).toContain(
      'arm "control" ignores licence: it runs at 1 of the 3 sweep points, and its results stand for the others',
    );
    expect((await ref).code).toBe(0);
    expectSameData(reference, interrupted);
    expect(existsSync(join(interrupted, 'parts'))).toBe(false);
    expect(readdirSync(interrupted).filter((n) => n.endsWith('.tmp'))).toEqual([]);

    const csv = readFileSync(join(reference, 'metrics.csv'), 'utf8');
    expect(csv.split('\n')[0]).toBe(
      'run_id,scenario,arm,point,replicate,seed,step,date,entity_kind,entity,variable,value,licence',
    );
    // Retaliations make measures.csv differ from run to run: the comparison above is not of empty files.
    expect(readFileSync(join(reference, 'measures.csv'), 'utf8')).toMatch(/,retaliation,.*\n/);

    const finished = await cli('run', sweep, '--resume', '--quiet', '--out', interrupted);
    expect(finished.code, finished.stderr).toBe(0); // finished: nothing left to do
    const different = await cli('run', sweep, '--seed', '12', '--resume', '--out', interrupted);
    expect(different.code).toBe(2);
    expect(different.stderr).toContain(
      'received a finished run of a different scenario or settings (choose another --out)',
    );
  });
});

describe('a control arm that adopts measures', () => {
  it('is warned about on stderr, even with --quiet, by run and by merge', async () => {
    const file = 'test/fixtures/scenarios/policy-control.yaml';
    // --detail (every firm's rows) on the way, for run and for the shards alike.
    const [run, s1, s2] = await Promise.all([
      cli('run', file, '--workers', '1', '--quiet', '--no-report', '--detail', '--out', join(tmp, 'policy')),
      cli('run', file, '--workers', '1', '--quiet', '--detail', '--shard', '1/2', '--out', join(tmp, 'policy-1')),
      cli('run', file, '--workers', '1', '--quiet', '--detail', '--shard', '2/2', '--out', join(tmp, 'policy-2')),
    ]);
    expect(readFileSync(join(tmp, 'policy', 'metrics.csv'), 'utf8')).toMatch(/,firm,Samsung-Mobile,output,/);
    expect(run.code, run.stderr).toBe(0);
    const warning =
      /^warning: control arm "control" adopts measures in 2 of 2 runs, \d+ in all \(.*doctrine.*\): effects are measured against a world with policy, not a no-policy world .*\n$/;
    expect(run.stderr).toMatch(warning);
    // A shard writes no outputs, so it does not warn; its merge does.
    expect([s1.stderr, s2.stderr]).toEqual(['', '']);
    const merged = await cli(
      'merge',
      join(tmp, 'policy-1'),
      join(tmp, 'policy-2'),
      '--out',
      join(tmp, 'policy-merged'),
    );
    expect(merged.code, merged.stderr).toBe(0);
    expect(merged.stderr.split('\n')[0]).toBe(run.stderr.trim());
    expectSameData(join(tmp, 'policy'), join(tmp, 'policy-merged'));
  });
});

describe('Ctrl-C in the middle of a sweep', () => {
  it('keeps the finished runs, leaves no half-written output, and says how to resume', async () => {
    const out = join(tmp, 'sweep-interrupted');
    const child = spawn(
      process.execPath,
      [...ENTRY, 'run', 'test/fixtures/scenarios/sweep.yaml', '--workers', '1', '--quiet', '--out', out],
      { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const parts = join(out, 'parts');
    const count = (): number => (existsSync(parts) ? readdirSync(parts).filter((n) => n.endsWith('.part')).length : 0);
    const deadline = Date.now() + 30_000;
    while (count() < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGINT');
    const code = await exited;
    expect(code, stderr).toBe(130);
    expect(stderr).toContain(
      `interrupted; finished runs are saved. Continue with: chokepoint run test/fixtures/scenarios/sweep.yaml --resume --out`,
    );
    expect(count()).toBeGreaterThanOrEqual(2);
    expect(readdirSync(out).filter((n) => n.endsWith('.tmp') || n.startsWith('metrics.'))).toEqual([]);
  });
});

describe('the other commands', () => {
  it('validate, list, schema, init', async () => {
    const starter = join(tmp, 'starter.yaml');
    const [validate, list, schema, init] = await Promise.all([
      cli('validate', 'scenarios/quickstart.yaml', 'test/fixtures/scenarios/child.yaml'),
      cli('list'),
      cli('schema'),
      cli('init', starter),
    ]);
    expect(validate.code, validate.stderr).toBe(0);
    // Each file's plan and its budget: rows, bytes of metrics.csv and memory a run, estimated.
    const budget =
      '; this plan writes about [\\d,.]+( million)? rows \\([\\d.]+ (kB|MB) of metrics\\.csv\\); a run needs about [\\d.]+ (kB|MB) of memory';
    expect(validate.stdout).toMatch(
      new RegExp(
        `^scenarios/quickstart\\.yaml: ok \\(4 arms × 1 point × 8 replicates = 32 runs\\)${budget}\ntest/fixtures/scenarios/child\\.yaml: ok \\(2 arms × 1 point × 2 replicates = 4 runs\\)${budget}\n$`,
      ),
    );
    expect(list.stdout).toMatch(
      /^scenarios\/quickstart\.yaml +Quickstart: unilateral vs aligned controls on chipmaking equipment$/m,
    );
    expect(schema.stdout).toBe(readFileSync(join(root, 'scenarios', 'scenario.schema.json'), 'utf8'));
    expect(init.code, init.stderr).toBe(0);
    const checked = await cli('validate', starter);
    expect(checked.code, checked.stderr).toBe(0);
    // Only the export control uses the swept licence: the two other arms run at one point.
    expect(checked.stdout).toContain(
      'ok (3 arms × 2 points × 4 replicates = 16 runs; arm "control" ignores licence and runs at 1 of the 2 points; arm "capacity-shock" ignores licence and runs at 1 of the 2 points)',
    );
    const twice = await cli('init', starter);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain('exists; pass --force to overwrite it');
  });

  // Its own test with room: planning every bundled scenario (23 files, sensitivity designs of up to
  // 8,000 runs among them) takes about 20 s on a quiet machine and three times that beside the rest
  // of the suite, which overran the 60 s the four commands above share.
  it('validate accepts every bundled scenario, one line each', async () => {
    const bundled = (JSON.parse((await cli('list', '--json')).stdout) as Array<{ path: string }>).map((e) => e.path);
    expect(bundled).toContain('scenarios/quickstart.yaml');
    const all = await cli('validate', ...bundled);
    expect(all.code, all.stderr).toBe(0);
    expect(all.stdout.trim().split('\n')).toHaveLength(bundled.length);
  }, 240_000);

  it('exit codes: 2 for bad input, one line each, no stack trace', async () => {
    const [missing, badFlag, badWorkers, badShard] = await Promise.all([
      cli('run', 'scenarios/nope.yaml'),
      cli('run', 'scenarios/quickstart.yaml', '--wrokers', '2'),
      cli('run', 'scenarios/quickstart.yaml', '--workers', 'two'),
      cli('run', 'scenarios/quickstart.yaml', '--shard', '3/2'),
    ]);
    expect(missing).toMatchObject({
      code: 2,
      stderr:
        'scenarios/nope.yaml:1:1: (file): expected an existing scenario file, received "scenarios/nope.yaml" (no such file)\n',
    });
    // Flag errors read like every other bad-input line, commander's included.
    expect(badFlag).toMatchObject({
      code: 2,
      stderr:
        "(command line):1:1: --wrokers: expected an option of this command (did you mean --workers?), received unknown option '--wrokers'\n",
    });
    expect(badWorkers).toMatchObject({
      code: 2,
      stderr: '(command line):1:1: --workers: expected a worker count (an integer >= 1), received "two"\n',
    });
    expect(badShard).toMatchObject({
      code: 2,
      stderr: '(command line):1:1: --shard: expected i/N with 1 <= i <= N, e.g. 2/4, received "3/2"\n',
    });
    const [noFile, noCommand] = await Promise.all([cli('run'), cli('valdate', 'x.yaml')]);
    expect(noFile).toMatchObject({
      code: 2,
      stderr: '(command line):1:1: <file>: expected a file (see --help), received nothing\n',
    });
    expect(noCommand).toMatchObject({
      code: 2,
      stderr:
        "(command line):1:1: valdate: expected a command (did you mean validate?) (chokepoint --help lists them), received unknown command 'valdate'\n",
    });
    for (const r of [missing, badFlag, badWorkers, badShard, noFile, noCommand])
      expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('notes a measure that starts after the run ends, in validate and run (even --quiet), and the manifest keeps it and the overrides', async () => {
    const valid = await cli('validate', 'test/fixtures/notes/date-after-horizon.yaml');
    const note =
      'note: test/fixtures/notes/date-after-horizon.yaml:6:11: timeline[0].date: expected a date within the run, which ends on 2024-12-31 (horizon 8), received "2204-01-01", so the measure is never in force\n';
    expect(valid).toMatchObject({ code: 0, stderr: note });
    const out = join(tmp, 'noted');
    const ran = await cli(
      'run',
      'test/fixtures/notes/step-after-horizon.yaml',
      '--quiet',
      '--no-report',
      '--set',
      'replicates=2',
      '--out',
      out,
    );
    expect(ran.code).toBe(0);
    expect(ran.stderr).toBe(
      'note: test/fixtures/notes/step-after-horizon.yaml:8:15: arms.tariff.timeline[0].step: expected a step before the horizon (8), received 8, so the measure is never in force [arm "tariff"]\n',
    );
    const written = manifest(out);
    expect(written.notes).toEqual([ran.stderr.slice('note: '.length, -1)]);
    expect((written.scenario as { overrides?: unknown }).overrides).toEqual({ set: ['replicates=2'] });
    expect(written.replicates).toBe(2);
  });

  it('exit codes: 2 for an output path that cannot be one, or an empty seed; nothing is written', async () => {
    const file = join(tmp, 'a-file');
    writeFileSync(file, 'keep me');
    const [intoFile, underFile, schemaNowhere, emptySeed] = await Promise.all([
      cli('run', 'scenarios/quickstart.yaml', '--quiet', '--out', file),
      cli('run', 'scenarios/quickstart.yaml', '--quiet', '--out', join(file, 'sub')),
      cli('schema', '--out', join(tmp, 'no-such-folder', 'schema.json')),
      cli('run', 'scenarios/quickstart.yaml', '--quiet', '--seed', '', '--out', join(tmp, 'empty-seed')),
    ]);
    expect(intoFile).toMatchObject({
      code: 2,
      stderr: `${file}: expected a run directory for --out, received a file (choose another --out)\n`,
    });
    expect(underFile).toMatchObject({
      code: 2,
      stderr: `${join(file, 'sub', 'parts')}: expected a folder path, received ENOTDIR from mkdir (a part of the path is a file, not a folder)\n`,
    });
    expect(schemaNowhere).toMatchObject({
      code: 2,
      stderr: `${join(tmp, 'no-such-folder', 'schema.json')}: expected a path whose folder exists, received ENOENT from open (create the folder, or check the path)\n`,
    });
    expect(emptySeed.code).toBe(2);
    expect(emptySeed.stderr).toContain('expected a seed (any non-empty text, e.g. 2023), received ""');
    expect(readFileSync(file, 'utf8')).toBe('keep me');
    expect(existsSync(join(tmp, 'empty-seed'))).toBe(false);
  });

  it('--help on every command has examples; --version', async () => {
    for (const command of [[], ['run'], ['validate'], ['schema'], ['merge'], ['init'], ['list']]) {
      let out = '';
      const code = await runCli(['node', 'chokepoint', ...command, '--help'], {
        stdout: (t) => void (out += t),
        stderr: (t) => void (out += t),
        cwd: root,
      });
      expect(code, command.join(' ')).toBe(0);
      expect(out, command.join(' ')).toContain('Examples:');
      expect(out, command.join(' ')).toContain('Usage: chokepoint');
    }
    const version = JSON.parse(readFileSync(join(root, 'packages', 'cli', 'package.json'), 'utf8')) as {
      version: string;
    };
    const bin = await execFileAsync(process.execPath, ['packages/cli/bin/chokepoint.js', '--version'], { cwd: root });
    expect(bin.stdout.trim()).toBe(version.version);
  });
});

describe('chart and report', () => {
  it('renders a run directory, and says plainly when a directory is not one', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'chokepoint-report-'));
    try {
      const out = join(tmp, 'run');
      const run = await cli(
        'run',
        'scenarios/quickstart.yaml',
        '--replicates',
        '2',
        '--workers',
        '1',
        '--quiet',
        '--no-report',
        '--out',
        out,
      );
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout.trim()).toBe(out);
      expect(existsSync(join(out, 'report.html'))).toBe(false);
      const chart = await cli('chart', out);
      expect(chart.code, chart.stderr).toBe(0);
      expect(readdirSync(join(out, 'charts')).filter((f) => f.endsWith('.svg')).length).toBeGreaterThan(3);
      const report = await cli('report', out);
      expect(report.code, report.stderr).toBe(0);
      expect(report.stdout.trim()).toBe(`Report: ${join(out, 'report.html')}`);
      const html = readFileSync(join(out, 'report.html'), 'utf8');
      expect(html).toContain('Quickstart: unilateral vs aligned controls on chipmaking equipment');
      const missing = await cli('report', tmp);
      expect(missing.code).toBe(2);
      expect(missing.stderr.trim().split('\n')).toHaveLength(1);
      expect(missing.stderr).toContain('no metrics.csv');
      // Any metric of the run (not only its key metrics), by arm, into a file of its own.
      const png = join(tmp, 'tw.png');
      const one = await cli('chart', out, '--metric', 'state/TW/output', '--arms', 'control,aligned', '--out', png);
      expect(one.code, one.stderr).toBe(0);
      expect(one.stdout.trim()).toBe(png);
      expect(readFileSync(png).subarray(1, 4).toString()).toBe('PNG');
      const withMetric = await cli('report', out, '--metric', 'state/TW/output');
      expect(withMetric.code, withMetric.stderr).toBe(0);
      expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('<figure id="time-series-state-tw-output">');
      // A selection that does not fit is one line, exit 2, naming the valid choices; nothing is written.
      for (const [args, expected] of [
        [
          ['--metric', 'state/TWN/output'],
          '(command line):1:1: --metric: expected a state of the run with variable output (did you mean "TW"?; its states: TW, ',
        ],
        [
          ['--metric', 'state/CN/output', '--arms', 'control,alligned'],
          '(command line):1:1: --arms: expected an arm of the run (did you mean "aligned"?; its arms: control, us-only, aligned, fab-fire), received "alligned"',
        ],
        [
          ['--metric', 'state/CN/output', '--out', 'cn.pdf'],
          '(command line):1:1: --out: expected a file name ending in .svg or .png, received "cn.pdf"',
        ],
        [['--out', 'cn.svg'], '(command line):1:1: --out: expected it with --metric KIND/ENTITY/VARIABLE'],
      ] as const) {
        const bad = await cli('chart', out, ...args);
        expect([bad.code, bad.stdout], bad.stderr).toEqual([2, '']);
        expect(bad.stderr.trim().split('\n')).toHaveLength(1);
        expect(bad.stderr.startsWith(expected), bad.stderr).toBe(true);
      }
      expect(existsSync(join(root, 'cn.pdf')) || existsSync(join(root, 'cn.svg'))).toBe(false);
      const badReport = await cli('report', out, '--metric', 'state/CN/outptu');
      expect(badReport.code).toBe(2);
      expect(badReport.stderr.trim()).toMatch(
        /^\(command line\):1:1: --metric: expected a variable of state\/CN in the run \(did you mean "output"\?; its variables: output, /,
      );
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
