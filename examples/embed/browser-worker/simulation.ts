import { generateWorld, run, type MetricRow } from '@chokepoint/core';

/** The doctrines the page offers. */
export const DOCTRINES = ['DNM', 'NLG', 'DERISK'] as const;

/** What the page asks the worker to run. */
export interface RunRequest {
  /** Firms in the generated world. */
  firms: number;
  /** Steps (quarters) to run. */
  steps: number;
  /** The run's seed (also the generator's). */
  seed: number;
  /** The doctrine both rivals, s0 and s1, follow. */
  doctrine: (typeof DOCTRINES)[number];
}

/** One step's summary, posted as it is computed. */
export interface StepSummary {
  step: number;
  /** Share of world final demand met. */
  demandMet: number;
  /** Sum of the severities of the measures in force. */
  escalation: number;
  /** Measures adopted so far. */
  measures: number;
}

/**
 * Builds a synthetic world (4 states, 8 products, the top half strategic),
 * makes s0 and s1 hawkish rivals under the requested doctrine, and runs it,
 * calling `onStep` after each step. Pure: the worker and the Node test share it.
 */
export function simulateRequest(request: RunRequest, onStep: (summary: StepSummary) => void): StepSummary[] {
  // A missing or misspelled doctrine would leave the rivals with none: refuse it.
  if (!(DOCTRINES as readonly string[]).includes(request.doctrine))
    throw new Error(`unknown doctrine ${JSON.stringify(request.doctrine)}: choose ${DOCTRINES.join(', ')}`);
  const spec = generateWorld({ states: 4, firms: request.firms, products: 8, seed: request.seed });
  spec.products = spec.products.map((p, k) => ({ ...p, strategic: k >= 4 }));
  spec.states = spec.states.map((s) =>
    s.id === 's0' || s.id === 's1'
      ? { ...s, doctrine: request.doctrine, rival: s.id === 's0' ? 's1' : 's0', hawkishness: 1 }
      : s,
  );
  const value = (rows: readonly MetricRow[], variable: string): number =>
    rows.find((r) => r.entity === 'world' && r.variable === variable)?.value ?? Number.NaN;
  const out: StepSummary[] = [];
  for (const frame of run(spec, { steps: request.steps, seed: request.seed, record: { firms: false, flows: false } })) {
    const summary = {
      step: frame.step,
      demandMet: value(frame.metrics, 'final_demand_met_share'),
      escalation: value(frame.metrics, 'escalation_index'),
      measures: frame.world.policy.measures.length,
    };
    out.push(summary);
    onStep(summary);
  }
  return out;
}
