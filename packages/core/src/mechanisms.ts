/**
 * The mechanisms a world can run without, one at a time or together (`params.disabled`), so a
 * study can ask how much of an effect each one carries (docs/ODD.md §7.15):
 * - `prices`: firms keep their base prices (no scarcity pricing, no cost pass-through);
 * - `substitution`: buyers keep their shares instead of moving them to suppliers that deliver;
 * - `supplierSearch`: blocked buyers find no new supplier;
 * - `sellerSearch`: sellers that lost a market find no new buyer;
 * - `importSubstitution`: capabilities do not grow (no catch-up toward the frontier: neither the pull of demand denied imports nor R&D, learning or spillovers);
 * - `investment`: no firm builds capacity, and idle capacity does not wear out;
 * - `frontier`: the technology frontier stays where it starts (version 1);
 * - `designOut`: firms bound by a content rule keep their issuer content;
 * - `subsidies`: subsidies and export finance pay nothing and change nothing;
 * - `retaliation`: no state answers a measure;
 * - `frontLoading`: buyers do not stock up ahead of an announced measure;
 * - `precaution`: tension between states moves no stock and no base share.
 *
 * @example
 * ```ts
 * const world = createWorld({ ...spec, params: { disabled: ['prices', 'retaliation'] } }, 1);
 * console.log(MECHANISMS.length, world.mechanisms.prices, world.mechanisms.designOut); // 12 false true
 * ```
 */
export const MECHANISMS = Object.freeze([
  'prices',
  'substitution',
  'supplierSearch',
  'sellerSearch',
  'importSubstitution',
  'investment',
  'frontier',
  'designOut',
  'subsidies',
  'retaliation',
  'frontLoading',
  'precaution',
] as const);

/**
 * A mechanism a world can run without ({@link MECHANISMS}).
 *
 * @example
 * ```ts
 * const off: Mechanism[] = ['designOut'];
 * console.log(createWorld({ ...spec, params: { disabled: off } }, 1).mechanisms.designOut); // false
 * ```
 */
export type Mechanism = (typeof MECHANISMS)[number];

/**
 * Which mechanisms run: every one of {@link MECHANISMS}, true unless listed in `disabled`.
 *
 * @example
 * ```ts
 * const on = mechanismSwitches(['frontLoading']);
 * console.log(on.frontLoading, on.prices); // false true
 * ```
 */
export function mechanismSwitches(disabled: readonly string[]): Readonly<Record<Mechanism, boolean>> {
  const on = {} as Record<Mechanism, boolean>;
  for (const m of MECHANISMS) on[m] = !disabled.includes(m);
  return Object.freeze(on);
}
