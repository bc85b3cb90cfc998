/**
 * Micro-benchmark: the finishing times of one W1 trial (N = m = 100, cyclic δ = 10, shifted-exponential chunk times,
 * 10 % of workers 5× slower, 5 % failed) on one JS thread — the draws that dominate the CPU backend's W1 cost.
 *
 *   npx tsx bench/micro/finish-times.bench.ts
 *
 * - TypeScript twin: `computeFinishTimes` (worker factors, Philox4x32-10 in JS, Math.log, cumulative sums);
 * - WebAssembly: the same trial through `finishTimeSource` with the SIMD kernel of wasm/finish-times.wat (worker
 *   factors in JS, the rest in the kernel). Both give the same bits (test/stragglers/wasm-finish-times.test.ts); a
 *   rate is trials/s. The two are compared on the same 256 trials, and the last line checks they agree.
 */
import { Bench } from 'tinybench';
import { computeFinishTimes, finishTimeSource } from '../../src/protocols/finish-times.js';
import { loadSpecFile } from '../../src/spec/load-spec.js';
import { TrialDrawer } from '../../src/stragglers/draws.js';
import { resolveCell } from '../../src/trials/resolve-cell.js';
import { printRates } from './rates.js';

const spec = loadSpecFile(new URL('../workloads/w1.yaml', import.meta.url).pathname);
const cell = resolveCell(spec.cells[0].spec, { field: 'cells[0]', index: 0, baseDir: spec.baseDir });
const { schedule } = cell;
const { code } = schedule;
const drawer = new TrialDrawer(cell.stragglers, cell.seed, cell.index);
const factors = new Float64Array(code.N);
const times = new Float64Array(schedule.maxLoad);
const finish = new Float64Array(code.chunks.length);
const wasm = finishTimeSource(schedule, drawer);
if (wasm.finish.byteOffset === 0) throw new Error('the WebAssembly path is off (GRADCODE_WASM=0?)');

const TRIALS = 256;
let a = 0;
let b = 0;
const bench = new Bench({ name: 'finishing times', time: 2000, warmupTime: 300 });
const units = new Map<string, { count: number; unit: string }>();
const twinName = 'TypeScript twin (computeFinishTimes), one W1 trial';
const wasmName = 'WebAssembly SIMD (wasm/finish-times.wat), one W1 trial';
bench.add(twinName, () => computeFinishTimes(schedule, drawer, a++ % TRIALS, factors, times, finish));
units.set(twinName, { count: 1, unit: 'trials' });
bench.add(wasmName, () => wasm.compute(b++ % TRIALS));
units.set(wasmName, { count: 1, unit: 'trials' });
await bench.run();
printRates(bench, units);
let differ = 0;
for (let t = 0; t < TRIALS; t++) {
  computeFinishTimes(schedule, drawer, t, factors, times, finish);
  wasm.compute(t);
  for (let e = 0; e < finish.length; e++) if (!Object.is(finish[e], wasm.finish[e])) differ++;
}
console.log(`entries that differ over ${TRIALS} trials: ${differ}; node ${process.version}`);
