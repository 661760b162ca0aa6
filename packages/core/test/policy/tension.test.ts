import { describe, expect, it } from 'vitest';
import {
  createWorld,
  exp,
  selectEdges,
  simulate,
  step,
  type MeasureSpec,
  type PolicyParams,
  type World,
} from '@chokepoint/core';
import { QUIET, baseVolume, series, twoBlocs } from './fixtures.js';

/*
 * Tension and precaution (ODD §7.16): tension between two states remembers the share of their
 * trade the measures between them restricted; buyers under tension stock up and move their
 * established shares away from the tense state, before anything restricts what they buy.
 */

const S = (world: World) => world.stateIds.length;
const tension = (world: World, a: string, b: string) =>
  world.policy.stateTension[world.stateIndex.get(a)! * S(world) + world.stateIndex.get(b)!]!;
const ban: MeasureSpec = { type: 'export_control', issuer: 'US', targets: ['CN'], products: ['sme'] };

/** The two blocs with a US SME ban on China from step `start`; policy overrides. */
function world(policy: Partial<PolicyParams> = {}, measures: MeasureSpec[] = [{ ...ban, start: 1 }]): World {
  return createWorld(twoBlocs({ phoneThreat: null, measures, policy: { ...QUIET, ...policy } }), 1);
}

describe('tension', () => {
  it('rises by the share of the pair’s trade a measure newly restricts, the same both ways, and fades with its memory', () => {
    const w = world();
    step(w);
    expect(tension(w, 'US', 'CN')).toBe(0);
    step(w); // the ban comes into force
    const news = w.policy.measureAddedValue.get(w.policy.measures[0]!.id)!;
    expect(news).toBeGreaterThan(0);
    const first = tension(w, 'US', 'CN');
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThanOrEqual(1);
    expect(tension(w, 'CN', 'US')).toBe(first);
    expect(tension(w, 'US', 'JP')).toBe(0);
    step(w);
    expect(tension(w, 'US', 'CN')).toBeCloseTo(
      first * exp(-w.params.daysPerStep / w.policy.params.tensionMemoryDays),
      14,
    );
  });

  it('does not move for a duplicate of a measure in force, and stays within [0, 1]', () => {
    const w = world({}, [
      { ...ban, start: 1 },
      { ...ban, id: 'again', start: 2 },
    ]);
    for (let t = 0; t < 2; t++) step(w);
    const before = tension(w, 'US', 'CN');
    step(w);
    expect(tension(w, 'US', 'CN')).toBeCloseTo(
      before * exp(-w.params.daysPerStep / w.policy.params.tensionMemoryDays),
      14,
    );
    const many = world(
      {},
      Array.from({ length: 40 }, (_, i) => ({
        type: 'tariff',
        issuer: i % 2 ? 'US' : 'CN',
        rate: 0.3,
        from: [i % 2 ? 'CN' : 'US'],
        start: 1 + i,
      })),
    );
    for (let t = 0; t < 45; t++) step(many);
    expect(Math.max(...many.policy.stateTension)).toBeLessThanOrEqual(1);
  });
});

