import type { ReportRow } from './rows.js';

/** A report row for specs: setting S1, 100 sessions, zero metrics except `per_query`. */
export function perQueryRow(system: ReportRow['system'], seed: number, perQuery: Record<string, number>, split: ReportRow['split'] = 'dev'): ReportRow {
  return {
    dataset: 'd',
    split,
    setting: 'S1',
    budget: 100,
    seed,
    system,
    ndcg10: 0,
    recall10: 0,
    recall100: 0,
    mrr10: 0,
    per_query: perQuery,
    runtime_s: 0,
    train_s: 0,
    model_sha: 'm',
    corpus_sha: 'c',
    sessions: 0,
    clicks: 0,
    details: {},
  };
}
