/**
 * How the scenario language reaches files. Every read of a scenario, a world, a plugin or the
 * bundled library goes through a {@link ScenarioFiles}, so the same code validates and plans a
 * scenario in Node (the file system, found without a static `node:` import) and in a browser
 * (files held in memory, {@link memoryFiles}).
 */
import { basename, dirname, normalize, resolve } from 'pathe';

/**
 * What a path names: a file, a folder, or nothing.
 *
 * @example
 * ```ts
 * const kind: FileKind = scenarioFiles().kind(scenarioFiles().library());
 * console.log(kind); // directory
 * ```
 */
export type FileKind = 'file' | 'directory' | undefined;

/**
 * The file access of the scenario language. Paths are absolute, with `/` separators.
 *
 * @example
 * ```ts
 * const files: ScenarioFiles = memoryFiles({ '/study/a.yaml': 'title: A\n' }, { cwd: '/study' });
 * console.log(files.kind('/study/a.yaml'), files.kind('/study'), files.kind('/study/b.yaml')); // file directory undefined
 * console.log(new TextDecoder().decode(files.readFile('/study/a.yaml'))); // title: A
 * ```
 */
export interface ScenarioFiles {
  /** The working directory: relative paths resolve against it. */
  cwd(): string;
  /** The bundled scenario library (scenarios/ of the repository): worlds, experiments, episodes. */
  library(): string;
  /** A file's bytes; throws an error with `code: 'ENOENT'` when there is none. */
  readFile(path: string): Uint8Array;
  /** Whether `path` is a file, a folder, or nothing. */
  kind(path: string): FileKind;
  /** The names in a folder (not sorted); [] for a missing folder. */
  list(folder: string): string[];
  /** `path` with symbolic links resolved; `path` itself where there are none. */
  realpath(path: string): string;
  /**
   * A URL the runtime can `import()` a plugin module from; undefined where modules cannot be
   * imported from files (a browser).
   */
  moduleUrl?(path: string): string | undefined;
}

/** The Node modules the file system access needs, reached through `process.getBuiltinModule`. */
interface NodeModules {
  fs: {
    readFileSync(path: string): Uint8Array;
    statSync(path: string, options: { throwIfNoEntry: false }): { isDirectory(): boolean } | undefined;
    readdirSync(path: string): string[];
    realpathSync(path: string): string;
  };
  url: { fileURLToPath(url: string | URL): string; pathToFileURL(path: string): URL };
}

interface NodeProcess {
  cwd(): string;
  env: Record<string, string | undefined>;
  getBuiltinModule?(id: string): unknown;
}

/** Node's `process`, when this runs in Node (20.16 or later has `getBuiltinModule`). */
function nodeProcess(): NodeProcess | undefined {
  const candidate = (globalThis as { process?: NodeProcess }).process;
  return typeof candidate?.getBuiltinModule === 'function' ? candidate : undefined;
}

/**
 * A builtin Node module, or undefined outside Node: the scenario language imports none
 * statically, so it bundles for a browser unchanged.
 *
 * @internal
 */
export function nodeBuiltin<T>(id: string): T | undefined {
  return nodeProcess()?.getBuiltinModule?.(id) as T | undefined;
}

/** The file system, as a {@link ScenarioFiles}; undefined outside Node. */
function nodeFiles(): ScenarioFiles | undefined {
  const process = nodeProcess();
  const fs = nodeBuiltin<NodeModules['fs']>('node:fs');
  const url = nodeBuiltin<NodeModules['url']>('node:url');
  if (process === undefined || fs === undefined || url === undefined) return undefined;
  return {
    cwd: () => process.cwd(),
    // src/ and dist/ both sit two levels below the repository root's packages/ folder.
    library: () =>
      process.env.CHOKEPOINT_LIBRARY ||
      url.fileURLToPath(new URL('../../../scenarios/', import.meta.url)).replace(/[\\/]$/, ''),
    readFile: (path) => fs.readFileSync(path),
    kind: (path) => {
      const stat = fs.statSync(path, { throwIfNoEntry: false });
      return stat === undefined ? undefined : stat.isDirectory() ? 'directory' : 'file';
    },
    list: (folder) => {
      try {
        return fs.readdirSync(folder);
      } catch {
        return [];
      }
    },
    realpath: (path) => {
      try {
        return fs.realpathSync(path);
      } catch {
        return path;
      }
    },
    moduleUrl: (path) => url.pathToFileURL(path).href,
  };
}

/**
 * Files held in memory, for a browser or a test: absolute paths (or paths relative to `cwd`)
 * to their text or bytes. Folders exist where files are below them.
 *
 * @example
 * ```ts
 * const files = memoryFiles({ 'scenarios/worlds/toy.yaml': 'states: []\n', 'study.yaml': 'title: Study\n' }, { cwd: '/study', library: '/study/scenarios' });
 * console.log(files.list('/study/scenarios/worlds'), files.kind('/study/scenarios')); // ['toy.yaml'] directory
 * ```
 */
export function memoryFiles(
  entries: Readonly<Record<string, string | Uint8Array>>,
  options: { cwd?: string; library?: string } = {},
): ScenarioFiles {
  const cwd = normalize(options.cwd ?? '/');
  const library = resolve(cwd, options.library ?? 'scenarios');
  const contents = new Map<string, Uint8Array>();
  const folders = new Map<string, Set<string>>();
  const encoder = new TextEncoder();
  for (const [name, value] of Object.entries(entries)) {
    const path = resolve(cwd, name);
    contents.set(path, typeof value === 'string' ? encoder.encode(value) : value);
    for (let child = path, parent = dirname(path); child !== parent; child = parent, parent = dirname(parent)) {
      const names = folders.get(parent) ?? new Set<string>();
      names.add(basename(child));
      folders.set(parent, names);
    }
  }
  return {
    cwd: () => cwd,
    library: () => library,
    readFile: (path) => {
      const bytes = contents.get(resolve(cwd, path));
      if (bytes === undefined)
        throw Object.assign(new Error(`ENOENT: no such file, open '${path}'`), { code: 'ENOENT' });
      return bytes;
    },
    kind: (path) => {
      const absolute = resolve(cwd, path);
      return contents.has(absolute) ? 'file' : folders.has(absolute) ? 'directory' : undefined;
    },
    list: (folder) => [...(folders.get(resolve(cwd, folder)) ?? [])],
    realpath: (path) => path,
  };
}

let current: ScenarioFiles | undefined;

/**
 * Sets the file access of the scenario language (a browser sets {@link memoryFiles}); with no
 * argument, goes back to the default (the file system in Node).
 *
 * @example
 * ```ts
 * useScenarioFiles(memoryFiles({ '/w/a.yaml': 'title: A\n' }, { cwd: '/w' }));
 * console.log(scenarioFiles().cwd()); // /w
 * useScenarioFiles();
 * console.log(scenarioFiles().cwd() === process.cwd()); // true
 * ```
 */
export function useScenarioFiles(files?: ScenarioFiles): void {
  current = files;
}

/**
 * The file access in use: the one set by {@link useScenarioFiles}, else the file system in
 * Node.
 *
 * @throws Error outside Node when none was set.
 *
 * @example
 * ```ts
 * console.log(scenarioFiles().kind(`${scenarioFiles().library()}/quickstart.yaml`)); // file
 * ```
 */
export function scenarioFiles(): ScenarioFiles {
  current ??= nodeFiles();
  if (current === undefined) {
    throw new Error(
      'the scenario language has no file access here: in Node it needs version 20.16 or later (process.getBuiltinModule); elsewhere call useScenarioFiles(memoryFiles({ … })) first',
    );
  }
  return current;
}
