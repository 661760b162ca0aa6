/**
 * The observables of each validation episode, computed from runs exactly as its
 * scenarios/validation/<episode>.targets.yaml says. Used by the test and by the report.
 */
import type { WorldSpec } from '@chokepoint/core';
import { buildScenario, meanCi, readTargets, runArm, type ArmRun, type SeriesTable } from './episodes.js';

export interface Target {
  id: string;
  what: string;
  metric: string;
  computed?: string;
  recorded: unknown;
  band: [number, number];
  unit: string;
  reproducible?: boolean;
  why?: string;
}

export interface Observed {
  id: string;
  target: Target;
  /**
   * One value per replicate; NaN where the statistic has no value (a crossing that never
   * happens). Empty when the model does not produce the quantity at all (see `modelled`).
   */
  values: number[];
  /** False when the model has no such quantity (prices): there is nothing to measure. */
  modelled: boolean;
  mean: number;
  lo: number;
  hi: number;
  /** The mean lies in the band. */
  pass: boolean;
}

export interface EpisodeResult {
  episode: string;
  title: string;
  via: string;
  observed: Observed[];
  /** Chart series: replicate means of one headline series, with its label. */
  chart: {
    label: string;
    unit: string;
    x: number[];
    y: number[];
    lo: number[];
    hi: number[];
    reps: number[][];
    marks: Array<{ x: number; y: number; label: string }>;
  };
  ms: number;
}

/** Index (0-based, into metric series) of the first step a measure is in force. */
function startOf(spec: WorldSpec, id: string): number {
  const m = (spec.measures ?? []).find((x) => x.id === id);
  if (m === undefined) throw new Error(`no measure ${id}`);
  return m.start ?? 0;
}
function endOf(spec: WorldSpec, id: string): number {
  const m = (spec.measures ?? []).find((x) => x.id === id);
  if (m?.end === undefined) throw new Error(`no end for ${id}`);
  return m.end;
}

const get = (t: SeriesTable, key: string): Float64Array => {
  const s = t.get(key);
  if (s === undefined) throw new Error(`no series ${key}`);
  return s;
};
const sum = (s: ArrayLike<number>, from: number, to: number): number => {
  let x = 0;
  for (let i = from; i <= to; i++) x += s[i]!;
  return x;
};
const firstIndex = (s: ArrayLike<number>, from: number, test: (x: number) => boolean): number => {
  for (let i = from; i < s.length; i++) if (test(s[i]!)) return i;
  return Number.NaN; // never within the horizon
};

interface Episode {
  file: string;
  metrics: string[];
  compute: (arms: Map<string, { arm: ArmRun; runs: SeriesTable[] }>) => {
    values: Record<string, number[] | typeof NOT_MODELLED>;
    chart: EpisodeResult['chart'];
  };
}

/** The value of a target whose quantity the model does not have (prices are fixed parameters). */
export const NOT_MODELLED = 'not modelled';

function meanSeries(list: Float64Array[]): { y: number[]; lo: number[]; hi: number[]; reps: number[][] } {
  const n = list[0]!.length;
  const y: number[] = [],
    lo: number[] = [],
    hi: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = meanCi(list.map((s) => s[i]!));
    y.push(c.mean);
    lo.push(c.lo);
    hi.push(c.hi);
  }
  return { y, lo, hi, reps: list.map((s) => Array.from(s)) };
}

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);

