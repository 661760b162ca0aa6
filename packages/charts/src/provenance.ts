import type { RunData } from './runData.js';

/**
 * The line that signs a chart ({@link stampProvenance}): what it shows, the seed, and the tool's
 * version and commit, joined by `·`; parts left out are skipped.
 *
 * @example
 * ```ts
 * console.log(provenanceLine({ scenario: 'quickstart', seed: 2023, version: '0.1.0', commit: '007b364ab' })); // quickstart · seed 2023 · chokepoint 0.1.0 (007b364)
 * ```
 */
export function provenanceLine(parts: {
  scenario?: string | undefined;
  seed?: string | number | undefined;
  tool?: string | undefined;
  version?: string | undefined;
  commit?: string | null | undefined;
}): string {
  const commit = typeof parts.commit === 'string' && parts.commit !== '' ? ` (${parts.commit.slice(0, 7)})` : '';
  const tool = `${parts.tool ?? 'chokepoint'} ${parts.version ?? ''}`.trim() + commit;
  return [parts.scenario, parts.seed !== undefined ? `seed ${String(parts.seed)}` : undefined, tool]
    .filter((p) => p !== undefined && p !== '')
    .join(' · ');
}

/**
 * The line that signs a run's charts, from its manifest.json: scenario, base seed, version and
 * commit; undefined when the run directory has no manifest.
 *
 * @example
 * ```ts
 * console.log(runProvenance({ rows: [], parameterNames: [], manifest: { tool: 'chokepoint', version: '0.1.0', seed: '42', scenario: { path: 'scenarios/fixture.yaml' } } })); // scenarios/fixture.yaml · seed 42 · chokepoint 0.1.0
 * ```
 */
export function runProvenance(run: RunData): string | undefined {
  const manifest = run.manifest;
  if (manifest === undefined) return undefined;
  return provenanceLine({
    scenario: run.summary?.scenario ?? manifest.scenario?.path,
    seed: manifest.seed,
    tool: manifest.tool,
    version: manifest.version,
    commit: manifest.commit,
  });
}
