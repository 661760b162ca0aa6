import { basename, dirname, extname, join, relative } from 'pathe';
import { scenarioFiles } from './files.js';

/**
 * The bundled scenario library: `scenarios/` at the root of the Chokepoint repository (or
 * the folder named by the `CHOKEPOINT_LIBRARY` environment variable).
 *
 * @example
 * ```ts
 * import { existsSync } from 'node:fs';
 * import { join } from 'node:path';
 * console.log(existsSync(join(libraryDir(), 'quickstart.yaml'))); // true
 * console.log(libraryDir().endsWith('scenarios')); // true
 * ```
 */
export function libraryDir(): string {
  return scenarioFiles().library();
}

/** The folder of bundled worlds, `scenarios/worlds/`. */
export function worldsDir(library = libraryDir()): string {
  return join(library, 'worlds');
}

/** Whether `path` is inside `folder` (after resolving symbolic links of existing parts). */
export function isInside(path: string, folder: string): boolean {
  const files = scenarioFiles();
  const target =
    files.kind(path) !== undefined ? files.realpath(path) : join(files.realpath(dirname(path)), basename(path));
  const base = files.realpath(folder);
  const rel = relative(base, target);
  return rel === '' || (!rel.startsWith('..') && !rel.startsWith('/') && !/^[A-Za-z]:/.test(rel));
}

/**
 * One bundled scenario.
 *
 * @example
 * ```ts
 * const quickstart: LibraryEntry = listScenarios().find((s) => s.path === 'quickstart.yaml')!;
 * console.log(quickstart.title); // Quickstart: unilateral vs aligned controls on chipmaking equipment
 * console.log(quickstart.file.endsWith('/scenarios/quickstart.yaml')); // true
 * ```
 */
export interface LibraryEntry {
  /** Path relative to the library, e.g. `validation/zte-2018.yaml`. */
  path: string;
  /** Absolute path. */
  file: string;
  /** The scenario's title, or '' when it has none. */
  title: string;
}

/**
 * Lists the bundled scenarios (YAML and JSON files under scenarios/, except worlds/), sorted
 * by path, with their titles.
 *
 * @example
 * ```ts
 * const paths = listScenarios().map((s) => s.path);
 * console.log(paths.includes('quickstart.yaml'), paths.some((p) => p.startsWith('worlds/'))); // true false
 * ```
 */
export function listScenarios(library = libraryDir()): LibraryEntry[] {
  const out: LibraryEntry[] = [];
  const files = scenarioFiles();
  const walk = (folder: string): void => {
    if (files.kind(folder) !== 'directory') return;
    for (const name of files.list(folder).sort()) {
      const file = join(folder, name);
      if (files.kind(file) === 'directory') {
        if (folder === library && name === 'worlds') continue;
        walk(file);
      } else if (/\.(ya?ml|json)$/.test(name) && !name.endsWith('.schema.json')) {
        // Side files (e.g. validation targets) have neither a title nor an extends.
        const title = readTitle(file);
        if (title === '' && !/^\s*"?extends"?\s*:/m.test(readText(file))) continue;
        out.push({ path: relative(library, file), file, title });
      }
    }
  };
  walk(library);
  return out.sort((a, b) => a.path.localeCompare(b.path));
}

/**
 * The names of the bundled worlds (file stems under scenarios/worlds/), which scenarios
 * name as `world: { ref: <name> }`.
 *
 * @example
 * ```ts
 * console.log(listWorlds().includes('toy-chips')); // true
 * ```
 */
export function listWorlds(library = libraryDir()): string[] {
  return scenarioFiles()
    .list(worldsDir(library))
    .filter((n) => /\.(ya?ml|json)$/.test(n))
    .map((n) => basename(n, extname(n)))
    .sort();
}

/** A file's text, as UTF-8 (a byte-order mark kept). */
function readText(file: string): string {
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(scenarioFiles().readFile(file));
}

function readTitle(file: string): string {
  const text = readText(file);
  const json = /^\s*\{/.test(text);
  if (json) {
    const match = /"title"\s*:\s*"((?:[^"\\]|\\.)*)"/.exec(text);
    return match ? (JSON.parse(`"${match[1]}"`) as string) : '';
  }
  const match = /^title:\s*(.+)$/m.exec(text);
  if (!match) return '';
  const raw = match[1]!.replace(/\s+#.*$/, '').trim();
  if ((raw.startsWith('"') && raw.endsWith('"')) || (raw.startsWith("'") && raw.endsWith("'"))) return raw.slice(1, -1);
  return raw;
}
