import { describe, expect, it } from 'vitest';
import {
  applyMeasures,
  createWorld,
  exportFinance,
  nationalAccounts,
  placeOrders,
  realIncome,
  simulate,
  step,
  type MeasureSpec,
  type World,
  type WorldSpec,
} from '@chokepoint/core';
import { QUIET, twoBlocs } from './fixtures.js';

/*
 * Export finance (policy/exportFinance.ts): the issuer pays `rate` of its firms' prices on their
 * sales to the listed buyer states, from its budget; buyers pay p·(1 + tariff − rate).
 */

const FINANCE: MeasureSpec = { type: 'export_finance', issuer: 'CN', products: ['phone'], to: ['ROW'], rate: 0.2 };
const financed = (measure: Partial<MeasureSpec> = {}, extra: Partial<Parameters<typeof twoBlocs>[0]> = {}): WorldSpec =>
  twoBlocs({ measures: [{ ...FINANCE, ...measure } as MeasureSpec], policy: QUIET, ...extra });

/** The final-demand slot of `state` for phones, and its edges by supplier id. */
function phoneSlot(world: World, state: string): { slot: number; edges: Map<string, number> } {
  const s = world.stateIndex.get(state)!;
  const phone = world.productIndex.get('phone')!;
  for (let slot = world.firmSlotCount; slot < world.slotOwner.length; slot++) {
    if (world.finalDemandState[world.slotOwner[slot]!] !== s || world.slotProduct[slot] !== phone) continue;
    const edges = new Map<string, number>();
    for (let e = world.slotEdgeStart[slot]!; e < world.slotEdgeStart[slot + 1]!; e++)
      edges.set(world.firmIds[world.edgeSupplier[e]!]!, e);
    return { slot, edges };
  }
  throw new Error(`no phone slot for ${state}`);
}

