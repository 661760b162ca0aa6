import { parseHTML } from 'linkedom';

/**
 * Creates a DOM document in Node (linkedom) for the chart functions to draw into.
 * One document can hold any number of charts.
 *
 * @example
 * ```ts
 * import { timeSeriesChart } from '@chokepoint/charts';
 * import { createSvgDocument, serializeSvg } from '@chokepoint/charts/node';
 * const { rows } = await readRunDirectory('runs/qs');
 * const output = rows.filter((r) => r.entityKind === 'world' && r.variable === 'output');
 * const svgText = serializeSvg(timeSeriesChart(output, { yLabel: 'Output' }, createSvgDocument()));
 * console.log(svgText.startsWith('<svg'), svgText.includes('Output')); // true true
 * ```
 */
export function createSvgDocument(): Document {
  const { document } = parseHTML('<!doctype html><html><head></head><body></body></html>');
  return document as unknown as Document;
}