describe('precaution (off by default)', () => {
  it('does nothing at the defaults: no stock and no share moves for tension alone', () => {
    const off = simulate(twoBlocs({ phoneThreat: null, measures: [{ ...ban, start: 1 }], policy: QUIET }), {
      steps: 6,
      seed: 1,
    }).world;
    expect(Math.max(...off.slotExtraDays)).toBe(0);
    expect(off.policy.baseShareVersion).toBe(0);
  });

  it('stocks up: slots exposed to the tense state target precautionDays × their exposure', () => {
    const w = world({ precautionDays: 80 });
    for (let t = 0; t < 3; t++) step(w);
    const T = tension(w, 'US', 'CN');
    // SMIC buys SME from AMAT (US, base share 0.4 of 1): exposure 0.4 × T.
    const smic = w.firmIndex.get('SMIC')!;
    const smeSlot = [...Array(w.firmSlotStart[smic + 1]! - w.firmSlotStart[smic]!).keys()]
      .map((i) => w.firmSlotStart[smic]! + i)
      .find((s) => w.productIds[w.slotProduct[s]!] === 'sme')!;
    expect(w.slotExtraDays[smeSlot]).toBeCloseTo(80 * 0.4 * T, 9);
    // A slot with no supplier in the tense pair holds none: Apple's chips come from Taiwan.
    const apple = w.firmIndex.get('Apple')!;
    expect(w.slotExtraDays[w.firmSlotStart[apple]!]).toBe(0);
  });

  it('stocks up on risk: buyers of similar products from a state whose exports are restricted target riskStockDays × their risk exposure', () => {
    // China blocks gallium to the US only; Japan's TEL, not targeted, buys 90% of its gallium from China.
    const licensing: MeasureSpec = {
      type: 'mineral_export_licensing',
      issuer: 'CN',
      products: ['gallium'],
      targets: ['US'],
      licence: 0,
      start: 1,
    };
    const run = (policy: Partial<PolicyParams>, disabled: string[] = []) => {
      const w = createWorld(
        twoBlocs({
          phoneThreat: null,
          measures: [licensing],
          policy: { ...QUIET, ...policy },
          params: { disabled: disabled as never },
        }),
        1,
      );
      for (let t = 0; t < 3; t++) step(w);
      return w;
    };
    const w = run({ riskStockDays: 60 });
    const slotOf = (firm: string, product: string) => {
      const f = w.firmIndex.get(firm)!;
      for (let s = w.firmSlotStart[f]!; s < w.firmSlotStart[f + 1]!; s++)
        if (w.productIds[w.slotProduct[s]!] === product) return s;
      throw new Error(`${firm} buys no ${product}`);
    };
    // The risk on China's raw exports: the share of its cross-border gallium trade (base values) the block closes.
    let blocked = 0;
    let total = 0;
    const galliumCN = w.firmIndex.get('GalliumCN')!;
    for (let e = 0; e < w.edgeSupplier.length; e++) {
      if (w.edgeSupplier[e] !== galliumCN || w.edgeForeign[e] !== 1) continue;
      const value = baseVolume(w, e); // one product, so volumes weigh as values
      total += value;
      if (w.edgeBlocked[e] === 1) blocked += value;
    }
    const risk = blocked / total;
    expect(risk).toBeGreaterThan(0);
    expect(risk).toBeLessThan(1);
    expect(w.slotExtraDays[slotOf('TEL', 'gallium')]).toBeCloseTo(60 * 0.9 * risk, 9);
    // Chips (another level) from Taiwan carry no risk; and nothing at the default, or with precaution switched off.
    expect(w.slotExtraDays[slotOf('Apple', 'chip')]).toBe(0);
    expect(Math.max(...run({}).slotExtraDays)).toBe(0);
    expect(Math.max(...run({ riskStockDays: 60 }, ['precaution']).slotExtraDays)).toBe(0);
  });

  it('diversifies before measures: buyers move shares away from the tense state in products no measure touches', () => {
    // The ban is on US SME to China. No measure touches China's gallium to AMAT (US), yet with
    // tension between the two AMAT moves part of its gallium to ROW, before anything forces it.
    const run = (diversificationRate: number) =>
      simulate(
        twoBlocs({ phoneThreat: null, measures: [{ ...ban, start: 1 }], policy: { ...QUIET, diversificationRate } }),
        { steps: 16, seed: 1 },
      );
    const calm = run(0);
    const wary = run(0.3);
    const gallium = (r: ReturnType<typeof run>) => series(r.metrics.rows(), 'CN>US:gallium', 'trade_volume');
    expect(gallium(wary).at(-1)!).toBeLessThan(gallium(calm).at(-1)!);
    // Shares move, they do not vanish: every slot's base shares still sum as before.
    const [before, after] = [createWorld(twoBlocs({ phoneThreat: null }), 1), wary.world];
    const amat = after.firmIndex.get('AMAT')!;
    const sum = (w: World) => {
      let total = 0;
      for (let e = w.slotEdgeStart[w.firmSlotStart[amat]!]!; e < w.slotEdgeStart[w.firmSlotStart[amat]! + 1]!; e++)
        total += w.edgeBaseShare[e]!;
      return total;
    };
    expect(sum(after)).toBeCloseTo(sum(before), 12);
    const [fromChina] = selectEdges(after, { supplier: 'GalliumCN', buyer: 'AMAT' });
    expect(after.edgeBaseShare[fromChina!]).toBeLessThan(0.9);
  });
});
