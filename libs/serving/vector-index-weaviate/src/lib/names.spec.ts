import { fromClassName, toClassName } from './names.js';

describe('Weaviate class names', () => {
  it('map port names reversibly, keeping case apart', () => {
    for (const name of ['papers_v1', 'Papers_v1', 'a', 'x_Y_9']) expect(fromClassName(toClassName(name))).toBe(name);
    expect(toClassName('papers_v1')).not.toBe(toClassName('Papers_v1'));
    expect(toClassName('papers')).toMatch(/^[A-Z]/);
  });

  it('ignore classes this adapter did not name, and reject invalid port names', () => {
    expect(fromClassName('Papers')).toBeUndefined();
    expect(fromClassName('C')).toBeUndefined();
    expect(fromClassName('C1abc')).toBeUndefined();
    expect(() => toClassName('bad-name')).toThrow(expect.objectContaining({ code: 'VECTOR_INDEX_INVALID_INPUT' }));
  });
});
