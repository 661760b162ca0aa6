import { describe, expect, it } from 'vitest';
import { createWorld, step, type WorldSpec } from '@chokepoint/core';
import { QUIET, twoBlocs } from './fixtures.js';

/*
 * Investment buys ahead (capital.ts): final demand for a capital good stands for investment, and
 * ahead of an announced restriction it buys (frontLoadDays × exposure / Δ) steps of investment
 * ahead, then installs those tools in place of new purchases once the restriction is in force.
 */

const ANNOUNCE = 2;
const START = 5;

/** twoBlocs with SME a capital good, and China investing 4 units of SME a step (AMAT 0.5, ASML 0.3, TEL 0.2). */
function world(capital: boolean, announce = true): ReturnType<typeof createWorld> {
  const spec = twoBlocs({
    policy: QUIET,
    measures: [
      {
        type: 'export_control',
        issuer: 'US',
        targets: ['CN'],
        products: ['sme'],
        start: START,
        ...(announce ? { announce: ANNOUNCE } : {}),
      },
    ],
  });
  const withInvestment: WorldSpec = {
    ...spec,
    products: spec.products.map((p) => (p.id === 'sme' && capital ? { ...p, capital: true } : p)),
    finalDemand: [
      ...(spec.finalDemand ?? []),
      {
        state: 'CN',
        product: 'sme',
        quantity: 4,
        suppliers: [
          { firm: 'AMAT', share: 0.5 },
          { firm: 'ASML', share: 0.3 },
          { firm: 'TEL', share: 0.2 },
        ],
      },
    ],
  };
  return createWorld(withInvestment, 1);
}

/** China's investment slot (the final-demand slot for SME). */
function investmentSlot(w: ReturnType<typeof createWorld>): number {
  const sme = w.productIndex.get('sme')!;
  for (let s = w.firmSlotCount; s < w.slotProduct.length; s++) if (w.slotProduct[s] === sme) return s;
  throw new Error('no investment slot');
}

describe('investment buys ahead of an announced restriction', () => {
  it('orders frontLoadDays × exposure of investment ahead in the window, then installs them instead of buying', () => {
    const w = world(true);
    const s = investmentSlot(w);
    const ordered: number[] = [];
    const held: number[] = [];
    for (let t = 0; t < START + 2; t++) {
      step(w);
      ordered.push(w.slotOrdered[s]! + w.slotUnplaced[s]!);
      held.push(w.slotStock[s]!);
    }
    const days = w.policy.params.frontLoadDays;
    const restore = Math.max(1, w.params.inventoryRestoreDays / w.params.daysPerStep);
    // The steady state: it invests its 4 units and holds nothing ahead.
    for (let t = 0; t < ANNOUNCE; t++) {
      expect(ordered[t]).toBe(4);
      expect(held[t]).toBe(0);
    }
    // First step of the window: AMAT (half of its supply) will be cut, so it wants 0.5 × 90 days of investment ahead.
    const target = (days * 0.5 * 4) / w.params.daysPerStep;
    expect(ordered[ANNOUNCE]).toBeCloseTo(4 + target / restore, 9);
    expect(held.slice(ANNOUNCE, START).some((b) => b > 0)).toBe(true);
    // From the start it installs what it bought ahead: it orders less than its investment, and the stock falls.
    expect(ordered[START]!).toBeLessThan(4);
    expect(held[START]!).toBeLessThan(held[START - 1]!);
  });

  it('a capital good bought without an announcement, or a good that is not capital, is not bought ahead', () => {
    const unannounced = world(true, false);
    const plain = world(false);
    const plainUnannounced = world(false, false);
    const [s, p, q] = [investmentSlot(unannounced), investmentSlot(plain), investmentSlot(plainUnannounced)];
    for (let t = 0; t < START; t++) {
      step(unannounced);
      step(plain);
      step(plainUnannounced);
      expect(unannounced.slotStock[s]).toBe(0);
      // Not a capital good: final demand never orders ahead (its price may move with the firms' front-loading).
      expect(plain.slotOrdered[p]! + plain.slotUnplaced[p]!).toBeLessThanOrEqual(4);
      expect(plainUnannounced.slotOrdered[q]! + plainUnannounced.slotUnplaced[q]!).toBe(4);
      expect(plain.slotStock[p]).toBe(0);
    }
  });
});
