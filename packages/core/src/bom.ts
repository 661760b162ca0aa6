import { WorldSpecError } from './errors.js';

/**
 * Orders the products of a bill-of-materials graph so that every input comes
 * before the products that use it (Kahn's algorithm), and returns each
 * product's level: 0 for raw products, else 1 + the highest input level.
 *
 * Ties keep the spec order, so the result is deterministic.
 *
 * @param recipeStart - CSR offsets of each product's recipe (length P + 1).
 * @param recipeInput - Input product index of each recipe entry.
 * @throws WorldSpecError naming the products on a cycle, if there is one.
 *
 * @example
 * ```ts
 * // chip (0) <- phone (1)
 * console.log(productLevels(Int32Array.of(0, 0, 1), Int32Array.of(0), ['chip', 'phone'])); // Int32Array(2) [0, 1]
 * ```
 */
export function productLevels(
  recipeStart: Int32Array,
  recipeInput: Int32Array,
  productIds: readonly string[],
): Int32Array {
  const n = productIds.length;
  const level = new Int32Array(n).fill(-1);
  const state = new Uint8Array(n); // 0 new, 1 on stack, 2 done
  // Iterative depth-first search, so deep chains cannot overflow the call stack.
  const stack: number[] = [];
  const cursor = new Int32Array(n);
  for (let root = 0; root < n; root++) {
    if (state[root] === 2) continue;
    stack.push(root);
    state[root] = 1;
    cursor[root] = recipeStart[root]!;
    while (stack.length > 0) {
      const p = stack[stack.length - 1]!;
      if (cursor[p]! < recipeStart[p + 1]!) {
        const q = recipeInput[cursor[p]!]!;
        cursor[p]!++;
        if (state[q] === 1) {
          const cycle = stack.slice(stack.indexOf(q)).map((i) => productIds[i]);
          throw new WorldSpecError(
            ['products', q, 'recipe'],
            'recipes that form no cycle',
            `the cycle ${[...cycle, productIds[q]].join(' → ')}`,
          );
        }
        if (state[q] === 0) {
          state[q] = 1;
          cursor[q] = recipeStart[q]!;
          stack.push(q);
        }
      } else {
        let l = 0;
        for (let r = recipeStart[p]!; r < recipeStart[p + 1]!; r++) l = Math.max(l, level[recipeInput[r]!]! + 1);
        level[p] = l;
        state[p] = 2;
        stack.pop();
      }
    }
  }
  return level;
}
