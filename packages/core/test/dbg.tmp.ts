import { createWorld, generateWorld, step } from '@chokepoint/core';
const spec = generateWorld({ states: 3, firms: 60, products: 8, degree: 'fixed', seed: 1 });
const w = createWorld(spec, 1);
for (let t = 0; t < 60; t++) {
  step(w);
  let mx = 0, at = -1;
  for (let f = 0; f < w.firmPrice.length; f++) { const d = Math.abs(Math.log(w.firmScarcity[f]!)); if (d > mx) { mx = d; at = f; } }
  if (t % 5 === 0) console.log(t, at, mx.toExponential(2), w.firmDemand[at]! / w.firmBaseDemand[at]! - 1, w.firmPotential[at]!/w.firmBasePotential[at]! - 1);
}
