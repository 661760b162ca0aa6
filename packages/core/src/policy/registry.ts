import { entityList } from './entityList.js';
import { exportControl } from './exportControl.js';
import { dataLocalization } from './dataLocalization.js';
import { exportFinance } from './exportFinance.js';
import { foreignDirectProductRule } from './foreignDirectProduct.js';
import { investmentScreening } from './investmentScreening.js';
import { marketAccessDenial } from './marketAccess.js';
import { mineralExportLicensing } from './mineralLicensing.js';
import { procurementBan } from './procurementBan.js';
import { exportQuota } from './quota.js';
import { subsidy } from './subsidy.js';
import { tariff } from './tariff.js';
import type { InstrumentDefinition } from './types.js';

/**
 * The built-in instruments, in the order the docs list them.
 *
 * @example
 * ```ts
 * console.log(BUILTIN_INSTRUMENTS.map((i) => i.type)); // ['export_control', 'foreign_direct_product_rule', 'entity_list', 'tariff', 'procurement_ban', 'market_access_denial', 'investment_screening', 'mineral_export_licensing', 'export_quota', 'subsidy', 'export_finance', 'data_localization']
 * ```
 */
export const BUILTIN_INSTRUMENTS: readonly InstrumentDefinition[] = Object.freeze([
  exportControl,
  foreignDirectProductRule,
  entityList,
  tariff,
  procurementBan,
  marketAccessDenial,
  investmentScreening,
  mineralExportLicensing,
  exportQuota,
  subsidy,
  exportFinance,
  dataLocalization,
]);

/**
 * Merges plugin instruments over the built-ins into a registry by type.
 * A plugin may not silently replace a built-in: that is an error.
 *
 * @example
 * ```ts
 * const quota = defineInstrument({ type: 'quota', description: 'A quota.', fields: {}, severity: () => 0.5 });
 * const registry = instrumentRegistry([quota]);
 * console.log(registry.size, registry.get('quota') === quota); // 13 true
 * ```
 */
export function instrumentRegistry(plugins: readonly InstrumentDefinition[] = []): Map<string, InstrumentDefinition> {
  const registry = new Map(BUILTIN_INSTRUMENTS.map((i) => [i.type, i]));
  for (const plugin of plugins) {
    if (registry.has(plugin.type))
      throw new TypeError(`instrument "${plugin.type}" is already defined; choose another type`);
    registry.set(plugin.type, plugin);
  }
  return registry;
}
