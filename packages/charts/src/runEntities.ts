import { parse } from 'yaml';
import { parseFlowEntity } from './tradeFlowChart.js';
import { parseMetricName } from './metricInfo.js';
import type { RunData } from './runData.js';

/**
 * What a scenario file names, as {@link extractScenarioEntities} reads it.
 *
 * @example
 * ```ts
 * const named: ScenarioEntities = extractScenarioEntities('arms: { control: {}, ban: {} }\n');
 * console.log(named.arms, named.states); // ['control', 'ban'] []
 * ```
 */
export interface ScenarioEntities {
  /** Arm names, in the file's order. */
  arms: string[];
  /** State ids of the world, in its order (empty when the world is a reference, not inlined). */
  states: string[];
  /** Product ids of the world, in its order. */
  products: string[];
  /** Products that a scripted measure names (`timeline[].measure.products`, in any arm), in order. */
  measureProducts: string[];
  /** Metrics listed in `outputs.metrics` (`kind/entity/variable`). */
  metrics: string[];
}

/**
 * Reads the arms, the world's states and products, the products of the scripted measures and
 * the listed key metrics from the text of a scenario file (YAML or JSON; a run directory's
 * resolved scenario.yaml has the world inlined). Text that does not parse gives empty lists.
 *
 * @example
 * ```ts
 * const text = [
 *   'world: { states: [{ id: US }, { id: CN }], products: [{ id: gallium }, { id: chips }] }',
 *   'arms:',
 *   '  control: { control: true }',
 *   '  ban: { timeline: [{ step: 1, measure: { type: export_control, issuer: CN, targets: [US], products: [gallium] } }] }',
 *   'outputs: { metrics: [state/US/output] }',
 * ].join('\n');
 * const named = extractScenarioEntities(text);
 * console.log(named.states, named.products, named.measureProducts, named.metrics); // ['US', 'CN'] ['gallium', 'chips'] ['gallium'] ['state/US/output']
 * ```
 */
export function extractScenarioEntities(text: string): ScenarioEntities {
  const entities: ScenarioEntities = { arms: [], states: [], products: [], measureProducts: [], metrics: [] };
  let doc: unknown;
  try {
    doc = parse(text);
  } catch {
    return entities;
  }
  if (!isRecord(doc)) return entities;
  const world = isRecord(doc.world) ? doc.world : {};
  entities.states = ids(world.states);
  entities.products = ids(world.products);
  if (isRecord(doc.arms)) entities.arms = Object.keys(doc.arms);
  const measureProducts = new Set<string>();
  const collect = (timeline: unknown) => {
    if (!Array.isArray(timeline)) return;
    for (const entry of timeline) {
      const measure = isRecord(entry) && isRecord(entry.measure) ? entry.measure : undefined;
      if (measure && Array.isArray(measure.products))
        for (const p of measure.products) if (typeof p === 'string') measureProducts.add(p);
    }
  };
  collect(doc.timeline);
  if (isRecord(doc.arms)) for (const arm of Object.values(doc.arms)) if (isRecord(arm)) collect(arm.timeline);
  if (Array.isArray(world.measures))
    for (const m of world.measures)
      if (isRecord(m) && Array.isArray(m.products))
        for (const p of m.products) if (typeof p === 'string') measureProducts.add(p);
  entities.measureProducts = [...measureProducts];
  const outputs = isRecord(doc.outputs) ? doc.outputs : {};
  if (Array.isArray(outputs.metrics))
    entities.metrics = outputs.metrics.filter((m): m is string => typeof m === 'string');
  return entities;
}

/**
 * The arms, states and products of a run, each in a fixed order, and the products its study
 * names, as the charts use them: {@link runPalette} colours by these lists, and the trade-flow
 * charts never lump a named product into 'other'.
 *
 * @example
 * ```ts
 * const entities: RunEntities = runEntities({ rows: parsed.rows, parameterNames: parsed.parameterNames, summary });
 * console.log(entities.control, entities.arms, entities.namedProducts.includes('sme')); // control ['control', 'us-only', 'aligned', 'fab-fire'] true
 * ```
 */
export interface RunEntities {
  /** Arms: the control arm first, then the others in the scenario's order (else the data's). */
  arms: string[];
  /** The control arm, or null. */
  control: string | null;
  /** States: the world's order, then any others the data holds. */
  states: string[];
  /** Products: the world's order, then any others the data holds. */
  products: string[];
  /**
   * Products the study names: in its key metrics (summary.json, `outputs.metrics`) or in the
   * products of its scripted measures.
   */
  namedProducts: string[];
}

/**
 * Reads the {@link RunEntities} of a run from its scenario (scenario.yaml), its summary and its rows.
 *
 * @example
 * ```ts
 * const run: RunData = { rows: parsed.rows, parameterNames: parsed.parameterNames, summary };
 * const { states, products } = runEntities(run);
 * console.log(states, products.slice(0, 2)); // ['US', 'CN', 'JP', 'NL', 'TW'] ['sme', 'chip']
 * ```
 */
export function runEntities(run: RunData): RunEntities {
  const named = run.scenarioText !== undefined ? extractScenarioEntities(run.scenarioText) : undefined;
  const arms = new Set<string>(named?.arms ?? []);
  const states = new Set<string>(named?.states ?? []);
  const products = new Set<string>(named?.products ?? []);
  const namedProducts = new Set<string>();
  const productsOfMetric = (kind: string, entity: string): string | undefined => {
    if (kind === 'product') return entity;
    if (kind === 'state_product') return entity.slice(entity.indexOf(':') + 1) || undefined;
    if (kind === 'flow') return parseFlowEntity(entity)?.product;
    return undefined;
  };
  for (const metric of [...(run.summary?.metrics.map((m) => m.metric) ?? []), ...(named?.metrics ?? [])]) {
    const { entityKind, entity } = parseMetricName(metric);
    const product = productsOfMetric(entityKind, entity);
    if (product) namedProducts.add(product);
  }
  for (const product of named?.measureProducts ?? []) namedProducts.add(product);
  let lastRun = '';
  for (const row of run.rows) {
    if (row.runId !== lastRun) {
      arms.add(row.arm);
      lastRun = row.runId;
    }
    if (row.entityKind === 'state') states.add(row.entity);
    else if (row.entityKind === 'product') products.add(row.entity);
    else if (row.entityKind === 'state_product') {
      const colon = row.entity.indexOf(':');
      if (colon > 0) {
        states.add(row.entity.slice(0, colon));
        products.add(row.entity.slice(colon + 1));
      }
    } else if (row.entityKind === 'flow') {
      const flow = parseFlowEntity(row.entity);
      if (flow) {
        states.add(flow.from);
        states.add(flow.to);
        products.add(flow.product);
      }
    }
  }
  for (const m of run.summary?.metrics ?? []) arms.add(m.arm);
  const control = run.summary?.control ?? null;
  const armList = [...arms];
  return {
    arms: control !== null && arms.has(control) ? [control, ...armList.filter((a) => a !== control)] : armList,
    control,
    states: [...states],
    products: [...products],
    namedProducts: [...namedProducts].filter((p) => products.size === 0 || products.has(p)),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function ids(list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((item) => (isRecord(item) && typeof item.id === 'string' ? [item.id] : []));
}
