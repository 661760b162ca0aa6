import { marketShareChart, tradeFlowChart } from '@chokepoint/charts';
import { formatPath, suggest, type WorldSpec } from '@chokepoint/core';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { figure, fitWidth, lineChart, measureMarks, redrawable, rowsOf, timelineChart } from './charts.ts';
import { SimulationError, simulateInWorker, type SimulationResult } from './client.ts';
import { slider, type YamlEditor } from './inputs.ts';
import example from './examples/fdpr-huawei.yaml?raw';

/*
 * Notebook 5, "Write your own scenario": a WorldSpec in YAML (plus optional `steps` and
 * `seed`), checked as the student types, with every problem located by line and column, and
 * run in the worker. YAML syntax and the top-level keys are checked here with the `yaml`
 * package's parseDocument and LineCounter; the world itself is checked by the core's
 * createWorld in the worker, and its WorldSpecError's field path is mapped back to the YAML.
 */

/** The example scenario the editor starts with. */
export const EXAMPLE: string = example;
/** Longest run the notebook allows, in quarters. */
export const MAX_STEPS = 200;
/** Default run length when the YAML gives no `steps`. */
export const DEFAULT_STEPS = 24;

const SPEC_KEYS = [
  'states',
  'products',
  'firms',
  'edges',
  'finalDemand',
  'params',
  'measures',
  'alliances',
  'policy',
] as const;
const RUN_KEYS = ['steps', 'seed'] as const;
// Informational, as in scenario files; not passed to the engine.
const INFO_KEYS = ['title', 'description'] as const;
const TOP_LEVEL_KEYS: readonly string[] = [...SPEC_KEYS, ...RUN_KEYS, ...INFO_KEYS];

/** A problem in the scenario, located in the YAML text when it can be. */
export interface Problem {
  /** 1-based line. */
  line?: number;
  /** 1-based column. */
  col?: number;
  /** The field path, e.g. `firms[3].product`, when known. */
  path?: string;
  /** What is wrong. */
  message: string;
}

/** A scenario that parsed: its world, run length and seed, and the YAML document for locating problems. */
export interface ParsedScenario {
  spec: WorldSpec;
  steps: number;
  seed: string | number;
  document: Document;
  lineCounter: LineCounter;
}

/** The outcome of checking and running a scenario. */
export type Outcome =
  | { ok: true; scenario: ParsedScenario; result: SimulationResult }
  | { ok: false; stage: 'yaml' | 'world'; problems: Problem[] };

/** Parses the YAML and checks what can be checked before the engine sees it. */
export function parseScenario(
  text: string,
): { ok: true; scenario: ParsedScenario } | { ok: false; problems: Problem[] } {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: true });
  if (document.errors.length > 0) {
    return {
      ok: false,
      problems: document.errors.map((error) => {
        const at = error.linePos?.[0] ?? lineCounter.linePos(error.pos[0]);
        return { line: at.line, col: at.col, message: error.message.replace(/ at line \d+, column \d+:[\s\S]*$/, '') };
      }),
    };
  }
  const problems: Problem[] = [];
  const at = (node: Node | null | undefined) => lineCounter.linePos(node?.range?.[0] ?? 0);
  const contents = document.contents;
  if (!isMap(contents)) {
    const where = at(contents);
    return {
      ok: false,
      problems: [
        {
          ...where,
          message: `expected a mapping of world fields (${SPEC_KEYS.join(', ')}), received ${contents === null ? 'an empty document' : isSeq(contents) ? 'a list' : 'a single value'}`,
        },
      ],
    };
  }
  for (const pair of contents.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
    if (key !== undefined && TOP_LEVEL_KEYS.includes(key)) continue;
    problems.push({
      ...at(pair.key as Node),
      path: key,
      message: `unknown key "${key ?? '?'}"${key ? suggest(key, TOP_LEVEL_KEYS) : ''}; expected one of ${TOP_LEVEL_KEYS.join(', ')}`,
    });
  }
  const value = document.toJS({ maxAliasCount: 100 }) as Record<string, unknown>;
  const steps = value.steps ?? DEFAULT_STEPS;
  if (!(typeof steps === 'number' && Number.isInteger(steps) && steps >= 1 && steps <= MAX_STEPS)) {
    problems.push({
      ...at(contents.get('steps', true) as Node),
      path: 'steps',
      message: `expected a whole number of quarters from 1 to ${MAX_STEPS}, received ${JSON.stringify(steps)}`,
    });
  }
  const seed = value.seed ?? 1;
  if (!(typeof seed === 'string' || (typeof seed === 'number' && Number.isFinite(seed)))) {
    problems.push({
      ...at(contents.get('seed', true) as Node),
      path: 'seed',
      message: `expected a number or a string, received ${JSON.stringify(seed)}`,
    });
  }
  if (problems.length > 0) return { ok: false, problems };
  const spec = Object.fromEntries(
    SPEC_KEYS.filter((key) => key in value).map((key) => [key, value[key]]),
  ) as unknown as WorldSpec;
  return { ok: true, scenario: { spec, steps: steps as number, seed: seed as string | number, document, lineCounter } };
}

