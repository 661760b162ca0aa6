/**
 * The notebooks' worlds, run in Node: each notebook's prose says what its charts show
 * ("a unilateral control leaks", "DNM–DNM spirals", "the issuer loses market share"), and
 * these tests keep the prose true when the engine changes. Notebook 5's YAML checks locate
 * problems by line and column. Runs without a browser and type-checks examples/notebooks.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DEFAULT_PARAMS, DEFAULT_STANDARDS_PARAMS, simulate, type MetricRow, type WorldSpec } from '@chokepoint/core';
import { describe, expect, it } from 'vitest';
import {
  allianceWorld,
  equipmentControls,
  leadNote,
  START,
  START_QUARTER,
} from '../../examples/notebooks/src/alliances.ts';
import {
  ARM,
  BASELINE,
  baselineWorld,
  chinaShareOfUsPurchases,
  firstRuns,
  firstWorld,
  headline,
  TARIFF_NOTE,
  YEAR_10,
} from '../../examples/notebooks/src/first.ts';
import type { ResultRow } from '../../examples/notebooks/src/protocol.ts';
import {
  cutoffMeasures,
  sanctionsWorld,
  STAGES,
  STEPS as SANCTION_STEPS,
} from '../../examples/notebooks/src/sanctions.ts';
import { EXAMPLE, locate, parseScenario } from '../../examples/notebooks/src/scenario.ts';
import {
  designOf,
  FACTORS,
  morrisDesign,
  morrisMeasures,
  outcomes,
  sensitivityRuns,
  sensitivityWorld,
} from '../../examples/notebooks/src/sensitivity.ts';
import { finalValues, MERIT, standardsRuns } from '../../examples/notebooks/src/standards.ts';
import * as third from '../../examples/notebooks/src/thirdCountries.ts';
import { deriskingRuns, deriskingTable, deriskingWorld } from '../../examples/notebooks/src/derisking.ts';
import { pairWorld, REPLICATES as PAIR_REPLICATES, stopQuarters } from '../../examples/notebooks/src/titForTat.ts';
import { chipWorld, quarterOf, startOf } from '../../examples/notebooks/src/world.ts';

const root = join(import.meta.dirname, '..', '..');
const notebookText = (file: string): string => readFileSync(join(root, 'examples', 'notebooks', file), 'utf8');

function run(spec: WorldSpec, steps: number, seed: string | number = 1): MetricRow[] {
  return simulate(spec, { steps, seed, record: { firms: true } }).metrics.rows();
}

function series(rows: readonly MetricRow[], entity: string, variable: string): number[] {
  return rows.filter((r) => r.entity === entity && r.variable === variable).map((r) => r.value);
}

/** China's imports of equipment in a step, in volume. */
function importsOf(rows: readonly MetricRow[], step: number): number {
  return rows
    .filter(
      (r) =>
        r.step === step && r.variable === 'trade_volume' && r.entity.endsWith('>CN:sme') && !r.entity.startsWith('CN>'),
    )
    .reduce((s, r) => s + r.value, 0);
}

/** The first quarter (counted from 1, as the charts' x-axes) in which `test` holds of the series' value; 0 if never. */
function firstQuarter(values: readonly number[], test: (value: number, quarter: number) => boolean): number {
  return values.findIndex((v, i) => test(v, i + 1)) + 1;
}

