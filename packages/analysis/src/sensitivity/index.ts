/**
 * Sensitivity analysis: designs (design.ts), range distributions (distributions.ts), Morris
 * elementary effects (morris.ts), Sobol indices (sobol.ts), and the run-directory analysis
 * behind `chokepoint sensitivity` (analyze.ts). See docs/sensitivity.md.
 */
export {
  analyzeSensitivity,
  readRunDesign,
  writeSensitivityReport,
  SENSITIVITY_FORMAT,
  type SensitivityAnalysis,
  type SensitivityOptions,
  type SensitivityReport,
} from './analyze.js';
export { elementaryEffects, morrisIndices, type MorrisIndex, type MorrisOptions } from './morris.js';
export {
  sobolIndices,
  splitSaltelli,
  type SaltelliOutputs,
  type SobolIndex,
  type SobolOptions,
  type SobolResult,
} from './sobol.js';
