/**
 * The summary of `bash bench/gpu-check.sh OUT_DIR` (issue 18): reads what the steps left in OUT_DIR and prints
 * Markdown — gradcode WebGPU against the PyTorch peers per workload (median totals of the interleaved repetitions,
 * and the targets: W1 ≥ 5×, W2 ≥ 3×, W3 ≥ 2×), W1's steady-state rate against the op-count limit of an H100-class
 * GPU (target ≥ 30 %), the baseline build against this one, the agreement checks and the GPU tests. Missing pieces
 * (a step that failed or ran out of time) are said, not guessed.
 *
 *   node dist/bench/harness/gpu-check-summary.js OUT_DIR
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseRunnerOutput, type RunnerResult } from './result.js';
import type { BenchReport } from './run-bench.js';
import { timing, timingRows } from './summary.js';

/**
 * W1 trials per second per configuration that the integer pipe of an H100 SXM allows (spec-sheet rates; the table
 * of `npx tsx bench/micro/w1-op-count.ts`, BENCHMARKS.md "W1: the op-count limit"); the H200 has the same SMs and
 * clocks.
 */
const W1_OP_COUNT_LIMIT = 5.6e8;
/** The targets of issue 18 on the H100/H200: gradcode WebGPU over PyTorch, totals. */
const TARGETS: Record<string, number> = { W1: 5, W2: 3, W3: 2 };

function read(path: string): string | null {
  return existsSync(path) ? readFileSync(path, 'utf8') : null;
}

/** The result lines (JSON) of a log of gradcode-child runs, each with the `# …` header before it. */
function results(text: string): { header: string; result: RunnerResult }[] {
  const out: { header: string; result: RunnerResult }[] = [];
  let header = '';
  for (const line of text.split('\n')) {
    if (line.startsWith('# ')) header = line.slice(2);
    else if (line.startsWith('{')) {
      try {
        const parsed = parseRunnerOutput(line);
        if (!('skipped' in parsed)) out.push({ header, result: parsed });
      } catch {
        // not a result line
      }
    }
  }
  return out;
}

const total = (r: RunnerResult) => r.setupSeconds + r.configs.reduce((s, c) => s + c.seconds, 0);

function benchSection(dir: string): string[] {
  const text = read(join(dir, 'bench', 'report.json'));
  if (!text) return ['bench: no report (the step failed or ran out of time; see bench.log)'];
  const report = JSON.parse(text) as BenchReport;
  const lines = [
    '| workload | gradcode webgpu s (median total) | torch s | × torch | target |',
    '| --- | ---: | ---: | ---: | --- |',
  ];
  for (const w of report.workloads) {
    const rows = timingRows(w).filter((r) => r.config === 'total');
    const gpu = rows.find((r) => r.runner === 'gradcode webgpu');
    const torch = rows.find((r) => r.runner === 'torch');
    const ratio = gpu && torch ? torch.seconds.median / gpu.seconds.median : null;
    const target = TARGETS[w.id];
    lines.push(
      `| ${w.id} | ${gpu ? gpu.seconds.median.toPrecision(3) : '—'} | ${torch ? torch.seconds.median.toPrecision(3) : '—'} | ` +
        `${ratio === null ? '—' : `${ratio.toFixed(2)}×`} | ≥ ${target}×: ${ratio === null ? 'not measured' : ratio >= target ? 'met' : 'missed'} |`,
    );
  }
  const agree = report.checks.filter((c) => c.agree).length;
  lines.push('', `agreement checks: ${agree} / ${report.checks.length} agree (family-wise 95 %)`);
  return lines;
}

function steadySection(dir: string): string[] {
  const text = read(join(dir, 'steady.jsonl'));
  if (!text) return ['steady state: no log'];
  const lines: string[] = [];
  for (const { result } of results(text)) {
    const rates = result.configs.map((c) => c.units / c.seconds);
    const rate = timing(rates);
    if (result.workload === 'W1') {
      lines.push(
        `W1 steady state: ${(rate.min / 1e6).toPrecision(3)}–${(rate.max / 1e6).toPrecision(3)} M trials/s per configuration ` +
          `(${((100 * rate.min) / W1_OP_COUNT_LIMIT).toPrecision(2)}–${((100 * rate.max) / W1_OP_COUNT_LIMIT).toPrecision(2)} % of the ` +
          `${W1_OP_COUNT_LIMIT.toExponential(1)} trials/s op-count limit; target ≥ 30 %: ${rate.median / W1_OP_COUNT_LIMIT >= 0.3 ? 'met' : 'missed'})`,
      );
    } else lines.push(`${result.workload} steady state: ${(rate.median / 1e6).toPrecision(3)} M units/s`);
  }
  return lines.length ? lines : ['steady state: no result (see steady.jsonl)'];
}

function baselineSection(dir: string): string[] {
  const text = read(join(dir, 'baseline.jsonl'));
  if (!text) return [];
  const by = new Map<string, number[]>();
  for (const { header, result } of results(text)) {
    const [, , workload, build] = header.split(' ');
    const key = `${workload} ${build === '.' ? 'this build' : 'baseline'}`;
    by.set(key, [...(by.get(key) ?? []), total(result)]);
  }
  const lines = ['| workload | baseline s (median) | this build s | speed-up |', '| --- | ---: | ---: | ---: |'];
  for (const w of ['W1', 'W2', 'W3']) {
    const a = by.get(`${w} baseline`);
    const b = by.get(`${w} this build`);
    if (!a || !b) continue;
    const ta = timing(a).median;
    const tb = timing(b).median;
    lines.push(`| ${w} | ${ta.toPrecision(3)} | ${tb.toPrecision(3)} | ${(ta / tb).toFixed(2)}× |`);
  }
  return lines;
}

function testsSection(dir: string): string[] {
  const text = read(join(dir, 'gpu-tests.log'));
  if (!text) return ['GPU tests: no log'];
  const esc = String.fromCharCode(27);
  const clean = text
    .split(esc)
    .map((part, i) => (i === 0 ? part : part.replace(/^\[[0-9;]*m/, '')))
    .join('');
  const tests = /Tests\s+(.*)/.exec(clean)?.[1]?.trim();
  return [`GPU tests: ${tests ?? 'no summary line (see gpu-tests.log)'}`];
}

/** The Markdown summary of a gpu-check report directory (what `bash bench/gpu-check.sh OUT_DIR` left in it). */
export function gpuCheckSummary(dir: string): string {
  const device = /^ {2}• (.*)$/m.exec(read(join(dir, 'doctor.txt')) ?? '')?.[1] ?? 'unknown adapter';
  const steps = (read(join(dir, 'steps.txt')) ?? '').trim();
  const out = [
    `# gpu-check ${dir}`,
    '',
    `adapter: ${device}`,
    '',
    '## WebGPU against PyTorch (same GPU, interleaved)',
    ...benchSection(dir),
    '',
    '## Steady state',
    ...steadySection(dir),
    ...(read(join(dir, 'baseline.jsonl'))
      ? ['', '## Baseline build against this build (WebGPU, same GPU)', ...baselineSection(dir)]
      : []),
    '',
    '## Tests',
    ...testsSection(dir),
    '',
    '## Steps',
    '```',
    steps,
    '```',
  ];
  return `${out.join('\n')}\n`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const dir = process.argv[2];
  if (!dir) {
    process.stderr.write('usage: node dist/bench/harness/gpu-check-summary.js OUT_DIR\n');
    process.exitCode = 2;
  } else process.stdout.write(gpuCheckSummary(dir));
}
