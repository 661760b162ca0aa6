import { entityList } from './entityList.js';
import { exportControl } from './exportControl.js';
import { foreignDirectProductRule } from './foreignDirectProduct.js';
import { investmentScreening } from './investmentScreening.js';
import { marketAccessDenial } from './marketAccess.js';
import { mineralExportLicensing } from './mineralLicensing.js';
import { procurementBan } from './procurementBan.js';
import { subsidy } from './subsidy.js';
import { tariff } from './tariff.js';
import type { InstrumentDefinition } from './types.js';

/** The built-in instruments, in the order the docs list them. */
export const BUILTIN_INSTRUMENTS: readonly InstrumentDefinition[] = Object.freeze([
  exportControl,
  foreignDirectProductRule,
  entityList,
  tariff,
  procurementBan,
  marketAccessDenial,
  investmentScreening,
  mineralExportLicensing,
  subsidy,
]);

/**
 * Merges plugin instruments over the built-ins into a registry by type.
 * A plugin may not silently replace a built-in: that is an error.
 */
export function instrumentRegistry(plugins: readonly InstrumentDefinition[] = []): Map<string, InstrumentDefinition> {
  const registry = new Map(BUILTIN_INSTRUMENTS.map((i) => [i.type, i]));
  for (const plugin of plugins) {
    if (registry.has(plugin.type)) throw new TypeError(`instrument "${plugin.type}" is already defined; choose another type`);
    registry.set(plugin.type, plugin);
  }
  return registry;
}
