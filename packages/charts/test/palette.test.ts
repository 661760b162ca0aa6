import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lab } from 'd3';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import {
  categoricalColours,
  extractScenarioEntities,
  marketShareChart,
  okabeIto,
  pickDefaultCharts,
  runEntities,
  runPalette,
  type RunData,
  type TidyRow,
} from '../src/index.js';
import { createSvgDocument, readRunDirectory } from '../src/node/index.js';
import { makeFixtureRun, removeFixtureRuns } from './fixtures/makeFixtureRun.js';

afterAll(removeFixtureRuns);

const repoRoot = join(import.meta.dirname, '..', '..', '..');
const document = createSvgDocument();

/** CIE76 colour difference ΔE*ab: the distance of two colours in CIELAB. */
const deltaE = (a: string, b: string): number => {
  const x = lab(a);
  const y = lab(b);
  return Math.hypot(x.l - y.l, x.a - y.a, x.b - y.b);
};
const minimumDistance = (colours: readonly string[]): number => {
  let least = Infinity;
  for (let i = 0; i < colours.length; i++)
    for (let j = i + 1; j < colours.length; j++) least = Math.min(least, deltaE(colours[i]!, colours[j]!));
  return least;
};

const row = (
  arm: string,
  replicate: number,
  step: number,
  entityKind: string,
  entity: string,
  variable: string,
  value: number,
): TidyRow => ({
  runId: `${arm}/0/${replicate}`,
  scenario: 's',
  arm,
  point: 0,
  replicate,
  seed: '1',
  step,
  date: '',
  entityKind,
  entity,
  variable,
  value,
  parameters: {},
});

describe('the categorical palette', () => {
  it('has 24 colours, any two of the first 16 at least ΔE 25 apart and of all 24 at least ΔE 20, none near black, white or the grey of "other"', () => {
    expect(new Set(categoricalColours.map((c) => c.toUpperCase())).size).toBe(24);
    expect(minimumDistance(categoricalColours.slice(0, 16))).toBeGreaterThanOrEqual(25);
    expect(minimumDistance(categoricalColours)).toBeGreaterThanOrEqual(20);
    for (const colour of categoricalColours)
      for (const reserved of [okabeIto.black, '#FFFFFF', '#9A9A9A'])
        expect(deltaE(colour, reserved)).toBeGreaterThan(20);
  });

  it("gives world-2023's 16 states 16 distinct colours, at least ΔE 25 apart", () => {
    const world: unknown = parse(readFileSync(join(repoRoot, 'scenarios/worlds/world-2023.yaml'), 'utf8'));
    const { states } = extractScenarioEntities(stringify({ world }));
    expect(states).toHaveLength(16);
    const palette = runPalette({ states });
    const colours = states.map((s) => palette.state(s));
    expect(new Set(colours).size).toBe(16);
    expect(minimumDistance(colours)).toBeGreaterThanOrEqual(25);
  });
});

