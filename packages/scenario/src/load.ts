import { basename, dirname, extname, join, resolve } from 'pathe';
import { scenarioFiles } from './files.js';
import { suggest } from '@chokepoint/core';
import { parse as parseYaml } from 'yaml';
import { ScenarioError, type Diagnostic } from './diagnostics.js';
import { describeValue } from '@chokepoint/core';
import { COMMAND_LINE_SOURCE } from './origins.js';
import { compileExpression, ExpressionError, isExpression } from './expressions.js';
import { isInside, libraryDir, listWorlds, worldsDir } from './library.js';
import { PathError, deepMerge, isMapping, resolveSelectors, setAt } from './merge.js';
import { isFamilyVariable, METRIC_VARIABLES } from './metricNames.js';
import { expandShorthand, parsePath, type Segment, type Selector } from './paths.js';
import { checkCommandLinePlugins, checkPluginPaths, type PluginFile } from './plugins.js';
import { scenarioSchema } from './schema/scenario.js';
import { worldRefSchema } from './schema/world.js';
import { validateWithSchema } from './schema/issues.js';
import {
  cloneWithOrigin,
  diagnosticAt,
  displayName,
  getOrigin,
  readSource,
  setOrigin,
  type Origin,
  type Source,
} from './source.js';
import { checkSweep } from './sweep.js';

/**
 * Options of {@link loadScenario}.
 *
 * @example
 * ```ts
 * const options: LoadOptions = { set: ['horizon=8', 'licence=0.5'], replicates: 3, seed: 7 };
 * const { doc } = loadScenario('scenarios/quickstart.yaml', options);
 * console.log(doc.horizon, doc.parameters, doc.replicates, doc.seed); // 8 { licence: 0.5 } 3 7
 * ```
 */
export interface LoadOptions {
  /** Working directory for relative paths and display names. Default: the file access's (`process.cwd()` in Node; see {@link ScenarioFiles}). */
  cwd?: string;
  /** `path=value` overrides applied to the base scenario (`--set`). Values are YAML. */
  set?: readonly string[];
  /** Overrides `replicates`. */
  replicates?: number;
  /** Overrides `seed`. */
  seed?: string | number;
  /** The scenario library folder. Default: the bundled `scenarios/`. */
  library?: string;
  /**
   * Extra plugin modules, by path relative to `cwd` (`--plugin`), loaded after the
   * scenario's own `plugins:`. Unlike those, they may be anywhere.
   */
  plugins?: readonly string[];
}

/**
 * A file read while loading a scenario.
 *
 * @example
 * ```ts
 * const files: ScenarioFile[] = loadScenario('scenarios/quickstart.yaml').files;
 * console.log(files.map((f) => f.path.split('/').pop())); // ['quickstart.yaml', 'toy-chips.yaml']
 * ```
 */
export interface ScenarioFile {
  /** Display path. */
  path: string;
  /** Absolute path. */
  absolute: string;
  /** The file's text. */
  text: string;
}

/**
 * A scenario document as plain data (values may still be `=expressions`).
 *
 * @example
 * ```ts
 * const doc: ScenarioDoc = loadScenario('scenarios/quickstart.yaml').doc;
 * console.log(Object.keys(doc.arms as object)); // ['control', 'us-only', 'aligned', 'fab-fire']
 * ```
 */
export type ScenarioDoc = Record<string, unknown>;

/**
 * A loaded, schema-checked scenario: `extends` merged, the world reference inlined, `--set` applied.
 *
 * @example
 * ```ts
 * const loaded: LoadedScenario = loadScenario('scenarios/quickstart.yaml');
 * console.log(loaded.name, loaded.display, loaded.plugins.length); // quickstart scenarios/quickstart.yaml 0
 * ```
 */
