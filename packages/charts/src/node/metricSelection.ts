import { suggest } from '@chokepoint/core';
import { runEntities } from '../runEntities.js';
import type { RunData } from '../runData.js';
import { readRunDirectory } from './readRunDirectory.js';

/**
 * A selection of metrics, arms or an output file that does not fit a run directory: an unknown
 * metric or arm, or an output file that is neither .svg nor .png. `option` names the flag and
 * the message is one line: what was expected, with the nearest valid names, and what was received.
 *
 * @example
 * ```ts
 * try {
 *   await checkMetricSelection('runs/qs', { metrics: ['state/CN/outptu'] });
 * } catch (e) {
 *   const error = e as RunSelectionError;
 *   console.log(error.option, error.message.includes('did you mean "output"?')); // --metric true
 * }
 * ```
 */
export class RunSelectionError extends Error {
  /** The command-line flag the bad value came from, e.g. `--metric`. */
  readonly option: string;

  /** Creates the error for `option` with a one-line message. */
  constructor(option: string, message: string) {
    super(`${option}: ${message}`);
    this.name = 'RunSelectionError';
    this.option = option;
  }
}

/**
 * What to check with {@link checkMetricSelection}.
 *
 * @example
 * ```ts
 * const selection: MetricSelection = { metrics: ['state/CN/output'], arms: ['control', 'aligned'], out: 'cn.png' };
 * await checkMetricSelection('runs/qs', selection);
 * console.log('ok'); // ok
 * ```
 */
export interface MetricSelection {
  /** Metrics `kind/entity/variable`. */
  metrics?: readonly string[];
  /** Arm names. */
  arms?: readonly string[];
  /** An output file, which must end in .svg or .png. */
  out?: string;
}

/** How many valid names an error lists at most. */
const LISTED = 8;

/**
 * Checks a selection of metrics, arms and an output file against a run directory and throws a
 * {@link RunSelectionError} at the first problem: an output file that is neither .svg nor .png,
 * a metric that is not `kind/entity/variable` or that the run did not record (listing the
 * nearest recorded names at the level of the mistake: kinds, entities of the kind, or variables
 * of the entity), an arm the run does not have (listing its arms). `run` is the run as already
 * read, if it holds the selected metrics' rows; the run directory is scanned for the valid names
 * only when a metric is missing.
 *
 * @example
 * ```ts
 * const problem = async (selection: MetricSelection) => checkMetricSelection('runs/qs', selection).then(() => 'ok', (e: Error) => e.message);
 * console.log(await problem({ metrics: ['state/CN/output'], arms: ['aligned'] })); // ok
 * console.log(await problem({ out: 'cn.pdf' })); // --out: expected a file name ending in .svg or .png, received "cn.pdf"
 * console.log(await problem({ arms: ['alligned'] })); // --arms: expected an arm of the run (did you mean "aligned"?; its arms: control, us-only, aligned, fab-fire), received "alligned"
 * console.log(await problem({ metrics: ['state/XX/output'] })); // --metric: expected a state of the run with variable output (its states: CN, JP, NL, TW, US), received "state/XX/output"
 * ```
 */
export async function checkMetricSelection(runDir: string, selection: MetricSelection, run?: RunData): Promise<void> {
  if (selection.out !== undefined && !/\.(svg|png)$/i.test(selection.out)) {
    throw new RunSelectionError(
      '--out',
      `expected a file name ending in .svg or .png, received ${JSON.stringify(selection.out)}`,
    );
  }
  const metrics = selection.metrics ?? [];
  for (const metric of metrics) {
    const first = metric.indexOf('/');
    const last = metric.lastIndexOf('/');
    if (first <= 0 || last === first || last === metric.length - 1 || last === first + 1) {
      throw new RunSelectionError(
        '--metric',
        `expected KIND/ENTITY/VARIABLE, e.g. state/CN/output or firm/Samsung-Mobile/output, received ${JSON.stringify(metric)}`,
      );
    }
  }
  const read =
    run ??
    (metrics.length > 0 || (selection.arms ?? []).length > 0
      ? await readRunDirectory(runDir, {
          metrics,
          filter: (row) => metrics.includes(`${row.entityKind}/${row.entity}/${row.variable}`),
        })
      : undefined);
  const present = new Set((read?.rows ?? []).map((r) => `${r.entityKind}/${r.entity}/${r.variable}`));
  const missing = metrics.filter((m) => !present.has(m));
  if (missing.length > 0) {
    const recorded = await recordedMetrics(runDir);
    for (const metric of missing)
      if (!recorded.has(metric)) throw new RunSelectionError('--metric', nearestMetrics(metric, recorded));
  }
  const arms = selection.arms ?? [];
  if (arms.length > 0) {
    const known = read ? runEntities(read).arms : [];
    for (const arm of arms) {
      if (!known.includes(arm)) {
        const hint = suggest(arm, known)
          .trim()
          .replace(/^\(|\)$/g, '');
        throw new RunSelectionError(
          '--arms',
          `expected an arm of the run (${hint ? `${hint}; ` : ''}its arms: ${known.join(', ') || 'none'}), received ${JSON.stringify(arm)}`,
        );
      }
    }
  }
}

