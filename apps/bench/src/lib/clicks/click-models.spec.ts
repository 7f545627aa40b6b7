import { parseSetting } from './click-models.js';

// The click models themselves are tested in @embedding-studio/click-simulation.
describe('parseSetting', () => {
  it('accepts any case and rejects unknown ids', () => {
    expect(parseSetting('s3')).toBe('S3');
    expect(() => parseSetting('S4')).toThrow(expect.objectContaining({ code: 'BENCH_INVALID_ARGUMENT' }));
  });
});