export interface LoadedScenario {
  /** Absolute path of the scenario file. */
  file: string;
  /** The file as shown in messages. */
  display: string;
  /** The scenario's name: its `name:` field, or the file name without extension. */
  name: string;
  /** The resolved document, with the origin of every value recorded. */
  doc: ScenarioDoc;
  /** The scenario file's own text. */
  text: string;
  /** Every file read: the scenario, the files it extends, the world file. */
  files: ScenarioFile[];
  /** The library folder used for `extends` and world references. */
  library: string;
  /** The plugin modules: the scenario's `plugins:` (paths checked, not yet imported), then `options.plugins`. */
  plugins: PluginFile[];
  /** The command-line overrides applied to the file (`--set`, `--replicates`, `--seed`), when there were any. */
  overrides?: { set?: string[]; replicates?: number; seed?: string | number };
}

/** Keys of a scenario that hold prose, never expressions. */
const TEXT_KEYS = new Set(['title', 'description', 'sources', 'name', '$schema', 'extends', 'plugins']);

/**
 * First path segments that `--set`, `arms.<arm>.set` and `sweep.parameters` may address.
 *
 * @example
 * ```ts
 * console.log(SETTABLE_ROOTS.includes('world'), SETTABLE_ROOTS.includes('outputs')); // true false
 * try {
 *   loadScenario('scenarios/quickstart.yaml', { set: ['outputs.parquet=false'] });
 * } catch (e) {
 *   console.log(e instanceof ScenarioError); // true
 * }
 * ```
 */
export const SETTABLE_ROOTS: readonly string[] = [
  'parameters',
  'world',
  'doctrines',
  'timeline',
  'horizon',
  'step',
  'start',
  'replicates',
  'seed',
];

/**
 * Reads a scenario file and everything it refers to, and checks it against the schema.
 *
 * - `extends:` files are read (relative to the file declaring them, inside the library or
 *   that file's folder) and deep-merged under the file; cycles are errors.
 * - `world: {ref: name}` is replaced by the world file's content.
 * - `plugins:` paths are checked (relative to the declaring file, inside the library or its
 *   folder, existing modules); {@link loadPlugins} imports them.
 * - `--set` values and the `replicates`/`seed` overrides are applied.
 * - The result is validated against {@link scenarioSchema}, and every `=expression` is
 *   checked against the allow-list.
 *
 * @throws ScenarioError with one diagnostic per problem found in the failing phase.
 *
 * @example
 * ```ts
 * const scenario = loadScenario('scenarios/quickstart.yaml', { set: ['replicates=2'] });
 * console.log(scenario.name, scenario.doc.replicates); // quickstart 2
 * ```
 */
