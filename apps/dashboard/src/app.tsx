// The shell: the key (asked for on first load, kept in localStorage), what it may do, the
// navigation between pages (client routes under /dashboard/), and the page shown.
import { useEffect, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { ApiError, createApi, explain, probeAccess, type Access } from './lib/api';
import { ComparisonsPage } from './pages/comparisons';
import { ExperimentsPage } from './pages/experiments';
import { ModelsPage } from './pages/models';
import { QualityPage } from './pages/quality';
import { TasksPage } from './pages/tasks';
import type { PageProps } from './ui';

const KEY_STORAGE = 'embedding-studio.dashboard.key';
const BASE = '/dashboard';

const PAGES = [
  { path: 'quality', title: 'Quality', Page: QualityPage },
  { path: 'experiments', title: 'Experiments', Page: ExperimentsPage },
  { path: 'tasks', title: 'Tasks', Page: TasksPage },
  { path: 'models', title: 'Models & deployments', Page: ModelsPage },
  { path: 'comparisons', title: 'Comparisons', Page: ComparisonsPage },
] as const;

function currentPage(): string {
  const rest = window.location.pathname.startsWith(BASE) ? window.location.pathname.slice(BASE.length) : '';
  const name = rest.split('/').filter(Boolean)[0] ?? '';
  return PAGES.some((p) => p.path === name) ? name : 'quality';
}

type Door = { state: 'checking' } | { state: 'ask'; message?: string } | { state: 'in'; access: Access } | { state: 'down'; message: string };

export function App() {
  const [key, setKey] = useState<string | undefined>(() => localStorage.getItem(KEY_STORAGE) ?? undefined);
  const [door, setDoor] = useState<Door>({ state: 'checking' });
  const [page, setPage] = useState(currentPage);
  const api = useMemo(() => createApi(key), [key]);

  useEffect(() => {
    let live = true;
    setDoor({ state: 'checking' });
    probeAccess(api).then(
      (access) => live && setDoor({ state: 'in', access }),
      (error: unknown) => {
        if (!live) return;
        if (error instanceof ApiError && error.status === 401) setDoor({ state: 'ask', ...(key ? { message: explain(error) } : {}) });
        else setDoor({ state: 'down', message: explain(error) });
      },
    );
    return () => {
      live = false;
    };
  }, [api, key]);

  useEffect(() => {
    const onPop = () => setPage(currentPage());
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  const go = (path: string) => (e: { preventDefault(): void }) => {
    e.preventDefault();
    window.history.pushState(null, '', `${BASE}/${path}`);
    setPage(path);
  };
  const saveKey = (value: string | undefined) => {
    if (value) localStorage.setItem(KEY_STORAGE, value);
    else localStorage.removeItem(KEY_STORAGE);
    setKey(value);
  };

  const current = PAGES.find((p) => p.path === page) ?? PAGES[0];
  return (
    <div className="shell">
      <header>
        <h1>EmbeddingStudio</h1>
        <nav>
          {PAGES.map((p) => (
            <a key={p.path} href={`${BASE}/${p.path}`} onClick={go(p.path)} className={p.path === page ? 'active' : ''} data-testid={`nav-${p.path}`}>
              {p.title}
            </a>
          ))}
        </nav>
        <div className="who">
          {door.state === 'in' && <span data-testid="access">{door.access === 'open' ? 'no keys (ES_AUTH=off)' : door.access === 'admin' ? 'admin key' : 'key without admin scope'}</span>}
          {key && (
            <button type="button" onClick={() => saveKey(undefined)} data-testid="change-key">
              Change key
            </button>
          )}
        </div>
      </header>
      <main>
        {door.state === 'checking' && <div className="loading">Connecting…</div>}
        {door.state === 'down' && (
          <div className="error" role="alert" data-testid="error">
            {door.message}
          </div>
        )}
        {door.state === 'ask' && <KeyForm message={door.message} onKey={saveKey} />}
        {door.state === 'in' && <PageView Page={current.Page} title={current.title} props={{ api, access: door.access }} />}
      </main>
    </div>
  );
}

function PageView({ Page, title, props }: { Page: (p: PageProps) => ReactNode; title: string; props: PageProps }) {
  return (
    <section data-testid="page">
      <h2>{title}</h2>
      <Page {...props} />
    </section>
  );
}

function KeyForm({ message, onKey }: { message: string | undefined; onKey(key: string): void }) {
  const [value, setValue] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (value.trim()) onKey(value.trim());
  };
  return (
    <form className="key-form" onSubmit={submit} data-testid="key-form">
      <p>This API needs a key. Enter a key with the read scope (admin to deploy and roll back); it stays in this browser only.</p>
      {message && (
        <div className="error" role="alert">
          {message}
        </div>
      )}
      <input type="password" autoComplete="off" placeholder="API key" value={value} onChange={(e) => setValue(e.target.value)} data-testid="key-input" />
      <button type="submit" data-testid="key-submit">
        Use this key
      </button>
    </form>
  );
}
