// How numbers and times read on every page. The browser test formats the API's answers with the
// same rules, written out independently, so a change here must be a deliberate one.

/** A fraction 0..1 as a percentage with one decimal: `0.4567` → `45.7%`; null → `–`. */
export function pct(x: number | null | undefined): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '–' : `${(x * 100).toFixed(1)}%`;
}

/** A number with at most `digits` decimals (trailing zeros kept): `0.1234` → `0.123`; null → `–`. */
export function num(x: number | null | undefined, digits = 3): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(digits);
}

/** A duration in ms: `12.345` → `12.3 ms`; null → `–`. */
export function ms(x: number | null | undefined): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '–' : `${x.toFixed(1)} ms`;
}

/** A time as `YYYY-MM-DD HH:MM` UTC, from an ISO string or epoch milliseconds. */
export function utc(t: string | number | null | undefined): string {
  if (t === null || t === undefined) return '–';
  const d = new Date(t);
  return Number.isNaN(d.getTime()) ? '–' : `${d.toISOString().slice(0, 16).replace('T', ' ')}`;
}

/** A time given in epoch seconds (the search API's unit). */
export function utcSeconds(t: number | null | undefined): string {
  return t === null || t === undefined ? '–' : utc(t * 1000);
}

/** A win rate with its confidence interval: `0.62 [0.55, 0.69]`. */
export function withCi(value: number | null, ci: readonly [number, number] | null): string {
  if (value === null) return '–';
  return ci ? `${num(value)} [${num(ci[0])}, ${num(ci[1])}]` : num(value);
}

/** A count with its noun: `1 model`, `2 models`. */
export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