describe('one colour per state, product and arm across the charts of a run', () => {
  it('gives a state the same colour in two market-share charts of different subsets', () => {
    const rows = ['US', 'CN', 'JP'].flatMap((state, i) => [
      row('control', 0, 4, 'state_product', `${state}:gallium`, 'market_share', [0.1, 0.8, 0.1][i]!),
      row('ban', 0, 4, 'state_product', `${state}:gallium`, 'market_share', [0.3, 0.4, 0.3][i]!),
    ]);
    const palette = runPalette(runEntities({ rows, parameterNames: [] }));
    const fills = (svg: SVGSVGElement) =>
      new Map(
        [...svg.querySelectorAll('rect.share-segment')].map((r) => [
          r.getAttribute('data-state'),
          r.getAttribute('fill'),
        ]),
      );
    const cnAndJp = fills(
      marketShareChart(
        rows.filter((r) => r.entity !== 'US:gallium'),
        { palette },
        document,
      ),
    );
    const all = fills(marketShareChart(rows, { palette }, document));
    expect(cnAndJp.get('CN')).toBe(all.get('CN'));
    expect(cnAndJp.get('JP')).toBe(all.get('JP'));
    // Without the run's palette, each chart hands colours out in its own order: CN would take US's colour.
    const own = fills(
      marketShareChart(
        rows.filter((r) => r.entity !== 'US:gallium'),
        {},
        document,
      ),
    );
    expect(own.get('CN')).toBe(all.get('US'));
  });

  it('colours each arm, state and product alike in every default chart of a run, and different ones differently', async () => {
    const run = await readRunDirectory(
      makeFixtureRun({ replicates: 2, steps: 4, arms: ['control', 'a', 'b', 'c', 'd', 'e'] }).dir,
    );
    const svgs = pickDefaultCharts(run).map((plan) => plan.render(document));
    const seen = {
      arm: new Map<string, Set<string>>(),
      state: new Map<string, Set<string>>(),
      product: new Map<string, Set<string>>(),
    };
    const note = (kind: keyof typeof seen, key: string | null, colour: string | null) => {
      if (key === null || colour === null || key === 'other') return;
      if (!seen[kind].has(key)) seen[kind].set(key, new Set());
      seen[kind].get(key)!.add(colour);
    };
    for (const svg of svgs) {
      for (const el of svg.querySelectorAll('path.series-line'))
        note('arm', el.getAttribute('data-series'), el.getAttribute('stroke'));
      for (const el of svg.querySelectorAll('g.effect-row'))
        note('arm', el.getAttribute('data-arm'), el.querySelector('rect.effect-marker')!.getAttribute('stroke'));
      for (const el of svg.querySelectorAll('rect.share-segment'))
        note('state', el.getAttribute('data-state'), el.getAttribute('fill'));
      for (const el of svg.querySelectorAll('path.flow-link'))
        note('product', el.getAttribute('data-product'), el.getAttribute('stroke'));
    }
    expect([...seen.arm.keys()].sort()).toEqual(['a', 'b', 'c', 'control', 'd', 'e']);
    expect([...seen.state.keys()].sort()).toEqual(['CN', 'EU', 'JP', 'US']);
    expect(seen.product.size).toBeGreaterThan(1);
    for (const kind of ['arm', 'state', 'product'] as const) {
      for (const [key, colours] of seen[kind])
        expect([kind, key, [...colours]]).toEqual([kind, key, [...colours].slice(0, 1)]);
      const colours = [...seen[kind].values()].map((set) => [...set][0]);
      expect(new Set(colours).size).toBe(colours.length);
    }
  });
});

describe('trade-flow charts', () => {
  /** Two arms whose largest products differ; gallium is tiny in both, and the study names it. */
  function flowRun(): RunData {
    const values: Record<string, Record<string, number>> = {
      control: { chips: 100, phones: 50, tools: 40, magnets: 30, memory: 20, cloud: 15, eda: 12, gallium: 0.5 },
      ban: { chips: 10, phones: 90, tools: 5, magnets: 60, memory: 35, cloud: 15, eda: 12, gallium: 0.1 },
    };
    const rows = Object.entries(values).flatMap(([arm, byProduct]) =>
      Object.entries(byProduct).flatMap(([product, value]) =>
        [0, 1].map((replicate) => row(arm, replicate, 3, 'flow', `CN>US:${product}`, 'trade_value', value)),
      ),
    );
    return {
      rows,
      parameterNames: [],
      summary: {
        scenario: 's',
        control: 'control',
        metrics: ['control', 'ban'].map((arm) => ({
          arm,
          point: 0,
          metric: 'product/gallium/leakage',
          n: 2,
          mean: 0,
          sd: 0,
          ci95: [0, 0] as [number, number],
        })),
        effects: [],
      },
    };
  }

  it('draws a named product in its own colour however small, and each product in the same colour in every arm', () => {
    const plans = pickDefaultCharts(flowRun(), { flowProductsBesidesNamed: 3 }).filter((p) => p.kind === 'trade-flow');
    expect(plans.map((p) => p.id)).toEqual(['trade-flows-control', 'trade-flows-ban']);
    const strokes = plans.map(
      (p) =>
        new Map(
          [...p.render(document).querySelectorAll('path.flow-link')].map((l) => [
            l.getAttribute('data-product')!,
            l.getAttribute('stroke')!,
          ]),
        ),
    );
    for (const byProduct of strokes)
      expect([...byProduct.keys()].sort()).toEqual(['chips', 'gallium', 'magnets', 'other', 'phones']);
    for (const product of ['chips', 'phones', 'magnets', 'gallium'])
      expect(strokes[0]!.get(product)).toBe(strokes[1]!.get(product));
  });

  it('draws one chart per arm, however many arms', async () => {
    const arms = ['control', 'a', 'b', 'c', 'd', 'e'];
    const run = await readRunDirectory(makeFixtureRun({ replicates: 2, steps: 3, arms }).dir);
    expect(
      pickDefaultCharts(run, { maxPerArm: 2 })
        .filter((p) => p.kind === 'trade-flow')
        .map((p) => p.title.split(' — ')[1]),
    ).toEqual(arms);
  });
});
