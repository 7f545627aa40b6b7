import type { Iteration, ModelRecord, Run } from '../model.js';

let counter = 0;
const next = (): number => (counter += 1);

/** An active batch iteration record; override any field. */
export function anIteration(overrides: Partial<Iteration> = {}): Iteration {
  const n = next();
  const plugin = overrides.plugin ?? 'plugin-a';
  const batchId = overrides.batch_id === undefined ? `batch-${n}` : overrides.batch_id;
  return {
    id: `it-${String(n).padStart(6, '0')}`,
    name: batchId === null ? 'iteration / initial' : `iteration / ${plugin} / ${batchId}`,
    plugin,
    batch_id: batchId,
    status: 'active',
    previous_iteration_id: null,
    main_metric: batchId === null ? null : { name: 'quality', mode: 'max' },
    created_at: 1_735_689_600_000 + n,
    finished_at: null,
    ...overrides,
  };
}

/** A running run record; override any field. */
export function aRun(overrides: Partial<Run> = {}): Run {
  const n = next();
  return {
    id: `run-${String(n).padStart(6, '0')}`,
    iteration_id: 'it-000000',
    name: n.toString(16).padStart(64, '0'),
    params: { lr: 0.001 * n, layers: [1, 2], nested: { b: true, a: null } },
    status: 'running',
    best_metric: null,
    started_at: 1_735_689_600_000 + n,
    finished_at: null,
    ...overrides,
  };
}

/** A live model record; override any field. */
export function aModelRecord(overrides: Partial<ModelRecord> = {}): ModelRecord {
  const n = next();
  const iterationId = overrides.iteration_id ?? 'it-000000';
  const seq = overrides.seq ?? 1;
  const sha = n.toString(16).padStart(64, 'a');
  return {
    id: `${iterationId}-m${seq}`,
    plugin: 'plugin-a',
    iteration_id: iterationId,
    iteration_name: 'iteration / plugin-a / batch-1',
    seq,
    run_id: 'run-000001',
    main_metric: { name: 'quality', value: 0.5 },
    artifact: { key: `models/${iterationId}/run-000001/${sha}.bin`, size: 3, sha256: sha, content_type: 'application/octet-stream' },
    status: 'live',
    created_at: 1_735_689_600_000 + n,
    deleted_at: null,
    ...overrides,
  };
}
