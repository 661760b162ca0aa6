import { defineInstrument } from './types.js';

/**
 * Investment screening, inbound and outbound: the issuer screens investment
 * to and from the target states. It cuts the targets' knowledge spillover
 * from the issuer (FDI, joint research, talent), the `spillover` term of
 * capability growth, by `strength`.
 *
 * @example
 * ```ts
 * const world = createWorld({ ...spec, measures: [{ type: 'investment_screening', issuer: 'US', targets: ['CN'] }] }, 1);
 * step(world);
 * const S = world.stateIds.length, [us, cn] = [world.stateIndex.get('US')!, world.stateIndex.get('CN')!];
 * console.log(investmentScreening.type, world.policy.spilloverAccess[cn * S + us]); // investment_screening 0
 * ```
 */
export const investmentScreening = defineInstrument({
  type: 'investment_screening',
  description:
    'Screens inbound and/or outbound investment with the target states, cutting their knowledge spillover from the issuer by `strength`.',
  fields: {
    targets: { kind: 'states', required: true, description: 'States whose investment is screened.' },
    direction: {
      kind: 'enum',
      values: ['inbound', 'outbound', 'both'],
      default: 'both',
      description: 'Which flows are screened.',
    },
    strength: { kind: 'number', min: 0, max: 1, default: 1, description: 'Share of the spillover cut.' },
  },
  targets: (_world, m) => Array.from(m.fields.targets as Int32Array),
  severity: (m) => (m.fields.strength as number) * (m.fields.direction === 'both' ? 1 : 0.5),
  adapt: (world, m) => {
    const S = world.stateIds.length;
    const targets = m.fields.targets as Int32Array;
    // Inbound and outbound screening each close half the channel; both close it all.
    const cut = (m.fields.strength as number) * (m.fields.direction === 'both' ? 1 : 0.5);
    for (let i = 0; i < targets.length; i++) {
      const at = targets[i]! * S + m.issuer;
      world.policy.spilloverAccess[at] = world.policy.spilloverAccess[at]! * (1 - cut);
    }
  },
});
