import type { Selection } from 'd3';

/**
 * The SVG namespace.
 *
 * @example
 * ```ts
 * const svg = timeSeriesChart([], {}, document);
 * console.log(svg.namespaceURI === svgNamespace, svgNamespace); // true http://www.w3.org/2000/svg
 * ```
 */
export const svgNamespace = 'http://www.w3.org/2000/svg';

/**
 * Font stack of every chart: DejaVu Sans is bundled for PNG output; Verdana and
 * Bitstream Vera Sans have nearly the same metrics, so browsers without DejaVu lay out alike.
 *
 * @example
 * ```ts
 * const svg = timeSeriesChart([], {}, document);
 * console.log(svg.getAttribute('font-family') === chartFontFamily, chartFontFamily.startsWith("'DejaVu Sans'")); // true true
 * ```
 */
export const chartFontFamily = "'DejaVu Sans', Verdana, 'Bitstream Vera Sans', sans-serif";

/** Font sizes in px. */
export const fontSizes = { title: 15, subtitle: 11.5, axisLabel: 12, tick: 11, legend: 11.5, note: 10.5 } as const;

/** A d3 selection of an SVG `<g>` or `<svg>` element. */
export type SvgSelection<E extends SVGElement = SVGGElement> = Selection<E, unknown, null, undefined>;
