/** Systems compared in every report. */
export type SystemId = 'B0' | 'P' | 'C-pop' | 'C-rand' | 'O' | 'F';
export const SYSTEM_IDS: readonly SystemId[] = ['B0', 'P', 'C-pop', 'C-rand', 'O', 'F'];

/**
 * Which queries a row was evaluated on: `dev` (the protocol's dev split), `eval` (the queries
 * of `--eval-qrels`), or `click-pool` (queries that produced sessions: seen queries, where
 * gains are memorisation and never the headline).
 */
export type EvalSplit = 'dev' | 'eval' | 'click-pool';

/** One object of `report.json`: one (split, setting, budget, seed, system). */
export interface ReportRow {
  dataset: string;
  split: EvalSplit;
  setting: string;
  budget: number;
  seed: number;
  system: SystemId;
  ndcg10: number;
  recall10: number;
  recall100: number;
  mrr10: number;
  /** Query id → nDCG@10. */
  per_query: Record<string, number>;
  /** Wall time of this system for this run (simulation, training, ranking), seconds. */
  runtime_s: number;
  /** Training wall time, seconds (0 for systems without training). */
  train_s: number;
  model_sha: string;
  corpus_sha: string;
  /** Sessions and clicks behind this run (0 for B0 and O). */
  sessions: number;
  clicks: number;
  /** System-specific facts: C-pop's tuned weight; the learner's kept epoch, epochs run, training rows, selection score. */
  details: Record<string, number | string>;
  /** tfjs backend the learner ran on (`wasm`, `tensorflow`, `cpu`…). */
  backend?: string;
  /**
   * Evaluated queries none of whose relevant docs got a click in this run's log (click-based
   * systems only). On these, popularity cannot help; embedding learning can.
   */
  unclicked_queries?: string[];
}
