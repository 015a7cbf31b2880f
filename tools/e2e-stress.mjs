// `make e2e-stress`: the whole end-to-end suite, several times, on a slowed machine —
// every page's CPU throttled 4× through DevTools (tests/e2e/harness.mjs) and one core
// kept busy by a burner process — then, per test, how many runs failed.
//
// A test that waits for a fixed time, or listens after the navigation it means to
// observe, passes on a quiet fast machine and fails here. Not part of `make test` (it
// takes several times as long); run it after touching the e2e tests or the harness.
// Usage: node tools/e2e-stress.mjs [--runs N] [--throttle X]
import { run } from 'node:test';
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, resolve, dirname, basename } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const RUNS = Number(arg('--runs', 3));
const THROTTLE = Number(arg('--throttle', 4));
process.env.E2E_CPU_THROTTLE = String(THROTTLE);

const dir = join(root, 'tests', 'e2e');
const files = readdirSync(dir).filter((f) => f.endsWith('.test.mjs')).sort().map((f) => join(dir, f));

// One core busy for the whole stress run, as when CI shares the machine.
const burner = spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
const stopBurner = () => { if (burner.exitCode === null) burner.kill('SIGKILL'); };
process.on('exit', stopBurner);

const tally = new Map(); // "file › test" -> { failed, runs }
const failures = [];
for (let r = 1; r <= RUNS; r += 1) {
  const started = Date.now();
  let failedThisRun = 0;
  const stream = run({ files, concurrency: 1 });
  for await (const event of stream) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const { name, file, details } = event.data;
    // Each file is also reported as a test of its own: counted only when it fails by
    // itself (a before() hook, a crash), which its tests alone would not show.
    const fileEntry = file && (name === file || name.endsWith('.test.mjs'));
    if (fileEntry && event.type === 'test:pass') continue;
    const key = fileEntry ? `${basename(file)} (the file itself)` : `${basename(file || '?')} › ${name}`;
    const row = tally.get(key) || { failed: 0, runs: 0 };
    row.runs += 1;
    if (event.type === 'test:fail') {
      row.failed += 1;
      failedThisRun += 1;
      const err = details?.error;
      failures.push(`run ${r}: ${key}\n    ${String(err?.cause?.message || err?.message || err).split('\n').slice(0, 6).join('\n    ')}`);
    }
    tally.set(key, row);
  }
  console.log(`[e2e-stress] run ${r}/${RUNS}: ${failedThisRun} failed, ${Math.round((Date.now() - started) / 1000)} s`);
}
stopBurner();

const width = Math.max(...[...tally.keys()].map((k) => k.length));
console.log(`\nfailed runs per test (CPU ×${THROTTLE} in every page, one core busy):`);
for (const [key, { failed, runs }] of [...tally.entries()].sort()) {
  console.log(`  ${failed}/${runs}  ${key.padEnd(width)}`);
}
if (failures.length) console.log(`\n${failures.join('\n')}`);
const total = [...tally.values()].reduce((n, v) => n + v.failed, 0);
console.log(`e2e-stress: ${tally.size} tests × ${RUNS} runs, ${total} failed`);
process.exit(total === 0 ? 0 : 1);
