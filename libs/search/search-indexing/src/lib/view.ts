import type { ImportSource, IndexingJob, IndexingJobKind, IndexingJobStatus, JobError, RejectedLine, UnitProgress } from './model.js';

/** Progress of one source unit, as `GET /imports/{id}` shows it. */
export interface UnitProgressView {
  unit: string;
  bytes_total: number;
  bytes_done: number;
  lines: number;
  read: number;
  embedded: number;
  indexed: number;
  rejected: number;
  rejects: RejectedLine[];
  done: boolean;
  /** Items indexed per second by this unit's current run. */
  items_per_s: number;
}

export interface JobProgressView {
  units_total: number;
  units_done: number;
  bytes_total: number;
  bytes_done: number;
  read: number;
  embedded: number;
  indexed: number;
  rejected: number;
  /** Items indexed per second since the current attempt started. */
  items_per_s: number;
  /** Seconds left at the current rate (bytes), null before anything was indexed. */
  eta_s: number | null;
  /** Time spent embedding and upserting, summed over units (ms). */
  embed_ms: number;
  index_ms: number;
  sources: UnitProgressView[];
}

export interface IndexingJobView {
  id: string;
  kind: IndexingJobKind;
  collection: string;
  status: IndexingJobStatus;
  created_at: string;
  updated_at: string;
  attempt: number;
  source?: ImportSource;
  stage?: string;
  state?: Record<string, unknown>;
  progress: JobProgressView;
  finished_at?: string;
  result?: Record<string, unknown>;
  error?: JobError;
}

const round = (x: number, digits = 1): number => Math.round(x * 10 ** digits) / 10 ** digits;

/** The public shape of a job and its units' progress, with rate and ETA computed at `now`. */
export function toJobView(job: IndexingJob, units: readonly UnitProgress[], now: Date): IndexingJobView {
  const planned = job.units ?? [];
  const byIndex = new Map(units.map((u) => [u.index, u]));
  const sources: UnitProgressView[] = [];
  let bytesSince = 0;
  let itemsSince = 0;
  const attemptStart = job.attempt_started_at?.getTime() ?? now.getTime();
  planned.forEach((plan, index) => {
    const u = byIndex.get(index);
    const elapsed = u ? (u.updated_at.getTime() - u.resumed_at.getTime()) / 1000 : 0;
    const sinceResume = u ? u.indexed - u.resumed_indexed : 0;
    if (u && u.resumed_at.getTime() >= attemptStart) {
      bytesSince += u.offset - u.resumed_offset;
      itemsSince += sinceResume;
    }
    sources.push({
      unit: plan.key,
      bytes_total: plan.size,
      bytes_done: u?.offset ?? 0,
      lines: u?.line ?? 0,
      read: u?.read ?? 0,
      embedded: u?.embedded ?? 0,
      indexed: u?.indexed ?? 0,
      rejected: u?.rejected ?? 0,
      rejects: u?.rejects ?? [],
      done: u?.done ?? false,
      items_per_s: elapsed > 0 ? round(sinceResume / elapsed) : 0,
    });
  });
  const sum = (f: (u: UnitProgressView) => number): number => sources.reduce((s, u) => s + f(u), 0);
  const lastUpdate = Math.max(attemptStart, ...units.map((u) => u.updated_at.getTime()));
  const running = job.status === 'running' ? Math.max(now.getTime(), lastUpdate) : lastUpdate;
  const seconds = (running - attemptStart) / 1000;
  const bytesTotal = sum((u) => u.bytes_total);
  const bytesDone = sum((u) => u.bytes_done);
  const bytesRate = seconds > 0 ? bytesSince / seconds : 0;
  const done = job.status === 'done';
  const progress: JobProgressView = {
    units_total: planned.length,
    units_done: sources.filter((u) => u.done).length,
    bytes_total: bytesTotal,
    bytes_done: bytesDone,
    read: sum((u) => u.read),
    embedded: sum((u) => u.embedded),
    indexed: sum((u) => u.indexed),
    rejected: sum((u) => u.rejected),
    items_per_s: seconds > 0 ? round(itemsSince / seconds) : 0,
    eta_s: done ? 0 : bytesRate > 0 ? Math.ceil((bytesTotal - bytesDone) / bytesRate) : null,
    embed_ms: Math.round(units.reduce((s, u) => s + u.embed_ms, 0)),
    index_ms: Math.round(units.reduce((s, u) => s + u.index_ms, 0)),
    sources,
  };
  return {
    id: job.id,
    kind: job.kind,
    collection: job.collection,
    status: job.status,
    created_at: job.created_at.toISOString(),
    updated_at: job.updated_at.toISOString(),
    attempt: job.attempt,
    ...(job.import ? { source: job.import.source } : {}),
    ...(job.stage !== undefined ? { stage: job.stage } : {}),
    ...(job.state !== undefined ? { state: job.state } : {}),
    progress,
    ...(job.finished_at ? { finished_at: job.finished_at.toISOString() } : {}),
    ...(job.result ? { result: job.result } : {}),
    ...(job.error ? { error: job.error } : {}),
  };
}
