import { useState, type ReactNode } from 'react';
import { num, pct, utc, withCi } from '../lib/format';
import type { Comparison, ComparisonEstimate, ModelRecord, Page } from '../lib/types';
import { Outcome, useAction } from '../ui-action';
import { Empty, ErrorBox, Select, Show, Table, WithCollection, canAdmin, useLoad, type PageProps } from '../ui';

const POLL_MS = 5000;

export function ComparisonsPage({ api, access }: PageProps) {
  return <WithCollection api={api}>{(collection, picker) => <ComparisonsView key={collection} api={api} access={access} collection={collection} picker={picker} />}</WithCollection>;
}

/** A bar from 0 to 1 with the CI as a band and 0.5 (no difference) marked. */
function CiBar({ c }: { c: Comparison }) {
  if (c.win_rate === null || c.method !== 'interleaving') return null;
  const [lo, hi] = c.ci ?? [c.win_rate, c.win_rate];
  return (
    <div className="ci-bar" title={withCi(c.win_rate, c.ci)}>
      <div className="ci-band" style={{ left: `${lo * 100}%`, width: `${Math.max(0.5, (hi - lo) * 100)}%` }} />
      <div className="ci-point" style={{ left: `${c.win_rate * 100}%` }} />
      <div className="ci-half" />
    </div>
  );
}

function ComparisonsView({ api, access, collection, picker }: PageProps & { collection: string; picker: ReactNode }) {
  const loaded = useLoad(() => api.get<{ comparisons: Comparison[] }>('/comparisons', { collection }), collection, POLL_MS);
  const action = useAction(() => loaded.reload());
  const stop = (c: Comparison) =>
    action.run(`Stop comparison ${c.id} on ${collection}? Its traffic goes back to version ${c.control_version}.`, async () => {
      const s = await api.post<Comparison>(`/comparisons/${encodeURIComponent(c.id)}/stop`, {});
      return `Comparison ${s.id} is ${s.status}.`;
    });
  const table = (list: Comparison[], testid: string) => (
    <Table testid={testid} head={['Comparison', 'Method', 'Control → candidate', 'Share', 'Queries', 'Wins cand./ctrl/ties', 'Win rate [CI]', '', 'p', 'Status', 'Decision', 'Started (UTC)', ...(canAdmin(access) ? [''] : [])]}>
      {list.map((c) => (
        <tr key={c.id} data-testid="comparison-row" data-id={c.id}>
          <td>{c.id}</td>
          <td>{c.method}</td>
          <td>
            v{c.control_version} → {c.candidate_model_id}
          </td>
          <td>{pct(c.share)}</td>
          <td data-col="queries">{c.queries}</td>
          <td data-col="wins">{c.method === 'interleaving' ? `${c.wins_candidate}/${c.wins_control}/${c.ties}` : '–'}</td>
          <td data-col="win_rate">{withCi(c.win_rate, c.ci)}</td>
          <td>
            <CiBar c={c} />
          </td>
          <td data-col="p_value">{num(c.p_value)}</td>
          <td data-col="status">{c.status}</td>
          <td data-col="decision">{c.decision ?? '–'}</td>
          <td>
            {utc(c.started_at)}
            {c.ended_at ? ` – ${utc(c.ended_at)}` : ''}
          </td>
          {canAdmin(access) && (
            <td>
              {c.status === 'running' && (
                <button type="button" className="danger" disabled={action.busy} onClick={() => stop(c)} data-testid="stop">
                  Stop
                </button>
              )}
            </td>
          )}
        </tr>
      ))}
    </Table>
  );
  return (
    <>
      <div className="controls">{picker}</div>
      {canAdmin(access) && <NewComparison api={api} collection={collection} start={action.run} busy={action.busy} />}
      <Outcome outcome={action.outcome} />
      <Show loaded={loaded}>
        {({ comparisons }) => {
          if (comparisons.length === 0) return <Empty>No comparisons on {collection} yet.</Empty>;
          const running = comparisons.filter((c) => c.status === 'running');
          const past = comparisons.filter((c) => c.status !== 'running');
          return (
            <>
              <h3>Running</h3>
              {running.length === 0 ? <Empty>No comparison is running on {collection}.</Empty> : table(running, 'comparisons-running')}
              <h3>Past</h3>
              {past.length === 0 ? <Empty>None has ended yet.</Empty> : table(past, 'comparisons-past')}
            </>
          );
        }}
      </Show>
    </>
  );
}

/** Admin: estimate a candidate model offline from the logged clicks, then start an online comparison. */
function NewComparison({ api, collection, start, busy }: { api: PageProps['api']; collection: string; start: ReturnType<typeof useAction>['run']; busy: boolean }) {
  const models = useLoad(() => api.get<Page<ModelRecord>>('/models', { limit: 100, status: 'live' }), 'live-models');
  const candidates = (models.data?.items ?? []).filter((m) => m.run_id !== null);
  const [picked, pick] = useState('');
  const [method, setMethod] = useState<'interleaving' | 'ab'>('interleaving');
  const [share, setShare] = useState('0.2');
  const [estimate, setEstimate] = useState<{ value?: ComparisonEstimate; error?: unknown }>();
  const candidate = picked || candidates[0]?.id || '';
  if (candidates.length === 0) return null;

  const runEstimate = () => {
    setEstimate(undefined);
    api.post<ComparisonEstimate>('/comparisons/estimate', { collection, candidate_model_id: candidate }).then(
      (value) => setEstimate({ value }),
      (error: unknown) => setEstimate({ error }),
    );
  };
  const startComparison = () =>
    start(`Start a ${method} comparison of ${candidate} against the active version of ${collection} on ${pct(Number(share))} of its searches?`, async () => {
      const c = await api.post<Comparison>('/comparisons', { collection, candidate_model_id: candidate, method, share: Number(share) });
      return `Comparison ${c.id} started: ${c.method}, control v${c.control_version}, candidate ${c.candidate_model_id}.`;
    });
  const e = estimate?.value;
  return (
    <div className="panel" data-testid="new-comparison">
      <div className="controls">
        <Select label="Candidate model" testid="candidate" value={candidate} options={candidates.map((m) => [m.id, m.id] as const)} onChange={pick} />
        <Select label="Method" testid="method" value={method} options={[['interleaving', 'interleaving'], ['ab', 'A/B']]} onChange={setMethod} />
        <label className="picker">
          Share{' '}
          <input data-testid="share" type="number" min="0.01" max="1" step="0.05" value={share} onChange={(ev) => setShare(ev.target.value)} />
        </label>
        <button type="button" onClick={runEstimate} data-testid="estimate">
          Estimate offline
        </button>
        <button type="button" disabled={busy} onClick={startComparison} data-testid="start">
          Start comparison
        </button>
      </div>
      {estimate?.error !== undefined && <ErrorBox error={estimate.error} />}
      {e && (
        <p data-testid="estimate-result">
          From {e.sessions} logged sessions: control v{e.control_version} CTR {pct(e.control.ctr)}, MRR {num(e.control.mrr)}; candidate CTR {pct(e.candidate.ctr)} [{pct(e.candidate.ci[0])}, {pct(e.candidate.ci[1])}], MRR {num(e.candidate.mrr)}; lift {num(e.lift)}.{' '}
          <strong>{e.worth_testing ? 'Worth testing online.' : 'Not worth testing yet.'}</strong>
        </p>
      )}
    </div>
  );
}
