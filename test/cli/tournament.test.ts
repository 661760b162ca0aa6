/**
 * `chokepoint tournament`: deterministic for a seed (two runs, one in this thread and one in a
 * worker pool, give the same tournament.json but for the wall time), the ranking of a
 * two-doctrine case recomputed by hand from the raw metrics.csv, and the CLI end to end on
 * the small toy-chips world with few steps.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliChild } from '../support/cli.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTournament, type TournamentResult } from '@chokepoint/analysis';
import { identicalReplicates } from '@chokepoint/format';

const root = join(import.meta.dirname, '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'chokepoint-tournament-'));
const PLUGIN = 'test/fixtures/plugins/doctrines.ts';
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const cli = (...args: string[]) => cliChild(args, { cwd: root });

const withoutTime = (r: TournamentResult): Omit<TournamentResult, 'startedAt' | 'wallTimeMs'> => {
  const { startedAt: _s, wallTimeMs: _w, ...rest } = r;
  return rest;
};

describe('runTournament with two plugin doctrines on toy-chips', () => {
  // PASSIVE never acts; EMBARGO bans every import from its rival from the first step.
  const design = {
    doctrines: ['PASSIVE', 'EMBARGO'],
    worlds: ['toy-chips'],
    replicates: 3,
    horizon: 8,
    seed: 'test',
    plugins: [PLUGIN],
    cwd: root,
  };
  let a: TournamentResult;
  let b: TournamentResult;
  beforeAll(async () => {
    a = await runTournament({ ...design, out: join(tmp, 'a'), workers: 1 });
    b = await runTournament({ ...design, out: join(tmp, 'b'), workers: 2 });
  });

  it('is deterministic for a seed, across worker counts', () => {
    expect(withoutTime(b)).toEqual(withoutTime(a));
    const file = (dir: string): unknown =>
      withoutTime(JSON.parse(readFileSync(join(tmp, dir, 'tournament.json'), 'utf8')) as TournamentResult);
    expect(file('b')).toEqual(file('a'));
    expect(readFileSync(join(tmp, 'b', 'tournament.csv'), 'utf8')).toBe(
      readFileSync(join(tmp, 'a', 'tournament.csv'), 'utf8'),
    );
    expect(a.runs).toBe(4 * 3);
    expect(a.plugins).toEqual([
      { path: PLUGIN, hash: expect.stringMatching(/^sha256:[0-9a-f]{64}$/), doctrines: ['PASSIVE', 'EMBARGO'] },
    ]);
  });

  it('ranks as the per-pair metrics computed by hand from metrics.csv say', () => {
    // Per run and player: welfare share = Σ welfare / Σ final_demand; escalation = mean escalation index.
    const lines = readFileSync(join(tmp, 'a', 'runs', 'toy-chips', 'metrics.csv'), 'utf8')
      .trim()
      .split('\n');
    const header = lines[0]!.split(',');
    const at = (name: string): number => header.indexOf(name);
    const runs = new Map<string, { arm: string; replicate: number; sums: Record<string, number> }>();
    for (const line of lines.slice(1)) {
      const f = line.split(',');
      if (f[at('entity_kind')] !== 'state' || !['US', 'CN'].includes(f[at('entity')]!)) continue;
      const run = runs.get(f[at('run_id')]!) ?? { arm: f[at('arm')]!, replicate: Number(f[at('replicate')]), sums: {} };
      runs.set(f[at('run_id')]!, run);
      const key = `${f[at('entity')]}/${f[at('variable')]}`;
      run.sums[key] = (run.sums[key] ?? 0) + Number(f[at('value')]);
    }
    expect(runs.size).toBe(12);
    const steps = design.horizon;
    // score[criterion][doctrine][replicate] = list of the doctrine's plays in that replicate
    const plays: Record<string, Record<string, number[][]>> = { welfare: {}, relativeGain: {}, escalation: {} };
    for (const run of runs.values()) {
      const [first, second] = run.arm.split('-vs-') as [string, string];
      const share = (s: string): number => run.sums[`${s}/welfare`]! / run.sums[`${s}/final_demand`]!;
      const sides: Array<[string, string, string]> = [
        ['US', 'CN', first],
        ['CN', 'US', second],
      ];
      for (const [me, other, doctrine] of sides) {
        const push = (criterion: string, value: number): void => {
          const byReplicate = (plays[criterion]![doctrine] ??= [[], [], []]);
          byReplicate[run.replicate]!.push(value);
        };
        push('welfare', share(me));
        push('relativeGain', share(me) - share(other));
        push('escalation', run.sums[`${me}/escalation_index`]! / steps);
      }
    }
    const mean = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;
    for (const ranking of a.rankings) {
      const expected = ['PASSIVE', 'EMBARGO'].map((d) => ({
        doctrine: d,
        mean: mean(plays[ranking.criterion]![d]!.map(mean)),
      }));
      expected.sort((x, y) => (ranking.better === 'higher' ? y.mean - x.mean : x.mean - y.mean));
      expect(
        ranking.entries.map((e) => e.doctrine),
        ranking.criterion,
      ).toEqual(expected.map((e) => e.doctrine));
      ranking.entries.forEach((e, i) => {
        expect(e.mean).toBeCloseTo(expected[i]!.mean, 12);
        expect(e.n).toBe(3);
        // A doctrine that scores the same in every replicate is deterministic: no interval.
        const scores = plays[ranking.criterion]![e.doctrine]!.map(mean);
        expect(e.deterministic).toBe(identicalReplicates(scores));
        if (e.deterministic) expect(e.ci95).toBeNull();
        else {
          expect(e.ci95![0]).toBeLessThanOrEqual(e.mean);
          expect(e.ci95![1]).toBeGreaterThanOrEqual(e.mean);
        }
      });
    }
    // What follows from the doctrines alone: PASSIVE never escalates and EMBARGO keeps one ban in
    // force, closing a share of world trade; in a two-doctrine round-robin, relative gains cancel.
    const escalation = a.rankings.find((r) => r.criterion === 'escalation')!.entries;
    expect(escalation.map((e) => e.doctrine)).toEqual(['PASSIVE', 'EMBARGO']);
    expect(escalation[0]!.mean).toBe(0);
    expect(escalation[1]!.mean).toBeGreaterThan(0);
    expect(escalation[1]!.mean).toBeLessThan(1);
    const relative = a.rankings.find((r) => r.criterion === 'relativeGain')!.entries;
    expect(relative[0]!.mean).toBeCloseTo(-relative[1]!.mean, 12);
    expect(relative[0]!.mean).toBeGreaterThan(0);
  });
});

describe('chokepoint tournament (CLI)', () => {
  it('writes tournament.json, .csv, .svg and .png, and prints the ranking table', async () => {
    const out = join(tmp, 'cli');
    const result = await cli(
      'tournament',
      '--worlds',
      'toy-chips',
      '--doctrines',
      'NLG,DNM',
      '--replicates',
      '2',
      '--horizon',
      '6',
      '--workers',
      '2',
      '--seed',
      '5',
      '--out',
      out,
    );
    expect(result.code, result.stderr).toBe(0);
    for (const file of [
      'tournament.json',
      'tournament.csv',
      'tournament.svg',
      'tournament.png',
      'scenarios/toy-chips.yaml',
      'runs/toy-chips/metrics.csv',
    ])
      expect(existsSync(join(out, file)), file).toBe(true);
    const json = JSON.parse(readFileSync(join(out, 'tournament.json'), 'utf8')) as TournamentResult;
    expect(json.runs).toBe(8);
    expect(json.rankings.map((r) => [r.criterion, r.better, r.entries.map((e) => e.doctrine).sort()])).toEqual([
      ['welfare', 'higher', ['DNM', 'NLG']],
      ['relativeGain', 'higher', ['DNM', 'NLG']],
      ['escalation', 'lower', ['DNM', 'NLG']],
    ]);
    // The generated scenarios record only what the scores need (outputs.variables).
    const recorded = new Set(
      readFileSync(join(out, 'runs/toy-chips/metrics.csv'), 'utf8')
        .trim()
        .split('\n')
        .slice(1)
        .map((line) => line.split(',')[10]),
    );
    expect([...recorded].sort()).toEqual(['escalation_index', 'final_demand', 'welfare']);
    // One CSV row per run and player.
    expect(readFileSync(join(out, 'tournament.csv'), 'utf8').trim().split('\n')).toHaveLength(1 + 8 * 2);
    const table = result.stdout.split('\n');
    expect(table[0]).toMatch(
      /^rank\s+welfare \(share of demand met\), higher first\s+relative gains \(pp\), higher first\s+escalation \(index\), lower first$/,
    );
    const first = json.rankings.map((r) => r.entries[0]!.doctrine);
    expect(table[2]).toMatch(
      new RegExp(
        `^1\\s+${first[0]} [\\d.]+ \\[.*\\]\\s+${first[1]} -?[\\d.]+ \\[.*\\]\\s+${first[2]} [\\d.]+ \\[.*\\]$`,
      ),
    );
    expect(readFileSync(join(out, 'tournament.svg'), 'utf8')).toContain('tournament-chart');
    expect(readFileSync(join(out, 'tournament.svg'), 'utf8')).toMatch(
      /class="chart-provenance">doctrine tournament · seed [^<]+ · chokepoint \d+\.\d+\.\d+<\/text>/,
    );
    expect(result.stderr).toContain('done: 8 runs (2 doctrines, 4 ordered pairs × 1 world × 2 replicates)');
  });

  it('rejects an unknown doctrine with one line and exit code 2', async () => {
    const result = await cli(
      'tournament',
      '--worlds',
      'toy-chips',
      '--doctrines',
      'NLG,DMN',
      '--out',
      join(tmp, 'never'),
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      '(command line):1:1: --doctrines: expected registered doctrines (DNM, NLG, DERISK) (did you mean "DNM"?), received "DMN"\n',
    );
    expect(existsSync(join(tmp, 'never'))).toBe(false);
  });
});
