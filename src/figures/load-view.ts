import { loadResults } from '../store/load-results.js';
import { type ResultsView, trialResultsView } from './results-view.js';

/**
 * Loads a results directory for figures: its tables (from Parquet, or from the shard logs while unfinished), roles,
 * axes and labels; `labels` are `--label` overrides. Errors (not a results directory, unknown schema) are
 * InputErrors naming the directory or file.
 */
export async function loadResultsView(dir: string, labels?: Readonly<Record<string, string>>): Promise<ResultsView> {
  return trialResultsView(await loadResults(dir), labels);
}
