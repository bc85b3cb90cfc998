/**
 * gradcode's library API: what a script uses to build codes, decode, simulate rounds, run and load sweeps and
 * training, and draw figures. This list is the whole public surface (docs/architecture.md § Public API); the folders
 * of src/ are internal and have no barrel files, so a name is public only if it is exported here. Every export
 * carries a doc comment citing the paper and equation it implements where it implements one.
 */

export {
  parseStragglerSpec,
  type StragglerSpec,
  type StragglerStatistics,
  stragglerStatistics,
} from './adversarial/straggler-statistics.js';
// ── Inspection and adversarial stragglers ───────────────────────────────────────────────────────────────────────
export { type AdversarialThreshold, adversarialThreshold } from './adversarial/threshold.js';
export { type WorstCase, type WorstCaseOptions, worstStragglerSet } from './adversarial/worst-case.js';
// ── Codes: the encoding matrix B (DESIGN §2), by spec string, from rows, or from a file ──────────────────────────
export { type CodeRowsInput, codeFromRows } from './codes/build.js';
export { type CodeFileFormat, loadCodeFile, parseCodeText } from './codes/custom-file.js';
export { CODE_FAMILIES, type CodeFamily, findCodeFamily } from './codes/registry.js';
export { buildCode, type CodeSpecInput, type CodeSpecOptions, parseCodeSpec } from './codes/spec.js';
export type { ChunkOrder, CodeMeta, GradientCode, RecoveryRule } from './codes/types.js';
// ── Decoders: weights for a received set (one table, src/decoders/registry.ts) ──────────────────────────────────
export { survivorsFromList, survivorsFromStragglers } from './decoders/coefficient-space.js';
export { type DecoderName, decode, decoderNames, decoders, getDecoder } from './decoders/registry.js';
export type { DecodeRequest, DecodeResult, Decoder } from './decoders/types.js';
// ── Backends: CPU, WebGPU, lavapipe (README § Backends, docs/environment.md) ──────────────────────────────────────────────────────────
export type { Backend, BackendKind } from './engine/backend.js';
export { BACKEND_CHOICES, type BackendChoice, parseBackendChoice } from './engine/backend-choice.js';
export { type CreateBackendOptions, createBackend } from './engine/create-backend.js';
export { collectEnvironment, type EnvironmentReport } from './engine/environment.js';
export { releaseEngine } from './engine/release.js';
export { type AdapterReport, listAdapters } from './engine/webgpu/adapters.js';
// ── Random streams, statistics, limits and errors ───────────────────────────────────────────────────────────────
export { InputError, InterruptedError } from './errors.js';
// ── Figures (docs/plots/README.md) ──────────────────────────────────────────────────────────────────────────────
export { type DrawnFigure, type DrawOptions, drawFigures } from './figures/draw.js';
export { loadResultsView } from './figures/load-view.js';
export { drawResultsPlots } from './figures/results-plots.js';
export type { ResultsView } from './figures/results-view.js';
export { inspectCode } from './inspect/inspect.js';
export type { InspectInput, InspectOptions, InspectReport } from './inspect/types.js';
export { checkLimit, LIMITS, type LimitKey } from './limits/limits.js';
// ── Chunk orderings within a worker (the partial-straggler protocols' q_max) ────────────────────────────────────
export { latinOrder } from './ordering/latin-ordering.js';
export { naturalOrder } from './ordering/natural-order.js';
export { type OptimalOrderOptions, type OptimalOrderResult, optimalOrder } from './ordering/optimal-order.js';
export { type QmaxResult, qmax } from './ordering/qmax.js';
export { type RenderOptions, renderPlot, renderPlotToBuffers } from './plots/render/render-plot.js';
export type { PlotRow, PlotSpec } from './plots/types.js';
// ── Straggler models and one round of a protocol ────────────────────────────────────────────────────────────────
export { type ProtocolChoice, planRound, type RoundPlan } from './protocols/round-plan.js';
// ── Reproduction gallery (docs/reproduce) ───────────────────────────────────────────────────────────────────────
export { GALLERY, galleryEntry } from './reproduce/gallery.js';
export { type ReproduceOptions, reproduceEntry } from './reproduce/run-entry.js';
export { PhiloxStream } from './rng/stream.js';
// ── Specs: cells, grids and sweeps (docs/sweeps.md) ───────────────────────────────────────────────────────────────
export { type CellSpec, CellSpecSchema, PROTOCOLS, type Spec, SpecSchema } from './spec/cell-schema.js';
export { type ExpandedCell, expandSpec } from './spec/expand.js';
export { specJsonSchema } from './spec/json-schema.js';
export { type LoadedSpec, loadSpecFile, loadSpecValue } from './spec/load-spec.js';
export { type MeanInterval, meanInterval } from './stats/confidence.js';
export { emptyMoments, type Moments, pushMoment } from './stats/moments.js';
// ── Sweeps and their results directories (docs/sweeps.md, docs/results-schema.md) ──────────────────────────────
export { type LoadedResults, loadResults } from './store/load-results.js';
export { type LoadedTrainResults, loadTrainResults } from './store/load-train-results.js';
export { type MergeOptions, type MergeSummary, mergeResults } from './store/merge.js';
export { type StragglerModel, StragglerModelSchema } from './stragglers/model.js';
export { type RunSweepOptions, runSweep, type SweepOutcome, type SweepProgress } from './sweep/run-sweep.js';
export { runTrainSweep, type TrainSweepOptions, type TrainSweepOutcome } from './sweep/run-train-sweep.js';
// ── Training: coded gradient descent and convergence bounds (docs/train.md) ─────────────────────────────────────
export { runTraining, type TrainOptions, type TrainResult } from './train/run/run-training.js';
export { type LoadedTrainSpec, loadTrainSpecFile } from './train/spec/load-train-spec.js';
export { type TrainSpec, TrainSpecSchema } from './train/spec/train-schema.js';
export { createTrialExecutor } from './trials/backend-executor.js';
// ── Trials: one cell on a backend ───────────────────────────────────────────────────────────────────────────────
export type { TrialCell } from './trials/cell.js';
export type { TrialExecutor } from './trials/executor.js';
export { resolveCell } from './trials/resolve-cell.js';
export { type CellResult, type RunCellOptions, runCell } from './trials/run-cell.js';
export type { CellStats, StatSummary } from './trials/summary.js';
