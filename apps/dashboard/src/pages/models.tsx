import type { ReactNode } from 'react';
import { count, num, utc, utcSeconds } from '../lib/format';
import type { Deployment, ModelRecord, Page } from '../lib/types';
import { Outcome, useAction } from '../ui-action';
import { Empty, Show, Table, WithCollection, canAdmin, useLoad, type PageProps } from '../ui';

export function ModelsPage({ api, access }: PageProps) {
  return <WithCollection api={api}>{(collection, picker) => <ModelsView key={collection} api={api} access={access} collection={collection} picker={picker} />}</WithCollection>;
}

function ModelsView({ api, access, collection, picker }: PageProps & { collection: string; picker: ReactNode }) {
  const models = useLoad(() => api.get<Page<ModelRecord>>('/models', { limit: 100 }), 'models');
  const deployments = useLoad(() => api.get<Deployment[]>('/deployments', { collection }), collection);
  const action = useAction(() => {
    deployments.reload();
  });
  const admin = canAdmin(access);
  const active = deployments.data?.find((d) => d.active);

  const deploy = (m: ModelRecord) =>
    action.run(`Deploy model ${m.id} to collection ${collection}? Searches switch to the new profile version once the gate passes.`, async () => {
      const d = await api.post<Deployment>(`/models/${encodeURIComponent(m.id)}/deploy`, { collection, ...(active ? { expected_version: active.version } : {}) });
      return `Deployed ${m.id} to ${collection} as version ${d.version}.`;
    });
  const rollback = () =>
    action.run(`Roll ${collection} back to its previous profile version?`, async () => {
      const d = await api.post<Deployment>('/deployments/rollback', { collection });
      return `Rolled ${collection} back: version ${d.version} now serves${d.deployment.restored_version !== undefined ? ` the content of version ${d.deployment.restored_version}` : ''}.`;
    });

  return (
    <>
      <div className="controls">{picker}</div>
      <Outcome outcome={action.outcome} />
      <h3>Profile versions of {collection}</h3>
      <Show loaded={deployments}>
        {(list) => (
          <>
            {admin && list.length > 1 && (
              <button type="button" className="danger" disabled={action.busy} onClick={rollback} data-testid="rollback">
                Roll back
              </button>
            )}
            <Table testid="deployments" head={['Version', 'Kind', 'Model', 'Encoder', 'Active', 'Created (UTC)']}>
              {[...list]
                .sort((a, b) => b.version - a.version)
                .map((d) => (
                  <tr key={d.version} data-testid="deployment-row" data-version={d.version} className={d.active ? 'chosen' : ''}>
                    <td>v{d.version}</td>
                    <td data-col="kind">{d.deployment.kind}</td>
                    <td data-col="model">{d.adapter?.model_id ?? d.deployment.model_id ?? '–'}</td>
                    <td>{d.encoder}</td>
                    <td data-col="active">{d.active ? 'active' : ''}</td>
                    <td>{utcSeconds(d.created_at)}</td>
                  </tr>
                ))}
            </Table>
          </>
        )}
      </Show>
      <h3>Model registry</h3>
      <Show loaded={models}>
        {(page) =>
          page.items.length === 0 ? (
            <Empty>No models yet: fine-tuning tasks register their best models here.</Empty>
          ) : (
            <>
              <p data-testid="models-total">{count(page.total, 'model')}</p>
              <Table testid="models" head={['Model', 'Iteration', 'Seq', 'Main metric', 'Status', 'Created (UTC)', ...(admin ? [''] : [])]}>
                {page.items.map((m) => (
                  <tr key={m.id} data-testid="model-row" data-id={m.id}>
                    <td>{m.id}</td>
                    <td>{m.iteration_name}</td>
                    <td>{m.seq}</td>
                    <td data-col="main_metric">{m.main_metric ? `${m.main_metric.name} ${num(m.main_metric.value, 4)}` : '–'}</td>
                    <td data-col="status">{m.status}</td>
                    <td>{utc(m.created_at)}</td>
                    {admin && (
                      <td>
                        {m.status === 'live' && m.run_id !== null && (
                          <button type="button" disabled={action.busy || active?.adapter?.model_id === m.id} onClick={() => deploy(m)} data-testid="deploy">
                            Deploy to {collection}
                          </button>
                        )}
                      </td>
                    )}
                  </tr>
                ))}
              </Table>
            </>
          )
        }
      </Show>
    </>
  );
}