/**
 * The line and column of a field path in the YAML: the deepest node the path reaches (a
 * missing field points at its parent). Unknown keys point at the key itself.
 */
export function locate(
  scenario: ParsedScenario,
  path: ReadonlyArray<string | number>,
  atKey = false,
): { line: number; col: number } {
  let node: unknown = scenario.document.contents;
  let offset = (node as Node | null)?.range?.[0] ?? 0;
  for (let i = 0; i < path.length; i++) {
    const part = path[i]!;
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(part));
      if (pair === undefined) break;
      const keyOffset = (pair.key as Node).range?.[0] ?? offset;
      if ((atKey && i === path.length - 1) || pair.value === null || pair.value === undefined) {
        offset = keyOffset;
        break;
      }
      node = pair.value;
    } else if (isSeq(node) && typeof part === 'number' && node.items[part] !== undefined) {
      node = node.items[part];
    } else {
      break;
    }
    offset = (node as Node).range?.[0] ?? offset;
  }
  return scenario.lineCounter.linePos(offset);
}

/** Checks the YAML and, when it parses, runs it in the worker; the engine's errors come back located. */
export async function checkAndRun(text: string): Promise<Outcome> {
  const parsed = parseScenario(text);
  if (!parsed.ok) return { ok: false, stage: 'yaml', problems: parsed.problems };
  const { scenario } = parsed;
  try {
    const result = await simulateInWorker(
      [{ arm: 'scenario', replicate: 0, spec: scenario.spec, steps: scenario.steps, seed: scenario.seed }],
      {
        channel: 'scenario',
        record: { firms: false },
      },
    );
    lastGood = { scenario, result };
    return { ok: true, scenario, result };
  } catch (error) {
    if (!(error instanceof SimulationError)) throw error;
    const failure = error.failure;
    if (failure.path !== undefined) {
      const where = locate(scenario, failure.path, failure.received?.startsWith('unknown key') ?? false);
      return {
        ok: false,
        stage: 'world',
        problems: [
          {
            ...where,
            path: formatPath(failure.path),
            message: `expected ${failure.expected}, received ${failure.received}`,
          },
        ],
      };
    }
    return { ok: false, stage: 'world', problems: [{ message: failure.message }] };
  }
}

let lastGood: { scenario: ParsedScenario; result: SimulationResult } | undefined;

/** The last scenario that ran, so charts stay up while the student fixes a typo. */
export function lastValid(
  outcome: Outcome,
): { scenario: ParsedScenario; result: SimulationResult; stale: boolean } | undefined {
  if (outcome.ok) return { ...outcome, stale: false };
  return lastGood === undefined ? undefined : { ...lastGood, stale: true };
}

/** The validation box: a green summary, or each problem with its line, column and the line itself. */
export function validationView(outcome: Outcome, text: string, editor?: YamlEditor): HTMLElement {
  const node = document.createElement('div');
  node.setAttribute('role', 'status');
  node.setAttribute('aria-live', 'polite');
  editor?.markErrors(outcome.ok ? [] : outcome.problems.flatMap((p) => (p.line === undefined ? [] : [p.line])));
  if (outcome.ok) {
    const { spec, steps } = outcome.scenario;
    const count = (list: unknown, noun: string) => {
      const n = Array.isArray(list) ? list.length : typeof list === 'number' ? list : 0;
      return `${n} ${noun}${n === 1 ? '' : 's'}`;
    };
    node.className = 'cp-validation cp-valid';
    node.dataset.status = 'valid';
    const edges = Array.isArray(spec.edges) ? spec.edges.length : (spec.edges?.supplier.length ?? 0);
    node.textContent = `✓ Valid: ${count(spec.states, 'state')}, ${count(spec.products, 'product')}, ${count(spec.firms, 'firm')}, ${count(edges, 'supply edge')}, ${count(spec.measures, 'measure')} — ran ${steps} quarters in ${outcome.result.milliseconds.toFixed(0)} ms.`;
    return node;
  }
  node.className = 'cp-validation cp-invalid';
  node.dataset.status = 'invalid';
  const lines = text.split('\n');
  const title = document.createElement('strong');
  title.textContent = `${outcome.problems.length === 1 ? 'A problem' : `${outcome.problems.length} problems`} ${outcome.stage === 'yaml' ? 'in the YAML' : 'in the world'}:`;
  const list = document.createElement('ul');
  for (const problem of outcome.problems) {
    const item = document.createElement('li');
    const where = document.createElement('span');
    where.className = 'cp-where';
    where.textContent = problem.line === undefined ? 'In the run' : `line ${problem.line}, col ${problem.col}`;
    item.append(where, ` — ${problem.path ? `${problem.path}: ` : ''}${problem.message}`);
    const source = problem.line === undefined ? undefined : lines[problem.line - 1];
    if (source !== undefined) {
      const pre = document.createElement('pre');
      pre.textContent = `${String(problem.line).padStart(3)} | ${source}\n${' '.repeat(6 + Math.max(0, (problem.col ?? 1) - 1))}^`;
      item.append(pre);
    }
    list.append(item);
  }
  node.append(title, list);
  return node;
}

