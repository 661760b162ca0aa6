/**
 * Shared by test/validation/episodes.test.ts and scripts/validation-report.ts: builds a
 * validation (or experiment) scenario into runnable world specs, runs it with replicates, and
 * extracts metric series.
 *
 * It uses the scenario package's `validateScenario` when that loads the file. While the
 * loader is being finished (it rejects the world file's title/description/sources today), it
 * falls back to building the spec the same way by hand: world ref → scenarios/worlds/<name>.yaml
 * minus title/description/sources, the arm deep-merged over the base, doctrines onto states,
 * timeline → measures with `start`, the step length into params.daysPerStep; the document is
 * still checked against the scenario zod schema.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deriveSeed, simulate, type MetricRow, type RecordOptions, type WorldSpec } from '@chokepoint/core';
import { daysPerStep, type StepSpec } from '@chokepoint/format';
import { deepMerge, isMapping } from '@chokepoint/scenario/internal';
import { applyDoctrines, timelineToMeasures } from '@chokepoint/scenario/internal';
import { scenarioSchema } from '@chokepoint/scenario';
import { readSource } from '@chokepoint/scenario/internal';
import { validateScenario } from '@chokepoint/scenario';
import { materializeWorld } from '@chokepoint/scenario';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const VALIDATION_DIR = join(ROOT, 'scenarios/validation');

/** One arm of a scenario, ready to run. */
export interface ArmRun {
  arm: string;
  control: boolean;
  steps: number;
  daysPerStep: number;
  start?: string;
  spec: WorldSpec;
  /** Seeds of replicates 0, 1, …: deriveSeed(seed, arm, 0, r), as the runner derives them. */
  seeds: string[];
}

/** A built scenario. */
export interface BuiltScenario {
  file: string;
  title: string;
  replicates: number;
  arms: ArmRun[];
  /** Which path built it: the scenario package's loader, or the fallback. */
  via: 'loader' | 'fallback';
  /** Why the loader was not used (first line of its error). */
  loaderError?: string;
  /** Key metrics (outputs.metrics). */
  metrics: string[];
}

function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function omit(value: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (!keys.includes(k)) out[k] = v;
  return out;
}

/** Builds a scenario file into runnable arms. */
export function buildScenario(file: string, options: { replicates?: number } = {}): BuiltScenario {
  const absolute = resolve(ROOT, file);
  const loaded = readSource(absolute, ROOT);
  if (loaded.diagnostics.length > 0) throw new Error(`${file}: ${JSON.stringify(loaded.diagnostics)}`);
  const raw = plain(loaded.value) as Record<string, unknown>;
  const replicates = options.replicates ?? (raw.replicates as number | undefined) ?? 1;
  const metrics = ((raw.outputs as { metrics?: string[] } | undefined)?.metrics ?? []).slice();
  const title = String(raw.title);
  try {
    const { plan } = validateScenario(absolute, { cwd: ROOT, library: join(ROOT, 'scenarios') });
    const arms: ArmRun[] = plan.configs
      .filter((c) => c.point === 0)
      .map((c) => ({
        arm: c.arm,
        control: plan.meta.control === c.arm,
        steps: c.steps,
        daysPerStep: daysPerStep(c.calendar.step),
        ...(c.calendar.start !== undefined ? { start: c.calendar.start } : {}),
        spec: plain(materializeWorld(c.recipe)),
        seeds: Array.from({ length: replicates }, (_, r) => deriveSeed(plan.meta.seed, c.arm, 0, r)),
      }));
    return { file, title, replicates, arms, via: 'loader', metrics };
  } catch (error) {
    const loaderError = String((error as Error).message)
      .split('\n')[0]!
      .slice(0, 200);
    return { ...buildByHand(raw, file, replicates, metrics), loaderError };
  }
}

