import { svgNamespace } from './style.js';

/**
 * Serializes a chart to standalone SVG text, with the SVG namespace on the root
 * element so that the text is a valid .svg file. Works for browser DOM and linkedom elements.
 *
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * const rows = parsed.rows.filter((r) => r.entityKind === 'world' && r.variable === 'welfare');
 * const text = serializeSvg(timeSeriesChart(rows, {}, document));
 * writeFileSync('welfare.svg', text);
 * console.log(text.startsWith('<svg'), text.includes('xmlns="http://www.w3.org/2000/svg"')); // true true
 * ```
 */
export function serializeSvg(svg: SVGElement): string {
  const text = svg.outerHTML;
  const open = text.slice(0, text.indexOf('>'));
  return open.includes('xmlns=') ? text : text.replace(/^<svg/, `<svg xmlns="${svgNamespace}"`);
}