/** The slider that picks the quarter shown by the trade-flow and market-share charts. */
export function quarterSlider(steps: number) {
  return slider({
    label: 'Quarter shown in the trade flows and market shares',
    name: 'quarter',
    min: 1,
    max: steps,
    step: 1,
    value: steps,
    format: (v) => `Q${v}`,
  });
}

/** Charts of a run: output by state, trade flows and market shares at a quarter, escalation. */
export function scenarioCharts(
  valid: { scenario: ParsedScenario; result: SimulationResult; stale: boolean },
  quarter: number,
): HTMLElement {
  const { result, scenario } = valid;
  const node = document.createElement('div');
  if (valid.stale) {
    const note = document.createElement('p');
    note.className = 'cp-run-note';
    note.textContent = 'Showing the last valid scenario until the problems above are fixed.';
    node.append(note);
  }
  const states = (scenario.spec.states ?? []).map((s) => s.id);
  const output = result.rows.filter((r) => r.entityKind === 'state' && r.variable === 'output');
  const marks = measureMarks(scenario.spec.measures ?? []);
  node.append(
    figure(
      lineChart(output, {
        title: 'Output by state',
        yLabel: 'Output',
        unit: 'value, units × price',
        seriesOf: (r) => r.entity,
        seriesOrder: states,
        marks,
      }),
      'Value of what each state’s firms produce per quarter; dashed lines mark where measures start.',
    ),
  );
  const step = Math.min(quarter, scenario.steps);
  const flows = result.rows.filter((r) => r.entityKind === 'flow');
  if (flows.length > 0) {
    node.append(
      figure(
        redrawable(() =>
          tradeFlowChart(flows, {
            arm: 'scenario',
            step,
            width: fitWidth(720),
            height: 420,
            title: `Trade between states in quarter ${step}`,
          }),
        ),
        'Exporters on the left, importers on the right; band width is trade value. Move the slider to see how trade reroutes.',
      ),
    );
  }
  const shares = result.rows.filter((r) => r.entityKind === 'state_product' && r.variable === 'market_share');
  if (shares.length > 0) {
    node.append(
      figure(
        redrawable(() =>
          marketShareChart(shares, {
            step,
            width: fitWidth(720),
            title: `World market shares in quarter ${step}`,
            stateOrder: states,
          }),
        ),
        'Each product’s world sales split by the sellers’ home state.',
      ),
    );
  }
  const escalation = result.rows.filter(
    (r) => r.entityKind === 'state' && (r.variable === 'measures_in_force' || r.variable === 'retaliations'),
  );
  if (escalation.some((r) => r.value > 0)) {
    node.append(
      figure(
        timelineChart(escalation, { stateOrder: states, marks }),
        'Measures in force by state; triangles mark retaliation; dashed lines mark where measures start.',
      ),
    );
  }
  const met = rowsOf(result, 'world', 'final_demand_met_share');
  if (met.length > 0) {
    node.append(
      figure(
        lineChart(met, { title: 'Share of final demand met', yLabel: 'Demand met', percent: true, height: 300, marks }),
        'Share of households’ demand, in value, that firms delivered.',
      ),
    );
  }
  return node;
}

/** A button that downloads the last run's metrics as a tidy CSV file (made in the page: nothing is uploaded). */
export function downloadLink(result: SimulationResult): HTMLElement {
  const header = 'step,entity_kind,entity,variable,value';
  const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
  const body = result.rows.map((r) => `${r.step},${r.entityKind},${quote(r.entity)},${quote(r.variable)},${r.value}`);
  const link = document.createElement('a');
  link.className = 'cp-button';
  link.textContent = `Download the metrics (${result.rows.length.toLocaleString('en-US')} rows, CSV)`;
  link.download = 'scenario-metrics.csv';
  link.href = URL.createObjectURL(new Blob([[header, ...body].join('\n')], { type: 'text/csv' }));
  return link;
}
