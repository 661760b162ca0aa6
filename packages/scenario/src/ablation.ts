import { MECHANISMS, type Mechanism } from '@chokepoint/core';
import type { AblationArm, AblationPlan } from '@chokepoint/format';
import { ScenarioError } from './diagnostics.js';
import { deepMerge, isMapping } from './merge.js';
import { diagnosticAt } from './source.js';

/**
 * The name of the arm that repeats `parent` without `mechanism`.
 *
 * @example
 * ```ts
 * console.log(ablationArmName('ban', 'designOut')); // ban-without-designOut
 * ```
 */
export function ablationArmName(parent: string, mechanism: Mechanism): string {
  return `${parent}-without-${mechanism}`;
}

/**
 * Adds the arms of a scenario's `ablation:` to its arms: for each mechanism (in
 * {@link MECHANISMS} order) and each arm, the arm with `world.params.disabled` extended by the
 * mechanism. Returns the arms unchanged, and no plan, when the scenario has no `ablation:` or an
 * empty list.
 *
 * @throws ScenarioError at `ablation` when the scenario has no control arm (there is no effect to
 *   attribute), or when an added arm's name is taken.
 */
export function expandAblation(
  doc: Record<string, unknown>,
  armsDoc: Record<string, Record<string, unknown>>,
  control: string | null,
): { armsDoc: Record<string, Record<string, unknown>>; ablation?: AblationPlan } {
  const asked = doc.ablation as 'all' | Mechanism[] | undefined;
  // An empty list asks for nothing: a file that extends one with `ablation:` (a sensitivity sweep of an experiment) runs no ablation arms.
  if (asked === undefined || (Array.isArray(asked) && asked.length === 0)) return { armsDoc };
  if (control === null) {
    throw new ScenarioError([
      diagnosticAt(
        doc,
        ['ablation'],
        'a scenario with a control arm (attribution splits effects against the control)',
        'no arm has control: true',
        { atKey: true },
      ),
    ]);
  }
  const mechanisms = MECHANISMS.filter((m) => asked === 'all' || asked.includes(m));
  const out: Record<string, Record<string, unknown>> = { ...armsDoc };
  const arms: AblationArm[] = [];
  const baseDisabled = disabledOf(doc.world);
  for (const mechanism of mechanisms) {
    for (const parent of Object.keys(armsDoc)) {
      const name = ablationArmName(parent, mechanism);
      if (name in out) {
        throw new ScenarioError([
          diagnosticAt(
            doc,
            ['arms', name],
            `arm names other than those ablation adds (${name} repeats ${parent} without ${mechanism})`,
            `an arm named ${name}`,
            { atKey: true },
          ),
        ]);
      }
      const arm = armsDoc[parent]!;
      // The parent's own list, else the base world's, with the mechanism added.
      const disabled = [...new Set([...(disabledOf(arm.world) ?? baseDisabled ?? []), mechanism])];
      const { control: _control, description: _description, ...rest } = arm;
      out[name] = {
        ...rest,
        description: `${parent} without ${mechanism}`,
        world: deepMerge(arm.world ?? {}, { params: { disabled } }),
      };
      arms.push({ arm: name, parent, mechanism });
    }
  }
  return { armsDoc: out, ablation: { mechanisms: [...mechanisms], arms } };
}

/** The `params.disabled` list a world override sets, if any. */
function disabledOf(world: unknown): string[] | undefined {
  if (!isMapping(world)) return undefined;
  const params = (world as Record<string, unknown>).params;
  if (!isMapping(params)) return undefined;
  const disabled = (params as Record<string, unknown>).disabled;
  return Array.isArray(disabled) ? disabled.map(String) : undefined;
}
