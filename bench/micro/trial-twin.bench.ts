/**
 * Micro-benchmark: one trial of the f64 CPU twin (`runTrialsCpu`: draws, finishing times, protocol, reduction) for
 * every W1 and W2 configuration, on one JS thread — the per-trial cost the CPU backend's worker threads pay.
 *
 *   npx tsx bench/micro/trial-twin.bench.ts            # with the WebAssembly finishing times (the default)
 *   GRADCODE_WASM=0 npx tsx bench/micro/trial-twin.bench.ts   # the TypeScript twin alone
 *
 * Each task runs 256 consecutive trials of its cell (a rate is trials/s); the same trials on every call.
 */
import { Bench } from 'tinybench';
import { wasmEnabled } from '../../src/flags.js';
import { loadSpecFile } from '../../src/spec/load-spec.js';
import { runTrialsCpu } from '../../src/trials/cpu-twin.js';
import { emptyReduction } from '../../src/trials/reduction.js';
import { resolveCell } from '../../src/trials/resolve-cell.js';
import { printRates } from './rates.js';

const TRIALS = 256;
const bench = new Bench({ name: 'CPU twin trials', time: 2000, warmupTime: 300 });
const units = new Map<string, { count: number; unit: string }>();
for (const file of ['w1.yaml', 'w2.yaml']) {
  const spec = loadSpecFile(new URL(`../workloads/${file}`, import.meta.url).pathname);
  spec.cells.forEach((expanded, i) => {
    const cell = resolveCell(expanded.spec, { field: `cells[${i}]`, index: expanded.index, baseDir: spec.baseDir });
    const name = `${file.replace('.yaml', '').toUpperCase()} ${expanded.spec.label ?? i} × ${TRIALS} trials`;
    bench.add(name, () => {
      const r = emptyReduction(cell.grid.length, null);
      runTrialsCpu(cell, 0, TRIALS, r, false);
      if (r.trials !== TRIALS) throw new Error('lost trials');
    });
    units.set(name, { count: TRIALS, unit: 'trials' });
  });
}
await bench.run();
printRates(bench, units);
console.log(
  `finishing times: ${wasmEnabled() ? 'WebAssembly (wasm/finish-times.wat)' : 'TypeScript (GRADCODE_WASM=0)'}; node ${process.version}`,
);
