/**
 * `npm run build:wordpress`: zips the WordPress plugin folder (`wordpress/carstrel-widgets/`) into
 * `dist/carstrel-widgets.zip`, with `carstrel-widgets/` as its top folder (what Plugins → Add New →
 * Upload Plugin expects). Entries are sorted and dated 1980-01-01 so the zip is reproducible.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { zipSync, type Zippable } from 'fflate';

const SOURCE = 'wordpress/carstrel-widgets';
const TARGET = 'dist/carstrel-widgets.zip';

export function pluginFiles(root = SOURCE): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort();
}

export function zipPlugin(root = SOURCE): Uint8Array {
  const files: Zippable = {};
  const mtime = new Date(1980, 0, 1);
  for (const file of pluginFiles(root)) {
    files[`carstrel-widgets/${file}`] = [readFileSync(join(root, file)), { mtime, level: 9 }];
  }
  return zipSync(files);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const zip = zipPlugin();
  mkdirSync('dist', { recursive: true });
  writeFileSync(TARGET, zip);
  console.log(`${TARGET}: ${pluginFiles().length} files, ${(zip.length / 1024).toFixed(1)} KB`);
}
