import type { MeasureSpec, StateSpec, WorldSpec } from '@chokepoint/core';

/**
 * A small hand-built world of two blocs for policy tests: gallium → chipmaking
 * equipment (SME) → chips → phones, with US, Chinese, Japanese, Dutch,
 * Taiwanese and third-country firms. Capacities leave 10% spare.
 */
export function twoBlocs(overrides: {
  states?: Partial<Record<string, Partial<StateSpec>>>;
  measures?: MeasureSpec[];
  alliances?: WorldSpec['alliances'];
  policy?: WorldSpec['policy'];
  params?: WorldSpec['params'];
  tsmcOrigin?: Record<string, number>;
} = {}): WorldSpec {
  const state = (id: string): StateSpec => ({ id, ...(overrides.states?.[id] ?? {}) });
  return {
    states: ['US', 'CN', 'JP', 'NL', 'TW', 'ROW'].map(state),
    products: [
      { id: 'gallium', stage: 'minerals' },
      { id: 'sme', stage: 'equipment', recipe: [{ product: 'gallium', amount: 0.1 }], strategic: true, price: 5 },
      { id: 'chip', stage: 'fab', recipe: [{ product: 'sme', amount: 0.2 }, { product: 'gallium', amount: 0.05 }], strategic: true, price: 3, requirement: 0.5 },
      {
        id: 'phone',
        stage: 'device',
        recipe: [{ product: 'chip', amount: 1 }],
        price: 10,
        threat: { breadth: 0.8, access: 0.7, dependence: 0.6, detectability: 0.5 },
      },
    ],
    firms: [
      { id: 'GalliumCN', state: 'CN', product: 'gallium' },
      { id: 'GalliumROW', state: 'ROW', product: 'gallium' },
      { id: 'AMAT', state: 'US', product: 'sme' },
      { id: 'ASML', state: 'NL', product: 'sme', origin: { NL: 0.8, US: 0.2 } },
      { id: 'TEL', state: 'JP', product: 'sme', origin: { JP: 0.9, US: 0.1 } },
      { id: 'TSMC', state: 'TW', product: 'chip', origin: overrides.tsmcOrigin ?? { TW: 0.6, US: 0.4 } },
      { id: 'SMIC', state: 'CN', product: 'chip', capability: 0.7 },
      { id: 'Apple', state: 'US', product: 'phone' },
      { id: 'Huawei', state: 'CN', product: 'phone' },
      { id: 'Xiaomi', state: 'CN', product: 'phone' },
    ],
    edges: [
      { supplier: 'GalliumCN', buyer: 'AMAT', share: 0.9 },
      { supplier: 'GalliumROW', buyer: 'AMAT', share: 0.1 },
      { supplier: 'GalliumCN', buyer: 'ASML', share: 0.9 },
      { supplier: 'GalliumROW', buyer: 'ASML', share: 0.1 },
      { supplier: 'GalliumCN', buyer: 'TEL', share: 0.9 },
      { supplier: 'GalliumROW', buyer: 'TEL', share: 0.1 },
      { supplier: 'GalliumCN', buyer: 'TSMC', share: 0.8 },
      { supplier: 'GalliumROW', buyer: 'TSMC', share: 0.2 },
      { supplier: 'GalliumCN', buyer: 'SMIC' },
      { supplier: 'AMAT', buyer: 'TSMC', share: 0.4 },
      { supplier: 'ASML', buyer: 'TSMC', share: 0.4 },
      { supplier: 'TEL', buyer: 'TSMC', share: 0.2 },
      { supplier: 'AMAT', buyer: 'SMIC', share: 0.4 },
      { supplier: 'ASML', buyer: 'SMIC', share: 0.4 },
      { supplier: 'TEL', buyer: 'SMIC', share: 0.2 },
      { supplier: 'TSMC', buyer: 'Apple' },
      { supplier: 'TSMC', buyer: 'Huawei', share: 0.7 },
      { supplier: 'SMIC', buyer: 'Huawei', share: 0.3 },
      { supplier: 'TSMC', buyer: 'Xiaomi', share: 0.5 },
      { supplier: 'SMIC', buyer: 'Xiaomi', share: 0.5 },
    ],
    finalDemand: [
      { state: 'US', product: 'phone', quantity: 40, suppliers: [{ firm: 'Apple', share: 0.8 }, { firm: 'Huawei', share: 0.1 }, { firm: 'Xiaomi', share: 0.1 }] },
      { state: 'CN', product: 'phone', quantity: 50, suppliers: [{ firm: 'Apple', share: 0.2 }, { firm: 'Huawei', share: 0.5 }, { firm: 'Xiaomi', share: 0.3 }] },
      { state: 'ROW', product: 'phone', quantity: 60, suppliers: [{ firm: 'Apple', share: 0.4 }, { firm: 'Huawei', share: 0.3 }, { firm: 'Xiaomi', share: 0.3 }] },
    ],
    ...(overrides.measures ? { measures: overrides.measures } : {}),
    ...(overrides.alliances ? { alliances: overrides.alliances } : {}),
    ...(overrides.policy ? { policy: overrides.policy } : {}),
    ...(overrides.params ? { params: overrides.params } : {}),
  };
}
