import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// The README's main job: the quickstart writes data, charts and a report, and ends with the report's path.
describe('pnpm start (examples/quickstart.ts)', () => {
  const out = mkdtempSync(join(tmpdir(), 'chokepoint-quickstart-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('writes a run directory with tidy metrics, a summary with effects, charts and a self-contained report', () => {
    const stdout = execFileSync(process.execPath, ['--conditions=source', '--import', 'tsx', 'examples/quickstart.ts', out], {
      cwd: join(import.meta.dirname, '..', '..'),
      encoding: 'utf8',
    });
    const lastLine = stdout.trim().split('\n').at(-1)!;
    expect(lastLine).toBe(`Report: ${join(out, 'report.html')}`);

    const csv = readFileSync(join(out, 'metrics.csv'), 'utf8').split('\n');
    expect(csv[0]).toBe('run_id,scenario,arm,point,replicate,seed,step,date,entity_kind,entity,variable,value');
    expect(new Set(csv.slice(1, -1).map((line) => line.split(',')[2]))).toEqual(new Set(['control', 'us-only', 'aligned']));

    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    const effect = (arm: string, metric: string) => summary.effects.find((e: { arm: string; metric: string }) => e.arm === arm && e.metric === metric);
    // The story the quickstart tells: a unilateral control leaks, an aligned one binds.
    expect(effect('us-only', 'product/sme/leakage').difference).toBeGreaterThan(0);
    expect(effect('aligned', 'state/CN/output').ci95[1]).toBeLessThan(0);

    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.runs).toHaveLength(30);
    expect(readdirSync(join(out, 'charts')).filter((f) => f.endsWith('.png')).length).toBeGreaterThan(5);
    const report = readFileSync(join(out, 'report.html'), 'utf8');
    expect(report).not.toMatch(/https?:\/\//);
    expect(existsSync(join(out, 'metrics.csv.tmp'))).toBe(false);
  });
});
