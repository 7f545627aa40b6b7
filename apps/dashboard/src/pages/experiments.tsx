import { useState } from 'react';
import { Line } from 'react-chartjs-2';
import { count, num, utc } from '../lib/format';
import type { Iteration, Page, Run, RunDetails } from '../lib/types';
import { Empty, Show, Table, useLoad, type PageProps } from '../ui';

export function ExperimentsPage({ api }: PageProps) {
  const iterations = useLoad(() => api.get<Page<Iteration>>('/experiments', { limit: 100 }), 'iterations');
  const [picked, pick] = useState('');
  return (
    <Show loaded={iterations}>
      {(page) => {
        if (page.items.length === 0) return <Empty>No experiments yet: they appear when a fine-tuning task starts training.</Empty>;
        const chosen = picked || page.items.find((i) => i.batch_id !== null)?.id || page.items[0]!.id;
        return (
          <>
            <p data-testid="iterations-total">{count(page.total, 'iteration')}</p>
            <Table testid="iterations" head={['Iteration', 'Plugin', 'Status', 'Main metric', 'Created (UTC)']}>
              {page.items.map((it) => (
                <tr key={it.id} data-testid="iteration-row" data-id={it.id} className={it.id === chosen ? 'chosen' : 'clickable'} onClick={() => pick(it.id)}>
                  <td>{it.name}</td>
                  <td>{it.plugin}</td>
                  <td data-col="status">{it.status}</td>
                  <td>{it.main_metric ? `${it.main_metric.name} (${it.main_metric.mode})` : '–'}</td>
                  <td>{utc(it.created_at)}</td>
                </tr>
              ))}
            </Table>
            <IterationRuns key={chosen} api={api} id={chosen} />
          </>
        );
      }}
    </Show>
  );
}

function IterationRuns({ api, id }: { api: PageProps['api']; id: string }) {
  const details = useLoad(() => api.get<Iteration & { runs: Run[] }>(`/experiments/${encodeURIComponent(id)}`), id);
  const [picked, pick] = useState('');
  return (
    <Show loaded={details}>
      {(it) => {
        if (it.runs.length === 0) return <Empty>No runs in {it.name}: the initial iteration holds the starting model only.</Empty>;
        const best = it.runs.reduce<Run | undefined>((b, r) => (r.best_metric !== null && (!b || b.best_metric === null || (it.main_metric?.mode === 'min' ? r.best_metric < b.best_metric : r.best_metric > b.best_metric)) ? r : b), undefined);
        const chosen = picked || best?.id || it.runs[0]!.id;
        return (
          <>
            <h3>Runs of {it.name}</h3>
            <Table testid="runs" head={['Run', 'Status', `Best ${it.main_metric?.name ?? 'metric'}`, 'Params', 'Started (UTC)']}>
              {it.runs.map((r) => (
                <tr key={r.id} data-testid="run-row" data-id={r.id} className={r.id === chosen ? 'chosen' : 'clickable'} onClick={() => pick(r.id)}>
                  <td title={r.name}>{r.id.slice(-8)}</td>
                  <td data-col="status">{r.status}</td>
                  <td data-col="best_metric">{num(r.best_metric, 4)}</td>
                  <td className="params">{JSON.stringify(r.params)}</td>
                  <td>{utc(r.started_at)}</td>
                </tr>
              ))}
            </Table>
            <RunCurves key={chosen} api={api} iteration={id} run={chosen} />
          </>
        );
      }}
    </Show>
  );
}

function RunCurves({ api, iteration, run }: { api: PageProps['api']; iteration: string; run: string }) {
  const details = useLoad(() => api.get<RunDetails>(`/experiments/${encodeURIComponent(iteration)}/runs/${encodeURIComponent(run)}`), run);
  return (
    <Show loaded={details}>
      {(r) => {
        const names = Object.keys(r.metrics).sort();
        if (names.length === 0) return <Empty>This run logged no metrics yet.</Empty>;
        return (
          <>
            <h3>Metric curves of run {r.id.slice(-8)}</h3>
            <div className="curves" data-testid="curves">
              {names.map((name) => (
                <div className="curve" key={name} data-testid="curve" data-metric={name} data-points={r.metrics[name]!.length}>
                  <Line
                    data={{ labels: r.metrics[name]!.map((p) => p.step), datasets: [{ label: name, data: r.metrics[name]!.map((p) => p.value), borderColor: '#2563eb', backgroundColor: '#2563eb' }] }}
                    options={{ animation: false, maintainAspectRatio: false, plugins: { legend: { display: false }, title: { display: true, text: `${name} by step` } } }}
                  />
                </div>
              ))}
            </div>
          </>
        );
      }}
    </Show>
  );
}
