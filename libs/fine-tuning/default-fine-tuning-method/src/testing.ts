// Test helpers of @embedding-studio/default-fine-tuning-method: a deterministic encoder (no model
// files), a recording method context, and sessions with a planted click pattern.
export { SYNONYM_PAIRS, aMethodContext, bagOfWordsVector, createBagOfWordsEncoder, fnv1a, synonymClickSessions } from './lib/testing/fixtures.js';
export type { BagOfWordsEncoderOptions, EncoderCall, RecordingMethodContext, RecordingMethodContextOptions, SynonymSessionsOptions } from './lib/testing/fixtures.js';
