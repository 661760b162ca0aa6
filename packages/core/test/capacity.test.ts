import { describe, expect, it } from 'vitest';
import { adjustCapacity, createWorld, step, type EngineParams, type World } from '@chokepoint/core';
import { FIXED_PRICES } from './helpers.js';

/*
 * Capacity with damage and overproduction (ARIO):
 *   x_cap = capacity·(1 − damage)·α;
 *   α → α_max under scarcity (demand > capacity·(1 − damage)), else → 1, at rate min(1, daysPerStep/τ_α);
 *   damage ← damage·exp(−daysPerStep/τ_rebuild).
 *
 * World: supplier S (capacity 6) sells parts to final demand of 10 a step, at fixed prices
 * (FIXED_PRICES: with scarcity pricing the price would ration demand instead).
 */
function scarceWorld(params: Partial<EngineParams> = {}, capacity = 6): World {
  return createWorld(
    {
      states: [{ id: 'US' }],
      products: [{ id: 'part' }],
      firms: [{ id: 'S', state: 'US', product: 'part', capacity }],
      finalDemand: [{ state: 'US', product: 'part', quantity: 10 }],
      params: { ...FIXED_PRICES, ...params },
    },
    1,
  );
}

const QUARTER = 365.25 / 4;

describe('capacity, damage and overproduction', () => {
  it('output is capped by capacity, and α rises toward α_max under scarcity', () => {
    const world = scarceWorld({ overproductionMax: 1.25, overproductionDays: 365 });
    const rate = QUARTER / 365; // 0.25
    let alpha = 1;
    for (let t = 0; t < 6; t++) {
      step(world);
      // Production uses the α in force at the start of the step; it adjusts after.
      expect(world.firmOutput[0]).toBeCloseTo(6 * alpha, 12);
      expect(world.firmFillRate[0]).toBeCloseTo((6 * alpha) / 10, 12);
      alpha += (1.25 - alpha) * rate;
      expect(world.firmOverproduction[0]).toBeCloseTo(alpha, 12);
    }
  });

  it('α falls back toward 1 without scarcity, and the rate is at most 1', () => {
    const world = scarceWorld({ overproductionMax: 1.5, overproductionDays: 30 }, 20);
    world.firmOverproduction[0] = 1.4;
    adjustCapacity(world); // demand 10 < capacity 20: not scarce; rate min(1, 91/30) = 1
    expect(world.firmOverproduction[0]).toBe(1);
    const slow = scarceWorld({ overproductionMax: 1.5, overproductionDays: 365 }, 20);
    slow.firmOverproduction[0] = 1.4;
    adjustCapacity(slow);
    expect(slow.firmOverproduction[0]).toBeCloseTo(1.4 - 0.4 * (QUARTER / 365), 12);
  });

  it('damage cuts output and recovers exponentially', () => {
    const world = scarceWorld({ damageRecoveryDays: 60, overproductionMax: 1 }, 20);
    world.firmDamage[0] = 0.75;
    let damage = 0.75;
    for (let t = 0; t < 4; t++) {
      step(world);
      expect(world.firmOutput[0]).toBeCloseTo(Math.min(10, 20 * (1 - damage)), 12);
      damage *= Math.exp(-QUARTER / 60);
      expect(world.firmDamage[0]).toBeCloseTo(damage, 12);
    }
  });

  it('damage counts toward scarcity: a damaged firm overproduces', () => {
    const world = scarceWorld({ overproductionMax: 1.25, overproductionDays: 365, damageRecoveryDays: 1e9 }, 11);
    world.firmDamage[0] = 0.5; // 5.5 < 10
    adjustCapacity(world);
    expect(world.firmOverproduction[0]).toBeCloseTo(1 + 0.25 * (QUARTER / 365), 12);
  });
});