export const EPISODES: Record<string, Episode> = {
  'zte-2018': {
    file: 'scenarios/validation/zte-2018.yaml',
    metrics: ['firm/ZTE/output', 'firm/ZTE/revenue'],
    compute: (arms) => {
      const { arm, runs } = arms.get('historical')!;
      const cut = startOf(arm.spec, 'zte-denial-order');
      const lift = endOf(arm.spec, 'zte-denial-order');
      const out = runs.map((r) => get(r, 'firm/ZTE/output'));
      const rev = runs.map((r) => get(r, 'firm/ZTE/revenue'));
      const ms = meanSeries(out.map((s) => s.map((x) => x / s[0]!)));
      return {
        values: {
          'collapse-timing': out.map((s) => firstIndex(s, cut, (x) => x < 0.1 * s[0]!) - cut + 1),
          'h1-revenue': rev.map((s) => sum(s, 0, 25) / (26 * s[0]!) - 1),
          'recovery-timing': out.map((s) => firstIndex(s, lift, (x) => x >= 0.9 * s[0]!) - lift + 1),
        },
        chart: {
          label: 'ZTE output (share of week 1)',
          unit: 'share',
          x: range(arm.steps),
          ...ms,
          marks: [
            { x: cut + 1 + 3.5, y: 0, label: 'ceased, 9 May (recorded)' },
            { x: lift + 1 + 7, y: 1, label: 'back to normal, late Aug (recorded)' },
          ],
        },
      };
    },
  },
  'huawei-2019-2023': {
    file: 'scenarios/validation/huawei-2019-2023.yaml',
    metrics: [
      'firm/Huawei-Consumer/revenue',
      'firm/Huawei-Carrier/revenue',
      'firm/HiSilicon/output',
      'firm/Apple/revenue',
      'firm/Samsung-Mobile/revenue',
      'firm/CN-Other-Phones/revenue',
    ],
    compute: (arms) => {
      const { arm, runs } = arms.get('base')!;
      const cut = startOf(arm.spec, 'fdpr-2020');
      const rule = 5; // 2020-05-15 falls in Q2 2020: step index 5 (metric step 6)
      const total = runs.map((r) =>
        get(r, 'firm/Huawei-Consumer/revenue').map((x, i) => x + get(r, 'firm/Huawei-Carrier/revenue')[i]!),
      );
      const consumer = runs.map((r) => get(r, 'firm/Huawei-Consumer/revenue'));
      const share = runs.map((r) => {
        const h = get(r, 'firm/Huawei-Consumer/revenue');
        return h.map(
          (x, i) =>
            x /
            (x +
              get(r, 'firm/Apple/revenue')[i]! +
              get(r, 'firm/Samsung-Mobile/revenue')[i]! +
              get(r, 'firm/CN-Other-Phones/revenue')[i]!),
        );
      });
      const hisi = runs.map((r) => get(r, 'firm/HiSilicon/output'));
      const y = (s: Float64Array, k: number): number => sum(s, 4 * k, 4 * k + 3);
      const ms = meanSeries(total.map((s) => s.map((x) => x / s[0]!)));
      const r = [858.8, 891.4, 636.8, 642.3, 704.2].map((v) => v / 858.8);
      return {
        values: {
          'revenue-2020': total.map((s) => y(s, 1) / y(s, 0) - 1),
          'revenue-2021': total.map((s) => y(s, 2) / y(s, 1) - 1),
          'consumer-2021': consumer.map((s) => y(s, 2) / y(s, 1) - 1),
          'phone-share': share.map((s) => s[cut + 3]!),
          'substitute-timing': hisi.map((s) => {
            const base = s[0]!;
            const down = firstIndex(s, cut, (x) => x < 0.1 * base);
            return firstIndex(s, down, (x) => x > 0.1 * base) - rule;
          }),
          rebound: total.map((s) => y(s, 4) / y(s, 2) - 1),
        },
        chart: {
          label: 'Huawei revenue (share of 2019 Q1)',
          unit: 'share',
          x: range(arm.steps),
          ...ms,
          marks: r.map((v, k) => ({ x: 4 * k + 2.5, y: v, label: `${2019 + k} (recorded, annual)` })),
        },
      };
    },
  },
  'sme-alignment-2023': {
    file: 'scenarios/validation/sme-alignment-2023.yaml',
    metrics: [
      'flow/*>CN:litho/trade_value',
      'flow/*>CN:depo_etch/trade_value',
      'flow/*>CN:metrology/trade_value',
      'flow/NL>CN:litho/trade_value',
      'flow/NL>*:litho/trade_value',
    ],
    compute: (arms) => {
      const sme = (r: SeriesTable): Float64Array =>
        get(r, 'flow/*>CN:litho/trade_value').map(
          (x, i) => x + get(r, 'flow/*>CN:depo_etch/trade_value')[i]! + get(r, 'flow/*>CN:metrology/trade_value')[i]!,
        );
      const aligned = arms.get('aligned')!;
      const start = aligned.arm.spec.measures![0]!.start ?? 0;
      const ratio = (name: string): number[] =>
        arms.get(name)!.runs.map((r) => {
          const s = sme(r);
          return sum(s, start, start + 3) / 4 / s[0]!;
        });
      const nlShare = (r: SeriesTable): Float64Array =>
        get(r, 'flow/NL>CN:litho/trade_value').map((x, i) => x / get(r, 'flow/NL>*:litho/trade_value')[i]!);
      const controlShare = nlShare(arms.get('control')!.runs[0]!)[0]!;
      const curves = ['us-only', 'aligned'].map((name) =>
        meanSeries(
          arms.get(name)!.runs.map((r) => {
            const s = sme(r);
            return s.map((x) => x / s[0]!);
          }),
        ),
      );
      return {
        values: {
          'us-only-leaks': ratio('us-only'),
          'aligned-binds': ratio('aligned'),
          'front-loading': aligned.runs.map((r) => Math.max(...Array.from(nlShare(r)).slice(0, start)) / controlShare),
        },
        chart: {
          label: "China's SME imports, aligned arm (us-only arm in the table)",
          unit: 'share of step 1',
          x: range(aligned.arm.steps),
          ...curves[1]!,
          marks: [{ x: start + 1, y: 0.1, label: 'aligned: ~90% of supply covered' }],
        },
      };
    },
  },
  'rare-earths-2010': {
    file: 'scenarios/validation/rare-earths-2010.yaml',
    metrics: [
      'flow/CN>JP:ree_oxide/trade_volume',
      'flow/*>JP:ree_oxide/trade_volume',
      'state_product/JP:ree_oxide/price_index',
    ],
    compute: (arms) => {
      const { arm, runs } = arms.get('base')!;
      const e = startOf(arm.spec, 'embargo-japan');
      const quota = startOf(arm.spec, 'quota-2010');
      const cnjp = runs.map((r) => get(r, 'flow/CN>JP:ree_oxide/trade_volume'));
      const all = runs.map((r) => get(r, 'flow/*>JP:ree_oxide/trade_volume'));
      const price = runs.map((r) => get(r, 'state_product/JP:ree_oxide/price_index'));
      const dep = cnjp.map((s, k) => s.map((x, i) => x / all[k]![i]!));
      return {
        values: {
          'embargo-bites': cnjp.map((s) => Math.min(...Array.from(s).slice(e, e + 2)) / s[0]!),
          dependence: cnjp.map((s, k) => sum(s, 24, 35) / sum(all[k]!, 24, 35)),
          'price-spike': price.map((s) => Math.max(...Array.from(s).slice(quota, quota + 12)) / s[0]!),
        },
        chart: {
          label: "Japan's dependence on China for rare-earth oxides",
          unit: 'share',
          x: range(arm.steps),
          ...meanSeries(dep),
          marks: [
            { x: 1, y: 0.9, label: '~90% (2009)' },
            { x: 30, y: 0.6, label: '~60% (recorded)' },
          ],
        },
      };
    },
  },
  'gallium-germanium-2023': {
    file: 'scenarios/validation/gallium-germanium-2023.yaml',
    metrics: [
      'flow/CN>*:gallium/trade_volume',
      'flow/CN>*:germanium/trade_volume',
      'state_product/US:gallium/price_index',
    ],
    compute: (arms) => {
      const { arm, runs } = arms.get('historical')!;
      const start = startOf(arm.spec, 'ga-ge-licensing'); // licensing from 1 August 2023
      const ex = runs.map((r) =>
        get(r, 'flow/CN>*:gallium/trade_volume').map((x, i) => x + get(r, 'flow/CN>*:germanium/trade_volume')[i]!),
      );
      const price = runs.map((r) => get(r, 'state_product/US:gallium/price_index'));
      return {
        values: {
          'surge-before': ex.map((s) => s[start - 1]! / s[0]!),
          'zero-first-month': ex.map((s) => s[start]! / s[0]!),
          'partial-resumption': ex.map((s) => s[start + 3]! / s[0]!),
          price: price.map((s) => Math.max(...Array.from(s).slice(start, start + 12)) / s[0]!),
        },
        chart: {
          label: "China's gallium + germanium exports",
          unit: 'share of Jan 2023',
          x: range(arm.steps),
          ...meanSeries(ex.map((s) => s.map((x) => x / s[0]!))),
          marks: [
            { x: start + 1, y: 0, label: 'Aug: 0 (recorded)' },
            { x: start + 4, y: 0.2, label: 'Nov: ~20% (recorded)' },
          ],
        },
      };
    },
  },
  'australian-barley-2020-23': {
    file: 'scenarios/validation/australian-barley-2020-23.yaml',
    metrics: ['flow/AU>CN:barley/trade_volume', 'flow/AU>*:barley/trade_volume'],
    compute: (arms) => {
      const { arm, runs } = arms.get('base')!;
      const lift = endOf(arm.spec, 'barley-duty');
      const cn = runs.map((r) => get(r, 'flow/AU>CN:barley/trade_volume'));
      const all = runs.map((r) => get(r, 'flow/AU>*:barley/trade_volume'));
      const share = cn.map((s, k) => s.map((x, i) => x / all[k]![i]!));
      return {
        values: {
          'china-share-falls': share.map((s) => sum(s, 9, 12) / 4),
          diversion: cn.map((s, k) => (sum(all[k]!, 9, 12) - sum(s, 9, 12)) / 4 / (all[k]![0]! - s[0]!)),
          'snap-back': share.map((s) => s[lift + 1]!),
        },
        chart: {
          label: "China's share of Australia's barley exports",
          unit: 'share',
          x: range(arm.steps),
          ...meanSeries(share),
          marks: [
            { x: 2, y: 0.7, label: '~70% (2019)' },
            { x: 8, y: 0, label: '~0 (2020-22)' },
            { x: lift + 2, y: 0.9, label: '~90% (Dec 2023)' },
          ],
        },
      };
    },
  },
};

