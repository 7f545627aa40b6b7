// Public API of @embedding-studio/search-feedback. Name every export; nothing else is importable.
export { FEEDBACK_ERROR_CODES, FeedbackSettingsValidationError } from './errors.js';
export { DEFAULT_FEEDBACK_SETTINGS, parseFeedbackSettings } from './lib/settings.js';
export type { FeedbackSettings } from './lib/settings.js';
export { queryKey } from './lib/query-key.js';
export { examinationPropensity } from './lib/propensity.js';
export { clickDelta, impressionsDelta, irrelevantDelta, sessionDeltas } from './lib/deltas.js';
export type { DeltaOptions } from './lib/deltas.js';
export type { DocDelta, DocStats, FeedbackDelta, FeedbackStore, NearestOptions, NeighbourFeedback, QueryFeedback } from './lib/store.js';
export { createMemoryFeedbackStore } from './lib/memory-store.js';
export { docEvidence, gatherEvidence, NO_EVIDENCE, relevanceLift } from './lib/evidence.js';
export type { DocEvidence, QueryEvidence } from './lib/evidence.js';
export { nudgeQueryVector, rerankHits } from './lib/rerank.js';
export type { RankedHit } from './lib/rerank.js';
export { createFeedbackReranker } from './lib/reranker.js';
export type { FeedbackReranker, FeedbackRerankerOptions, RerankRequest } from './lib/reranker.js';
