// The JSON shapes of the API routes the dashboard reads (snake_case, as the API sends them).

export interface Quality {
  searches: number;
  sessions_with_click: number;
  ctr: number;
  zero_click_rate: number;
  abandonment_rate: number;
  mrr: number;
  mean_click_rank: number | null;
  clicks_at: Record<'1' | '3' | '5' | '10', number>;
  irrelevant_rate: number;
  load_more_rate: number;
  latency_ms: { p50: number | null; p95: number | null; p99: number | null };
}

export interface QualitySeries {
  version: number | null;
  totals: Quality;
  buckets: (Quality & { start: string })[];
}

export interface QualityAnswer {
  collection: string;
  bucket: 'hour' | 'day';
  from: string;
  to: string;
  series: QualitySeries[];
  deployments: { version: number; at: string; kind: string }[];
}

export interface Collection {
  name: string;
  count: number;
  profile_version: number;
  fields_to_embed: string[];
  model: { encoder: string };
  created_at: number;
}

export interface Deployment {
  collection: string;
  version: number;
  encoder: string;
  adapter?: { model_id: string };
  target: string;
  created_at: number;
  active: boolean;
  deployment: { kind: string; model_id?: string; previous_version?: number; restored_version?: number; requested_by?: string };
}

export interface Page<T> {
  items: T[];
  total: number;
  skip: number;
  limit: number;
}

export interface Iteration {
  id: string;
  name: string;
  plugin: string;
  batch_id: string | null;
  status: string;
  main_metric: { name: string; mode: 'max' | 'min' } | null;
  created_at: number;
  finished_at: number | null;
}

export interface Run {
  id: string;
  iteration_id: string;
  name: string;
  params: Record<string, unknown>;
  status: string;
  best_metric: number | null;
  started_at: number;
  finished_at: number | null;
}

export interface RunDetails extends Run {
  metrics: Record<string, { step: number; value: number; time: number }[]>;
}

export interface ModelRecord {
  id: string;
  plugin: string;
  iteration_id: string;
  iteration_name: string;
  seq: number;
  run_id: string | null;
  main_metric: { name: string; value: number } | null;
  status: 'live' | 'deleted';
  created_at: number;
}

export interface Task {
  id: string;
  fine_tuning_method: string;
  status: string;
  created_at: string;
  updated_at: string;
  batch_id?: string;
  best_model_id?: string;
  metrics?: Record<string, number>;
  progress?: { phase: string; fraction: number; run?: number; runs?: number; epoch?: number; epochs?: number; message?: string; best_metric?: { name: string; value: number } | null };
  error?: { code: string; message: string };
}

export interface Comparison {
  id: string;
  collection: string;
  method: 'interleaving' | 'ab';
  control_version: number;
  candidate_model_id: string;
  share: number;
  alpha: number;
  min_queries: number;
  max_queries: number;
  status: 'running' | 'stopped' | 'decided';
  decision: null | 'candidate' | 'control' | 'no_difference';
  queries: number;
  wins_candidate: number;
  wins_control: number;
  ties: number;
  win_rate: number | null;
  ci: [number, number] | null;
  p_value: number | null;
  started_at: string;
  ended_at: string | null;
}

/** `POST /comparisons/estimate`: the offline (inverse propensity) estimate of a candidate. */
export interface ComparisonEstimate {
  collection: string;
  candidate_model_id: string;
  control_version: number;
  sessions: number;
  control: { ctr: number; mrr: number };
  candidate: { ctr: number; mrr: number; ci: [number, number] };
  lift: number;
  worth_testing: boolean;
  propensities: number[];
}