/** Builds, runs and measures one episode. */
export function runEpisode(name: string, options: { replicates?: number } = {}): EpisodeResult {
  const t0 = performance.now();
  const episode = EPISODES[name]!;
  const built = buildScenario(episode.file, options);
  const arms = new Map(built.arms.map((arm) => [arm.arm, { arm, runs: runArm(arm, episode.metrics) }]));
  const { values, chart } = episode.compute(arms);
  const targets = readTargets(episode.file.replace(/\.yaml$/, '.targets.yaml')).targets as Target[];
  const observed = targets.map((target) => {
    const v = values[target.id];
    if (v === undefined) throw new Error(`${name}: no observable for target ${target.id}`);
    if (v === NOT_MODELLED)
      return {
        id: target.id,
        target,
        values: [],
        modelled: false,
        mean: Number.NaN,
        lo: Number.NaN,
        hi: Number.NaN,
        pass: false,
      };
    const c = meanCi(v);
    return {
      id: target.id,
      target,
      values: v,
      modelled: true,
      mean: c.mean,
      lo: c.lo,
      hi: c.hi,
      pass: c.mean >= target.band[0] && c.mean <= target.band[1],
    };
  });
  return { episode: name, title: built.title, via: built.via, observed, chart, ms: performance.now() - t0 };
}

/** A small text table of observed against target. */
export function formatTable(r: EpisodeResult): string {
  const f = (x: number): string =>
    Number.isFinite(x) ? (Math.abs(x) >= 100 ? x.toFixed(0) : x.toFixed(3)) : String(x);
  const lines = [
    `${r.episode} (${r.observed[0]?.values.length ?? 0} replicates, ${r.ms.toFixed(0)} ms, built via ${r.via})`,
  ];
  for (const o of r.observed) {
    lines.push(
      `  ${o.id.padEnd(20)} observed ${f(o.mean).padStart(8)} [${f(o.lo)}, ${f(o.hi)}]  target ${String(o.target.recorded).slice(0, 24).padEnd(24)} band [${o.target.band.join(', ')}] ${!o.modelled ? 'NOT MODELLED' : o.pass ? 'PASS' : o.target.reproducible === false ? 'FAIL (not reproducible)' : 'FAIL'}`,
    );
  }
  return lines.join('\n');
}
