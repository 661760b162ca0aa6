/**
 * Validation episodes (docs/validation.md): each scenario in
 * scenarios/validation/ runs with its replicates, and each target in its
 * <episode>.targets.yaml is checked: the replicate mean must lie in the band
 * (direction, rough magnitude, timing). Bands follow scenarios/validation/BANDS.md and
 * are never tuned to pass. A target marked `reproducible: false` (with the reason in its
 * `why:`) is asserted with `it.fails`: the model as implemented cannot reproduce it, and the
 * test turns red the day it starts to (then remove the mark). A target whose quantity the model
 * does not have (prices) is not measured; its test checks that it is marked so, with a reason.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { EPISODES, formatTable, runEpisode, type EpisodeResult } from './observe.js';

const results: EpisodeResult[] = [];

for (const name of Object.keys(EPISODES)) {
  describe(`validation episode ${name}`, () => {
    const result = runEpisode(name);
    results.push(result);
    for (const o of result.observed) {
      const title = `${o.id}: ${o.target.what} (band [${o.target.band.join(', ')}] ${o.target.unit})`;
      const check = (): void => {
        expect(o.mean, `${name}/${o.id}: observed mean ${o.mean} [${o.lo}, ${o.hi}]`).toBeGreaterThanOrEqual(
          o.target.band[0],
        );
        expect(o.mean, `${name}/${o.id}: observed mean ${o.mean} [${o.lo}, ${o.hi}]`).toBeLessThanOrEqual(
          o.target.band[1],
        );
      };
      // A quantity the model does not have (prices) is not measured: the target must say it cannot
      // be reproduced, and why.
      if (!o.modelled) {
        it(`${title}: not modelled, so marked reproducible: false with a reason`, () => {
          expect(o.target.reproducible, `${name}/${o.id}`).toBe(false);
          expect(o.target.why ?? '', `${name}/${o.id}`).not.toBe('');
        });
        continue;
      }
      // Not reproducible with the model as implemented; the reason is in the targets file (why:).
      if (o.target.reproducible === false) it.fails(title, check);
      else it(title, check);
    }
  });
}

afterAll(() => {
  console.log(
    `\nValidation episodes: observed (mean [95% CI] over replicates) against target\n${results.map(formatTable).join('\n')}`,
  );
});