describe('export_finance', () => {
  it('lowers the financed buyers’ delivered price by the rate and moves their orders to the financed firms, by the Armington weight', () => {
    const world = createWorld(financed(), 1);
    const plain = createWorld(twoBlocs({ policy: QUIET }), 1);
    for (const w of [world, plain]) {
      applyMeasures(w);
      placeOrders(w);
    }
    const { slot, edges } = phoneSlot(world, 'ROW');
    const sigma = world.productArmington[world.productIndex.get('phone')!]!;
    // Only China's phone makers' edges into ROW carry the support.
    for (const [supplier, e] of edges) expect(world.edgeTariff[e]).toBe(supplier === 'Apple' ? 0 : -0.2);
    const us = phoneSlot(world, 'US');
    for (const e of us.edges.values()) expect(world.edgeTariff[e]).toBe(0);
    // Order shares: base shares 0.4 / 0.3 / 0.3, the financed ones weighted by 0.8^(−σ) (prices at base).
    const weight = 0.8 ** -sigma;
    const total = 0.4 + 0.6 * weight;
    const ordered = world.slotOrdered[slot]!;
    expect(world.edgeOrder[edges.get('Apple')!]! / ordered).toBeCloseTo(0.4 / total, 12);
    expect(world.edgeOrder[edges.get('Huawei')!]! / ordered).toBeCloseTo((0.3 * weight) / total, 12);
    // The delivered price is the order-weighted mean, below the unfinanced world's.
    const price = 10 * ((0.4 + 0.6 * weight * 0.8) / total);
    expect(world.slotPrice[slot]).toBeCloseTo(price, 12);
    expect(world.slotPrice[slot]!).toBeLessThan(plain.slotPrice[phoneSlot(plain, 'ROW').slot]!);
    // Lower prices raise final demand (elasticity η): ROW wants more phones than without finance.
    expect(ordered).toBeGreaterThan(plain.slotOrdered[phoneSlot(plain, 'ROW').slot]!);
  });

  it('is paid by the issuer, rate × the value delivered, received by the buyers’ state, and the accounts still close', () => {
    const world = createWorld(financed(), 1);
    step(world);
    const { edges } = phoneSlot(world, 'ROW');
    let bill = 0;
    for (const supplier of ['Huawei', 'Xiaomi']) {
      const e = edges.get(supplier)!;
      bill += 0.2 * world.edgeDelivered[e]! * world.firmPrice[world.edgeSupplier[e]!]!;
    }
    expect(bill).toBeGreaterThan(0);
    const cn = world.stateIndex.get('CN')!;
    const row = world.stateIndex.get('ROW')!;
    expect(world.policy.stateExportFinance[cn]).toBeCloseTo(bill, 12);
    expect(world.policy.stateFinanceReceived[row]).toBeCloseTo(bill, 12);
    expect(world.policy.stateSubsidyPaid[cn]).toBeCloseTo(bill, 12);
    const accounts = nationalAccounts(world);
    // Finance is not duty: nobody levies a tariff here.
    for (let s = 0; s < world.stateIds.length; s++) expect(accounts.tariffRevenue[s]).toBeCloseTo(0, 12);
    expect(accounts.exportFinance[cn]).toBeCloseTo(bill, 12);
    // Σ (value added + tariff revenue − export finance) = Σ (final spending + inventory investment).
    let income = 0;
    let spending = 0;
    for (let s = 0; s < world.stateIds.length; s++) {
      income += accounts.valueAdded[s]! + accounts.tariffRevenue[s]! - accounts.exportFinance[s]!;
      spending += accounts.finalSpending[s]! + accounts.purchases[s]! - accounts.intermediateConsumption[s]!;
    }
    expect(income).toBeCloseTo(spending, 9);
    // The issuer loses it in full (a transfer abroad) plus the cost of the funds.
    const welfare = realIncome(world, accounts);
    const lambda = world.params.costOfFunds;
    expect(welfare[cn]).toBeCloseTo((accounts.valueAdded[cn]! - bill - lambda * bill) / accounts.cpi[cn]!, 9);
  });

  it('offers a lower rate when last step’s bill at the full rate would exceed the issuer’s budget', () => {
    const world = createWorld(financed({}, { states: { CN: { budget: 0.5 } } }), 1);
    step(world);
    const { edges } = phoneSlot(world, 'ROW');
    const huawei = edges.get('Huawei')!;
    const xiaomi = edges.get('Xiaomi')!;
    const value = (e: number): number => world.edgeDelivered[e]! * world.firmPrice[world.edgeSupplier[e]!]!;
    const lastBill = 0.2 * (value(huawei) + value(xiaomi));
    expect(lastBill).toBeGreaterThan(0.5); // the budget binds
    step(world);
    const rate = 0.2 * (0.5 / lastBill);
    expect(world.edgeTariff[huawei]).toBeCloseTo(-rate, 12);
    expect(world.edgeTariff[xiaomi]).toBeCloseTo(-rate, 12);
    // Paid at that rate on this step's deliveries.
    const cn = world.stateIndex.get('CN')!;
    expect(world.policy.stateExportFinance[cn]).toBeCloseTo(rate * (value(huawei) + value(xiaomi)), 12);
  });

  it('restricts nothing: nobody answers it, it closes no trade, and nobody front-loads ahead of it', () => {
    // Two hawkish DNM rivals, China financing its phones abroad (the US among the buyers).
    const rivals = {
      US: { doctrine: 'DNM', rival: 'CN', hawkishness: 1 },
      CN: { doctrine: 'DNM', rival: 'US', hawkishness: 1 },
    };
    const spec = twoBlocs({
      measures: [{ ...FINANCE, id: 'finance', to: ['US', 'ROW'], start: 2, announce: 0 } as MeasureSpec],
      states: rivals,
    });
    const world = createWorld(spec, 3);
    applyMeasures(world); // announced, not yet in force
    expect(world.slotExtraDays.every((d) => d === 0)).toBe(true);
    for (let t = 0; t < 12; t++) step(world);
    expect(world.policy.stateExportFinance[world.stateIndex.get('CN')!]).toBeGreaterThan(0);
    // The rivals adopt and answer measures, but none answers the finance.
    expect(world.policy.measures.some((m) => m.answers !== undefined)).toBe(true);
    expect(world.policy.measures.filter((m) => m.answers === 'finance')).toEqual([]);
    expect(exportFinance.restrict).toBeUndefined();
    expect(
      exportFinance.severity(
        world.policy.measures.find((m) => m.id === 'finance')!,
        world,
      ),
    ).toBe(0);
  });

  it('closes no trade: alone in force, the restricted trade and the escalation index stay 0', () => {
    const rows = simulate(financed(), { steps: 6, seed: 1 }).metrics.rows();
    const of = (variable: string): number[] =>
      rows.filter((r) => r.entity === 'world' && r.variable === variable).map((r) => r.value);
    expect(of('restricted_trade')).toEqual([0, 0, 0, 0, 0, 0]);
    expect(of('escalation_index')).toEqual([0, 0, 0, 0, 0, 0]);
    expect(rows.filter((r) => r.entity === 'CN' && r.variable === 'export_finance').every((r) => r.value > 0)).toBe(
      true,
    );
  });

  it('does nothing with the subsidies mechanism switched off, and its edges return to their base rate when it ends', () => {
    const off = createWorld(financed({}, { params: { disabled: ['subsidies'] } }), 1);
    step(off);
    expect(off.edgeTariff.every((t) => t === 0)).toBe(true);
    expect(off.policy.stateExportFinance.every((v) => v === 0)).toBe(true);
    const ending = createWorld(financed({ end: 2 }), 1);
    step(ending);
    expect(Math.min(...ending.edgeTariff)).toBe(-0.2);
    step(ending);
    step(ending);
    expect(ending.edgeTariff.every((t) => t === 0)).toBe(true);
    expect(ending.policy.stateExportFinance.every((v) => v === 0)).toBe(true);
  });
});

