import { readFileSync } from 'node:fs';
import { COMPARISON_ERROR_CODES, ComparisonNotEnoughDataError, ComparisonNotFoundError, ComparisonRunningError, ComparisonValidationError } from './errors.js';

const samples = [new ComparisonValidationError([{ field: 'share', message: 'x' }]), new ComparisonNotFoundError('docs.1'), new ComparisonRunningError('docs', 'docs.1'), new ComparisonNotEnoughDataError('docs', 1)];

describe('comparison errors', () => {
  it('each code has a class with its category, and the README errors table lists every code', () => {
    expect(samples.map((e) => e.code)).toEqual([...COMPARISON_ERROR_CODES]);
    expect(samples.map((e) => e.category)).toEqual(['validation', 'not-found', 'conflict', 'conflict']);
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    for (const code of COMPARISON_ERROR_CODES) expect(readme).toContain(`\`${code}\``);
  });

  it('messages say how to fix the problem', () => {
    expect(new ComparisonRunningError('docs', 'docs.1').message).toContain('POST /comparisons/docs.1/stop');
  });
});
