/**
 * The Okabe–Ito palette, safe for the common forms of colour blindness, in an
 * order that keeps the first colours distinct on white (yellow comes last).
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

/** Categorical colours for lines and areas, in the order they are handed out. */
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

/** Colour for the DNM doctrine (digital neo-mercantilism). */
export const dnmColour = okabeIto.vermillion;
/** Colour for the NLG doctrine (neoliberal globalization). */
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
 * colourOf('control');   // '#000000'
 * colourOf('sanctions'); // '#0072B2'
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