function buildByHand(raw: Record<string, unknown>, file: string, replicates: number, metrics: string[]): BuiltScenario {
  let doc = omit(raw, ['$schema']);
  const world = doc.world as Record<string, unknown>;
  if (isMapping(world) && typeof world.ref === 'string' && Object.keys(world).length === 1) {
    const candidates = ['.yaml', '.yml', '.json'].map((ext) =>
      join(ROOT, 'scenarios/worlds', `${world.ref as string}${ext}`),
    );
    const target = candidates.find((c) => existsSync(c));
    if (target === undefined) throw new Error(`${file}: no world ${String(world.ref)}`);
    const value = plain(readSource(target, ROOT).value) as Record<string, unknown>;
    doc = { ...doc, world: omit(value, ['title', 'description', 'sources', '$schema']) };
  }
  const checked = scenarioSchema.safeParse(doc);
  if (!checked.success)
    throw new Error(
      `${file}: not a valid scenario: ${checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  const armsDoc = (doc.arms ?? { base: {} }) as Record<string, Record<string, unknown>>;
  const base = omit(doc, ['arms', 'sweep']);
  const seed = doc.seed !== undefined ? String(doc.seed) : file;
  const arms: ArmRun[] = Object.entries(armsDoc).map(([arm, over]) => {
    if (over.set !== undefined || doc.sweep !== undefined)
      throw new Error(`${file}: the fallback builder does not apply set/sweep`);
    const merged = deepMerge(base, omit(over, ['control', 'description', 'set'])) as Record<string, unknown>;
    const step = (merged.step as StepSpec | undefined) ?? 'quarter';
    const start = merged.start as string | undefined;
    const { measures, diagnostics } = timelineToMeasures(
      merged.timeline as unknown[] | undefined,
      start !== undefined ? { start, step } : { step },
    );
    if (diagnostics.length > 0) throw new Error(`${file} [${arm}]: ${JSON.stringify(diagnostics)}`);
    const w = merged.world as Record<string, unknown>;
    const spec = { ...omit(w, ['$schema']) } as unknown as WorldSpec;
    spec.params = { ...((w.params as object | undefined) ?? {}), daysPerStep: daysPerStep(step) };
    const all = [...(((w.measures as unknown[]) ?? []) as never[]), ...measures];
    if (all.length > 0) spec.measures = plain(all);
    const states = applyDoctrines(spec.states, merged.doctrines as Record<string, unknown> | undefined);
    if (states.diagnostics.length > 0) throw new Error(`${file} [${arm}]: ${JSON.stringify(states.diagnostics)}`);
    spec.states = plain(states.states);
    return {
      arm,
      control: over.control === true,
      steps: merged.horizon as number,
      daysPerStep: daysPerStep(step),
      ...(start !== undefined ? { start } : {}),
      spec,
      seeds: Array.from({ length: replicates }, (_, r) => deriveSeed(seed, arm, 0, r)),
    };
  });
  return { file, title: String(doc.title), replicates, arms, via: 'fallback', metrics };
}

/** Metric series of one run, by `kind/entity/variable`. */
export type SeriesTable = Map<string, Float64Array>;

/** Runs one arm's replicates and returns, for each, the series of the requested metrics. */
export function runArm(
  arm: ArmRun,
  wanted: readonly string[],
  record: RecordOptions = { flows: wanted.some((k) => k.startsWith('flow/')) },
): SeriesTable[] {
  const keys = new Set(wanted);
  return arm.seeds.map((seed) => {
    const rows: MetricRow[] = simulate(arm.spec, { steps: arm.steps, seed, record }).metrics.rows();
    const out: SeriesTable = new Map();
    for (const key of keys) out.set(key, new Float64Array(arm.steps).fill(Number.NaN));
    // Wildcard keys (`*` in the entity) sum every matching row; flows from a state to itself are left out.
    const patterns = [...keys]
      .filter((k) => k.includes('*'))
      .map((k) => {
        const [kind, entity, variable] = k.split('/') as [string, string, string];
        const re = new RegExp(`^${entity.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^>:]*')}$`);
        const series = out.get(k)!.fill(0);
        return { kind, re, variable, series };
      });
    for (const r of rows) {
      const key = `${r.entityKind}/${r.entity}/${r.variable}`;
      const s = out.get(key);
      if (s !== undefined) s[r.step - 1] = r.value;
      for (const p of patterns) {
        if (p.kind !== r.entityKind || p.variable !== r.variable || !p.re.test(r.entity)) continue;
        if (r.entityKind === 'flow') {
          const [from, rest] = r.entity.split('>') as [string, string];
          if (rest.split(':')[0] === from) continue;
        }
        p.series[r.step - 1]! += r.value;
      }
    }
    return out;
  });
}

/** Mean and 95% CI (Student t) of a sample. */
export function meanCi(values: readonly number[]): { mean: number; lo: number; hi: number; n: number } {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { mean, lo: mean, hi: mean, n };
  const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
  const t = T975[Math.min(n - 1, T975.length - 1)]!;
  const half = (t * sd) / Math.sqrt(n);
  return { mean, lo: mean - half, hi: mean + half, n };
}

// Student t 97.5% quantiles for df = 0..30 (index = df; df > 30 uses 2.04 ≈ df 30).
const T975 = [
  Number.NaN,
  12.706,
  4.303,
  3.182,
  2.776,
  2.571,
  2.447,
  2.365,
  2.306,
  2.262,
  2.228,
  2.201,
  2.179,
  2.16,
  2.145,
  2.131,
  2.12,
  2.11,
  2.101,
  2.093,
  2.086,
  2.08,
  2.074,
  2.069,
  2.064,
  2.06,
  2.056,
  2.052,
  2.048,
  2.045,
  2.042,
];

/** Reads a YAML targets file (plain data). */
export function readTargets(file: string): Record<string, unknown> {
  const loaded = readSource(resolve(ROOT, file), ROOT);
  if (loaded.diagnostics.length > 0) throw new Error(`${file}: ${JSON.stringify(loaded.diagnostics)}`);
  return plain(loaded.value) as Record<string, unknown>;
}

export function readText(file: string): string {
  return readFileSync(resolve(ROOT, file), 'utf8');
}
