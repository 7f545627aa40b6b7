import { createRng } from '@embedding-studio/random';
import { assignSearch, teamDraft } from './interleave.js';

describe('assignSearch', () => {
  it('is deterministic per search id and enters about `share` of the searches', () => {
    const c = { id: 'docs.1', method: 'interleaving' as const, share: 0.2 };
    expect(assignSearch(c, 's1').kind).toBe(assignSearch(c, 's1').kind);
    let entered = 0;
    for (let i = 0; i < 5000; i++) if (assignSearch(c, `s${i}`).kind !== 'none') entered++;
    expect(entered / 5000).toBeGreaterThan(0.18);
    expect(entered / 5000).toBeLessThan(0.22);
  });

  it('splits A/B searches evenly between the arms, the same way every time', () => {
    const c = { id: 'docs.2', method: 'ab' as const, share: 1 };
    const arms = { control: 0, candidate: 0 };
    for (let i = 0; i < 4000; i++) {
      const a = assignSearch(c, `s${i}`);
      if (a.kind !== 'ab') throw new Error('share 1 enters every search');
      arms[a.arm]++;
      expect(assignSearch(c, `s${i}`)).toEqual(a);
    }
    expect(arms.control / 4000).toBeGreaterThan(0.47);
    expect(arms.control / 4000).toBeLessThan(0.53);
  });
});

describe('teamDraft', () => {
  it('alternates picks, never shows an id twice, and keeps each team’s order', () => {
    const control = ['a', 'b', 'c', 'd', 'e'];
    const candidate = ['c', 'a', 'f', 'g', 'b'];
    for (let seed = 0; seed < 20; seed++) {
      const { ids, teams } = teamDraft(control, candidate, 6, createRng(seed));
      expect(ids).toHaveLength(6);
      expect(new Set(ids).size).toBe(6);
      const count = (t: string) => teams.filter((x) => x === t).length;
      expect(Math.abs(count('control') - count('candidate'))).toBeLessThanOrEqual(1);
      // Each team's picks appear in its own ranking's order.
      for (const [team, list] of [['control', control], ['candidate', candidate]] as const) {
        const picked = ids.filter((_, i) => teams[i] === team).map((id) => list.indexOf(id));
        expect(picked.every((x) => x >= 0)).toBe(true);
        expect([...picked].sort((x, y) => x - y)).toEqual(picked);
      }
    }
  });

  it('gives the first result to either team about half the time', () => {
    let controlFirst = 0;
    for (let seed = 0; seed < 1000; seed++) if (teamDraft(['a', 'b'], ['b', 'a'], 2, createRng(seed)).teams[0] === 'control') controlFirst++;
    expect(controlFirst).toBeGreaterThan(440);
    expect(controlFirst).toBeLessThan(560);
  });

  it('fills from the other list when one runs out, and stops at k or when both are exhausted', () => {
    const r = teamDraft(['a'], ['b', 'c', 'd'], 3, createRng(1));
    expect([...r.ids].sort()).toEqual(['a', 'b', 'c']);
    expect(r.teams.filter((t) => t === 'candidate')).toHaveLength(2);
    expect(teamDraft(['a'], ['a'], 5, createRng(1)).ids).toEqual(['a']);
    expect(teamDraft([], [], 5, createRng(1)).ids).toEqual([]);
  });
});
