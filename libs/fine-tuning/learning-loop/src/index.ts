// Public API of @embedding-studio/learning-loop. Name every export; nothing else is importable.

// The loop and its report
export { DEFAULT_METHOD, runLearningLoop } from './lib/loop.js';
export type { GateVerdict, LearningLoopOptions, LearningLoopReport, LoopEvent } from './lib/loop.js';
export { checkLoopClosed } from './lib/checks.js';
export type { LoopCheck, LoopCheckOptions } from './lib/checks.js';
export { renderLoopReport } from './lib/render.js';
export { createProgressPrinter } from './lib/progress.js';
export type { ProgressSink } from './lib/progress.js';

// Parts: simulated users, held-out evaluation, the click log, query plans
export { createTraffic } from './lib/traffic.js';
export type { PoolQuery, Traffic, TrafficOptions } from './lib/traffic.js';
export { compareEvaluations, evaluateHeldOut } from './lib/evaluate.js';
export type { EvalQuery, HeldOutEvaluation, NdcgDelta } from './lib/evaluate.js';
export { createHeldOutGuard, normalQueryText } from './lib/held-out-guard.js';
export type { HeldOutGuard, LoopQuery } from './lib/held-out-guard.js';
export { ClickLog, meanCi } from './lib/click-log.js';
export type { LoggedSession, MeanCi, VersionQuality } from './lib/click-log.js';
export { corpusFileName, loopCollectionName, planQueries, writeCorpusJsonl } from './lib/plan.js';
export type { QueryPlan, QueryPlanOptions } from './lib/plan.js';

// The product's routes the loop drives
export { createHttpLoopApi } from './lib/http-api.js';
export type { HttpLoopApiOptions } from './lib/http-api.js';
export type { DeploymentVersion, ImportView, LoopApi, RouteQuality, RouteQualityReport, SearchAnswer, ShownResult, TaskView } from './lib/ports.js';

// Errors
export { LearningLoopEvalLeakError, LearningLoopInvalidArgumentError, LearningLoopStepFailedError } from './errors.js';
