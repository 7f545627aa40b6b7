import { count, ms, num, pct, utc, utcSeconds, withCi } from './format';

describe('format', () => {
  it('writes rates as percentages with one decimal, and missing values as a dash', () => {
    expect([pct(0.4567), pct(1), pct(0), pct(null), pct(Number.NaN)]).toEqual(['45.7%', '100.0%', '0.0%', '–', '–']);
  });
  it('writes numbers and durations with fixed decimals', () => {
    expect([num(0.12345), num(2, 0), ms(12.345), ms(null)]).toEqual(['0.123', '2', '12.3 ms', '–']);
  });
  it('writes times in UTC to the minute from ISO strings, epoch ms and epoch seconds', () => {
    expect([utc('2026-12-07T04:31:10.000Z'), utc(Date.UTC(2026, 11, 7, 4, 31)), utcSeconds(1_800_000_000), utc('garbage'), utc(null)]).toEqual([
      '2026-12-07 04:31',
      '2026-12-07 04:31',
      '2027-01-15 08:00',
      '–',
      '–',
    ]);
  });
  it('writes counts with a singular or plural noun', () => {
    expect([count(0, 'model'), count(1, 'model'), count(2, 'model')]).toEqual(['0 models', '1 model', '2 models']);
  });
  it('writes a win rate with its interval', () => {
    expect([withCi(0.62, [0.55, 0.69]), withCi(0.5, null), withCi(null, null)]).toEqual(['0.620 [0.550, 0.690]', '0.500', '–']);
  });
});
