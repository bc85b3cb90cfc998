/**
 * Benchmark: `gradcode inspect` over all C(20,4) = 4845 straggler sets with optimal decoding (issue 3 asks for
 * under 2 s).
 *
 *   npx tsx bench/micro/inspect.bench.ts          (after `npm run build` it also times the built bin end to end)
 *
 * - in process: `inspectCode` on CRC(20, 4) (every set decodes exactly) and CRC(20, 3) (none does), which includes
 *   building the code, the Latin ordering and Qmax;
 * - end to end: `node dist/src/cli/bin.js inspect crc:N=20,s=3,seed=1 --stragglers exhaustive:4 --json`, Node start-up
 *   and module loading included.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Bench } from 'tinybench';
import { formatInspectReport } from '../../src/inspect/format.js';
import { inspectCode } from '../../src/inspect/inspect.js';

const root = resolve(import.meta.dirname, '../..');
const bin = join(root, 'dist', 'src', 'cli', 'bin.js');

const bench = new Bench({ name: 'inspect C(20,4)', time: 3000, warmupTime: 500, iterations: 10 });
bench
  .add('inspectCode crc:N=20,s=4 exhaustive:4 (all exact)', () => {
    inspectCode('crc:N=20,s=4,seed=1', { stragglers: 'exhaustive:4' });
  })
  .add('inspectCode crc:N=20,s=3 exhaustive:4 (none exact) + table', () => {
    formatInspectReport(inspectCode('crc:N=20,s=3,seed=1', { stragglers: 'exhaustive:4' }));
  });
if (existsSync(bin)) {
  bench.add('node dist/src/cli/bin.js inspect crc:N=20,s=3 --stragglers exhaustive:4 --json (process)', () => {
    const r = spawnSync(
      process.execPath,
      [bin, 'inspect', 'crc:N=20,s=3,seed=1', '--stragglers', 'exhaustive:4', '--json'],
      { encoding: 'utf8' },
    );
    if (r.status !== 0) throw new Error(`bin exited with ${r.status}: ${r.stderr}`);
  });
} else console.log(`(no ${bin}: run npm run build to time the bin end to end)`);
await bench.run();
console.log(`node ${process.version}`);
console.table(bench.table());
