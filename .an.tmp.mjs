import { readFileSync, readdirSync } from 'node:fs';
import { brotliCompressSync, constants } from 'node:zlib';
import { SourceMapConsumer } from 'source-map-js';
const br = (s) => brotliCompressSync(Buffer.from(s), { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const D = process.argv[2];
const want = process.argv.slice(3);
for (const f of readdirSync(D + '/chunks').filter((f) => f.endsWith('.js') && want.some((w) => f.startsWith(w)))) {
  const code = readFileSync(`${D}/chunks/${f}`, 'utf8');
  const map = JSON.parse(readFileSync(`${D}/chunks/${f}.map`, 'utf8'));
  const c = new SourceMapConsumer(map);
  const lines = code.split('\n');
  const ms = []; c.eachMapping((m) => ms.push(m));
  ms.sort((a, b) => a.generatedLine - b.generatedLine || a.generatedColumn - b.generatedColumn);
  const by = {};
  for (let i = 0; i < ms.length; i++) {
    const m = ms[i], n = ms[i + 1];
    const line = lines[m.generatedLine - 1];
    const end = n && n.generatedLine === m.generatedLine ? n.generatedColumn : line.length;
    const src = (m.source || '?').replace(/.*node_modules\//, 'nm/').replace(/.*\/src\//, 'src/');
    by[src] = (by[src] || '') + line.slice(m.generatedColumn, end);
  }
  console.log(`\n== ${f} raw ${code.length} br ${br(code)}`);
  for (const [s, t] of Object.entries(by).sort((a, b) => b[1].length - a[1].length)) if (t.length > 100) console.log(String(t.length).padStart(7), String(br(t)).padStart(6), s);
}
