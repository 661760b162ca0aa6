import { describe, expect, it } from 'vitest';
import { compareSweeps, TOLERANCE, WRITE_NOISE_SEC, type SweepRow } from '../../bench/compare.ts';

const baseline: SweepRow[] = [
  { name: 'sweep/quickstart/1-worker', runsPerSec: 300, writeSec: 6 },
  { name: 'sweep/quickstart/2-workers', runsPerSec: 400, speedup: 1.33, writeSec: 6 },
];

describe('compareSweeps', () => {
  it('flags fewer runs per second, a lower speedup and slower writing beyond the tolerance, and nothing within it', () => {
    const within = 1 - TOLERANCE / 2;
    const steady = compareSweeps(baseline, [
      { name: 'sweep/quickstart/1-worker', runsPerSec: 300 * within, writeSec: 6 / within },
      { name: 'sweep/quickstart/2-workers', runsPerSec: 400, speedup: 1.33 * within, writeSec: 5 },
    ]);
    expect(steady.map((c) => `${c.name} ${c.figure}`)).toEqual([
      'sweep/quickstart/1-worker runsPerSec',
      'sweep/quickstart/1-worker writeSec',
      'sweep/quickstart/2-workers runsPerSec',
      'sweep/quickstart/2-workers speedup',
      'sweep/quickstart/2-workers writeSec',
    ]);
    expect(steady.filter((c) => c.regression)).toEqual([]);

    const worse = compareSweeps(baseline, [
      { name: 'sweep/quickstart/1-worker', runsPerSec: 250, writeSec: 5 },
      { name: 'sweep/quickstart/2-workers', runsPerSec: 420, speedup: 1.1, writeSec: 7 },
    ]);
    expect(worse.filter((c) => c.regression).map((c) => `${c.name} ${c.figure}`)).toEqual([
      'sweep/quickstart/1-worker runsPerSec',
      'sweep/quickstart/2-workers speedup',
      'sweep/quickstart/2-workers writeSec',
    ]);
    expect(worse.find((c) => c.figure === 'writeSec' && c.name.endsWith('2-workers'))!.ratio).toBeCloseTo(7 / 6, 12);
  });

  it('does not flag a rise in writing time under WRITE_NOISE_SEC, whatever its ratio', () => {
    const base: SweepRow[] = [{ name: 'sweep/quickstart/2-workers', runsPerSec: 400, writeSec: 0.1 }];
    const small = compareSweeps(base, [
      { name: 'sweep/quickstart/2-workers', runsPerSec: 400, writeSec: 0.1 + WRITE_NOISE_SEC / 2 },
    ]);
    expect(small.find((c) => c.figure === 'writeSec')!.ratio).toBeGreaterThan(1 + TOLERANCE);
    expect(small.filter((c) => c.regression)).toEqual([]);
    const large = compareSweeps(base, [
      { name: 'sweep/quickstart/2-workers', runsPerSec: 400, writeSec: 0.1 + 2 * WRITE_NOISE_SEC },
    ]);
    expect(large.filter((c) => c.regression).map((c) => c.figure)).toEqual(['writeSec']);
  });

  it('skips figures a baseline taken before them lacks, and cases missing from the baseline', () => {
    const old: SweepRow[] = [{ name: 'sweep/quickstart/1-worker', runsPerSec: 300 }];
    const out = compareSweeps(old, [
      { name: 'sweep/quickstart/1-worker', runsPerSec: 310, writeSec: 9 },
      { name: 'sweep/other', runsPerSec: 1 },
    ]);
    expect(out.map((c) => c.figure)).toEqual(['runsPerSec']);
  });
});
