import { svgNamespace } from './style.js';

/**
 * Serializes a chart to standalone SVG text, with the SVG namespace on the root
 * element so that the text is a valid .svg file. Works for browser DOM and linkedom elements.
 *
 * @example
 * ```ts
 * const text = serializeSvg(timeSeriesChart(rows, {}, createSvgDocument()));
 * ```
 */
export function serializeSvg(svg: SVGElement): string {
  const text = svg.outerHTML;
  const open = text.slice(0, text.indexOf('>'));
  return open.includes('xmlns=') ? text : text.replace(/^<svg/, `<svg xmlns="${svgNamespace}"`);
}