export function loadScenario(file: string, options: LoadOptions = {}): LoadedScenario {
  const cwd = options.cwd ?? scenarioFiles().cwd();
  const library = options.library ?? libraryDir();
  const exists = (path: string): boolean => scenarioFiles().kind(path) !== undefined;
  const absolute = resolve(cwd, file);
  const files: ScenarioFile[] = [];
  const read = (
    path: string,
    referrer?: { container: object; key: string; written: string; what: string },
  ): { value: Record<string, unknown>; source: Source } => {
    const fail = (expected: string, received: string): never => {
      if (referrer) throw new ScenarioError([diagnosticAt(referrer.container, [referrer.key], expected, received)]);
      throw new ScenarioError([{ file: displayName(path, cwd), line: 1, col: 1, path: '(file)', expected, received }]);
    };
    if (!exists(path)) {
      const near = exists(dirname(path)) ? suggestSibling(path) : '';
      fail(
        `an existing ${referrer?.what ?? 'scenario file'}`,
        `${referrer ? `"${referrer.written}"` : `"${displayName(path, cwd)}"`} (no such file)${near}`,
      );
    }
    if (scenarioFiles().kind(path) === 'directory') fail(`a ${referrer?.what ?? 'scenario file'}`, 'a directory');
    const loaded = readSource(path, cwd);
    if (loaded.diagnostics.length > 0) throw new ScenarioError(loaded.diagnostics);
    files.push({ path: loaded.source.name, absolute: path, text: loaded.source.text });
    if (!isMapping(loaded.value)) {
      throw new ScenarioError([
        {
          file: loaded.source.name,
          line: 1,
          col: 1,
          path: '(root)',
          expected: `a mapping of ${referrer?.what === 'world file' ? 'world' : 'scenario'} fields`,
          received: describeValue(loaded.value),
        },
      ]);
    }
    return { value: loaded.value, source: loaded.source };
  };

  // extends: parents first, the file itself last.
  const chain = (
    path: string,
    stack: string[],
    referrer?: { container: object; key: string; written: string; what: string },
  ): Record<string, unknown> => {
    const { value } = read(path, referrer);
    const parent = value.extends;
    let merged: Record<string, unknown> = value;
    if (parent !== undefined) {
      if (typeof parent !== 'string' || parent === '') {
        throw new ScenarioError([
          diagnosticAt(value, ['extends'], 'a relative path to a scenario file', describeValue(parent)),
        ]);
      }
      const target = resolve(dirname(path), parent);
      if (!isInside(target, library) && !isInside(target, dirname(path))) {
        throw new ScenarioError([
          diagnosticAt(value, ['extends'], "a path inside the scenario library or this file's folder", `"${parent}"`),
        ]);
      }
      const cycleStart = stack.indexOf(target);
      if (target === path || cycleStart >= 0) {
        const names = [...stack.slice(Math.max(0, cycleStart)), path, target].map((p) => displayName(p, cwd));
        throw new ScenarioError([
          diagnosticAt(value, ['extends'], 'a scenario that does not extend itself', `a cycle ${names.join(' -> ')}`),
        ]);
      }
      const base = chain(target, [...stack, path], {
        container: value,
        key: 'extends',
        written: parent,
        what: 'scenario file',
      });
      merged = deepMerge(base, value) as Record<string, unknown>;
    }
    return merged;
  };

  let doc = omit(chain(absolute, []), ['extends', '$schema']);
  const text = files.find((f) => f.absolute === absolute)!.text;

  // world: {ref: name, params?, policy?} → the world file's content, with the parameters
  // beside `ref` merged over the file's (their origins kept, so errors point at this file).
  const world = doc.world;
  if (isMapping(world) && typeof world.ref === 'string') {
    const besideRef = validateWithSchema(worldRefSchema, world, doc, ['world']);
    if (besideRef.length > 0) throw new ScenarioError(sortDiagnostics(besideRef));
    const ref = world.ref;
    const declaredIn = getOrigin(world)?.source.path ?? absolute;
    const bundled = !/[\\/]/.test(ref) && extname(ref) === '';
    let target: string;
    if (bundled) {
      const candidates = ['.yaml', '.yml', '.json'].map((ext) => join(worldsDir(library), `${ref}${ext}`));
      target = candidates.find((c) => exists(c)) ?? candidates[0]!;
      if (!exists(target)) {
        const names = listWorlds(library);
        const hint = suggest(ref, names);
        const expected = hint
          ? `a bundled world name or a relative path${hint}`
          : `a bundled world name (${names.join(', ') || 'none in scenarios/worlds/'}) or a relative path`;
        throw new ScenarioError([diagnosticAt(world, ['ref'], expected, `"${ref}"`)]);
      }
    } else {
      target = resolve(dirname(declaredIn), ref);
      if (!isInside(target, library) && !isInside(target, dirname(declaredIn))) {
        throw new ScenarioError([
          diagnosticAt(world, ['ref'], "a path inside the scenario library or this file's folder", `"${ref}"`),
        ]);
      }
    }
    const { value } = read(target, { container: world, key: 'ref', written: ref, what: 'world file' });
    if ('ref' in value)
      throw new ScenarioError([
        diagnosticAt(
          value,
          ['ref'],
          'a world (a world file may not reference another world)',
          describeValue(value.ref),
          { atKey: true },
        ),
      ]);
    doc = withKey(doc, 'world', deepMerge(omit(value, ['$schema']), omit(world, ['ref'])));
  }

  // --set path=value, then the replicates and seed overrides.
  const problems: Diagnostic[] = [];
  for (const assignment of options.set ?? []) {
    const eq = assignment.indexOf('=');
    const source: Source = { name: '(--set)', text: assignment, fixed: { line: 1, col: Math.max(1, eq + 2) } };
    if (eq <= 0) {
      problems.push({
        file: '(--set)',
        line: 1,
        col: 1,
        path: assignment || '(empty)',
        expected: 'path=value, e.g. params.substitutionRate=0.1',
        received: `"${assignment}"`,
      });
      continue;
    }
    const pathText = assignment.slice(0, eq);
    let value: unknown;
    try {
      value = parseYaml(assignment.slice(eq + 1));
    } catch {
      value = assignment.slice(eq + 1);
    }
    try {
      doc = applyAssignment(doc, pathText, value, source);
    } catch (error) {
      if (!(error instanceof ScenarioError)) throw error;
      problems.push(...error.diagnostics);
    }
  }
  const cli = COMMAND_LINE_SOURCE;
  if (options.replicates !== undefined)
    doc = setAt(doc, ['replicates'], options.replicates, { source: cli, path: ['--replicates'] }) as ScenarioDoc;
  if (options.seed !== undefined)
    doc = setAt(doc, ['seed'], options.seed, { source: cli, path: ['--seed'] }) as ScenarioDoc;
  if (problems.length > 0) throw new ScenarioError(problems);

  // Schema, then cross-field checks, then expressions.
  const schemaProblems = validateWithSchema(scenarioSchema, doc, doc);
  if (schemaProblems.length > 0) throw new ScenarioError(sortDiagnostics(schemaProblems));
  const crossProblems = checkCrossFields(doc);
  if (crossProblems.length > 0) throw new ScenarioError(sortDiagnostics(crossProblems));
  const expressionProblems = checkExpressions(doc);
  if (expressionProblems.length > 0) throw new ScenarioError(sortDiagnostics(expressionProblems));

  // plugins: paths relative to the file declaring the list, checked like `extends`.
  const plugins = checkPluginPaths(doc.plugins, library, cwd, absolute);
  for (const extra of checkCommandLinePlugins(options.plugins ?? [], cwd))
    if (!plugins.some((p) => p.absolute === extra.absolute)) plugins.push(extra);

  const name = typeof doc.name === 'string' ? doc.name : basename(absolute, extname(absolute));
  const overrides = {
    ...(options.set !== undefined && options.set.length > 0 ? { set: [...options.set] } : {}),
    ...(options.replicates !== undefined ? { replicates: options.replicates } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
  };
  return {
    file: absolute,
    display: displayName(absolute, cwd),
    name,
    doc,
    text,
    files: dedupeFiles(files),
    library,
    plugins,
    ...(Object.keys(overrides).length > 0 ? { overrides } : {}),
  };
}

function dedupeFiles(files: ScenarioFile[]): ScenarioFile[] {
  const seen = new Set<string>();
  return files.filter((f) => (seen.has(f.absolute) ? false : (seen.add(f.absolute), true)));
}

function suggestSibling(path: string): string {
  try {
    const names = scenarioFiles()
      .list(dirname(path))
      .sort()
      .filter((n) => /\.(ya?ml|json)$/.test(n));
    // Names are compared without their extension, so a shared ".yaml" does not make "nope.yaml"
    // look like "base.yaml".
    const stem = (name: string): string => name.replace(/\.(ya?ml|json)$/, '');
    const wanted = stem(basename(path));
    const suggested = names.some((n) => stem(n) === wanted)
      ? wanted
      : /"([^"]+)"/.exec(suggest(wanted, names.map(stem)))?.[1];
    const full = suggested === undefined ? undefined : names.find((n) => stem(n) === suggested);
    return full === undefined ? '' : ` (did you mean "${full}"?)`;
  } catch {
    return '';
  }
}

