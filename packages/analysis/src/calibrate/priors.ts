/**
 * Priors of a calibration: one distribution per settable parameter path, written
 * `uniform(min, max)`, `loguniform(min, max)` or `int(min, max)`, and seeded draws from them.
 */
import { Rng, deriveSeed, exp, ln } from '@chokepoint/core';
import { ScenarioError, type Diagnostic } from '@chokepoint/scenario/internal';
import { describeValue } from '@chokepoint/core';
import { isMapping } from '@chokepoint/scenario/internal';
import { diagnosticAt, readSource } from '@chokepoint/scenario/internal';

/**
 * The distributions a prior may have.
 *
 * @example
 * ```ts
 * const kinds: PriorKind[] = ['uniform', 'loguniform', 'int'];
 * console.log(kinds.map((kind) => priorQuantile({ name: 'x', kind, min: 1, max: 100 }, 0.5))); // [50.5, 10, 51]
 * ```
 */
export type PriorKind = 'uniform' | 'loguniform' | 'int';

/**
 * A prior over one parameter: a distribution on [min, max].
 *
 * @example
 * ```ts
 * const prior: Prior = { name: 'params.tariffElasticity', kind: 'loguniform', min: 0.5, max: 20 };
 * console.log(formatPrior(prior), priorProblem(prior)); // loguniform(0.5, 20) undefined
 * ```
 */
export interface Prior {
  /** The settable path or declared parameter name, as in `--set` (e.g. `params.tariffElasticity`). */
  name: string;
  /** `uniform` on [min, max], `loguniform` (uniform in log) on [min, max] with min > 0, or `int` (uniform on the integers of [min, max]). */
  kind: PriorKind;
  /** Lower bound. */
  min: number;
  /** Upper bound. */
  max: number;
}

const KINDS: readonly PriorKind[] = ['uniform', 'loguniform', 'int'];

/**
 * What a prior may be, in words, for error messages.
 *
 * @example
 * ```ts
 * console.log(parsePrior('x', 'beta(1, 2)').problem === PRIOR_EXPECTED); // true
 * console.log(PRIOR_EXPECTED.startsWith('a prior uniform(min, max)')); // true
 * ```
 */
export const PRIOR_EXPECTED =
  'a prior uniform(min, max), loguniform(min, max) with min > 0, or int(min, max), with min < max';

/**
 * Checks a prior's bounds; returns what is wrong, in words, or undefined.
 *
 * @example
 * ```ts
 * console.log(priorProblem({ name: 'x', kind: 'loguniform', min: 0, max: 1 })); // min > 0 for loguniform
 * ```
 */
export function priorProblem(prior: Prior): string | undefined {
  if (!Number.isFinite(prior.min) || !Number.isFinite(prior.max)) return 'finite bounds';
  if (!(prior.max > prior.min)) return 'min < max';
  if (prior.kind === 'loguniform' && !(prior.min > 0)) return 'min > 0 for loguniform';
  if (prior.kind === 'int' && Math.floor(prior.max) < Math.ceil(prior.min)) return 'an integer between min and max';
  return undefined;
}

/**
 * Parses a prior written as text, `kind(min, max)`, or as a mapping `{kind, min, max}`.
 * Returns the prior, or the reason it is not one (for a diagnostic).
 *
 * @example
 * ```ts
 * console.log(parsePrior('params.tariffElasticity', 'loguniform(0.5, 20)')); // { prior: { name: 'params.tariffElasticity', kind: 'loguniform', min: 0.5, max: 20 } }
 * console.log(parsePrior('x', { kind: 'int', min: 1, max: 3 }).prior); // { name: 'x', kind: 'int', min: 1, max: 3 }
 * console.log(parsePrior('x', 'beta(1, 2)').problem!.startsWith('a prior uniform(min, max)')); // true
 * ```
 */
export function parsePrior(name: string, value: unknown): { prior?: Prior; problem?: string } {
  let kind: unknown;
  let min: unknown;
  let max: unknown;
  if (typeof value === 'string') {
    const match = /^\s*([a-z]+)\s*\(\s*([^,()]+?)\s*,\s*([^,()]+?)\s*\)\s*$/i.exec(value);
    if (!match) return { problem: PRIOR_EXPECTED };
    kind = match[1]!.toLowerCase();
    min = Number(match[2]);
    max = Number(match[3]);
  } else if (isMapping(value)) {
    ({ kind, min, max } = value as { kind?: unknown; min?: unknown; max?: unknown });
  } else return { problem: PRIOR_EXPECTED };
  if (
    typeof kind !== 'string' ||
    !KINDS.includes(kind as PriorKind) ||
    typeof min !== 'number' ||
    typeof max !== 'number'
  )
    return { problem: PRIOR_EXPECTED };
  const prior: Prior = { name, kind: kind as PriorKind, min, max };
  const problem = priorProblem(prior);
  return problem === undefined ? { prior } : { problem: `${PRIOR_EXPECTED}; here ${problem}` };
}

