// `npm run mutation [-- group…]`: measures proxy/lib and the DOM-free part of src/forms group by group (test/mutation/groups.mjs), each
// group an incremental Stryker run, then adds up every group's last result into one table and
// test/mutation/results/summary.json (per-file counts, total score, when each group was measured and
// how long it took). `npm run mutation -- --report` only adds up what is there.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { formsNotMeasured, groups, resultsDir } from './groups.mjs';

const args = process.argv.slice(2);
const reportOnly = args.includes('--report');
const names = args.filter((a) => !a.startsWith('--'));
for (const name of names) if (!groups[name]) throw new Error(`No mutation group "${name}"`);

checkEveryFileInOneGroup();

const summaryFile = path.join(resultsDir, 'summary.json');
const summary = existsSync(summaryFile) ? JSON.parse(readFileSync(summaryFile, 'utf8')) : { groups: {} };

if (!reportOnly) {
  for (const name of names.length ? names : Object.keys(groups)) {
    const started = Date.now();
    console.log(`\n== mutation group ${name}: ${groups[name].mutate.join(' ')}`);
    const run = spawnSync('npx', ['stryker', 'run'], {
      stdio: 'inherit',
      env: { ...process.env, CARSTREL_MUTATION_GROUP: name },
    });
    if (run.status !== 0) {
      console.error(`mutation group ${name} failed (exit ${run.status})`);
      process.exitCode = 1;
      continue;
    }
    summary.groups[name] = { measuredAt: new Date().toISOString(), seconds: Math.round((Date.now() - started) / 1000) };
    report(); // after each group, so that a run stopped half-way keeps what it measured
  }
}
report();

function report() {
  // Stryker's score: detected (killed, timed out) over detected + undetected (survived, not covered);
  // compile and runtime errors and ignored mutants are left out.
  const files = {};
  for (const name of Object.keys(groups)) {
    const file = path.join(resultsDir, `${name}.json`);
    if (!existsSync(file)) continue;
    const report = JSON.parse(readFileSync(file, 'utf8'));
    for (const [fileName, { mutants }] of Object.entries(report.files)) {
      const counts = (files[fileName] = { group: name, killed: 0, timeout: 0, survived: 0, noCoverage: 0, other: 0 });
      for (const { status } of mutants) {
        if (status === 'Killed') counts.killed++;
        else if (status === 'Timeout') counts.timeout++;
        else if (status === 'Survived') counts.survived++;
        else if (status === 'NoCoverage') counts.noCoverage++;
        else counts.other++;
      }
    }
  }
  const score = (c) => {
    const valid = c.killed + c.timeout + c.survived + c.noCoverage;
    return valid ? (100 * (c.killed + c.timeout)) / valid : 100;
  };
  const total = { killed: 0, timeout: 0, survived: 0, noCoverage: 0, other: 0 };
  const rows = Object.entries(files).sort(([a], [b]) => a.localeCompare(b));
  for (const [, c] of rows) for (const key of Object.keys(total)) total[key] += c[key];
  const measured = new Set(rows.map(([f]) => f));
  const missing = Object.values(groups)
    .flatMap((g) => expand(g.mutate))
    .filter((f) => !measured.has(f));

  console.log('\nfile                                 score  killed timeout survived nocov');
  for (const [fileName, c] of rows) {
    console.log(
      `${fileName.padEnd(36)} ${score(c).toFixed(2).padStart(6)} ${String(c.killed).padStart(7)} ${String(c.timeout).padStart(7)} ${String(c.survived).padStart(8)} ${String(c.noCoverage).padStart(5)}`,
    );
  }
  console.log(
    `${'total'.padEnd(36)} ${score(total).toFixed(2).padStart(6)} ${String(total.killed).padStart(7)} ${String(total.timeout).padStart(7)} ${String(total.survived).padStart(8)} ${String(total.noCoverage).padStart(5)}`,
  );
  if (missing.length) console.log(`not measured yet: ${missing.join(' ')}`);
  console.log(`src/forms not measured (browser-only, see groups.mjs): ${Object.keys(formsNotMeasured).join(' ')}`);

  summary.files = Object.fromEntries(rows.map(([f, c]) => [f, { ...c, score: Number(score(c).toFixed(2)) }]));
  summary.total = { ...total, score: Number(score(total).toFixed(2)), notMeasured: missing };
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(summaryFile, `${JSON.stringify(summary, null, 2)}\n`);
}

/** Every source file of proxy/lib belongs to exactly one group: nothing is left unmeasured by accident. */
function checkEveryFileInOneGroup() {
  const seen = new Map();
  for (const [name, g] of Object.entries(groups)) {
    for (const f of expand(g.mutate)) {
      if (seen.has(f)) throw new Error(`${f} is in mutation groups ${seen.get(f)} and ${name}`);
      seen.set(f, name);
    }
  }
  const all = readdirSync('proxy/lib', { recursive: true })
    .map((f) => `proxy/lib/${f}`)
    .filter((f) => f.endsWith('.ts'));
  const left = all.filter((f) => !seen.has(f));
  if (left.length) throw new Error(`In no mutation group (test/mutation/groups.mjs): ${left.join(' ')}`);

  // src/forms: every source file is either in a group or listed as not measured (with why), never both,
  // and every file claimed exists.
  const formsFiles = readdirSync('src/forms')
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => `src/forms/${f}`);
  for (const f of Object.keys(formsNotMeasured)) {
    if (seen.has(f)) throw new Error(`${f} is in mutation group ${seen.get(f)} and in formsNotMeasured`);
  }
  for (const f of [...seen.keys(), ...Object.keys(formsNotMeasured)]) {
    if (!existsSync(f)) throw new Error(`${f} is named in test/mutation/groups.mjs but does not exist`);
  }
  const unclaimed = formsFiles.filter((f) => !seen.has(f) && !(f in formsNotMeasured));
  if (unclaimed.length) {
    throw new Error(`In no mutation group nor formsNotMeasured (test/mutation/groups.mjs): ${unclaimed.join(' ')}`);
  }
}

/** The file names a group's mutate patterns name (`dir/*.ts`, plain paths, or `path:from-to` line ranges). */
function expand(patterns) {
  return patterns.flatMap((pattern) => {
    const p = pattern.replace(/:\d+(-\d+)?$/, '');
    if (!p.includes('*')) return [p];
    const dir = path.dirname(p);
    return readdirSync(dir)
      .filter((f) => f.endsWith('.ts'))
      .map((f) => `${dir}/${f}`);
  });
}
