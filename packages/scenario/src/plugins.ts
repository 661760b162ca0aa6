/**
 * Plugin modules named in a scenario's `plugins:` list (or passed on the command line).
 *
 * The contract: a plugin module exports `instruments` and/or `doctrines`, arrays of
 * definitions made with `defineInstrument` / `defineDoctrine` of `@chokepoint/core`, either
 * as named exports or as the properties of its default export. Paths are checked when the
 * scenario is loaded ({@link checkPluginPaths}); the modules are imported before planning
 * ({@link loadPlugins}) and again by each worker thread ({@link importPluginDefinitions}),
 * and their definitions are registered with `createWorld(spec, seed, { instruments, doctrines })`.
 */
import { basename, dirname, extname, resolve } from 'pathe';
import { nodeBuiltin, scenarioFiles } from './files.js';
import { sha256 } from './hash.js';
import {
  BUILTIN_DOCTRINES,
  BUILTIN_INSTRUMENTS,
  defineDoctrine,
  defineInstrument,
  suggest,
  type DoctrineDefinition,
  type InstrumentDefinition,
} from '@chokepoint/core';
import { COMMAND_LINE, ScenarioError, type Diagnostic } from './diagnostics.js';
import { describeValue } from '@chokepoint/core';
import { isInside } from './library.js';
import { diagnosticAt, displayName, getOrigin } from './source.js';

/**
 * File extensions a plugin module may have. TypeScript needs tsx (see {@link canImportTypeScript}).
 *
 * @example
 * ```ts
 * import { extname } from 'node:path';
 * console.log(PLUGIN_EXTENSIONS.includes(extname('examples/embed/custom-instrument.ts'))); // true
 * ```
 */
export const PLUGIN_EXTENSIONS: readonly string[] = ['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts'];

const TYPESCRIPT = new Set(['.ts', '.mts', '.cts']);

/**
 * A plugin module named by a scenario (or the command line), with its path checked.
 *
 * @example
 * ```ts
 * // digital-services-tax.yaml has `plugins: [./custom-instrument.ts]`.
 * const plugins: PluginFile[] = loadScenario('examples/embed/digital-services-tax.yaml').plugins;
 * console.log(plugins[0]!.path, plugins[0]!.hash.startsWith('sha256:'), plugins[0]!.where.path); // examples/embed/custom-instrument.ts true plugins[0]
 * ```
 */
export interface PluginFile {
  /** The path as shown in messages and in the manifest (relative to the working directory when inside it). */
  path: string;
  /** Absolute path. */
  absolute: string;
  /** `sha256:` hash of the file's bytes. */
  hash: string;
  /** Where the scenario names it, for messages (`plugins[0]` of a file, or `--plugin`). */
  where: Omit<Diagnostic, 'expected' | 'received'>;
}

/**
 * The definitions of a scenario's plugin modules, ready for `createWorld(spec, seed, definitions)`.
 *
 * @example
 * ```ts
 * import { createWorld } from '@chokepoint/core';
 * const { plan, plugins } = await validateScenarioAsync('examples/embed/digital-services-tax.yaml');
 * const definitions: PluginDefinitions = { instruments: plugins.instruments, doctrines: plugins.doctrines };
 * const taxed = plan.configs.find((c) => c.arm === 'taxed')!;
 * const world = createWorld(materializeWorld(taxed.recipe), 1, definitions);
 * console.log(definitions.instruments.map((d) => d.type), world.policy.measures.length); // ['digital_services_tax'] 1
 * ```
 */
export interface PluginDefinitions {
  /** Plugin instruments, in module order then export order. */
  instruments: InstrumentDefinition[];
  /** Plugin doctrines, in module order then export order. */
  doctrines: DoctrineDefinition[];
}

/**
 * Imported plugin modules: their definitions and, per module, what it defines.
 *
 * @example
 * ```ts
 * const loaded = loadScenario('examples/embed/digital-services-tax.yaml');
 * const plugins: LoadedPlugins = await loadPlugins(loaded.plugins);
 * const { path, url, instruments, doctrines } = plugins.modules[0]!;
 * console.log(path, url.startsWith('file://'), instruments, doctrines); // examples/embed/custom-instrument.ts true ['digital_services_tax'] []
 * ```
 */
