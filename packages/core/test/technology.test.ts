import { describe, expect, it } from 'vitest';
import {
  createWorld,
  MAX_FRONTIER_EFFORT,
  selectEdges,
  step,
  toolWear,
  toolsPerCapacity,
  type PolicyParams,
  type World,
  type WorldSpec,
} from '@chokepoint/core';
import { FROZEN_CAPABILITY, QUIET, twoBlocs } from './policy/fixtures.js';

/*
 * Technology (issue 24): the frontier moves with the R&D of the firms at it, learning by doing
 * runs on cumulative output, and a firm cannot run far ahead of the tools it has installed.
 */

const YEAR = 4; // quarterly steps
const chipOf = (world: World): number => world.productIndex.get('chip')!;
const firm = (world: World, id: string): number => world.firmIndex.get(id)!;

/**
 * A fab world: CN's fab buys its tools (a capital good) from a US toolmaker at the frontier and,
 * for a sliver, from a Chinese one at 0.3 of it; households in both states buy chips.
 */
function fabWorld(
  policy: Partial<PolicyParams> = {},
  measures: WorldSpec['measures'] = [],
  chinaShare = 0.01,
  params: WorldSpec['params'] = {},
): WorldSpec {
  return {
    params,
    states: [{ id: 'US', doctrine: 'NLG' }, { id: 'CN' }],
    products: [
      { id: 'tool', capital: true, price: 5 },
      { id: 'chip', recipe: [{ product: 'tool', amount: 0.2 }], price: 3 },
    ],
    firms: [
      { id: 'ToolUS', state: 'US', product: 'tool' },
      { id: 'ToolCN', state: 'CN', product: 'tool', capability: 0.3, capacity: 10, rdIntensity: 0 },
      { id: 'FabCN', state: 'CN', product: 'chip', capability: 0.5, rdIntensity: 0.5 },
      { id: 'FabUS', state: 'US', product: 'chip' },
    ],
    edges: [
      { supplier: 'ToolUS', buyer: 'FabCN', share: 1 - chinaShare },
      // Without a share the edge is left out: orders a blocked edge cannot take go to the slot's other edges.
      ...(chinaShare > 0 ? [{ supplier: 'ToolCN', buyer: 'FabCN', share: chinaShare }] : []),
      { supplier: 'ToolUS', buyer: 'FabUS' },
    ],
    finalDemand: [
      { state: 'CN', product: 'chip', quantity: 10, suppliers: [{ firm: 'FabCN' }] },
      { state: 'US', product: 'chip', quantity: 10, suppliers: [{ firm: 'FabUS' }] },
    ],
    measures,
    policy: { ...QUIET, ...policy },
  };
}
/** No search on either side: a fab cut off from its toolmaker finds no other, nor another toolmaker it. */
const NO_SEARCH: WorldSpec['params'] = { disabled: ['supplierSearch', 'sellerSearch'] };
const toolSlot = (world: World): number =>
  world.edgeSlot[selectEdges(world, { supplier: 'ToolUS', buyer: 'FabCN' })[0]!]!;

