import { loadResults } from '../store/load-results.js';
import { loadTrainResults } from '../store/load-train-results.js';
import { resultsKind } from '../store/resolved-train.js';
import { type ResultsView, trainResultsView, trialResultsView } from './results-view.js';

/**
 * Loads a results directory — trials (`cells`, `curve`) or training (`train`, `schemes`) — for figures: its tables (from Parquet, or from the shard logs while unfinished), roles,
 * axes and labels; `labels` are `--label` overrides. Errors (not a results directory, unknown schema) are
 * InputErrors naming the directory or file.
 */
export async function loadResultsView(dir: string, labels?: Readonly<Record<string, string>>): Promise<ResultsView> {
  if (resultsKind(dir) === 'train') return trainResultsView(await loadTrainResults(dir), labels);
  return trialResultsView(await loadResults(dir), labels);
}
