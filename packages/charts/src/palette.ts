/**
 * The Okabe–Ito palette, safe for the common forms of colour blindness, in an
 * order that keeps the first colours distinct on white (yellow comes last).
 *
 * @example
 * ```ts
 * console.log(okabeIto.vermillion, Object.keys(okabeIto).length); // #D55E00 8
 * ```
 */
export const okabeIto = {
  black: '#000000',
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  bluishGreen: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  reddishPurple: '#CC79A7',
} as const;

/**
 * Categorical colours for lines, areas and bars, in the order they are handed out: 24 colours,
 * so a run's 16 states or 20 products each get their own. The first seven are Okabe–Ito's,
 * safe for the common forms of colour blindness; each next colour is, among those of Kelly's
 * 22 colours of maximum contrast, Paul Tol's bright, muted and dark schemes and Tableau 10, the one
 * farthest (CIELAB distance ΔE*ab) from the colours before it and from black, white and the
 * grey of 'other'. Any two of the first 16 differ by ΔE*ab ≥ 26, any two of all 24 by ≥ 20.
 * Beyond 24 keys, colours repeat.
 *
 * @example
 * ```ts
 * const colourOf = colourScale(['a', 'b']);
 * console.log(colourOf('a') === categoricalColours[0], colourOf('b') === categoricalColours[1], categoricalColours.length); // true true 24
 * ```
 */
export const categoricalColours: readonly string[] = [
  okabeIto.blue,
  okabeIto.vermillion,
  okabeIto.bluishGreen,
  okabeIto.reddishPurple,
  okabeIto.orange,
  okabeIto.skyBlue,
  okabeIto.yellow,
  '#654522', // Kelly: yellowish brown
  '#BE0032', // Kelly: vivid red
  '#F99379', // Kelly: yellowish pink
  '#999933', // Tol muted: olive
  '#225522', // Tol dark: dark green
  '#604E97', // Kelly: violet
  '#882255', // Tol muted: wine
  '#882D17', // Kelly: reddish brown
  '#C2B280', // Kelly: greyish yellow
  '#8DB600', // Kelly: yellow green
  '#AA4499', // Tol muted: purple
  '#228833', // Tol bright: green
  '#76B7B2', // Tableau 10: teal
  '#EE6677', // Tol bright: red
  '#9C755F', // Tableau 10: brown
  '#FF9DA7', // Tableau 10: pink
  '#663333', // Tol dark: dark red
];

/**
 * Colour for the DNM doctrine (digital neo-mercantilism).
 *
 * @example
 * ```ts
 * const svg = doctrineShareChart(parsed.rows.filter((r) => r.variable === 'doctrine_dnm'), {}, document);
 * console.log(dnmColour, svg.querySelector('path.doctrine-area.dnm')!.getAttribute('fill') === dnmColour); // #D55E00 true
 * ```
 */
export const dnmColour = okabeIto.vermillion;
/**
 * Colour for the NLG doctrine (neoliberal globalization).
 *
 * @example
 * ```ts
 * const svg = doctrineShareChart(parsed.rows.filter((r) => r.variable === 'doctrine_dnm'), {}, document);
 * console.log(nlgColour, svg.querySelector('path.doctrine-area.nlg')!.getAttribute('fill') === nlgColour); // #56B4E9 true
 * ```
 */
export const nlgColour = okabeIto.skyBlue;
/** Neutral grey for "other" categories and reference lines. */
export const neutralGrey = '#9A9A9A';
/** Ink colour for text and axes. */
export const inkColour = '#222222';
/** Muted ink for subtitles and tick labels. */
export const mutedInkColour = '#555555';
/** Grid line colour. */
export const gridColour = '#E4E4E4';

/**
 * Assigns each key a colour from {@link categoricalColours}, in the given order.
 * The control arm, when named, is drawn in black so that treatments stand out against it.
 * Keys beyond the palette's length cycle.
 *
 * @example
 * ```ts
 * const colourOf = colourScale(['control', 'sanctions'], 'control');
 * console.log(colourOf('control'), colourOf('sanctions'), colourOf('unknown')); // #000000 #0072B2 #9A9A9A
 * ```
 */
export function colourScale(keys: readonly string[], control?: string | null): (key: string) => string {
  const map = new Map<string, string>();
  let next = 0;
  for (const key of keys) {
    if (map.has(key)) continue;
    if (control != null && key === control) {
      map.set(key, okabeIto.black);
    } else {
      map.set(key, categoricalColours[next % categoricalColours.length]!);
      next++;
    }
  }
  return (key: string) => map.get(key) ?? neutralGrey;
}

/**
 * One colour per arm, state and product for every chart of a run (and of its report), so that a
 * state, a product or an arm has the same colour in each chart. Made by {@link runPalette}.
 *
 * @example
 * ```ts
 * const palette: RunPalette = runPalette({ arms: ['control', 'ban'], control: 'control', states: ['US', 'CN'], products: ['gallium'] });
 * console.log(palette.arm('control'), palette.state('CN'), palette.product('gallium')); // #000000 #D55E00 #0072B2
 * ```
 */
export interface RunPalette {
  /** Colour of an arm: the control arm black, the others in order from {@link categoricalColours}. */
  arm(arm: string): string;
  /** Colour of a state. */
  state(state: string): string;
  /** Colour of a product. */
  product(product: string): string;
}

/**
 * Builds the palette of a run from its arms, states and products, each list in a fixed order
 * (the arms in the scenario's order, the states and products in the world's): the n-th state
 * gets the n-th of {@link categoricalColours}, whichever chart asks and whatever subset it
 * draws. A key not in its list gets the next free colour the first time it is asked for, and
 * keeps it.
 *
 * @example
 * ```ts
 * const palette = runPalette({ arms: ['control', 'ban'], control: 'control', states: ['US', 'CN', 'JP'], products: ['gallium', 'chips'] });
 * // The same colour for CN in a chart of China alone and in one of every state:
 * const cnAlone = marketShareChart([{ arm: 'ban', step: 1, entity: 'CN:gallium', value: 0.9 }], { palette }, document);
 * const all = marketShareChart(['US', 'CN', 'JP'].map((s) => ({ arm: 'ban', step: 1, entity: `${s}:gallium`, value: 0.3 })), { palette }, document);
 * const fill = (svg: SVGSVGElement) => svg.querySelector('rect.share-segment[data-state="CN"]')!.getAttribute('fill');
 * console.log(fill(cnAlone) === fill(all), fill(all) === palette.state('CN')); // true true
 * ```
 */
export function runPalette(lists: {
  arms?: readonly string[];
  control?: string | null;
  states?: readonly string[];
  products?: readonly string[];
}): RunPalette {
  const control = lists.control ?? null;
  const treatment = orderedColours((lists.arms ?? []).filter((arm) => arm !== control));
  return {
    arm: (key) => (key === control ? okabeIto.black : treatment(key)),
    state: orderedColours(lists.states ?? []),
    product: orderedColours(lists.products ?? []),
  };
}

/** Colours keys by their index in `keys`; a new key takes the next index, once. */
function orderedColours(keys: readonly string[]): (key: string) => string {
  const index = new Map<string, number>();
  for (const key of keys) if (!index.has(key)) index.set(key, index.size);
  return (key) => {
    let i = index.get(key);
    if (i === undefined) index.set(key, (i = index.size));
    return categoricalColours[i % categoricalColours.length]!;
  };
}