describe('quarter numbering: the engine, the charts and the text agree', () => {
  it('the metrics the charts plot number quarters from 1, and a measure with start s binds from quarter s + 1', () => {
    const rows = run(allianceWorld(equipmentControls(['US'], { lead: 0 })), 12, 'alliances');
    expect(rows.filter((r) => r.entity === 'US' && r.variable === 'measures_in_force').map((r) => r.step)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
    ]);
    const flow = series(rows, 'US>CN:sme', 'trade_volume');
    expect(firstQuarter(series(rows, 'US', 'measures_in_force'), (v) => v > 0)).toBe(START + 1);
    expect(firstQuarter(flow, (v) => v === 0)).toBe(START + 1);
    expect(quarterOf(START)).toBe(START + 1);
    expect(startOf(quarterOf(START))).toBe(START);
    expect(START_QUARTER).toBe(9);
  });

  it('notebook 1: the tariff slider’s note names the quarter the tariff is first collected', () => {
    const rows = run(firstWorld({ us: 'NLG', cn: 'NLG', hawkishness: 0.5, tariff: 0.25 }), 8);
    const collected = firstQuarter(series(rows, 'US', 'tariff_revenue'), (v) => v > 0);
    expect(collected).toBeGreaterThan(1);
    expect(TARIFF_NOTE).toContain(`From quarter ${collected} on`);
  });

  it('notebook 2: the text, the slider’s note and the caption name the quarters of the announcement and the ban', () => {
    const rows = run(allianceWorld(equipmentControls(['US'], { lead: 2 })), 12, 'alliances');
    const flow = series(rows, 'US>CN:sme', 'trade_volume');
    const frontLoading = firstQuarter(flow, (v) => v > 1.01 * flow[0]!); // Chinese fabs stock up once it is announced
    const banned = firstQuarter(flow, (v) => v === 0);
    expect(leadNote(2)).toBe(`Announced in quarter ${frontLoading}, in force from quarter ${banned}`);
    const mentions = [...notebookText('02-export-controls-and-alliances.html').matchAll(/from quarter (\d+)/g)].map(
      (m) => Number(m[1]),
    );
    expect(mentions.length).toBeGreaterThanOrEqual(2);
    expect(new Set(mentions)).toEqual(new Set([banned]));
  });

  it('notebook 4: each stage of the timeline is dated to the quarter its measure binds', () => {
    const count = (rows: MetricRow[]) => series(rows, 'US', 'measures_in_force');
    const control = count(run(sanctionsWorld([], 0.05), 24, 'sanctions'));
    const cutoff = count(run(sanctionsWorld(cutoffMeasures(0), 0.05), 24, 'sanctions'));
    const added = cutoff.map((v, i) => v - control[i]!);
    STAGES.forEach((stage, k) =>
      expect(stage.when).toMatch(new RegExp(`^Q${firstQuarter(added, (v) => v >= k + 1)} `)),
    );
  });

  it('notebook 5: the flow the example cuts disappears in the quarter the text names', () => {
    const parsed = parseScenario(EXAMPLE);
    if (!parsed.ok) throw new Error('example should parse');
    const flow = series(
      run(parsed.scenario.spec, parsed.scenario.steps, parsed.scenario.seed),
      'TW>CN:chip',
      'trade_volume',
    );
    expect(notebookText('05-write-your-own-scenario.html')).toContain(
      `disappear in quarter ${firstQuarter(flow, (v) => v === 0)} `,
    );
  });

  it('every "start: s … quarter q" in the notebooks’ text and code has q = s + 1', () => {
    const files = [
      '01-first-simulation.html',
      '02-export-controls-and-alliances.html',
      '05-write-your-own-scenario.html',
      'src/examples/fdpr-huawei.yaml',
    ];
    let pairs = 0;
    for (const file of files) {
      for (const m of notebookText(file).matchAll(/start:? (\d+)`?[^\n]*?quarter (\d+)/g)) {
        expect(Number(m[2]), `${file}: ${m[0]}`).toBe(Number(m[1]) + 1);
        pairs++;
      }
    }
    expect(pairs).toBeGreaterThanOrEqual(3);
  });
});

/** Runs a notebook's batch in Node, as its worker does (all rows kept). */
function runJobs(jobs: ReturnType<typeof firstRuns>): ResultRow[] {
  return jobs.flatMap((job) =>
    simulate(job.spec, { steps: job.steps, seed: job.seed, record: { firms: false } })
      .metrics.rows()
      .map((r) => ({ ...r, arm: job.arm, replicate: job.replicate })),
  );
}

describe('notebook 1: first simulation', () => {
  const settings = (us: string, cn: string, tariff = 0) => ({ us, cn, hawkishness: 0.5, tariff });
  const meanOf = (
    rows: readonly ResultRow[],
    arm: string,
    entity: string,
    variable: string,
    steps: readonly number[],
  ) => {
    const values = rows
      .filter((r) => r.arm === arm && r.entity === entity && r.variable === variable && steps.includes(r.step))
      .map((r) => r.value);
    return values.reduce((a, b) => a + b, 0) / values.length;
  };

  it('the baseline is the same world with no policy: no measure, and steady', () => {
    const rows = run(baselineWorld(), 40, 'first-simulation/0');
    expect(series(rows, 'US', 'measures_in_force').every((v) => v === 0)).toBe(true);
    expect(series(rows, 'CN', 'measures_in_force').every((v) => v === 0)).toBe(true);
    const us = series(rows, 'US', 'output');
    expect(us.at(-1)!).toBeCloseTo(us[0]!, 6);
  });

  it('the headline compares year 10 with year 10 of the world without policy, not with quarter 1', () => {
    const rows = runJobs(firstRuns(firstWorld(settings('NLG', 'NLG'))));
    const h = headline(rows);
    expect(h.us).toBeCloseTo(
      meanOf(rows, ARM, 'US', 'output', YEAR_10) / meanOf(rows, BASELINE, 'US', 'output', YEAR_10) - 1,
      12,
    );
    expect(h.cn).toBeCloseTo(
      meanOf(rows, ARM, 'CN', 'output', YEAR_10) / meanOf(rows, BASELINE, 'CN', 'output', YEAR_10) - 1,
      12,
    );
    // Against quarter 1 of the same runs the number differs: the policy acts from quarter 1 on.
    expect(
      Math.abs(h.us - (meanOf(rows, ARM, 'US', 'output', YEAR_10) / meanOf(rows, ARM, 'US', 'output', [1]) - 1)),
    ).toBeGreaterThan(0.002);
    // Settings equal to the baseline's world show no change.
    expect(headline(runJobs(firstRuns(baselineWorld()))).us).toBeCloseTo(0, 12);
  });

  it('an NLG United States bans Chinese phones, so its tariff falls on gallium and hardly moves output; a DNM one keeps buying them, and the tariff turns its buyers away', () => {
    const share = (rows: ResultRow[], product: string) => {
      const byQuarter = new Map<number, number[]>();
      for (const r of chinaShareOfUsPurchases(
        rows.filter((x) => x.arm === ARM),
        product,
        product,
      ))
        byQuarter.set(r.step, [...(byQuarter.get(r.step) ?? []), r.value]);
      return (q: number) => byQuarter.get(q)!.reduce((a, b) => a + b, 0) / byQuarter.get(q)!.length;
    };
    const nlg = runJobs(firstRuns(firstWorld(settings('NLG', 'NLG'))));
    const nlgTariff = runJobs(firstRuns(firstWorld(settings('NLG', 'NLG', 0.5))));
    // The reading notes: Chinese phones pass the threat test in quarter 1 and are gone from quarter 5 (four quarters' grace).
    expect(share(nlg, 'phone')(1)).toBeGreaterThan(0);
    expect(share(nlg, 'phone')(4)).toBeGreaterThan(0);
    for (let q = 5; q <= 40; q++) expect(share(nlg, 'phone')(q)).toBe(0);
    // The question: with both on NLG, a 50% tariff moves US output by less than 1%, and only gallium shifts.
    expect(Math.abs(headline(nlgTariff).us - headline(nlg).us)).toBeLessThan(0.01);
    expect(share(nlgTariff, 'gallium')(40)).toBeLessThan(share(nlg, 'gallium')(40) - 0.1);
    // DNM–NLG: the US keeps buying Chinese phones; the tariff turns buyers away and moves US output by more.
    const dnm = runJobs(firstRuns(firstWorld(settings('DNM', 'NLG'))));
    const dnmTariff = runJobs(firstRuns(firstWorld(settings('DNM', 'NLG', 0.5))));
    expect(share(dnm, 'phone')(40)).toBeGreaterThan(0.1);
    expect(share(dnmTariff, 'phone')(40)).toBeLessThan(share(dnm, 'phone')(40) - 0.05);
    expect(Math.abs(headline(dnmTariff).us - headline(dnm).us)).toBeGreaterThan(0.01);
  });

  it('runs every pair of doctrines, with and without a tariff', () => {
    for (const us of ['DNM', 'NLG']) {
      for (const cn of ['DNM', 'NLG']) {
        for (const tariff of [0, 0.25]) {
          const rows = run(firstWorld({ us, cn, hawkishness: 0.5, tariff }), 8);
          expect(series(rows, 'US', 'output').every(Number.isFinite)).toBe(true);
          expect(series(rows, 'CN:chip', 'capability')).toHaveLength(8);
        }
      }
    }
  });

  it('hawkishness matters under DNM and not when both are NLG', () => {
    const last = (rows: MetricRow[]) => series(rows, 'world', 'escalation_index').at(-1);
    const nlg = (h: number) => last(run(firstWorld({ us: 'NLG', cn: 'NLG', hawkishness: h, tariff: 0 }), 40));
    expect(nlg(0)).toBe(nlg(1));
    // Both DNM: each answers the other's measures with a probability equal to its hawkishness (the
    // notebook's question; with China on NLG it settles behind a moving frontier and gains too little to trigger the US).
    const dnm = (h: number) => run(firstWorld({ us: 'DNM', cn: 'DNM', hawkishness: h, tariff: 0 }), 40);
    expect(series(dnm(0), 'US', 'measures_in_force')).not.toEqual(series(dnm(1), 'US', 'measures_in_force'));
  });
});

describe('notebook 2: export controls and alliances', () => {
  const world = (allies: string[], deMinimis?: number) =>
    run(allianceWorld(equipmentControls(['US', ...allies], { lead: 2, deMinimis })), 24, 'alliances');

  it('a unilateral control leaks; a full coalition does not', () => {
    const alone = world([]);
    const full = world(['NL', 'JP']);
    // Leakage: what third countries ship China over what they shipped before the announcement.
    expect(series(alone, 'sme', 'leakage').at(-1)).toBeGreaterThan(0.05 * importsOf(alone, 1));
    expect(series(full, 'sme', 'leakage').every((v) => v === 0)).toBe(true);
    // The leak is market share moved from US firms to their competitors (who then discount and
    // win some of it back elsewhere: the lowest point, not the last, shows the move).
    const share = series(alone, 'US:sme', 'market_share');
    expect(Math.min(...share)).toBeLessThan(share[0]! - 0.05);
  });

  it('each ally cuts China’s imports and deepens the dip in SMIC’s output; what leaks presses on the makers still outside', () => {
    const runs = { none: world([]), nl: world(['NL']), jp: world(['JP']), both: world(['NL', 'JP']) };
    const dip = (rows: MetricRow[]) => Math.min(...series(rows, 'SMIC', 'output'));
    // Imports summed over the control's first four years: a single step can sit on a restocking
    // swing (with Japan in, the Dutch fill Japan's orders and China's stocks refill unevenly).
    const later = (rows: MetricRow[]) => {
      let sum = 0;
      for (let t = START + 1; t <= START + 16; t++) sum += importsOf(rows, t);
      return sum;
    };
    expect(later(runs.nl)).toBeLessThan(later(runs.none));
    expect(later(runs.jp)).toBeLessThan(later(runs.none));
    expect(later(runs.both)).toBeLessThan(later(runs.nl));
    expect(dip(runs.both)).toBeLessThan(dip(runs.nl));
    expect(dip(runs.nl)).toBeLessThan(dip(runs.none));
    // With the Netherlands in, Japan's sales to China rise more than when the US stood alone.
    const japan = (rows: MetricRow[]) => series(rows, 'JP>CN:sme', 'trade_volume')[START + 3]!;
    expect(japan(runs.nl)).toBeGreaterThan(japan(runs.none));
  });

  it('an announced control makes China front-load, and the FDPR reaches ASML below 20%', () => {
    const rows = world([]);
    expect(importsOf(rows, START - 1)).toBeGreaterThan(1.2 * importsOf(rows, 1));
    // ASML is about 20% US-origin: a 15% de minimis binds it (its sales to China stop), a 25% one does not.
    const asml = (deMinimis: number) => series(world([], deMinimis), 'NL>CN:sme', 'trade_volume')[START + 1]!;
    expect(asml(0.15)).toBe(0);
    expect(asml(0.25)).toBeGreaterThan(0);
  });
});

describe('notebook 3: tit-for-tat', () => {
  const pair = (us: string, cn: string, settings = { forgiveness: 0.3, proportionality: 1 }) => {
    const rows = run(pairWorld(us, cn, settings), 40, 'tit-for-tat/0');
    return {
      measures: series(rows, 'US', 'measures_in_force').map((v, i) => v + series(rows, 'CN', 'measures_in_force')[i]!),
      escalation: series(rows, 'world', 'escalation_index'),
      welfare: series(rows, 'world', 'welfare'),
    };
  };
  const measures = (us: string, cn: string, settings = { forgiveness: 0.3, proportionality: 1 }) =>
    pair(us, cn, settings).measures;

  it('DNM–DNM escalates fast, then stops with nothing left to close; NLG–NLG stops after one exchange, lower; welfare barely moves', () => {
    const spiral = pair('DNM', 'DNM');
    const calm = pair('NLG', 'NLG');
    // About a fifth of world trade closed within a year, then flat: no measure piles up on trade already closed.
    expect(spiral.escalation[4]!).toBeGreaterThan(0.1);
    expect(spiral.escalation.at(-1)!).toBeLessThan(0.3);
    expect(spiral.measures.at(-1)!).toBeLessThanOrEqual(spiral.measures[9]! + 2);
    expect(calm.escalation.at(-1)!).toBeLessThanOrEqual(Math.max(...calm.escalation.slice(0, 10)));
    expect(calm.escalation.at(-1)!).toBeLessThan(spiral.escalation.at(-1)!);
    expect(calm.measures.at(-1)!).toBeLessThanOrEqual(2);
    expect(Math.abs(spiral.welfare.at(-1)! / spiral.welfare[0]! - 1)).toBeLessThan(0.05);
  });

  /** The notebook's replicates of one pair at one proportionality: the runs' escalation paths and their worlds' measures. */
  const replicatesOf = (us: string, cn: string, proportionality: number) =>
    Array.from({ length: PAIR_REPLICATES }, (_, r) => {
      const result = simulate(pairWorld(us, cn, { forgiveness: 0.3, proportionality }), {
        steps: 40,
        seed: `tit-for-tat/${r}`,
        record: { firms: false },
      });
      const rows: ResultRow[] = result.metrics.rows().map((row) => ({ ...row, arm: `${us}–${cn}`, replicate: r }));
      return { rows, escalation: series(rows, 'world', 'escalation_index'), world: result.world };
    });
  const ends = (runs: ReturnType<typeof replicatesOf>) => runs.map((r) => r.escalation.at(-1)!);

  it('proportionality sets how fast, not how far: DNM–DNM ends at the same ceiling at ×0, ×0.5, ×1.0 and ×2.0; answers get there sooner', () => {
    const runs = {
      none: replicatesOf('DNM', 'DNM', 0),
      half: replicatesOf('DNM', 'DNM', 0.5),
      one: replicatesOf('DNM', 'DNM', 1),
      two: replicatesOf('DNM', 'DNM', 2),
    };
    const ceiling = ends(runs.one)[0]!;
    // About a fifth of world trade, in every run, whether anyone answers or not.
    expect(ceiling).toBeGreaterThan(0.15);
    expect(ceiling).toBeLessThan(0.25);
    for (const [name, set] of Object.entries(runs))
      for (const end of ends(set)) expect(end, name).toBeCloseTo(ceiling, 9);
    const stop = (set: ReturnType<typeof replicatesOf>) => stopQuarters(set.flatMap((r) => r.rows)).get('DNM–DNM')!;
    // "At × 1.0 within about a year and a half on average, at × 0 only after some eight years."
    expect(stop(runs.one)).toBeLessThan(8);
    expect(stop(runs.none)).toBeGreaterThan(24);
  });

  it('a small answer does not stand in for the DNM side’s control: DNM–NLG ends at the same level at every proportionality', () => {
    const none = ends(replicatesOf('DNM', 'NLG', 0));
    const small = replicatesOf('DNM', 'NLG', 0.1);
    for (const set of [ends(small), ends(replicatesOf('DNM', 'NLG', 1))])
      set.forEach((end, r) => expect(end).toBeCloseTo(none[r]!, 12));
    for (const { world } of small) {
      const controls = world.policy.measures.filter(
        (m) => m.type === 'export_control' && world.stateIds[m.issuer] === 'US',
      );
      // The US answers China's phone ban with a small control, and adopts its own full control beside it.
      expect(controls.map((m) => m.origin).sort()).toEqual(['doctrine', 'retaliation']);
      expect(controls.find((m) => m.origin === 'doctrine')!.fields.licence).toBe(0);
    }
  });

  it('proportionality does not change where NLG–NLG ends: only the two phone bans remain', () => {
    const base = replicatesOf('NLG', 'NLG', 1);
    for (const p of [0, 0.5, 2]) expect(ends(replicatesOf('NLG', 'NLG', p))).toEqual(ends(base));
    for (const { rows, world } of base) {
      const lasting = world.policy.measures.filter((m) => m.end > 40);
      expect(
        lasting.map((m) => [m.type, [...(m.fields.products as Int32Array)].map((k) => world.productIds[k])]),
      ).toEqual([
        ['procurement_ban', ['phone']],
        ['procurement_ban', ['phone']],
      ]);
      expect(series(rows, 'US', 'measures_in_force').at(-1)).toBe(1);
      expect(series(rows, 'CN', 'measures_in_force').at(-1)).toBe(1);
    }
  });

  it('forgiveness does not touch DNM–DNM, where nobody is NLG', () => {
    expect(measures('DNM', 'DNM', { forgiveness: 0, proportionality: 1 })).toEqual(
      measures('DNM', 'DNM', { forgiveness: 1, proportionality: 1 }),
    );
  });
});

describe('notebook 4: sanctions and substitution', () => {
  const both = (rd: number, screening = 0) => ({
    control: run(sanctionsWorld([], rd), SANCTION_STEPS, 'sanctions'),
    cutoff: run(sanctionsWorld(cutoffMeasures(screening), rd), SANCTION_STEPS, 'sanctions'),
  });
  const { control, cutoff } = both(0.05);

  it('the issuer loses market share for good, and TSMC designs out until the rule no longer binds', () => {
    expect(series(cutoff, 'US:sme', 'market_share').at(-1)!).toBeLessThan(
      0.6 * series(control, 'US:sme', 'market_share').at(-1)!,
    );
    expect(series(cutoff, 'US:chip', 'market_share').at(-1)!).toBeLessThan(
      series(control, 'US:chip', 'market_share').at(-1)!,
    );
    const content = series(cutoff, 'TSMC', 'origin_content:US');
    expect(content[0]).toBeGreaterThan(0.25);
    expect(content.at(-1)).toBeLessThan(0.25);
  });

  it('China substitutes imports; R&D moves capability more than the sanctions do', () => {
    expect(series(cutoff, 'CN:chip', 'self_sufficiency').at(-1)!).toBeGreaterThan(
      1.5 * series(control, 'CN:chip', 'self_sufficiency').at(-1)!,
    );
    const at = 12;
    const sanctionsEffect = Math.abs(
      series(cutoff, 'CN:chip', 'capability')[at]! - series(control, 'CN:chip', 'capability')[at]!,
    );
    const rdEffect =
      series(both(0.2).control, 'CN:chip', 'capability')[at]! - series(control, 'CN:chip', 'capability')[at]!;
    // Several times: the sanctions' effect now includes the frontier slowed by its firms' lost sales (ODD §7.18).
    expect(rdEffect).toBeGreaterThan(3 * sanctionsEffect);
  });

  it('screening slows China’s capability', () => {
    const screened = both(0.05, 1).cutoff;
    expect(series(screened, 'CN:chip', 'capability').at(-1)!).toBeLessThan(
      series(cutoff, 'CN:chip', 'capability').at(-1)!,
    );
  });
});

describe('notebook 6: de-risking', () => {
  const tableOf = (cn: string, hawkishness: number) => {
    const rows = deriskingRuns({ cn, hawkishness }).flatMap((job) =>
      simulate(job.spec, { steps: job.steps, seed: job.seed, record: { firms: false } })
        .metrics.rows()
        .map((r) => ({ ...r, arm: job.arm, replicate: job.replicate })),
    );
    return Object.fromEntries(deriskingTable(rows).map((r) => [r.arm, r]));
  };
  const dnmChina = tableOf('DNM', 0.5);

  it('against a DNM China, DERISK closes a fraction of what DNM closes, costs the US less, and holds China’s chips back less', () => {
    const { 'US DNM': dnm, 'US DERISK': derisk } = dnmChina;
    expect(dnm!.escalation).toBeGreaterThan(0.15); // "about a fifth of world trade"
    expect(derisk!.escalation).toBeLessThan(0.3 * dnm!.escalation);
    expect(derisk!.usWelfare).toBeGreaterThan(dnm!.usWelfare);
    expect(derisk!.usWelfare).toBeLessThan(0);
    expect(derisk!.capability).toBeGreaterThan(dnm!.capability);
  });

  it('the US yard here is chipmaking equipment, fenced by a foreign direct product rule: one product', () => {
    for (let r = 0; r < 4; r++) {
      const { world } = simulate(deriskingWorld('DERISK', { cn: 'DNM', hawkishness: 0.5 }), {
        steps: 40,
        seed: `derisking/${r}`,
        record: { firms: false },
      });
      const fence = world.policy.measures.filter((m) => world.stateIds[m.issuer] === 'US' && m.origin === 'doctrine');
      expect(
        fence.map((m) => [m.type, [...(m.fields.products as Int32Array)].map((k) => world.productIds[k])]),
      ).toEqual([['foreign_direct_product_rule', ['sme']]]);
    }
  });

  it('the NLG United States has the highest real income, from its ban on Chinese phones', () => {
    const nlg = dnmChina['US NLG']!;
    expect(nlg.usWelfare).toBeGreaterThan(0);
    expect(nlg.usWelfare).toBeGreaterThan(dnmChina['US DERISK']!.usWelfare);
    expect(nlg.usWelfare).toBeGreaterThan(dnmChina['US DNM']!.usWelfare);
  });

  it('against an NLG China, its ban on American phones costs the US most of what it loses under DNM or DERISK; NLG makes up part of it', () => {
    const nlgChina = tableOf('NLG', 0.5);
    // China's phone ban alone: China NLG with the US as its rival, the US with no rival (it does nothing).
    const ban = simulate(chipWorld({ states: { CN: { doctrine: 'NLG', rival: 'US' } } }), {
      steps: 40,
      seed: 'x',
      record: { firms: false },
    }).metrics.rows();
    const base = simulate(chipWorld(), { steps: 40, seed: 'x', record: { firms: false } }).metrics.rows();
    const year10 = (rows: MetricRow[]) =>
      rows
        .filter((r) => r.entity === 'US' && r.variable === 'welfare' && r.step > 36)
        .reduce((s, r) => s + r.value / 4, 0);
    const banAlone = year10(ban) / year10(base) - 1;
    for (const arm of ['US DNM', 'US DERISK']) expect(banAlone / nlgChina[arm]!.usWelfare).toBeGreaterThan(0.5);
    expect(nlgChina['US NLG']!.usWelfare).toBeGreaterThan(banAlone);
    expect(nlgChina['US NLG']!.usWelfare).toBeGreaterThan(nlgChina['US DERISK']!.usWelfare);
  });

  it('at hawkishness 0 the fence never goes up', () => {
    const calm = tableOf('DNM', 0);
    expect(calm['US DERISK']!.escalation).toBe(0);
    expect(calm['US DERISK']!.usMeasures).toBe(0);
  });
});

describe('notebook 7: sensitivity analysis', () => {
  it('the Morris design moves each factor once per trajectory by 2/3 of its range, and the measures recover a known function', () => {
    const design = morrisDesign(FACTORS.length, 3, 'test');
    expect(design.points).toHaveLength(3 * (FACTORS.length + 1));
    for (let i = 0; i < design.points.length; i++) {
      for (const x of design.points[i]!) expect(x >= 0 && x <= 1 + 1e-12).toBe(true);
      const factor = design.moved[i]!;
      if (factor < 0) continue;
      const diff = design.points[i]!.map((x, j) => x - design.points[i - 1]![j]!);
      expect(diff.map((d) => Math.abs(d) > 1e-12)).toEqual(FACTORS.map((_, j) => j === factor));
      expect(diff[factor]).toBeCloseTo(2 / 3, 12);
    }
    expect(morrisDesign(FACTORS.length, 3, 'test')).toEqual(design);
    // y = 3·x0 − 2·x1: μ = 3 and −2 per full range, μ* = 3 and 2, σ = 0; the others 0.
    const measures = morrisMeasures(
      design,
      design.points.map((x) => 3 * x[0]! - 2 * x[1]!),
    );
    expect(measures.map((m) => Number(m.mu.toFixed(9)))).toEqual([3, -2, 0, 0, 0, 0, 0, 0]);
    expect(measures.map((m) => Number(m.muStar.toFixed(9)))).toEqual([3, 2, 0, 0, 0, 0, 0, 0]);
    for (const m of measures) expect(m.sigma).toBeCloseTo(0, 9);
  });

  const design = designOf({ outcome: 'capability', trajectories: 6 });
  const rows = sensitivityRuns(design).flatMap((job) =>
    simulate(job.spec, { steps: job.steps, seed: job.seed, record: { firms: false } })
      .metrics.rows()
      .filter((r) => r.step === job.steps)
      .map((r) => ({ ...r, arm: job.arm, replicate: 0 })),
  );
  const ranked = (outcome: 'capability' | 'share') =>
    morrisMeasures(design, outcomes(rows, design, outcome)).sort((a, b) => b.muStar - a.muStar);

  it('at the default values the cutoff leaves China’s chips a few points ahead', () => {
    const at = (cutoff: boolean) =>
      series(run(sensitivityWorld(cutoff, {}), SANCTION_STEPS, 'sensitivity'), 'CN:chip', 'capability').at(-1)!;
    const effect = 100 * (at(true) - at(false));
    expect(effect).toBeGreaterThan(1);
    expect(effect).toBeLessThan(10);
  });

  it('for China’s chips, spillover matters most and pushes the effect down, the frontier’s growth second and up; the sign turns where spillover is high and the frontier slow', () => {
    const [first, second] = ranked('capability');
    expect(first!.factor.key).toBe('spilloverRate');
    expect(first!.mu).toBeLessThan(0);
    expect(second!.factor.key).toBe('frontierGrowth');
    expect(second!.mu).toBeGreaterThan(0);
    const y = outcomes(rows, design, 'capability');
    expect(Math.min(...y)).toBeLessThan(0);
    expect(Math.max(...y)).toBeGreaterThan(3);
    const spill = FACTORS.findIndex((f) => f.key === 'spilloverRate');
    const frontier = FACTORS.findIndex((f) => f.key === 'frontierGrowth');
    y.forEach((v, i) => {
      if (v < 0) {
        expect(design.points[i]![spill]).toBeGreaterThan(0.5);
        expect(design.points[i]![frontier]).toBeLessThan(0.5);
      }
    });
  });

  it('for the US equipment share only design-out and the time to build move anything', () => {
    const measures = ranked('share');
    expect(measures[0]!.factor.key).toBe('designOutRate');
    expect(measures[0]!.mu).toBeLessThan(0);
    expect(measures[1]!.factor.key).toBe('timeToBuildDays');
    expect(measures[1]!.muStar).toBeLessThan(0.5 * measures[0]!.muStar);
    for (const m of measures.slice(2)) expect(m.muStar).toBe(0);
  });
});

describe('notebook 8: standards blocs', () => {
  const arms = (us: 'merit' | 'bloc', cn: 'merit' | 'bloc', delegates = 0.3) => {
    const rows = standardsRuns({ us, cn, delegates }).flatMap((job) =>
      simulate(job.spec, { steps: job.steps, seed: job.seed, record: { firms: false } })
        .metrics.rows()
        .map((r) => ({ ...r, arm: job.arm, replicate: job.replicate })),
    );
    return { rows, final: finalValues(rows) };
  };
  const china = arms('merit', 'bloc');
  const merit = china.final.get(MERIT)!;
  const bloc = china.final.get('China-led bloc votes as a bloc')!;

  it('China voting as a bloc: its vote share jumps from 34% to about 54% at once, its patents follow most of the way in six years, the rest of the world about 9 points', () => {
    expect(merit.vote).toBeCloseTo(0.34, 6);
    const firstQuarter = china.rows.find(
      (r) =>
        r.arm === 'China-led bloc votes as a bloc' &&
        r.step === 1 &&
        r.entity === '5g:china-led' &&
        r.variable === 'vote_share',
    )!.value;
    expect(firstQuarter).toBeCloseTo(0.3 + 0.7 * 0.34, 6);
    const gain = bloc.sep - merit.sep;
    expect(gain).toBeGreaterThan(0.1);
    expect(gain).toBeLessThan(0.18);
    expect(gain).toBeGreaterThan(0.5 * (bloc.vote - merit.vote));
    expect(bloc.third - merit.third).toBeGreaterThan(0.06);
    expect(bloc.third - merit.third).toBeLessThan(0.12);
    expect(bloc.fragmentation).toBeGreaterThan(merit.fragmentation);
  });

  it('the US-led bloc voting as a bloc works the other way; both blocs at China’s 30% come out close to merit', () => {
    const us = arms('bloc', 'merit').final.get('US-led bloc votes as a bloc')!;
    expect(us.sep).toBeLessThan(merit.sep - 0.05);
    expect(us.third).toBeLessThan(merit.third - 0.03);
    const both = arms('bloc', 'bloc').final.get('Both blocs vote as blocs')!;
    expect(Math.abs(both.vote - merit.vote)).toBeLessThan(0.02);
    expect(Math.abs(both.sep - merit.sep)).toBeLessThan(0.03);
    // With more Chinese delegates, the larger delegation wins.
    expect(arms('bloc', 'bloc', 0.5).final.get('Both blocs vote as blocs')!.sep).toBeGreaterThan(merit.sep + 0.05);
  });

  it('world welfare is the same in every run: standards move no production or income', () => {
    const welfare = china.rows.filter((r) => r.entity === 'world' && r.variable === 'welfare').map((r) => r.value);
    expect(new Set(welfare).size).toBe(1);
  });
});

describe('notebook 9: third countries, export finance and the 5G stack', () => {
  type Settings = import('../../examples/notebooks/src/thirdCountries.ts').ThirdCountrySettings;
  const runAll = (jobs: ReturnType<typeof third.thirdCountryRuns>) =>
    jobs.flatMap((job) =>
      simulate(job.spec, { steps: job.steps, seed: job.seed, record: { firms: false } })
        .metrics.rows()
        .map((r) => ({ ...r, arm: job.arm, replicate: job.replicate })),
    );
  const cache = new Map<string, ResultRow[]>();
  const rowsOf = (settings: Settings): ResultRow[] => {
    const key = JSON.stringify(settings);
    if (!cache.has(key)) cache.set(key, runAll(third.thirdCountryRuns(settings)));
    return cache.get(key)!;
  };
  const at = (settings: Settings, step = third.STEPS) => {
    const values = third.finalValues(rowsOf(settings), step);
    return { control: values.get(third.CONTROL)!, arm: values.get(third.armName(settings))! };
  };
  const finance = { ...third.DEFAULTS };
  const matched = { ...finance, matching: true };
  const listed = { ...finance, sanctions: true };

  it('the defaults are the text’s: China finances 20%, no counter-move; the measures start in quarters 5 and 9', () => {
    expect(third.DEFAULTS).toEqual({ rate: 0.2, matching: false, sanctions: false });
    expect(
      third
        .thirdCountryMeasures({ rate: 0.2, matching: true, sanctions: true })
        .map((m) => [m.type, m.issuer, quarterOf(m.start as number)]),
    ).toEqual([
      ['export_finance', 'CN', 5],
      ['export_finance', 'EU', 9],
      ['export_finance', 'US', 9],
      ['entity_list', 'US', 9],
    ]);
    expect(third.REPLICATES).toBe(12);
    const text = notebookText('09-third-countries.html');
    expect(text).toContain('from quarter 5 on');
    expect(text).toContain('From quarter 9 on');
    expect(text).toContain('Each setting runs 12 times for six years');
    expect(third.STEPS).toBe(24);
    // Half its equipment and half its network from each side; 5% renewed a quarter; σ = 2.5; λ = 0.3.
    expect(third.standardsSpec().bodies[0]!.adoption![third.THIRD]).toEqual({ 'us-led': 0.5, 'china-led': 0.5 });
    expect(at(finance, 1).control.share).toBeCloseTo(0.5, 6);
    expect(DEFAULT_STANDARDS_PARAMS.adoptionRate).toBe(0.05);
    expect(DEFAULT_STANDARDS_PARAMS.priceWeight).toBe(1);
    expect(DEFAULT_PARAMS.armingtonElasticity).toBe(2.5);
    expect(DEFAULT_PARAMS.costOfFunds).toBe(0.3);
    // Huawei and ZTE buy half or more of their chips from the US maker.
    const world = third.thirdCountryWorld();
    for (const buyer of ['Huawei', 'ZTE'])
      expect(world.edges!.find((e) => e.supplier === 'Qualcomm' && e.buyer === buyer)!.share).toBeGreaterThanOrEqual(
        0.5,
      );
  });

  it('nothing differs before quarter 5; then China’s share of the third country’s purchases jumps from 50% to about 63%, as the Armington weight 0.8^−2.5 ≈ 1.75 gives', () => {
    for (const s of [finance, matched, listed, { rate: 0.4, matching: true, sanctions: true }])
      expect(at(s, 4).arm).toEqual(at(s, 4).control);
    const q5 = at(finance, 5);
    expect(q5.control.share).toBeCloseTo(0.5, 6);
    expect(q5.arm.share).toBeGreaterThan(0.61);
    expect(q5.arm.share).toBeLessThan(0.65);
    const weight = 0.8 ** -2.5;
    expect(weight).toBeCloseTo(1.75, 2);
    expect(Math.abs(q5.arm.share - weight / (weight + 1))).toBeLessThan(0.02);
  });

  it('the China-led stack gains about 14 points in five years; without the price term the gain is less than half, the rest from the trading-partner term', () => {
    const end = at(finance);
    const gain = end.arm.adoption - end.control.adoption;
    expect(gain).toBeGreaterThan(0.12);
    expect(gain).toBeLessThan(0.16);
    // It builds up: each year more than the last quarter's level.
    expect(at(finance, 12).arm.adoption - at(finance, 12).control.adoption).toBeLessThan(0.6 * gain);
    const without = (params: Record<string, number>) => {
      const jobs = third
        .thirdCountryRuns(finance)
        .map((job) => ({ ...job, spec: { ...job.spec, standards: { ...job.spec.standards!, params } } }));
      const v = third.finalValues(runAll(jobs));
      return v.get(third.armName(finance))!.adoption - v.get(third.CONTROL)!.adoption;
    };
    expect(without({ priceWeight: 0 })).toBeGreaterThan(0);
    expect(without({ priceWeight: 0 })).toBeLessThan(0.5 * gain);
    expect(Math.abs(without({ priceWeight: 0, interoperabilityWeight: 0 }))).toBeLessThan(
      0.25 * without({ priceWeight: 0 }),
    );
  });

  it('China pays about 40 a quarter and counts it in full plus 0.3 in real income; it ends about 4% poorer; the third country’s prices fall about 11%', () => {
    const rows = rowsOf(finance);
    const arm = third.armName(finance);
    for (let step = 1; step <= third.STEPS; step++) {
      const get = (variable: string) =>
        rows.find(
          (r) => r.arm === arm && r.replicate === 0 && r.step === step && r.entity === 'CN' && r.variable === variable,
        )!.value;
      expect(get('welfare') * get('cpi')).toBeCloseTo(
        get('value_added') + get('tariff_revenue') - (1 + DEFAULT_PARAMS.costOfFunds) * get('export_finance'),
        6,
      );
    }
    const end = at(finance);
    expect(end.arm.finance).toBeGreaterThan(38);
    expect(end.arm.finance).toBeLessThan(42);
    const change = end.arm.welfare / end.control.welfare - 1;
    expect(change).toBeGreaterThan(-0.05);
    expect(change).toBeLessThan(-0.03);
    // Value added wins back part of the 1.3 × finance.
    expect(end.control.welfare - end.arm.welfare).toBeLessThan(1.3 * end.arm.finance);
    expect(end.arm.cpi).toBeGreaterThan(0.87);
    expect(end.arm.cpi).toBeLessThan(0.9);
    expect(end.control.cpi).toBeCloseTo(1, 6);
  });

  it('a matching offer brings China’s share back to about 50% and stops the stack’s gain; China still pays about 34; the third country’s prices fall further', () => {
    const end = at(matched);
    expect(Math.abs(end.arm.share - 0.5)).toBeLessThan(0.02);
    expect(Math.abs(at(matched, 10).arm.share - 0.5)).toBeLessThan(0.03);
    const won = at(matched, 9).arm.adoption - at(matched, 9).control.adoption;
    expect(won).toBeGreaterThan(0.02);
    expect(Math.abs(end.arm.adoption - at(matched, 9).arm.adoption)).toBeLessThan(0.01);
    expect(end.arm.adoption - end.control.adoption).toBeGreaterThan(0);
    expect(end.arm.finance).toBeGreaterThan(32);
    expect(end.arm.finance).toBeLessThan(36);
    expect(end.arm.cpi).toBeLessThan(at(finance).arm.cpi - 0.05);
  });

  it('an entity listing: China’s share falls to about 35% by quarter 12 and prices rise; it recovers to about 57%; the stack keeps a few points; China’s income dips about a third, then ends above the control', () => {
    const q12 = at(listed, 12);
    expect(q12.arm.share).toBeGreaterThan(0.32);
    expect(q12.arm.share).toBeLessThan(0.38);
    expect(q12.arm.cpi).toBeGreaterThan(1);
    const end = at(listed);
    expect(end.arm.share).toBeGreaterThan(0.55);
    expect(end.arm.share).toBeLessThan(0.59);
    const gain = end.arm.adoption - end.control.adoption;
    expect(gain).toBeGreaterThan(0.01);
    expect(gain).toBeLessThan(0.06);
    const q10 = at(listed, 10);
    expect(q10.arm.welfare / q10.control.welfare - 1).toBeGreaterThan(-0.4);
    expect(q10.arm.welfare / q10.control.welfare - 1).toBeLessThan(-0.3);
    expect(end.arm.welfare).toBeGreaterThan(end.control.welfare);
    // SMIC makes the chips Huawei and ZTE no longer import.
    const smic = (jobs: ReturnType<typeof third.thirdCountryRuns>) =>
      simulate(jobs.at(-1)!.spec, { steps: third.STEPS, seed: 1, record: { firms: ['SMIC'] } })
        .metrics.rows()
        .filter((r) => r.entity === 'SMIC' && r.variable === 'output')
        .at(-1)!.value;
    expect(smic(third.thirdCountryRuns(listed))).toBeGreaterThan(
      1.5 * smic(third.thirdCountryRuns({ rate: 0.2, matching: false, sanctions: false })),
    );
    // The listing alone costs the China-led stack about 10 points.
    const alone = at({ rate: 0, matching: false, sanctions: true });
    expect(alone.arm.adoption - alone.control.adoption).toBeLessThan(-0.08);
    expect(alone.arm.adoption - alone.control.adoption).toBeGreaterThan(-0.12);
  });

  it('nobody else acts: only the scripted measures are in force', () => {
    const rows = rowsOf({ rate: 0.2, matching: true, sanctions: true }).filter(
      (r) => r.variable === 'measures_in_force' && r.step === third.STEPS,
    );
    const inForce = (arm: string, state: string) =>
      rows.filter((r) => r.arm === arm && r.entity === state).map((r) => r.value);
    for (const state of third.STATES) expect(new Set(inForce(third.CONTROL, state))).toEqual(new Set([0]));
    const arm = third.armName({ rate: 0.2, matching: true, sanctions: true });
    expect(Object.fromEntries(third.STATES.map((s) => [s, Math.max(...inForce(arm, s))]))).toEqual({
      US: 2,
      EU: 1,
      CN: 1,
      [third.THIRD]: 0,
    });
  });

  it('the calibrated experiment’s numbers the text quotes are those of docs/findings.md', () => {
    const findings = readFileSync(join(root, 'docs', 'findings.md'), 'utf8').replace(/\s+/g, ' ');
    expect(findings).toMatch(/raises China-led 5G adoption there by \+0\.082/);
    expect(findings).toMatch(/trims the adoption gain to \+0\.073/);
    expect(findings).toMatch(/matching offer by the US-led bloc's vendor states removes it/);
    const text = notebookText('09-third-countries.html');
    expect(text).toContain('raises China-led adoption by 0.082, the listing trims that only to 0.073');
  });
});

describe('notebook 5: the scenario editor', () => {
  it('the example parses and runs, and TSMC’s chips come back to China after design-out', () => {
    const parsed = parseScenario(EXAMPLE);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    const rows = run(parsed.scenario.spec, parsed.scenario.steps, parsed.scenario.seed);
    const flow = (step: number) => rows.find((r) => r.step === step && r.entity === 'TW>CN:chip')?.value ?? 0;
    expect(flow(1)).toBeGreaterThan(0);
    expect(flow(6)).toBe(0);
    expect(flow(parsed.scenario.steps)).toBeGreaterThan(0);
  });

  it('locates field paths, syntax errors and unknown keys by line and column', () => {
    const parsed = parseScenario(EXAMPLE);
    if (!parsed.ok) throw new Error('example should parse');
    const lines = EXAMPLE.split('\n');
    const smic = lines.findIndex((l) => l.includes('id: SMIC')) + 1;
    expect(locate(parsed.scenario, ['firms', 2, 'product'])).toEqual({
      line: smic,
      col: lines[smic - 1]!.indexOf('chip') + 1,
    });
    expect(locate(parsed.scenario, ['firms', 2, 'nothing-here'])).toEqual({
      line: smic,
      col: lines[smic - 1]!.indexOf('{') + 1,
    });
    const policy = lines.findIndex((l) => l.startsWith('policy:')) + 1;
    expect(locate(parsed.scenario, ['policy', 'forgiveness'], true)).toEqual({ line: policy + 1, col: 3 });

    const broken = parseScenario('states:\n  - { id: US\nfirms: []\n');
    expect(broken.ok).toBe(false);
    if (!broken.ok) expect(broken.problems[0]).toMatchObject({ line: expect.any(Number), col: expect.any(Number) });

    const typo = parseScenario('stats: []\nsteps: 0\n');
    expect(typo.ok).toBe(false);
    if (!typo.ok) {
      expect(typo.problems).toEqual([
        expect.objectContaining({ line: 1, col: 1, message: expect.stringContaining('did you mean "states"') }),
        expect.objectContaining({ line: 2, col: 8, path: 'steps' }),
      ]);
    }
  });
});

describe('examples/notebooks type-check', () => {
  it('tsc -p examples/notebooks reports no error', async () => {
    const result = await promisify(execFile)(
      join(root, 'node_modules', '.bin', 'tsc'),
      ['-p', join(root, 'examples', 'notebooks', 'tsconfig.json')],
      { cwd: root, timeout: 60_000 },
    ).catch((e: { stdout: string }) => e);
    expect(result.stdout).toBe('');
  }, 60_000);
});
