import { readFileSync } from 'node:fs';
import { QualityLeaseLostError, QualityValidationError, SEARCH_QUALITY_ERROR_CODES } from './errors.js';

const samples = [new QualityValidationError([{ field: 'from', message: 'x' }]), new QualityLeaseLostError('api@h:1')];

describe('error catalogue', () => {
  it('has one class per listed code, each with its category', () => {
    expect(samples.map((e) => e.code)).toEqual([...SEARCH_QUALITY_ERROR_CODES]);
    expect(samples.map((e) => [e.category, e.name])).toEqual([
      ['validation', 'QualityValidationError'],
      ['unavailable', 'QualityLeaseLostError'],
    ]);
  });

  it('the README "Errors" table lists exactly these codes', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('## Errors'), readme.indexOf('\n## ', readme.indexOf('## Errors') + 1));
    expect([...section.matchAll(/^\| `([A-Z0-9_]+)` \|/gm)].map((m) => m[1])).toEqual([...SEARCH_QUALITY_ERROR_CODES]);
  });
});