describe('DNM export finance (dnmExportFinance)', () => {
  const rivals = { CN: { doctrine: 'DNM', rival: 'US', hawkishness: 0 }, US: { rival: 'CN' } };

  it('finances, once, its firms’ sales of the products its rival also makes to third countries, at the doctrine’s rate', () => {
    const world = createWorld(
      twoBlocs({
        states: rivals,
        policy: { ...QUIET, dnmExportFinance: 0.25 },
        alliances: [{ id: 'pact', members: ['US', 'JP'] }],
      }),
      1,
    );
    for (let t = 0; t < 6; t++) step(world);
    const finance = world.policy.measures.filter((m) => m.type === 'export_finance');
    expect(finance).toHaveLength(1);
    const [m] = finance;
    expect(m!.origin).toBe('doctrine');
    expect(world.stateIds[m!.issuer]).toBe('CN');
    // Phones are the only product both China's and America's firms make; JP is America's ally.
    expect(m!.spec).toMatchObject({ products: ['phone'], to: ['NL', 'TW', 'ROW'], rate: 0.25 });
    const { edges } = phoneSlot(world, 'ROW');
    expect(world.edgeTariff[edges.get('Huawei')!]).toBe(-0.25);
    expect(world.edgeTariff[edges.get('Apple')!]).toBe(0);
    expect(world.edgeTariff[phoneSlot(world, 'US').edges.get('Huawei')!]).toBe(0);
    expect(world.policy.stateExportFinance[world.stateIndex.get('CN')!]).toBeGreaterThan(0);
  });

  it('is off by default, and never without a budget', () => {
    const off = createWorld(twoBlocs({ states: rivals, policy: QUIET }), 1);
    const broke = createWorld(
      twoBlocs({
        states: { ...rivals, CN: { ...rivals.CN, budget: 0 } },
        policy: { ...QUIET, dnmExportFinance: 0.25 },
      }),
      1,
    );
    for (let t = 0; t < 6; t++) {
      step(off);
      step(broke);
    }
    expect(off.policy.measures.filter((m) => m.type === 'export_finance')).toEqual([]);
    expect(broke.policy.measures.filter((m) => m.type === 'export_finance')).toEqual([]);
  });

  it('rejects a rate above 0.95 with the field and the value', () => {
    expect(() => createWorld(twoBlocs({ policy: { dnmExportFinance: 1.2 } }), 1)).toThrow(
      /policy\.dnmExportFinance: expected a share of the price >= 0 and <= 0\.95, received 1\.2/,
    );
  });
});
