import type { DoctrineDefinition } from '../policy/types.js';
import { dnm } from './dnm.js';
import { nlg } from './nlg.js';

/** The built-in doctrines. */
export const BUILTIN_DOCTRINES: readonly DoctrineDefinition[] = Object.freeze([dnm, nlg]);

/** Merges plugin doctrines over the built-ins into a registry by id; replacing a built-in is an error. */
export function doctrineRegistry(plugins: readonly DoctrineDefinition[] = []): Map<string, DoctrineDefinition> {
  const registry = new Map(BUILTIN_DOCTRINES.map((d) => [d.id, d]));
  for (const plugin of plugins) {
    if (registry.has(plugin.id)) throw new TypeError(`doctrine "${plugin.id}" is already defined; choose another id`);
    registry.set(plugin.id, plugin);
  }
  return registry;
}