/**
 * Writes a prior as text, the form {@link parsePrior} reads.
 *
 * @example
 * ```ts
 * console.log(formatPrior({ name: 'x', kind: 'uniform', min: 0, max: 1 })); // uniform(0, 1)
 * ```
 */
export function formatPrior(prior: Prior): string {
  return `${prior.kind}(${prior.min}, ${prior.max})`;
}

/** Rounds away float noise such as 0.30000000000000004, so values round-trip through CSV and YAML. */
function tidy(value: number): number {
  return Number(value.toPrecision(12));
}

/**
 * The value of a prior at cumulative probability `u` in [0, 1) (its quantile function).
 *
 * @example
 * ```ts
 * console.log(priorQuantile({ name: 'x', kind: 'loguniform', min: 1, max: 100 }, 0.5)); // 10
 * ```
 */
export function priorQuantile(prior: Prior, u: number): number {
  const { min, max } = prior;
  if (prior.kind === 'int') {
    const lo = Math.ceil(min);
    const hi = Math.floor(max);
    return Math.min(hi, lo + Math.floor(u * (hi - lo + 1)));
  }
  // Rounding may step just outside the bounds; clamp back.
  const clamp = (v: number): number => Math.min(max, Math.max(min, v));
  if (prior.kind === 'loguniform') return clamp(tidy(exp(ln(min) + u * (ln(max) - ln(min)))));
  return clamp(tidy(min + u * (max - min)));
}

/**
 * Draws `samples` parameter vectors from the priors, deterministic for a seed. Each
 * parameter has its own stream (`calibrate/prior/<name>`), so adding a parameter does not
 * change the others' draws, and the first n samples are the same for any larger count.
 *
 * @returns One row per sample, the values in the order of `priors`.
 *
 * @example
 * ```ts
 * const priors: Prior[] = [{ name: 'x', kind: 'uniform', min: 0, max: 1 }, { name: 'n', kind: 'int', min: 1, max: 3 }];
 * const rows = samplePriors(priors, 3, 'seed');
 * // One row per sample, [x, n]; the first rows do not depend on the count:
 * console.log(rows.length, rows.every(([x, n]) => x! >= 0 && x! <= 1 && [1, 2, 3].includes(n!))); // 3 true
 * console.log(JSON.stringify(samplePriors(priors, 2, 'seed')) === JSON.stringify(rows.slice(0, 2))); // true
 * ```
 */
export function samplePriors(priors: readonly Prior[], samples: number, seed: string | number): number[][] {
  const root = new Rng(deriveSeed(String(seed), 'calibrate'));
  const streams = priors.map((p) => root.stream(`prior/${p.name}`));
  const rows: number[][] = [];
  for (let i = 0; i < samples; i++) rows.push(priors.map((p, j) => priorQuantile(p, streams[j]!.next())));
  return rows;
}

/**
 * The central 95% interval of a prior.
 *
 * @example
 * ```ts
 * console.log(priorInterval({ name: 'x', kind: 'uniform', min: 0, max: 1 })); // [0.025, 0.975]
 * ```
 */
export function priorInterval(prior: Prior): [number, number] {
  if (prior.kind === 'int') {
    const lo = Math.ceil(prior.min);
    const hi = Math.floor(prior.max);
    const count = hi - lo + 1;
    return [lo + Math.floor(0.025 * count), lo + Math.min(count - 1, Math.ceil(0.975 * count) - 1)];
  }
  return [priorQuantile(prior, 0.025), priorQuantile(prior, 0.975)];
}

/**
 * Where a prior was written: file (or `(--param)`), line and column.
 *
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * writeFileSync('priors.yaml', 'priors:\n  params.tariffElasticity: loguniform(0.5, 20)\n');
 * const where: PriorLocation = readPriorsFile('priors.yaml').locations['params.tariffElasticity']!;
 * console.log(where); // { file: 'priors.yaml', line: 2, col: 3 }
 * ```
 */
export interface PriorLocation {
  /** File, or `(--param)`. */
  file: string;
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  col: number;
}

