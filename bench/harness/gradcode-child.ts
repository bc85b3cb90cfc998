/**
 * gradcode's side of the benchmark, run by the harness as a child process so that its wall time and peak RSS are
 * measured exactly like the Python peers':
 *
 *   node dist/bench/harness/gradcode-child.js W1 --backend webgpu --size '{"trials":1000000}'
 *
 * Prints one result line (bench/harness/result.ts) on stdout. Exits 3 with {"skipped": reason} when the backend
 * cannot run here (no WebGPU adapter), 1 on any other failure (message on stderr).
 */
import { releaseEngine } from '../../src/engine/release.js';
import { GpuUnavailableError } from '../../src/engine/webgpu/gpu-errors.js';
import { type GradcodeBackend, workloadById } from '../workloads/index.js';
import { SKIP_EXIT_CODE, stringifyResult } from './result.js';

function parseArgs(argv: string[]): { workload: string; backend: GradcodeBackend; size: unknown } {
  const [workload, ...rest] = argv;
  let backend: GradcodeBackend = 'cpu';
  let size: unknown;
  for (let i = 0; i < rest.length; i += 2) {
    const [flag, value] = [rest[i], rest[i + 1]];
    if (flag === '--backend' && (value === 'webgpu' || value === 'cpu')) backend = value;
    else if (flag === '--size' && value !== undefined) size = JSON.parse(value);
    else throw new Error(`gradcode-child: unexpected argument ${flag} ${value ?? ''}`);
  }
  if (!workload || size === undefined) throw new Error('usage: gradcode-child WORKLOAD --backend B --size JSON');
  return { workload, backend, size };
}

async function main(): Promise<number> {
  const { workload: id, backend, size } = parseArgs(process.argv.slice(2));
  const workload = workloadById(id);
  if (!workload) throw new Error(`gradcode-child: unknown workload ${id}`);
  try {
    const result = await workload.runGradcode(size, backend);
    process.stdout.write(`${stringifyResult(result)}\n`);
    return 0;
  } catch (error) {
    if (error instanceof GpuUnavailableError) {
      process.stdout.write(`${stringifyResult({ skipped: error.message })}\n`);
      return SKIP_EXIT_CODE;
    }
    throw error;
  } finally {
    await releaseEngine();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
