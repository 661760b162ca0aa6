import type { DoctrineDefinition } from '../policy/types.js';
import { dnm } from './dnm.js';
import { nlg } from './nlg.js';
import { derisking } from './derisking.js';

/**
 * The built-in doctrines: DNM (digital neo-mercantilism), NLG (neoliberal
 * globalization) and DERISK (de-risking, "small yard, high fence").
 *
 * @example
 * ```ts
 * console.log(BUILTIN_DOCTRINES.map((d) => d.id)); // ['DNM', 'NLG', 'DERISK']
 * ```
 */
export const BUILTIN_DOCTRINES: readonly DoctrineDefinition[] = Object.freeze([dnm, nlg, derisking]);

/**
 * Merges plugin doctrines over the built-ins into a registry by id; replacing a built-in is an error.
 *
 * @example
 * ```ts
 * const cautious = defineDoctrine({ id: 'CAUTIOUS', description: 'Never acts.', decide: () => {}, vote: () => false });
 * console.log([...doctrineRegistry([cautious]).keys()]); // ['DNM', 'NLG', 'DERISK', 'CAUTIOUS']
 * ```
 */
export function doctrineRegistry(plugins: readonly DoctrineDefinition[] = []): Map<string, DoctrineDefinition> {
  const registry = new Map(BUILTIN_DOCTRINES.map((d) => [d.id, d]));
  for (const plugin of plugins) {
    if (registry.has(plugin.id)) throw new TypeError(`doctrine "${plugin.id}" is already defined; choose another id`);
    registry.set(plugin.id, plugin);
  }
  return registry;
}
