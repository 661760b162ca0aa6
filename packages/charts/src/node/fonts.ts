import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * Family name of the bundled font that PNG output uses.
 *
 * @example
 * ```ts
 * console.log(bundledFontFamily, chartFontFamily.includes(bundledFontFamily)); // DejaVu Sans true
 * ```
 */
export const bundledFontFamily = 'DejaVu Sans';

const FONT_FILES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf', 'DejaVuSans-Oblique.ttf', 'DejaVuSans-BoldOblique.ttf'];

let cached: string[] | undefined;

/**
 * Paths of the DejaVu Sans font files (regular, bold, oblique, bold oblique) from the
 * `dejavu-fonts-ttf` package. Throws when the package or its files are missing, since
 * without a font resvg silently drops every text.
 *
 * @example
 * ```ts
 * import { basename } from 'node:path';
 * console.log(bundledFontFiles().map((file) => basename(file))); // ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf', 'DejaVuSans-Oblique.ttf', 'DejaVuSans-BoldOblique.ttf']
 * ```
 */
export function bundledFontFiles(): string[] {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const packageDir = dirname(require.resolve('dejavu-fonts-ttf/package.json'));
  const files = FONT_FILES.map((name) => join(packageDir, 'ttf', name));
  const missing = files.filter((file) => !existsSync(file));
  if (missing.length > 0)
    throw new Error(`Bundled font missing: ${missing.join(', ')}. Reinstall the dejavu-fonts-ttf package.`);
  cached = files;
  return files;
}