/** A copy of a mapping without some keys (origins kept). */
export function omit(value: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  if (!keys.some((k) => k in value)) return value;
  const copy = cloneWithOrigin(value);
  for (const key of keys) delete copy[key];
  return copy;
}

function withKey(doc: ScenarioDoc, key: string, value: unknown): ScenarioDoc {
  const copy = cloneWithOrigin(doc);
  copy[key] = value;
  return copy;
}

/**
 * Applies one `path=value` assignment to a scenario document (copy on write).
 *
 * @throws ScenarioError when the path is malformed, addresses something that cannot be set,
 * or selects an `[id]` that does not exist.
 */
export function applyAssignment(
  doc: ScenarioDoc,
  pathText: string,
  value: unknown,
  source: Source,
  originPath?: Segment[],
): ScenarioDoc {
  const resolved = resolveSettablePath(doc, pathText, source, originPath);
  const origin: Origin = { source, path: originPath ?? resolved };
  if (value !== null && typeof value === 'object' && getOrigin(value) === undefined) setOrigin(value, origin);
  return setAt(doc, resolved, value, origin) as ScenarioDoc;
}

/**
 * Resolves a written path (`params.x`, `world.firms[TSMC].damage`, a parameter name) to
 * concrete segments in `doc`.
 */
export function resolveSettablePath(
  doc: ScenarioDoc,
  pathText: string,
  source: Source,
  originPath?: Segment[],
): Segment[] {
  const at = (expected: string, received: string): ScenarioError => {
    const origin: Origin = { source, path: originPath ?? [pathText] };
    const pos = source.fixed ?? undefined;
    if (pos !== undefined)
      return new ScenarioError([
        { file: source.name, line: pos.line, col: pos.col, path: pathText, expected, received },
      ]);
    return new ScenarioError([diagnosticAtOriginKey(origin, expected, received)]);
  };
  let selectors: Selector[];
  try {
    selectors = parsePath(pathText);
  } catch (error) {
    throw at((error as Error).message, `"${pathText}"`);
  }
  const parameters = isMapping(doc.parameters) ? Object.keys(doc.parameters) : [];
  selectors = expandShorthand(selectors, new Set(parameters));
  const head = selectors[0];
  if (typeof head !== 'string' || !SETTABLE_ROOTS.includes(head)) {
    const hint = typeof head === 'string' ? suggest(head, [...SETTABLE_ROOTS, 'params', 'policy', ...parameters]) : '';
    throw at(
      `a path starting with a declared parameter, params., policy. or one of ${SETTABLE_ROOTS.join(', ')}`,
      `"${pathText}"${hint}`,
    );
  }
  if (
    head === 'parameters' &&
    (selectors.length !== 2 || typeof selectors[1] !== 'string' || !parameters.includes(selectors[1]))
  ) {
    const name = String((selectors[1] as string | undefined) ?? '');
    throw at(`a declared parameter${suggest(name, parameters)}`, `"${name}"`);
  }
  try {
    return resolveSelectors(doc, selectors, { create: true });
  } catch (error) {
    if (error instanceof PathError) throw at(error.expected, error.received);
    throw error;
  }
}

