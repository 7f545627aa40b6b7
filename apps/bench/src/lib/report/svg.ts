import type { GroupSummary } from './aggregate.js';

const COLOURS: Record<string, string> = {
  B0: '#555555',
  P: '#1f77b4',
  'C-pop': '#ff7f0e',
  'C-rand': '#d62728',
  O: '#2ca02c',
  F: '#9467bd',
};

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * A learning curve as a self-contained SVG: mean nDCG@10 (± 95% t-interval over seeds) against
 * the session budget (log scale), one line per system, for one (split, setting).
 */
export function learningCurveSvg(groups: readonly GroupSummary[], title: string): string {
  const W = 640;
  const H = 400;
  const m = { l: 60, r: 110, t: 36, b: 48 };
  const budgets = [...new Set(groups.map((g) => g.budget))].sort((a, b) => a - b);
  const series = new Map<string, Array<{ budget: number; y: number; lo: number; hi: number }>>();
  for (const g of groups) {
    for (const s of g.systems) {
      const pts = series.get(s.system) ?? [];
      pts.push({ budget: g.budget, y: s.ndcg10.mean, lo: s.ndcg10.lo, hi: s.ndcg10.hi });
      series.set(s.system, pts);
    }
  }
  const ys = [...series.values()].flat().flatMap((p) => [p.y, p.lo, p.hi]).filter((v) => Number.isFinite(v));
  let yMin = ys.length ? Math.min(...ys) : 0;
  let yMax = ys.length ? Math.max(...ys) : 1;
  if (yMax - yMin < 0.01) {
    yMin -= 0.005;
    yMax += 0.005;
  }
  const pad = (yMax - yMin) * 0.08;
  yMin -= pad;
  yMax += pad;
  const lx = budgets.map((b) => Math.log10(Math.max(1, b)));
  const xMin = Math.min(...lx);
  const xMax = Math.max(...lx);
  const px = (b: number): number => {
    const v = Math.log10(Math.max(1, b));
    return xMax === xMin ? m.l + (W - m.l - m.r) / 2 : m.l + ((v - xMin) / (xMax - xMin)) * (W - m.l - m.r);
  };
  const py = (y: number): number => m.t + (1 - (y - yMin) / (yMax - yMin)) * (H - m.t - m.b);
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`);
  parts.push(`<rect width="${W}" height="${H}" fill="#ffffff"/>`);
  parts.push(`<text x="${W / 2}" y="20" text-anchor="middle" font-size="14">${esc(title)}</text>`);
  parts.push(`<line x1="${m.l}" y1="${H - m.b}" x2="${W - m.r}" y2="${H - m.b}" stroke="#000"/>`);
  parts.push(`<line x1="${m.l}" y1="${m.t}" x2="${m.l}" y2="${H - m.b}" stroke="#000"/>`);
  for (let i = 0; i <= 5; i++) {
    const y = yMin + ((yMax - yMin) * i) / 5;
    const yy = py(y).toFixed(1);
    parts.push(`<line x1="${m.l - 4}" y1="${yy}" x2="${W - m.r}" y2="${yy}" stroke="#e5e5e5"/>`);
    parts.push(`<text x="${m.l - 6}" y="${yy}" text-anchor="end" dominant-baseline="middle">${y.toFixed(3)}</text>`);
  }
  for (const b of budgets) {
    const xx = px(b).toFixed(1);
    parts.push(`<line x1="${xx}" y1="${H - m.b}" x2="${xx}" y2="${H - m.b + 4}" stroke="#000"/>`);
    parts.push(`<text x="${xx}" y="${H - m.b + 18}" text-anchor="middle">${b}</text>`);
  }
  parts.push(`<text x="${(m.l + W - m.r) / 2}" y="${H - 8}" text-anchor="middle">sessions (log scale)</text>`);
  parts.push(`<text x="16" y="${(m.t + H - m.b) / 2}" text-anchor="middle" transform="rotate(-90 16 ${(m.t + H - m.b) / 2})">nDCG@10</text>`);
  let legendY = m.t + 8;
  for (const [system, pts] of series) {
    const colour = COLOURS[system] ?? '#000000';
    const sorted = pts.slice().sort((a, b) => a.budget - b.budget);
    const path = sorted.map((p, i) => `${i === 0 ? 'M' : 'L'}${px(p.budget).toFixed(1)},${py(p.y).toFixed(1)}`).join(' ');
    parts.push(`<path d="${path}" fill="none" stroke="${colour}" stroke-width="2"/>`);
    for (const p of sorted) {
      const x = px(p.budget).toFixed(1);
      if (Number.isFinite(p.lo) && Number.isFinite(p.hi)) {
        parts.push(`<line x1="${x}" y1="${py(p.lo).toFixed(1)}" x2="${x}" y2="${py(p.hi).toFixed(1)}" stroke="${colour}"/>`);
      }
      parts.push(`<circle cx="${x}" cy="${py(p.y).toFixed(1)}" r="3" fill="${colour}"><title>${esc(system)} @ ${p.budget}: ${p.y.toFixed(4)}</title></circle>`);
    }
    parts.push(`<line x1="${W - m.r + 12}" y1="${legendY}" x2="${W - m.r + 32}" y2="${legendY}" stroke="${colour}" stroke-width="2"/>`);
    parts.push(`<text x="${W - m.r + 36}" y="${legendY}" dominant-baseline="middle">${esc(system)}</text>`);
    legendY += 18;
  }
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}
