/**
 * How close the plan's heuristic comes to the fewest rebuilds: on seeded random dependency cycles
 * (a ring plus random needs, 8 to 16 sources, every kind, some content), the rebuilds chosen
 * exactly (exactLimit 16) against those of the heuristic (exactLimit 2), under --clean strict.
 * Run: `npx tsx bench/plan-heuristic.ts`; the figures are quoted in docs/plan.md.
 */
import { buildPlan } from '../src/plan/index.js';
import { graphOf, namesOf, type Need } from '../test/plan/graphs.js';
import { mulberry32 } from '../src/graph/random.js';

const rnd = mulberry32(7);
for (const [lo, hi, dens] of [[8, 12, 2], [10, 16, 3], [12, 16, 1.5]] as const) {
  let ex = 0;
  let he = 0;
  let worse = 0;
  let runs = 0;
  for (let t = 0; t < 300; t++) {
    const n = lo + Math.floor(rnd() * (hi - lo + 1));
    const needs: Need[] = [];
    const seen = new Set<string>();
    // A ring, so it is one component, plus random needs.
    for (let i = 0; i < n; i++) {
      needs.push([i, (i + 1) % n, 'direct', rnd() < 0.5]);
      seen.add(`${i},${(i + 1) % n}`);
    }
    for (let k = 0; k < n * dens; k++) {
      const a = Math.floor(rnd() * n);
      const b = Math.floor(rnd() * n);
      if (a === b || seen.has(`${a},${b}`)) continue;
      seen.add(`${a},${b}`);
      needs.push([a, b, (['direct', 'indirect', 'group'] as const)[Math.floor(rnd() * 3)], rnd() < 0.4]);
    }
    const g = graphOf(namesOf(n), needs);
    const e = buildPlan(g, { exactLimit: 16 }).summary.rebuilds;
    const h = buildPlan(g, { exactLimit: 2 }).summary.rebuilds;
    ex += e;
    he += h;
    runs++;
    if (h > e) worse++;
  }
  console.log(`n ${lo}-${hi} density ${dens}: exact ${ex}, heuristic ${he} (+${((he / ex - 1) * 100).toFixed(1)}%), worse in ${worse}/${runs}`);
}
