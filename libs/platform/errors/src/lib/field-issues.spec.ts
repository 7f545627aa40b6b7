import { ValidationError, type FieldIssue } from './app-error.js';
import { FieldIssues } from './field-issues.js';
import { previewValue, toDetailValue } from './values.js';

class DemoValidationError extends ValidationError {
  constructor(issues: FieldIssue[]) {
    super('DEMO_VALIDATION', issues);
  }
}

describe('FieldIssues', () => {
  it('collects every issue and throws them together', () => {
    const c = new FieldIssues();
    expect(c.ok).toBe(true);
    expect(() => c.throwIfAny((issues) => new DemoValidationError(issues))).not.toThrow();
    expect(c.add('a', 'is required')).toBeUndefined();
    c.add('b.c', 'must be a number');
    expect(c.ok).toBe(false);
    expect(() => c.throwIfAny((issues) => new DemoValidationError(issues))).toThrow(
      expect.objectContaining({ code: 'DEMO_VALIDATION', details: { issues: [{ field: 'a', message: 'is required' }, { field: 'b.c', message: 'must be a number' }] } }),
    );
  });
});

describe('previewValue', () => {
  it('prints JSON, cut at 80 characters, and never throws', () => {
    expect(previewValue('x')).toBe('"x"');
    expect(previewValue({ a: 1 })).toBe('{"a":1}');
    expect(previewValue(undefined)).toBe('undefined');
    expect(previewValue('y'.repeat(200))).toHaveLength(80);
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    expect(previewValue(cyclic)).toBe('object');
  });
});

describe('toDetailValue', () => {
  it('keeps scalars and short arrays, and names the type of anything else', () => {
    expect(toDetailValue(3)).toBe(3);
    expect(toDetailValue(null)).toBeNull();
    expect(toDetailValue([1, 'a', { b: 1 }])).toEqual([1, 'a', 'object']);
    expect(toDetailValue(new Array(17).fill(0))).toBe('array(17)');
    expect(toDetailValue(() => 1)).toBe('function');
  });
});
