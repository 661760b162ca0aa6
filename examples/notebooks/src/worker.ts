/// <reference lib="webworker" />
import { simulate, WorldSpecError } from '@chokepoint/core';
import type { ResultRow, RowFilter, SimulationRequest, SimulationResponse } from './protocol.ts';

/*
 * The simulation worker: runs batches of Chokepoint runs off the page's main thread, so
 * sliders stay responsive, and posts back the metric rows the notebook asked for.
 */

const scope = self as unknown as DedicatedWorkerGlobalScope;

function matches(filters: RowFilter[] | undefined, kind: string, entity: string, variable: string): boolean {
  if (filters === undefined) return true;
  return filters.some(
    (f) =>
      (f.kind === undefined || f.kind === kind) &&
      (f.variable === undefined || f.variable === variable) &&
      (f.entity === undefined || (typeof f.entity === 'string' ? f.entity === entity : f.entity.test(entity))),
  );
}

scope.onmessage = (event: MessageEvent<SimulationRequest>) => {
  const request = event.data;
  const started = performance.now();
  const rows: ResultRow[] = [];
  let arm: string | undefined;
  try {
    for (const run of request.runs) {
      arm = run.arm;
      const result = simulate(run.spec, {
        steps: run.steps,
        seed: run.seed,
        record: request.record ?? { firms: false },
      });
      const m = result.metrics;
      for (let i = 0; i < m.length; i++) {
        const kind = m.entityKindAt(i);
        const entity = m.entityAt(i);
        const variable = m.variableAt(i);
        if (!matches(request.keep, kind, entity, variable)) continue;
        rows.push({
          arm: run.arm,
          replicate: run.replicate,
          step: m.stepAt(i),
          entityKind: kind,
          entity,
          variable,
          value: m.valueAt(i),
        });
      }
    }
    const response: SimulationResponse = {
      id: request.id,
      ok: true,
      rows,
      runs: request.runs.length,
      milliseconds: performance.now() - started,
    };
    scope.postMessage(response);
  } catch (error) {
    const failure: SimulationResponse = {
      id: request.id,
      ok: false,
      error:
        error instanceof WorldSpecError
          ? {
              name: error.name,
              message: error.message,
              path: [...error.path],
              expected: error.expected,
              received: error.received,
              ...(arm ? { arm } : {}),
            }
          : {
              name: error instanceof Error ? error.name : 'Error',
              message: error instanceof Error ? error.message : String(error),
              ...(arm ? { arm } : {}),
            },
    };
    scope.postMessage(failure);
  }
};
