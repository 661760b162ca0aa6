import { realpathSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { config, observable } from '@observablehq/notebook-kit/vite';
import { defaultClientConditions, defineConfig, mergeConfig, type Plugin } from 'vite';
import { DOC_PAGES, docImages, renderDocPage } from './docPages.ts';
import { EXTRA_PAGES, NOTEBOOKS } from './notebooks.ts';

/*
 * Builds the notebooks with Notebook Kit's vite plugin. Everything is bundled from
 * node_modules (the core and the charts from their TypeScript sources, the fonts from
 * Notebook Kit's own dependencies), so the built pages work offline.
 */

const root = fileURLToPath(new URL('.', import.meta.url));
// Notebook Kit's default styles use these fonts; pnpm keeps them beside the kit, not here.
const fonts = join(
  realpathSync(join(root, 'node_modules/@observablehq/notebook-kit')),
  '..',
  '..',
  '@fontsource-variable',
);
const pages = ['index.html', ...NOTEBOOKS.map((n) => n.file), ...EXTRA_PAGES.map((p) => p.file)];

/** The template's nav bar, with the current page marked. */
function markCurrentPage(template: string, filename: string): string {
  const current = basename(filename);
  const links = [
    `<a href="./index.html" class="cp-nav-home"${current === 'index.html' ? ' aria-current="page"' : ''}>Chokepoint notebooks</a>`,
    ...NOTEBOOKS.map(
      (n, i) => `<a href="./${n.file}"${n.file === current ? ' aria-current="page"' : ''}>${i + 1}. ${n.title}</a>`,
    ),
    ...EXTRA_PAGES.map(
      (p) => `<a href="./${p.file}"${p.file === current ? ' aria-current="page"' : ''}>${p.title}</a>`,
    ),
  ];
  return template.replace('<!-- nav -->', links.join('\n      '));
}

/** The repository documents the notebooks link to, as pages of the build (docs/ODD.html, …), and served in dev. */
function docPages(): Plugin {
  return {
    name: 'chokepoint-doc-pages',
    configureServer(server) {
      server.middlewares.use((request, response, next) => {
        const path = request.url?.split(/[?#]/)[0];
        const doc = DOC_PAGES.find((d) => path === `/${d.page}`);
        const image = DOC_PAGES.flatMap(docImages).find((i) => path === `/${i.fileName}`);
        if (doc === undefined && image === undefined) return next();
        response.setHeader('content-type', doc ? 'text/html; charset=utf-8' : 'image/png');
        response.end(doc ? renderDocPage(doc) : image!.source);
      });
    },
    generateBundle() {
      for (const doc of DOC_PAGES) {
        this.emitFile({ type: 'asset', fileName: doc.page, source: renderDocPage(doc) });
        for (const image of docImages(doc))
          this.emitFile({ type: 'asset', fileName: image.fileName, source: image.source });
      }
    },
  };
}

export default defineConfig(
  mergeConfig(config(), {
    root,
    plugins: [
      docPages(),
      observable({
        template: join(root, 'template.html'),
        transformTemplate: (template, context) => markCurrentPage(template, context.filename),
      }),
    ],
    resolve: {
      // Workspace packages resolve to their TypeScript sources: no build of core or charts first.
      conditions: ['source', ...defaultClientConditions],
      alias: [{ find: /^@fontsource-variable\/(.*)$/, replacement: `${fonts}/$1` }],
    },
    worker: { format: 'es' },
    optimizeDeps: { entries: ['src/**/*.ts'], include: ['observable:runtime'] },
    server: { host: '127.0.0.1' },
    preview: { host: '127.0.0.1' },
    build: {
      outDir: 'dist',
      emptyOutDir: true,
      chunkSizeWarningLimit: 1500,
      rollupOptions: {
        input: Object.fromEntries(pages.map((page) => [page.replace(/\.html$/, ''), join(root, page)])),
      },
    },
  }),
);
