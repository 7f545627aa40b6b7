import { COMPARISON_SCHEMAS as S, parseEstimate, parseListQuery, parseNewComparison } from './parse.js';

const invalid = expect.objectContaining({ code: 'COMPARISON_VALIDATION' });
const fields = (e: () => unknown): string[] => {
  try {
    e();
  } catch (error) {
    return ((error as { issues: { field: string }[] }).issues ?? []).map((i) => i.field);
  }
  return [];
};

describe('parsers agree with COMPARISON_SCHEMAS', () => {
  it.each([
    ['newComparison', S.newComparison, parseNewComparison],
    ['estimate', S.estimate, parseEstimate],
  ] as const)('%s: accepts every example, rejects a missing or mistyped required field and unknown fields', (_n, schema, parse) => {
    for (const example of schema.examples) {
      expect(() => parse(example)).not.toThrow();
      for (const field of schema.required) {
        const { [field]: _dropped, ...rest } = example as Record<string, unknown>;
        expect(fields(() => parse(rest))).toEqual([field]);
        expect(() => parse({ ...example, [field]: 12 })).toThrow(invalid);
      }
      expect(fields(() => parse({ ...example, nope: 1 }))).toEqual(['nope']);
    }
    for (const notObject of [null, [], 'x', 1]) expect(() => parse(notObject)).toThrow(invalid);
  });

  it('applies the contract defaults', () => {
    expect(parseNewComparison({ collection: 'docs', candidate_model_id: 'm' })).toEqual({ collection: 'docs', candidate_model_id: 'm', method: 'interleaving', share: 0.2, alpha: 0.05, min_queries: 200, max_queries: 5000 });
    expect(parseEstimate({ collection: 'docs', candidate_model_id: 'm' }).max_sessions).toBe(5000);
  });

  it('names each bad field', () => {
    const body = { collection: 'docs_v2', candidate_model_id: ' ', method: 'bandit', share: 1.5, alpha: 0, min_queries: 1.5, max_queries: -1 };
    expect(fields(() => parseNewComparison(body)).sort()).toEqual(['alpha', 'candidate_model_id', 'collection', 'max_queries', 'method', 'min_queries', 'share']);
    expect(fields(() => parseListQuery({ collection: '' }))).toEqual(['collection']);
  });
});
