import { Resvg } from '@resvg/resvg-js';
import { bundledFontFamily, bundledFontFiles } from './fonts.js';

/**
 * Options of {@link renderPng} and {@link rasterizeSvg}.
 *
 * @example
 * ```ts
 * const svg = serializeSvg(supplyNetworkChart({ nodes: [{ id: 'chip', column: 'chips', criticality: 0.5 }], links: [] }, { width: 300, height: 200 }, createSvgDocument()));
 * const options: PngOptions = { scale: 1, background: '#FAFAF8' };
 * const { width, height } = rasterizeSvg(svg, options);
 * // At scale 1 the image has the chart's size in px (by default, twice that):
 * console.log(width, height, rasterizeSvg(svg).width); // 300 200 600
 * ```
 */
export interface PngOptions {
  /** Pixels per SVG px. Default 2, for print-quality figures. */
  scale?: number;
  /** Load the bundled DejaVu Sans. Default true; false only to show that text vanishes without it. */
  fonts?: boolean;
  /** Background colour. Default white. */
  background?: string;
}

/**
 * A rasterized SVG: the PNG file and its raw RGBA pixels.
 *
 * @example
 * ```ts
 * const svg = serializeSvg(supplyNetworkChart({ nodes: [{ id: 'chip', column: 'chips', criticality: 0.5 }], links: [] }, { width: 300, height: 200 }, createSvgDocument()));
 * const image: RasterImage = rasterizeSvg(svg, { scale: 0.5 });
 * console.log(image.width, image.height, image.pixels.length === image.width * image.height * 4); // 150 100 true
 * ```
 */
export interface RasterImage {
  /** PNG file contents. */
  png: Buffer;
  /** Width in pixels. */
  width: number;
  /** Height in pixels. */
  height: number;
  /** RGBA pixels, row by row, 4 bytes each. */
  pixels: Buffer;
}

/**
 * Rasterizes SVG text with resvg and the bundled DejaVu Sans (no system fonts, so the
 * output is the same on every machine), returning the PNG and its pixels.
 *
 * @example
 * ```ts
 * const svg = serializeSvg(supplyNetworkChart({ nodes: [{ id: 'chip', column: 'chips', criticality: 0.5 }], links: [] }, { width: 300, height: 200 }, createSvgDocument()));
 * const { png, width, height } = rasterizeSvg(svg, { scale: 2 });
 * console.log(width, height, png.subarray(1, 4).toString()); // 600 400 PNG
 * ```
 */
export function rasterizeSvg(svg: string, options: PngOptions = {}): RasterImage {
  const fonts = options.fonts ?? true;
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: options.scale ?? 2 },
    background: options.background ?? '#FFFFFF',
    font: fonts
      ? {
          loadSystemFonts: false,
          fontFiles: bundledFontFiles(),
          defaultFontFamily: bundledFontFamily,
          sansSerifFamily: bundledFontFamily,
        }
      : { loadSystemFonts: false, fontFiles: [] },
    logLevel: 'off',
  });
  const image = resvg.render();
  return { png: image.asPng(), width: image.width, height: image.height, pixels: image.pixels };
}

/**
 * Renders SVG text to a PNG file's bytes with the bundled DejaVu Sans.
 *
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * const svg = supplyNetworkChart({ nodes: [{ id: 'chip', column: 'chips', criticality: 0.5 }], links: [] }, {}, createSvgDocument());
 * const png = renderPng(serializeSvg(svg), { scale: 1 });
 * writeFileSync('chart.png', png);
 * console.log(png.subarray(1, 4).toString()); // PNG
 * ```
 */
export function renderPng(svg: string, options: PngOptions = {}): Buffer {
  return rasterizeSvg(svg, options).png;
}