function diagnosticAtOriginKey(origin: Origin, expected: string, received: string): Diagnostic {
  // The key of a `set:` or `sweep.parameters` entry is the path itself.
  const container = { [String(origin.path[origin.path.length - 1])]: null };
  setOrigin(container, { source: origin.source, path: origin.path.slice(0, -1) });
  return diagnosticAt(container, [origin.path[origin.path.length - 1]!], expected, received, { atKey: true });
}

/** Checks that schemas cannot express: one control arm, sweep designs, settable paths. */
function checkCrossFields(doc: ScenarioDoc): Diagnostic[] {
  const out: Diagnostic[] = [];
  const arms = (doc.arms ?? {}) as Record<string, Record<string, unknown>>;
  const controls = Object.keys(arms).filter((name) => arms[name]!.control === true);
  if (controls.length > 1)
    out.push(
      diagnosticAt(
        arms,
        [controls[1]!, 'control'],
        'at most one control arm',
        `a second one ("${controls[0]}" is the first)`,
      ),
    );
  for (const arm of Object.values(arms)) {
    const set = arm.set as Record<string, unknown> | undefined;
    if (set === undefined) continue;
    const source = getOrigin(set)?.source;
    for (const key of Object.keys(set)) {
      try {
        resolveSettablePath(
          doc,
          key,
          source ?? { name: '(scenario)', text: '' },
          source ? [...getOrigin(set)!.path, key] : undefined,
        );
      } catch (error) {
        if (error instanceof ScenarioError) out.push(...error.diagnostics);
        else throw error;
      }
    }
  }
  const sweep = doc.sweep as Record<string, unknown> | undefined;
  if (sweep !== undefined) {
    const parameters = sweep.parameters as Record<string, unknown>;
    out.push(...checkSweep(sweep));
    if (Object.keys(parameters).length === 0)
      out.push(diagnosticAt(sweep, ['parameters'], 'at least one swept parameter', 'an empty mapping'));
    const source = getOrigin(parameters)?.source;
    for (const key of Object.keys(parameters)) {
      try {
        resolveSettablePath(
          doc,
          key,
          source ?? { name: '(scenario)', text: '' },
          source ? [...getOrigin(parameters)!.path, key] : undefined,
        );
      } catch (error) {
        if (error instanceof ScenarioError) out.push(...error.diagnostics);
        else throw error;
      }
    }
  }
  const variables = (doc.outputs as { variables?: string[] } | undefined)?.variables;
  if (variables !== undefined) {
    const known = [...new Set(Object.values(METRIC_VARIABLES).flat())];
    variables.forEach((name, i) => {
      if (!known.includes(name) && !isFamilyVariable(name))
        out.push(
          diagnosticAt(
            variables,
            [i],
            `a recorded variable (listed in docs/outputs.md)${suggest(name, known)}`,
            describeValue(name),
          ),
        );
    });
  }
  const world = doc.world as Record<string, unknown>;
  if (isMapping(world) && 'ref' in world)
    out.push(diagnosticAt(world, ['ref'], 'a world reference that resolves', describeValue(world.ref)));
  return out;
}

