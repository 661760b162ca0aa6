import { Resvg } from '@resvg/resvg-js';
import { bundledFontFamily, bundledFontFiles } from './fonts.js';

/** Options of {@link renderPng} and {@link rasterizeSvg}. */
export interface PngOptions {
  /** Pixels per SVG px. Default 2, for print-quality figures. */
  scale?: number;
  /** Load the bundled DejaVu Sans. Default true; false only to show that text vanishes without it. */
  fonts?: boolean;
  /** Background colour. Default white. */
  background?: string;
}

/** A rasterized SVG: the PNG file and its raw RGBA pixels. */
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
 * const { png, width, height } = rasterizeSvg(svgText, { scale: 2 });
 * ```
 */
export function rasterizeSvg(svg: string, options: PngOptions = {}): RasterImage {
  const fonts = options.fonts ?? true;
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: options.scale ?? 2 },
    background: options.background ?? '#FFFFFF',
    font: fonts
      ? { loadSystemFonts: false, fontFiles: bundledFontFiles(), defaultFontFamily: bundledFontFamily, sansSerifFamily: bundledFontFamily }
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
 * writeFileSync('chart.png', renderPng(serializeSvg(svg)));
 * ```
 */
export function renderPng(svg: string, options: PngOptions = {}): Buffer {
  return rasterizeSvg(svg, options).png;
}