describe('the moving frontier', () => {
  it('grows at frontierGrowth a year while the R&D of the firms at it holds, and they move with it', () => {
    const world = createWorld(twoBlocs({ policy: QUIET, states: { US: { doctrine: 'NLG' } } }), 1);
    const tsmc = firm(world, 'TSMC');
    const smic = firm(world, 'SMIC');
    for (let t = 0; t < YEAR; t++) step(world);
    const g = world.policy.params.frontierGrowth;
    expect(world.productFrontier[chipOf(world)]).toBeCloseTo(Math.exp(g), 12);
    expect(world.firmCapability[tsmc]).toBeCloseTo(Math.exp(g), 12); // at the frontier: moves with it
    expect(world.firmCapability[smic]!).toBeLessThan(world.productFrontier[chipOf(world)]!); // 0.7: catches up, not carried
    // The requirement a buyer puts on a new supplier is an absolute level: it stays.
    expect(world.productRequirement[chipOf(world)]).toBe(0.5);
  });

  it('slows when the firms at it lose sales, and speeds up with subsidized R&D', () => {
    const frontierAfter = (spec: WorldSpec): number => {
      const world = createWorld(spec, 1);
      for (let t = 0; t < 2 * YEAR; t++) step(world);
      return world.productFrontier[chipOf(world)]!;
    };
    const base = frontierAfter(twoBlocs({ policy: QUIET, states: { US: { doctrine: 'NLG' } } }));
    // Taiwan stops selling chips to China: TSMC, the chip frontier's firm, loses Huawei and Xiaomi.
    const lost = frontierAfter(
      twoBlocs({
        policy: QUIET,
        measures: [{ type: 'export_control', issuer: 'TW', targets: ['CN'], products: ['chip'] }],
      }),
    );
    // Taiwan pays for R&D at TSMC.
    const subsidized = frontierAfter(
      twoBlocs({
        policy: QUIET,
        measures: [{ type: 'subsidy', issuer: 'TW', products: ['chip'], investmentShare: 0, rd: 0.1 }],
      }),
    );
    expect(lost).toBeLessThan(base);
    expect(subsidized).toBeGreaterThan(base);
    expect(lost).toBeGreaterThanOrEqual(1); // it never falls
  });

  it('moves at most MAX_FRONTIER_EFFORT times its base rate, however far research runs past the steady state', () => {
    // A demand surge far beyond anything at the steady state (a property test found frontiers
    // overflowing to Infinity when R&D ran 10^4 times its base).
    const world = createWorld(twoBlocs({ policy: QUIET, states: { US: { doctrine: 'NLG' } } }), 1);
    const chip = chipOf(world);
    world.productBaseRd[chip] = world.productBaseRd[chip]! * 1e-6; // as if the base market were tiny
    const before = world.productFrontier[chip]!;
    step(world);
    const g = world.policy.params.frontierGrowth;
    const years = world.params.daysPerStep / 365.25;
    expect(world.productFrontier[chip]! / before).toBeCloseTo(Math.exp(g * years * MAX_FRONTIER_EFFORT), 12);
    for (let t = 0; t < 40 * YEAR; t++) step(world);
    expect(Number.isFinite(world.productFrontier[chip]!)).toBe(true);
  });

  it('stays where it starts with the frontier mechanism switched off, or with frontierGrowth 0', () => {
    for (const spec of [
      twoBlocs({ policy: QUIET, params: { disabled: ['frontier'] }, states: { US: { doctrine: 'NLG' } } }),
      twoBlocs({ policy: { ...QUIET, frontierGrowth: 0 }, states: { US: { doctrine: 'NLG' } } }),
    ]) {
      const world = createWorld(spec, 1);
      for (let t = 0; t < YEAR; t++) step(world);
      expect(world.productFrontier[chipOf(world)]).toBe(1);
    }
  });
});

describe('learning by doing', () => {
  it('closes learningByDoing of the gap per doubling of cumulative output, and nothing for a firm that makes nothing', () => {
    const policy = { ...FROZEN_CAPABILITY, learningByDoing: 0.2 };
    const world = createWorld(fabWorld(policy), 1);
    const fab = firm(world, 'FabCN');
    const experience = world.firmExperience[fab]!;
    expect(experience).toBeCloseTo(5 * YEAR * world.firmBaseDemand[fab]!, 9); // five years of steady output
    step(world);
    const made = world.firmOutput[fab]!;
    expect(made).toBeGreaterThan(0);
    expect(world.firmExperience[fab]).toBeCloseTo(experience + made, 9);
    const expected = 1 - 0.5 * ((experience + made) / experience) ** Math.log2(0.8);
    expect(world.firmCapability[fab]).toBeCloseTo(expected, 12);
    // A doubling of experience closes 20% of the gap, however many steps it takes.
    const gap = (w: World) => 1 - w.firmCapability[fab]!;
    const before = gap(world);
    const target = 2 * world.firmExperience[fab]!;
    let steps = 0;
    while (world.firmExperience[fab]! < target && steps < 200) {
      step(world);
      steps++;
    }
    const doublings = Math.log2(world.firmExperience[fab]! / (target / 2));
    expect(gap(world) / before).toBeCloseTo(0.8 ** doublings, 9);
    // A fab whose plant is destroyed makes nothing and learns nothing.
    const idle = createWorld(fabWorld(policy), 1);
    const idleFab = firm(idle, 'FabCN');
    idle.firmDamage[idleFab] = 1;
    const stalled = idle.firmCapability[idleFab]!;
    step(idle);
    expect(idle.firmOutput[idleFab]).toBe(0);
    expect(idle.firmCapability[idleFab]).toBe(stalled);
  });
});