export interface LoadedPlugins extends PluginDefinitions {
  /** One entry per module, in order. */
  modules: Array<{ path: string; hash: string; url: string; instruments: string[]; doctrines: string[] }>;
}

/**
 * Checks the `plugins:` list of a scenario document: each entry a path, relative to the file
 * that declares the list, inside the scenario library or that file's folder, naming an
 * existing JavaScript or TypeScript module, each module once.
 *
 * @throws ScenarioError with one diagnostic per bad entry.
 */
export function checkPluginPaths(list: unknown, library: string, cwd: string, fallbackFile: string): PluginFile[] {
  if (list === undefined) return [];
  const origin = getOrigin(list);
  const declaredIn = origin?.source.path ?? fallbackFile;
  const entries = list as unknown[];
  const problems: Diagnostic[] = [];
  const out: PluginFile[] = [];
  entries.forEach((entry, i) => {
    const fail = (expected: string, received: string): void =>
      void problems.push(diagnosticAt(list, [i], expected, received));
    const written = entry as string;
    const absolute = resolve(dirname(declaredIn), written);
    if (!isInside(absolute, library) && !isInside(absolute, dirname(declaredIn))) {
      return fail("a path inside the scenario library or this file's folder", `"${written}"`);
    }
    const problem = fileProblem(absolute);
    if (problem !== undefined) return fail(problem.expected, `"${written}"${problem.received}`);
    if (out.some((p) => p.absolute === absolute)) return fail('each plugin module once', `"${written}" a second time`);
    const where = diagnosticAt(list, [i], '', '');
    out.push({
      path: displayName(absolute, cwd),
      absolute,
      hash: hashFile(absolute),
      where: { file: where.file, line: where.line, col: where.col, path: where.path },
    });
  });
  if (problems.length > 0) throw new ScenarioError(problems);
  return out;
}

/**
 * Checks plugin modules given on the command line (`--plugin`, or the `plugins` option of
 * `runScenario`): relative to `cwd`, anywhere (the command line is trusted like `--out`).
 *
 * @throws ScenarioError for a missing file or a file that is not a module.
 */
export function checkCommandLinePlugins(paths: readonly string[], cwd: string): PluginFile[] {
  const out: PluginFile[] = [];
  for (const written of paths) {
    const absolute = resolve(cwd, written);
    const where = { ...COMMAND_LINE, path: '--plugin' };
    const problem = fileProblem(absolute);
    if (problem !== undefined)
      throw new ScenarioError([{ ...where, expected: problem.expected, received: `"${written}"${problem.received}` }]);
    if (out.some((p) => p.absolute === absolute)) continue;
    out.push({ path: displayName(absolute, cwd), absolute, hash: hashFile(absolute), where });
  }
  return out;
}

function hashFile(absolute: string): string {
  return `sha256:${sha256(scenarioFiles().readFile(absolute))}`;
}

function fileProblem(absolute: string): { expected: string; received: string } | undefined {
  const ext = extname(absolute);
  if (!PLUGIN_EXTENSIONS.includes(ext))
    return { expected: `a JavaScript or TypeScript module (${PLUGIN_EXTENSIONS.join(', ')})`, received: '' };
  const kind = scenarioFiles().kind(absolute);
  if (kind === undefined) {
    const near = suggest(
      basename(absolute),
      scenarioFiles()
        .list(dirname(absolute))
        .sort()
        .filter((n) => PLUGIN_EXTENSIONS.includes(extname(n))),
    );
    return { expected: 'an existing plugin module', received: ` (no such file)${near}` };
  }
  if (kind === 'directory') return { expected: 'a plugin module file', received: ' (a directory)' };
  return undefined;
}

let tsxRegistered = false;

/**
 * Makes sure this thread can import TypeScript modules, and says whether it can. The main
 * thread of a source checkout runs under tsx (or vitest) already. Worker threads do not
 * apply the tsx hooks of `--import tsx` to dynamic imports on Node 20, and a compiled build
 * runs without tsx: both register tsx's ESM loader here, when tsx is installed.
 *
 * @example
 * ```ts
 * if (!(await canImportTypeScript())) console.error('compile the plugin to .js first');
 * // Under tsx, or from the TypeScript sources:
 * console.log(await canImportTypeScript()); // true
 * ```
 */
