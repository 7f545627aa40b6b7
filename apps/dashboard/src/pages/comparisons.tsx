import type { ReactNode } from 'react';
import { num, pct, utc, withCi } from '../lib/format';
import type { Comparison } from '../lib/types';
import { Outcome, useAction } from '../ui-action';
import { Empty, Show, Table, WithCollection, canAdmin, useLoad, type PageProps } from '../ui';

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
      <Outcome outcome={action.outcome} />
      <Show loaded={loaded}>
        {({ comparisons }) => {
          if (comparisons.length === 0) return <Empty>No comparisons on {collection} yet: start one with POST /api/v1/comparisons.</Empty>;
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
