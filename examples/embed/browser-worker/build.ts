/**
 * Bundles the page's scripts with esbuild: main.ts and worker.ts into dist/
 * (ES modules for the browser, the core from its TypeScript sources, no CDN).
 *
 *   npx tsx examples/embed/browser-worker/build.ts
 *   python3 -m http.server -d examples/embed/browser-worker 8000   # any static server; open /index.html
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type BuildResult } from 'esbuild';

const here = import.meta.dirname;

/** Builds dist/main.js and dist/worker.js (into `outdir`, default dist/ here). */
export function buildBrowserWorker(outdir: string = join(here, 'dist')): Promise<BuildResult> {
  return build({
    entryPoints: { main: join(here, 'main.ts'), worker: join(here, 'worker.ts') },
    outdir,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    // Resolve @chokepoint/core to its sources, so no `tsc -b` is needed first.
    conditions: ['source'],
    sourcemap: true,
    logLevel: 'warning',
  });
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await buildBrowserWorker();
  console.log(`built ${join(here, 'dist')}/main.js and worker.js`);
}