/**
 * Priors and where each was written.
 *
 * @example
 * ```ts
 * const list: PriorList = priorsFromArguments(['params.substitutionRate=uniform(0.05, 0.5)', 'licence=uniform(0, 1)']);
 * console.log(list.priors.map((p) => p.name), list.locations.licence); // ['params.substitutionRate', 'licence'] { file: '(--param)', line: 1, col: 1 }
 * ```
 */
export interface PriorList {
  /** The priors, in the order written. */
  priors: Prior[];
  /** Where each was written, by name. */
  locations: Record<string, PriorLocation>;
}

/**
 * Parses `--param name=prior` arguments.
 *
 * @throws ScenarioError with one `(--param)` diagnostic per bad argument.
 *
 * @example
 * ```ts
 * console.log(priorsFromArguments(['params.tariffElasticity=loguniform(0.5, 20)']).priors[0]!.kind); // loguniform
 * try {
 *   priorsFromArguments(['params.tariffElasticity']);
 * } catch (e) {
 *   console.log((e as ScenarioError).diagnostics[0]!.file); // (--param)
 * }
 * ```
 */
export function priorsFromArguments(list: readonly string[]): PriorList {
  const priors: Prior[] = [];
  const locations: Record<string, PriorLocation> = {};
  const problems: Diagnostic[] = [];
  for (const text of list) {
    const eq = text.indexOf('=');
    if (eq <= 0) {
      problems.push({
        file: '(--param)',
        line: 1,
        col: 1,
        path: text || '(empty)',
        expected: 'name=prior, e.g. params.tariffElasticity="loguniform(0.5, 20)"',
        received: `"${text}"`,
      });
      continue;
    }
    const name = text.slice(0, eq).trim();
    const parsed = parsePrior(name, text.slice(eq + 1));
    if (parsed.prior === undefined)
      problems.push({
        file: '(--param)',
        line: 1,
        col: eq + 2,
        path: name,
        expected: parsed.problem!,
        received: `"${text.slice(eq + 1)}"`,
      });
    else {
      priors.push(parsed.prior);
      locations[name] = { file: '(--param)', line: 1, col: 1 };
    }
  }
  if (problems.length > 0) throw new ScenarioError(problems);
  return { priors, locations };
}

/**
 * Reads priors from a YAML or JSON file: a mapping of parameter name to prior (text such as
 * `loguniform(0.5, 20)`, or `{kind, min, max}`), at the top level or under `priors:`.
 *
 * @throws ScenarioError with a located diagnostic per problem.
 *
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * writeFileSync('priors.yaml', 'params.tariffElasticity: loguniform(0.5, 20)\nparams.substitutionRate: { kind: uniform, min: 0.05, max: 0.5 }\n');
 * console.log(readPriorsFile('priors.yaml').priors.map(formatPrior)); // ['loguniform(0.5, 20)', 'uniform(0.05, 0.5)']
 * ```
 */
export function readPriorsFile(file: string, cwd = process.cwd()): PriorList {
  let loaded;
  try {
    loaded = readSource(file, cwd);
  } catch {
    throw new ScenarioError([
      {
        file,
        line: 1,
        col: 1,
        path: '(file)',
        expected: 'an existing priors file',
        received: `"${file}" (no such file)`,
      },
    ]);
  }
  if (loaded.diagnostics.length > 0) throw new ScenarioError(loaded.diagnostics);
  const root = loaded.value;
  const map = isMapping(root) && isMapping(root.priors) ? root.priors : root;
  if (!isMapping(map) || Object.keys(map).length === 0) {
    throw new ScenarioError([
      {
        file: loaded.source.name,
        line: 1,
        col: 1,
        path: '(root)',
        expected: 'a mapping of parameter name to prior, e.g. params.tariffElasticity: loguniform(0.5, 20)',
        received: describeValue(map),
      },
    ]);
  }
  const priors: Prior[] = [];
  const locations: Record<string, PriorLocation> = {};
  const problems: Diagnostic[] = [];
  for (const [name, value] of Object.entries(map)) {
    const parsed = parsePrior(name, value);
    const at = diagnosticAt(map, [name], parsed.problem ?? '', describeValue(value));
    if (parsed.prior === undefined) problems.push(at);
    else {
      priors.push(parsed.prior);
      const key = diagnosticAt(map, [name], '', '', { atKey: true });
      locations[name] = { file: key.file, line: key.line, col: key.col };
    }
  }
  if (problems.length > 0) throw new ScenarioError(problems);
  return { priors, locations };
}