describe('installed tools', () => {
  it('are sized for the whole plant: a fab that starts almost destroyed orders no more than replacement', () => {
    // A property test found a fab at damage 1 − 7e-10 ordering 10^8 times its tools: the tools a
    // unit of capacity needs were measured against its damaged potential, not its plant.
    const spec = fabWorld({}, [], 0.01, NO_SEARCH);
    spec.firms = spec.firms.map((f) => (f.id === 'FabCN' ? { ...f, damage: 1 - 7e-10 } : f));
    const world = createWorld(spec, 1);
    const slot = toolSlot(world);
    const fab = firm(world, 'FabCN');
    expect(toolsPerCapacity(world, slot, toolWear(world)) * world.firmCapacity[fab]!).toBeCloseTo(
      world.slotStock[slot]!,
      9,
    );
    step(world);
    expect(world.slotOrdered[slot]!).toBeLessThanOrEqual(
      ((toolWear(world) * world.slotStock[slot]!) / (1 - toolWear(world))) * (1 + 1e-9),
    );
  });

  it('a fab cut off from its toolmaker keeps producing on its installed base, which wears out', () => {
    const world = createWorld(
      fabWorld({}, [{ type: 'export_control', issuer: 'US', targets: ['CN'], products: ['tool'] }], 0, NO_SEARCH),
      1,
    );
    const fab = firm(world, 'FabCN');
    const slot = toolSlot(world);
    const perCapacity = toolsPerCapacity(world, slot, toolWear(world));
    let installed = world.slotStock[slot]!;
    for (let t = 0; t < 3 * YEAR; t++) {
      step(world);
      expect(world.slotReceived[slot]).toBe(0); // no new tools
      installed *= 1 - toolWear(world);
      expect(world.slotStock[slot]).toBeCloseTo(installed, 9); // the installed base wears by the step's share
      // Output is bounded by what the tools allow (times overproduction), not stopped.
      expect(world.firmOutput[fab]!).toBeLessThanOrEqual(
        (installed / (1 - toolWear(world)) / perCapacity) * world.firmOverproduction[fab]! + 1e-9,
      );
    }
    expect(world.firmOutput[fab]!).toBeGreaterThan(0.5 * world.firmBaseDemand[fab]!); // three years on, most of it still runs
  });

  it('start at the capability of the tools a fab buys, weighted by its established shares', () => {
    const world = createWorld(fabWorld(), 1);
    expect(world.slotToolCapability[toolSlot(world)]).toBeCloseTo(0.99 * 1 + 0.01 * 0.3, 12);
    // A slot of an input that is not a capital good carries none.
    expect(
      world.slotToolCapability[world.edgeSlot[selectEdges(world, { supplier: 'FabCN', finalDemand: true })[0]!]!],
    ).toBe(-1);
  });

  it('a cut-off stops new tools, not the installed base: the fab keeps growing on the tools it has', () => {
    const world = createWorld(
      fabWorld(
        { toolLifeYears: 0.5 },
        [{ type: 'export_control', issuer: 'US', targets: ['CN'], products: ['tool'] }],
        0,
        NO_SEARCH,
      ),
      1,
    );
    const installed = world.slotToolCapability[toolSlot(world)]!;
    const fab = firm(world, 'FabCN');
    const start = world.firmCapability[fab]!;
    for (let t = 0; t < 2 * YEAR; t++) step(world);
    expect(world.slotToolCapability[toolSlot(world)]).toBe(installed); // nothing received, nothing replaced
    expect(world.firmCapability[fab]!).toBeGreaterThan(start);
  });

  it("move toward the tools a fab receives over their service life, and cap the fab's capability at them plus the headroom", () => {
    // Only R&D moves capabilities here, and only the fab does R&D: the Chinese toolmaker stays at 0.3.
    const policy = { ...FROZEN_CAPABILITY, rdEffect: 1, learningByDoing: 0, frontierGrowth: 0, toolLifeYears: 0.5 };
    // The US tool is blocked; the fab gets only the Chinese tool.
    const control = [
      { type: 'export_control', issuer: 'US', targets: ['CN'], products: ['tool'] },
    ] as WorldSpec['measures'];
    const capped = createWorld(fabWorld(policy, control, 0.2), 1);
    const open = createWorld(fabWorld(policy, [], 0.2), 1);
    const fab = firm(capped, 'FabCN');
    const slot = toolSlot(capped);
    const lifeSteps = (0.5 * 365.25) / capped.params.daysPerStep;
    for (let t = 0; t < 4 * YEAR; t++) {
      const [before, installed] = [capped.firmCapability[fab]!, capped.slotToolCapability[slot]!];
      step(capped);
      step(open);
      // received / (need at steady output × steps of a service life) of the installed tools replaced by Chinese ones.
      const replaced = Math.min(1, capped.slotReceived[slot]! / (0.2 * capped.firmBaseDemand[fab]! * lifeSteps));
      const tools = capped.slotToolCapability[slot]!;
      expect(tools).toBeCloseTo(installed + replaced * (0.3 - installed), 12);
      // Never grows past the ceiling, never pushed down by it.
      const ceiling = tools + capped.policy.params.toolHeadroom;
      expect(capped.firmCapability[fab]!).toBeLessThanOrEqual(Math.max(before, ceiling) + 1e-12);
      expect(capped.firmCapability[fab]!).toBeGreaterThanOrEqual(before);
    }
    expect(capped.slotToolCapability[slot]).toBeLessThan(0.31); // four years of Chinese tools
    const stuck = capped.firmCapability[fab]!;
    expect(stuck).toBeLessThan(0.6); // it stopped near where its tools left it
    expect(open.firmCapability[fab]!).toBeGreaterThan(0.8); // with US tools it kept catching up
  });
});