/** Every metric `kind/entity/variable` a run directory recorded (a full scan of its metrics). */
async function recordedMetrics(runDir: string): Promise<Set<string>> {
  const names = new Set<string>();
  await readRunDirectory(runDir, {
    includeFirms: true,
    filter: (row) => {
      names.add(`${row.entityKind}/${row.entity}/${row.variable}`);
      return false;
    },
  });
  return names;
}

/** The expected part of the message for an unknown metric: the valid names at the level of the mistake. */
function nearestMetrics(metric: string, recorded: ReadonlySet<string>): string {
  const first = metric.indexOf('/');
  const last = metric.lastIndexOf('/');
  const [kind, entity, variable] = [metric.slice(0, first), metric.slice(first + 1, last), metric.slice(last + 1)];
  const parts = [...recorded].map((name) => {
    const a = name.indexOf('/');
    const b = name.lastIndexOf('/');
    return { name, kind: name.slice(0, a), entity: name.slice(a + 1, b), variable: name.slice(b + 1) };
  });
  const hint = (value: string, candidates: string[]) =>
    suggest(value, candidates)
      .trim()
      .replace(/^\(|\)$/g, '');
  const list = (what: string, values: string[], value: string) => {
    const unique = [...new Set(values)];
    const near = hint(value, unique);
    const best = /"([^"]*)"/.exec(near)?.[1];
    const ranked = rankNear(value, unique);
    const shown = (best !== undefined ? [best, ...ranked.filter((c) => c !== best)] : ranked).slice(0, LISTED);
    return `${near ? `${near}; ` : ''}its ${what}: ${shown.join(', ')}${unique.length > shown.length ? `, … ${unique.length - shown.length} more` : ''}`;
  };
  const ofKind = parts.filter((p) => p.kind === kind);
  if (ofKind.length === 0)
    return `expected a metric of the run (${list(
      'entity kinds',
      parts.map((p) => p.kind),
      kind,
    )}), received ${JSON.stringify(metric)}`;
  const withVariable = ofKind.filter((p) => p.variable === variable);
  if (withVariable.length > 0 && !withVariable.some((p) => p.entity === entity)) {
    const plural = kind === 'state_product' ? 'state_products' : kind === 'world' ? 'worlds' : `${kind}s`;
    return `expected a ${kind} of the run with variable ${variable} (${list(
      plural,
      withVariable.map((p) => p.entity),
      entity,
    )}), received ${JSON.stringify(metric)}`;
  }
  const ofEntity = ofKind.filter((p) => p.entity === entity);
  if (ofEntity.length > 0) {
    return `expected a variable of ${kind}/${entity} in the run (${list(
      'variables',
      ofEntity.map((p) => p.variable),
      variable,
    )}), received ${JSON.stringify(metric)}`;
  }
  return `expected a metric of the run (${list(
    `${kind} metrics`,
    ofKind.map((p) => p.name),
    metric,
  )}), received ${JSON.stringify(metric)}`;
}

/** Candidates that `suggest` finds close first, then those sharing the value's first letters, then the rest, each group in its order. */
function rankNear(value: string, candidates: readonly string[]): string[] {
  const lower = value.toLowerCase();
  const close = candidates.filter((c) => suggest(value, [c]) !== '');
  const prefix = candidates.filter((c) => !close.includes(c) && c.toLowerCase().startsWith(lower.slice(0, 2)));
  const rest = candidates.filter((c) => !close.includes(c) && !prefix.includes(c));
  return [...close, ...prefix, ...[...rest].sort()];
}
