import type { Bench } from 'tinybench';

/**
 * Prints a finished tinybench run as a table with a derived rate: `units[task name]` work units per call (Philox
 * words, trials, decodes…) divided by the mean latency. Tasks without an entry show only their latency.
 */
export function printRates(bench: Bench, units: ReadonlyMap<string, { count: number; unit: string }>): void {
  const rows = bench.tasks.map((task) => {
    const r = task.result as { state: string; period?: number; latency?: { rme: number } };
    const u = units.get(task.name);
    const period = r.period ?? Number.NaN;
    return {
      task: task.name,
      'mean ms': Number(period.toPrecision(4)),
      '± %': r.latency ? Number(r.latency.rme.toFixed(1)) : Number.NaN,
      rate: u ? `${formatRate((u.count / period) * 1000)} ${u.unit}/s` : '',
    };
  });
  console.table(rows);
}

function formatRate(x: number): string {
  if (x >= 1e9) return `${(x / 1e9).toPrecision(3)} G`;
  if (x >= 1e6) return `${(x / 1e6).toPrecision(3)} M`;
  if (x >= 1e3) return `${(x / 1e3).toPrecision(3)} k`;
  return x.toPrecision(3);
}
