import { parseHTML } from 'linkedom';

/**
 * Creates a DOM document in Node (linkedom) for the chart functions to draw into.
 * One document can hold any number of charts.
 *
 * @example
 * ```ts
 * import { timeSeriesChart } from '@chokepoint/charts';
 * import { createSvgDocument, serializeSvg } from '@chokepoint/charts/node';
 * const svgText = serializeSvg(timeSeriesChart(rows, { yLabel: 'Output' }, createSvgDocument()));
 * ```
 */
export function createSvgDocument(): Document {
  const { document } = parseHTML('<!doctype html><html><head></head><body></body></html>');
  return document as unknown as Document;
}
