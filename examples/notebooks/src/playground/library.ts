/*
 * The bundled scenario library: every scenario, world and schema file of scenarios/,
 * bundled at build time, keyed by its path from the repository root
 * (`scenarios/quickstart.yaml`), so `extends:` and `world: { ref }` resolve in memory.
 */

const raw = import.meta.glob('../../../../scenarios/**/*.{yaml,json}', {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>;

/** The files of scenarios/, by path from the repository root. */
export const LIBRARY_FILES: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(raw).map(([key, text]) => [key.replace(/^(?:\.\.\/)+/, ''), text]),
);

/** A scenario of the menu. */
export interface MenuEntry {
  /** Path from the repository root, e.g. `scenarios/experiments/doctrine-pairs.yaml`. */
  path: string;
  /** What the menu shows: the file name without `.yaml`. */
  label: string;
}

/** The menu's groups: the quickstart, the experiments and the validation episodes (worlds and targets are not scenarios). */
export function scenarioMenu(files: Readonly<Record<string, string>> = LIBRARY_FILES): Array<{
  group: string;
  entries: MenuEntry[];
}> {
  const paths = Object.keys(files)
    .filter((p) => p.endsWith('.yaml') && !p.endsWith('.targets.yaml'))
    .sort();
  const entry = (path: string): MenuEntry => ({
    path,
    label: path.replace(/^.*\//, '').replace(/\.yaml$/, ''),
  });
  return [
    { group: 'Quickstart', entries: paths.filter((p) => p === 'scenarios/quickstart.yaml').map(entry) },
    { group: 'Experiments', entries: paths.filter((p) => p.startsWith('scenarios/experiments/')).map(entry) },
    { group: 'Validation episodes', entries: paths.filter((p) => p.startsWith('scenarios/validation/')).map(entry) },
  ].filter((g) => g.entries.length > 0);
}
