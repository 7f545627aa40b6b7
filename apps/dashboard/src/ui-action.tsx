import { useState } from 'react';
import { explain } from './lib/api';

/** An admin action: asks for confirmation, runs, and reports what happened. */
export function useAction(after: () => void): { run(question: string, act: () => Promise<string>): void; busy: boolean; outcome: { ok: boolean; text: string } | undefined } {
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string }>();
  const run = (question: string, act: () => Promise<string>) => {
    if (busy || !window.confirm(question)) return;
    setBusy(true);
    act().then(
      (text) => {
        setOutcome({ ok: true, text });
        setBusy(false);
        after();
      },
      (error: unknown) => {
        setOutcome({ ok: false, text: explain(error) });
        setBusy(false);
      },
    );
  };
  return { run, busy, outcome };
}

export function Outcome({ outcome }: { outcome: { ok: boolean; text: string } | undefined }) {
  if (!outcome) return null;
  return (
    <div className={outcome.ok ? 'notice' : 'error'} role="status" data-testid="outcome">
      {outcome.text}
    </div>
  );
}