/** Compiles every `=expression` outside `parameters` against the declared parameter names. */
function checkExpressions(doc: ScenarioDoc): Diagnostic[] {
  const out: Diagnostic[] = [];
  const declared = new Set(Object.keys((doc.parameters ?? {}) as object));
  for (const arm of Object.values((doc.arms ?? {}) as Record<string, Record<string, unknown>>)) {
    for (const name of Object.keys((arm.parameters ?? {}) as object)) declared.add(name);
  }
  const visit = (container: unknown, key: Segment, value: unknown, depth: number): void => {
    if (isExpression(value)) {
      try {
        compileExpression(value, declared);
      } catch (error) {
        if (!(error instanceof ExpressionError)) throw error;
        out.push(diagnosticAt(container, [key], error.expected, error.received));
      }
      return;
    }
    if (Array.isArray(value)) value.forEach((item, i) => visit(value, i, item, depth + 1));
    else if (isMapping(value)) {
      for (const [k, v] of Object.entries(value)) {
        if (depth === 0 && TEXT_KEYS.has(k)) continue;
        visit(value, k, v, depth + 1);
      }
    }
  };
  for (const [key, value] of Object.entries(doc)) {
    if (TEXT_KEYS.has(key)) continue;
    visit(doc, key, value, 1);
  }
  return out;
}

/** Sorts diagnostics by file, line and column. */
export function sortDiagnostics(list: Diagnostic[]): Diagnostic[] {
  return [...list].sort((a, b) => (a.file === b.file ? a.line - b.line || a.col - b.col : a.file < b.file ? -1 : 1));
}
