// Small building blocks every page uses: loading, errors, empty states, a collection picker.
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { explain, type Access, type Api } from './lib/api';
import type { Collection } from './lib/types';

export interface PageProps {
  api: Api;
  access: Access;
}

export const canAdmin = (access: Access): boolean => access !== 'limited';

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload(): void;
}

/** Calls `load` when `key` changes (and on reload); keeps the last data while reloading. */
export function useLoad<T>(load: () => Promise<T>, key: string, pollMs?: number): Loaded<T> {
  const [state, setState] = useState<{ data: T | undefined; error: unknown; loading: boolean }>({ data: undefined, error: undefined, loading: true });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => live && setState({ data, error: undefined, loading: false }),
      (error: unknown) => live && setState({ data: undefined, error, loading: false }),
    );
    return () => {
      live = false;
    };
    // `load` is rebuilt every render; `key` names what it loads.
  }, [key, tick]);
  useEffect(() => {
    if (!pollMs) return undefined;
    const timer = setInterval(() => setTick((t) => t + 1), pollMs);
    return () => clearInterval(timer);
  }, [pollMs]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}

export function ErrorBox({ error }: { error: unknown }) {
  return (
    <div className="error" role="alert" data-testid="error">
      {explain(error)}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return (
    <div className="empty" data-testid="empty">
      {children}
    </div>
  );
}

/** Loading, error or the content of a loaded value. */
export function Show<T>({ loaded, children }: { loaded: Loaded<T>; children: (data: T) => ReactNode }) {
  if (loaded.error !== undefined) return <ErrorBox error={loaded.error} />;
  if (loaded.data === undefined) return <div className="loading">Loading…</div>;
  return <>{children(loaded.data)}</>;
}

/** The collections of the API, with the chosen one (the first by default). */
export function useCollections(api: Api): { collections: Loaded<Collection[]>; chosen: string; choose(name: string): void } {
  const collections = useLoad(() => api.get<Collection[]>('/collections'), 'collections');
  const [picked, choose] = useState('');
  const chosen = picked || collections.data?.[0]?.name || '';
  return { collections, chosen, choose };
}

export function CollectionPicker({ collections, chosen, choose }: ReturnType<typeof useCollections>) {
  const names = (collections.data ?? []).map((c) => [c.name, c.name] as const);
  return <Select label="Collection" testid="collection" value={chosen} options={names} onChange={choose} disabled={names.length === 0} />;
}

/** A collection picker with what the page shows for the chosen one; "no collections" when there are none. */
export function WithCollection({ api, children }: { api: Api; children: (collection: string, picker: ReactNode) => ReactNode }) {
  const state = useCollections(api);
  return (
    <Show loaded={state.collections}>
      {(list) => (list.length === 0 ? <Empty>No collections yet: create one with POST /api/v1/collections.</Empty> : <>{children(state.chosen, <CollectionPicker {...state} />)}</>)}
    </Show>
  );
}

/** A table with a header row; `head` names the columns (an empty name for a column of buttons). */
export function Table({ testid, head, children }: { testid: string; head: readonly string[]; children: ReactNode }) {
  return (
    <table data-testid={testid}>
      <thead>
        <tr>
          {head.map((h, i) => (
            <th key={i}>{h}</th>
          ))}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}

/** A labelled drop-down of `[value, text]` options. */
export function Select<T extends string>({ label, testid, value, options, onChange, disabled }: { label: string; testid: string; value: T; options: readonly (readonly [NoInfer<T>, string])[]; onChange(value: NoInfer<T>): void; disabled?: boolean }) {
  return (
    <label className="picker">
      {label}{' '}
      <select data-testid={testid} value={value} onChange={(e) => onChange(e.target.value as T)} disabled={disabled ?? false}>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}
