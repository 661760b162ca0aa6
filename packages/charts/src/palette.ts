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
 * Categorical colours for lines and areas, in the order they are handed out.
 *
 * @example
 * ```ts
 * const colourOf = colourScale(['a', 'b']);
 * console.log(colourOf('a') === categoricalColours[0], colourOf('b') === categoricalColours[1], categoricalColours.length); // true true 8
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
  '#7F7F7F',
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
