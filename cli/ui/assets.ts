// The bundled page (dist/ui, built by `npm run build:ui`): finding it beside the built CLI or the
// source tree, and reading one of its files by name. Only files directly in the directory are
// served: a request naming anything else (../, sub-directories) finds nothing.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { StackError } from '../../core/errors/ziem-error.js';

export const PAGE_BUNDLE = 'app.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** dist/ui: from dist/cli/ui it is ../../ui, from the sources (cli/ui) ../../dist/ui. */
export function findAssetsDir(here = import.meta.dirname): string {
  for (const dir of [join(here, '../../ui'), join(here, '../../dist/ui')])
    if (existsSync(join(dir, PAGE_BUNDLE)) && existsSync(join(dir, 'index.html'))) return dir;
  throw new StackError('UI_NOT_BUILT', `the network map's page is not built (no dist/ui/${PAGE_BUNDLE})`, {
    hint: 'run `npm run build` (it bundles ui/ with esbuild)',
  });
}

export interface Asset {
  body: Buffer;
  type: string;
}

/** Reads every file of the directory once: the page is small and does not change while serving. */
export function loadAssets(dir: string): Map<string, Asset> {
  const out = new Map<string, Asset>();
  for (const name of readdirSync(dir, { withFileTypes: true })) {
    if (!name.isFile()) continue;
    const type = TYPES[extname(name.name)];
    if (type) out.set(name.name, { body: readFileSync(join(dir, name.name)), type });
  }
  return out;
}