export async function canImportTypeScript(): Promise<boolean> {
  const fromSource = import.meta.url.endsWith('.ts');
  const isMainThread = nodeBuiltin<{ isMainThread: boolean }>('node:worker_threads')?.isMainThread ?? true;
  if (tsxRegistered || (fromSource && isMainThread)) return true;
  try {
    // A specifier bundlers leave alone: tsx is Node-only, and a browser never gets here.
    const tsxApi: string = ['tsx', 'esm', 'api'].join('/');
    const api = (await import(/* @vite-ignore */ tsxApi)) as { register: () => unknown };
    api.register();
    tsxRegistered = true;
    return true;
  } catch {
    return fromSource;
  }
}

/**
 * Imports plugin modules, checks what they export, and collects their definitions. A
 * definition may not reuse the name of a built-in or of another plugin's definition.
 *
 * @throws ScenarioError located at the `plugins:` entry (or `--plugin`) of the bad module.
 *
 * @example
 * ```ts
 * const loaded = loadScenario('examples/embed/digital-services-tax.yaml');
 * const plugins = await loadPlugins(loaded.plugins);
 * const plan = buildPlan(loaded, { loadedPlugins: plugins });
 * console.log(plan.meta.plugins!.map((p) => p.instruments)); // [['digital_services_tax']]
 * ```
 */
export async function loadPlugins(files: readonly PluginFile[]): Promise<LoadedPlugins> {
  if (files.length === 0) return { instruments: [], doctrines: [], modules: [] };
  const instruments: InstrumentDefinition[] = [];
  const doctrines: DoctrineDefinition[] = [];
  const modules: LoadedPlugins['modules'] = [];
  const instrumentOwner = new Map<string, string>(BUILTIN_INSTRUMENTS.map((d) => [d.type, 'a built-in instrument']));
  const doctrineOwner = new Map<string, string>(BUILTIN_DOCTRINES.map((d) => [d.id, 'a built-in doctrine']));
  for (const file of files) {
    const fail = (expected: string, received: string): never => {
      throw new ScenarioError([{ ...file.where, expected, received }]);
    };
    const url = scenarioFiles().moduleUrl?.(file.absolute);
    if (url === undefined)
      fail(
        'no plugin modules here (plugins load only where modules can be imported from files, as in Node)',
        `"${file.path}"`,
      );
    if (TYPESCRIPT.has(extname(file.absolute)) && !(await canImportTypeScript())) {
      fail(
        'a .js or .mjs plugin module (this build of chokepoint runs without tsx, so it cannot load TypeScript: compile the plugin, or install tsx)',
        `"${file.path}"`,
      );
    }
    let namespace: Record<string, unknown>;
    try {
      namespace = (await import(url!)) as Record<string, unknown>;
    } catch (error) {
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      return fail(
        'a plugin module that loads',
        `"${file.path}", which throws ${message.split('\n')[0]!.slice(0, 200)}`,
      );
    }
    const found = exportsOf(namespace);
    if (found.instruments === undefined && found.doctrines === undefined) {
      const names = Object.keys(namespace).filter((k) => k !== '__esModule');
      fail(
        'a module exporting instruments and/or doctrines (arrays of definitions from defineInstrument/defineDoctrine)',
        `"${file.path}", which exports ${names.length === 0 ? 'nothing' : names.map((n) => (n === 'default' ? 'a default' : n)).join(', ')}`,
      );
    }
    const entry = {
      path: file.path,
      hash: file.hash,
      url: url!,
      instruments: [] as string[],
      doctrines: [] as string[],
    };
    for (const [kind, value] of [
      ['instruments', found.instruments],
      ['doctrines', found.doctrines],
    ] as const) {
      if (value === undefined) continue;
      if (!Array.isArray(value))
        fail(`${kind} to be an array of definitions`, `"${file.path}", whose ${kind} is ${describeValue(value)}`);
      (value as unknown[]).forEach((definition, i) => {
        const problem = kind === 'instruments' ? instrumentProblem(definition) : doctrineProblem(definition);
        if (problem !== undefined)
          fail(`${kind}[${i}] to be ${problem.expected}`, `"${file.path}", whose ${kind}[${i}] is ${problem.received}`);
        if (kind === 'instruments') {
          const d = definition as InstrumentDefinition;
          const owner = instrumentOwner.get(d.type);
          if (owner !== undefined)
            fail('an instrument type not already defined', `"${d.type}" from "${file.path}" (${owner})`);
          instrumentOwner.set(d.type, `also defined by ${file.path}`);
          instruments.push(d);
          entry.instruments.push(d.type);
        } else {
          const d = definition as DoctrineDefinition;
          const owner = doctrineOwner.get(d.id);
          if (owner !== undefined)
            fail('a doctrine id not already defined', `"${d.id}" from "${file.path}" (${owner})`);
          doctrineOwner.set(d.id, `also defined by ${file.path}`);
          doctrines.push(d);
          entry.doctrines.push(d.id);
        }
      });
    }
    if (entry.instruments.length + entry.doctrines.length === 0)
      fail('at least one instrument or doctrine definition', `"${file.path}", whose lists are empty`);
    modules.push(entry);
  }
  return { instruments, doctrines, modules };
}

