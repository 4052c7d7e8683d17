/**
 * The edge build: the worker bundled for Workers (one ES module, browser/worker conditions, no
 * Node built-ins and no `nodejs_compat`), and its assets laid out as the `ASSETS` binding reads
 * them (`widgets/` from dist/widgets, `demo/` from demo/). `wrangler deploy` uses the same
 * directory (wrangler.toml).
 */
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
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
  if (widgets) cpSync(widgetsDir, join(assets, 'widgets'), { recursive: true });
  cpSync(join(root, 'demo'), join(assets, 'demo'), { recursive: true });
  return { worker, assets, widgets };
}
