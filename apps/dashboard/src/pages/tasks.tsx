import { count, num, pct, utc } from '../lib/format';
import type { Task } from '../lib/types';
import { Empty, Show, Table, useLoad, type PageProps } from '../ui';

/** How often the list is read again while the page is open. */
const POLL_MS = 2000;

function progressText(t: Task): string {
  const p = t.progress;
  if (!p) return '';
  const parts = [p.phase];
  if (p.run !== undefined && p.runs !== undefined) parts.push(`run ${p.run}/${p.runs}`);
  if (p.epoch !== undefined && p.epochs !== undefined) parts.push(`epoch ${p.epoch}/${p.epochs}`);
  if (p.best_metric) parts.push(`best ${p.best_metric.name} ${num(p.best_metric.value, 4)}`);
  if (p.message) parts.push(p.message);
  return parts.join(' · ');
}

export function TasksPage({ api }: PageProps) {
  const tasks = useLoad(() => api.get<Task[]>('/fine-tuning/task', { limit: 100 }), 'tasks', POLL_MS);
  return (
    <Show loaded={tasks}>
      {(list) =>
        list.length === 0 ? (
          <Empty>No fine-tuning tasks yet: create one with POST /api/v1/fine-tuning/task.</Empty>
        ) : (
          <>
            <p data-testid="tasks-total">
              {count(list.length, 'task')}, {list.filter((t) => t.status === 'processing' || t.status === 'pending').length} active (refreshed every {POLL_MS / 1000} s)
            </p>
            <Table testid="tasks" head={['Task', 'Method', 'Status', 'Progress', 'Best model', 'Created (UTC)']}>
              {list.map((t) => (
                <tr key={t.id} data-testid="task-row" data-id={t.id}>
                  <td>{t.id}</td>
                  <td>{t.fine_tuning_method}</td>
                  <td data-col="status">{t.status}</td>
                  <td>
                    {t.progress && (
                      <>
                        <progress max={1} value={t.progress.fraction} /> <span data-col="fraction">{pct(t.progress.fraction)}</span> <small>{progressText(t)}</small>
                      </>
                    )}
                    {t.error && <div className="error-inline">{`${t.error.code}: ${t.error.message}`}</div>}
                  </td>
                  <td data-col="best_model_id">{t.best_model_id ?? '–'}</td>
                  <td>{utc(t.created_at)}</td>
                </tr>
              ))}
            </Table>
          </>
        )
      }
    </Show>
  );
}
