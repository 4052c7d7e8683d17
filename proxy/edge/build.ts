/**
 * The edge build: the worker bundled for Workers (one ES module, browser/worker conditions, no
 * Node built-ins and no `nodejs_compat`), and its assets laid out as the `ASSETS` binding reads
 * them (`widgets/` from dist/widgets, `demo/` from demo/). `wrangler deploy` uses the same
 * directory (wrangler.toml).
 */
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

/** The Workers compatibility date of the build (wrangler.toml says the same; a test checks it). */
export const COMPATIBILITY_DATE = '2026-11-01';

export interface EdgeBuild {
  /** The bundled worker module. */
  worker: string;
  /** The directory served as `ASSETS`. */
  assets: string;
  /** Whether the widgets build was there to copy (else `/carstrel.js` answers 503). */
  widgets: boolean;
}

export async function buildEdge(root: string, outDir: string): Promise<EdgeBuild> {
  mkdirSync(outDir, { recursive: true });
  const worker = join(outDir, 'worker.mjs');
  await build({
    entryPoints: [join(root, 'proxy', 'edge.ts')],
    outfile: worker,
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    conditions: ['workerd', 'worker', 'browser'],
    mainFields: ['browser', 'module', 'main'],
    target: 'es2022',
    minifySyntax: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
  const assets = join(outDir, 'assets');
  rmSync(assets, { recursive: true, force: true });
  mkdirSync(assets, { recursive: true });
  const widgetsDir = join(root, 'dist', 'widgets');
  const widgets = existsSync(join(widgetsDir, 'carstrel.js'));
  if (widgets) {
    cpSync(widgetsDir, join(assets, 'widgets'), { recursive: true });
    noServerRender(join(assets, 'widgets', 'carstrel.js'));
  }
  cpSync(join(root, 'demo'), join(assets, 'demo'), { recursive: true });
  return { worker, assets, widgets };
}

/** The loader's switch (src/carstrel.ts): on in the Node proxy's copy, which renders elements. */
export const SERVER_RENDER_ON = 'carstrel:server-render=on ';
export const SERVER_RENDER_OFF = 'carstrel:server-render=off';

/**
 * The edge has no `/render` (Lit SSR runs in the Node proxy only): its copy of the loader says so,
 * so that its pages load each element's data at once instead of waiting for a 404 first.
 */
function noServerRender(loader: string): void {
  const text = readFileSync(loader, 'utf8');
  if (!text.includes(SERVER_RENDER_ON)) throw new Error(`${loader}: the server-render switch is missing`);
  writeFileSync(loader, text.replace(SERVER_RENDER_ON, SERVER_RENDER_OFF));
}
