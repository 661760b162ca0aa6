/**
 * Lean default outputs: firm rows only for the firms a scenario names (key metrics,
 * outputs.firms), for every firm when asked (--detail, outputs.record.firms, a firm-only
 * variable); every other row and summary.json unchanged.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { csvParse } from 'd3-dsv';
import { afterAll, describe, expect, it } from 'vitest';
import { runScenario, type RunOptions } from '@chokepoint/runner';
import { ScenarioError, validateScenario } from '@chokepoint/scenario';

const root = join(import.meta.dirname, '..', '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'chokepoint-lean-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Runs the quickstart (12 firms), shortened, with `outputs` added; returns its metrics.csv lines. */
async function run(
  name: string,
  outputs: string,
  options: RunOptions = {},
): Promise<{ lines: string[]; summary: string }> {
  const file = join(tmp, `${name}.yaml`);
  writeFileSync(
    file,
    `extends: ${join(root, 'scenarios', 'quickstart.yaml')}\ntitle: Lean outputs\nname: qs\nhorizon: 3\nreplicates: 1\n${outputs}\n`,
  );
  const out = join(tmp, name);
  await runScenario(file, { cwd: tmp, out, workers: 1, ...options });
  return {
    lines: readFileSync(join(out, 'metrics.csv'), 'utf8').split('\n'),
    summary: readFileSync(join(out, 'summary.json'), 'utf8'),
  };
}

const isFirm = (line: string): boolean => line.split(',')[8] === 'firm';
const firmsOf = (lines: string[]): Set<string> => new Set(lines.filter(isFirm).map((l) => l.split(',')[9]!));

describe('firm rows', () => {
  it('are left out by default, and every firm has them with --detail; nothing else changes', async () => {
    const lean = await run('lean', '');
    const detail = await run('detail', '', { detail: true });
    expect(firmsOf(lean.lines).size).toBe(0);
    const all = firmsOf(detail.lines);
    expect(all.size).toBe(12);
    expect(lean.lines).toEqual(detail.lines.filter((l) => !isFirm(l)));
    expect(lean.summary).toBe(detail.summary);
    // outputs.record.firms: true is the file's way of saying --detail.
    expect((await run('record-true', 'outputs: { record: { firms: true } }')).lines).toEqual(detail.lines);

    // Key metrics and outputs.firms name firms: theirs are kept, every row of them (origin content included).
    const named = await run('named', 'outputs: { metrics: [firm/TSMC/output, state/CN/output], firms: [SMIC] }');
    expect(firmsOf(named.lines)).toEqual(new Set(['TSMC', 'SMIC']));
    const ofNamed = (l: string): boolean => isFirm(l) && ['TSMC', 'SMIC'].includes(l.split(',')[9]!);
    expect(named.lines.filter(isFirm)).toEqual(detail.lines.filter(ofNamed));
    expect(named.lines.filter(isFirm).some((l) => l.includes(',origin_content:'))).toBe(true);
    expect(
      JSON.parse(named.summary).metrics.filter((m: { metric: string }) => m.metric === 'firm/TSMC/output'),
    ).toHaveLength(4);

    // A variable only firms carry asks for every firm.
    const revenue = await run('revenue', 'outputs: { variables: [revenue] }');
    expect(firmsOf(revenue.lines)).toEqual(all);
    expect(new Set(csvParse(revenue.lines.join('\n')).map((r) => r.variable))).toEqual(new Set(['revenue']));
  });

  it('refuses an unknown firm in outputs.firms, located, with the nearest id', () => {
    const file = join(tmp, 'bad-firms.yaml');
    writeFileSync(
      file,
      `extends: ${join(root, 'scenarios', 'quickstart.yaml')}\ntitle: x\noutputs:\n  firms: [TSMC, SMICC]\n`,
    );
    expect(() => validateScenario(file, { cwd: tmp })).toThrow(ScenarioError);
    try {
      validateScenario(file, { cwd: tmp });
    } catch (error) {
      expect((error as ScenarioError).lines()).toEqual([
        'bad-firms.yaml:4:17: outputs.firms[1]: expected a firm id of the world (did you mean "SMIC"?), received "SMICC"',
      ]);
    }
  });
});