/** The `instruments` and `doctrines` exports of a module namespace: named, else on the default export. */
function exportsOf(namespace: Record<string, unknown>): { instruments?: unknown; doctrines?: unknown } {
  if (namespace.instruments !== undefined || namespace.doctrines !== undefined)
    return { instruments: namespace.instruments, doctrines: namespace.doctrines };
  const fallback = namespace.default;
  if (fallback !== null && typeof fallback === 'object') {
    const d = fallback as Record<string, unknown>;
    if (d.instruments !== undefined || d.doctrines !== undefined)
      return { instruments: d.instruments, doctrines: d.doctrines };
  }
  return {};
}

function instrumentProblem(value: unknown): { expected: string; received: string } | undefined {
  const expected = 'an instrument definition (type, description, fields, severity)';
  if (value === null || typeof value !== 'object') return { expected, received: describeValue(value) };
  const d = value as Record<string, unknown>;
  const missing = ['type', 'description', 'fields', 'severity'].filter((k) => d[k] === undefined);
  if (missing.length > 0 || typeof d.severity !== 'function' || d.fields === null || typeof d.fields !== 'object') {
    return {
      expected,
      received: `a mapping without ${missing.length > 0 ? missing.join(', ') : 'a severity function or fields mapping'}`,
    };
  }
  try {
    defineInstrument(value as InstrumentDefinition);
  } catch (error) {
    return { expected, received: (error as Error).message };
  }
  return undefined;
}

function doctrineProblem(value: unknown): { expected: string; received: string } | undefined {
  const expected = 'a doctrine definition (id, description, decide, vote)';
  if (value === null || typeof value !== 'object') return { expected, received: describeValue(value) };
  const d = value as Record<string, unknown>;
  const missing = ['id', 'description', 'decide', 'vote'].filter((k) => d[k] === undefined);
  if (missing.length > 0 || typeof d.decide !== 'function' || typeof d.vote !== 'function') {
    return {
      expected,
      received: `a mapping without ${missing.length > 0 ? missing.join(', ') : 'decide and vote functions'}`,
    };
  }
  try {
    defineDoctrine(value as DoctrineDefinition);
  } catch (error) {
    return { expected, received: (error as Error).message };
  }
  return undefined;
}

const cache = new Map<string, Promise<PluginDefinitions>>();

/**
 * Imports plugin modules by URL and returns their definitions, without the checks of
 * {@link loadPlugins} (the main thread made them). Worker threads call it once per module
 * list; the result is cached.
 *
 * @example
 * ```ts
 * import { pathToFileURL } from 'node:url';
 * const definitions = await importPluginDefinitions([pathToFileURL('examples/embed/custom-instrument.ts').href]);
 * console.log(definitions.instruments.map((d) => d.type), definitions.doctrines); // ['digital_services_tax'] []
 * ```
 */
export function importPluginDefinitions(urls: readonly string[]): Promise<PluginDefinitions> {
  const key = urls.join('\n');
  let pending = cache.get(key);
  if (pending === undefined) {
    pending = (async () => {
      const out: PluginDefinitions = { instruments: [], doctrines: [] };
      if (urls.some((url) => TYPESCRIPT.has(extname(new URL(url).pathname)))) await canImportTypeScript();
      for (const url of urls) {
        const found = exportsOf((await import(url)) as Record<string, unknown>);
        out.instruments.push(...((found.instruments as InstrumentDefinition[] | undefined) ?? []));
        out.doctrines.push(...((found.doctrines as DoctrineDefinition[] | undefined) ?? []));
      }
      return out;
    })();
    cache.set(key, pending);
  }
  return pending;
}
