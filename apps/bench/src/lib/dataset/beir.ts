// BEIR parsing lives in @embedding-studio/click-simulation (shared with the demo).
export {
  documentText,
  parseCorpus,
  parseQrels,
  parseQueries,
  queriesWithRelevant,
  relevantDocs,
  restrictQrels,
  sharedRelevantCount,
  sharedRelevantQueries,
} from '@embedding-studio/click-simulation';
export type { BeirDocument, BeirQuery, Qrels } from '@embedding-studio/click-simulation';
