import { artifactKeyProblem, assertValidArtifactKey, assertValidArtifactPrefix, assertValidContentType, isValidArtifactKey } from './keys.js';

describe('artifact key rules', () => {
  it('accepts relative paths of [A-Za-z0-9._-] segments up to the limits', () => {
    for (const key of ['a', 'models/query-adapter/3/model.onnx', 'A_b-c.d/e', '.hidden', '..x/y..', `${'s'.repeat(200)}/x`, 'k/'.repeat(255) + 'zz']) {
      expect(artifactKeyProblem(key)).toBeNull();
      expect(isValidArtifactKey(key)).toBe(true);
    }
    expect(('k/'.repeat(255) + 'zz').length).toBe(512);
  });

  it('names the broken rule', () => {
    expect(artifactKeyProblem('')).toBe('a key must not be empty');
    expect(artifactKeyProblem('/a')).toBe('a key is a relative path and must not start with "/"');
    expect(artifactKeyProblem('a/')).toBe('a key names an object, not a folder, and must not end with "/"');
    expect(artifactKeyProblem('a//b')).toBe('a key must not contain an empty segment ("//")');
    expect(artifactKeyProblem('a/../b')).toBe('a key must not contain a ".." segment');
    expect(artifactKeyProblem('a/./b')).toBe('a key must not contain a "." segment');
    expect(artifactKeyProblem('a/b c')).toBe('segment "b c" holds " "; segments use only A-Z a-z 0-9 . _ -');
    expect(artifactKeyProblem('a:b')).toBe('segment "a:b" holds ":"; segments use only A-Z a-z 0-9 . _ -');
    expect(artifactKeyProblem('x'.repeat(513))).toBe('a key has at most 512 characters, this one has 513');
    expect(artifactKeyProblem(`${'s'.repeat(201)}/x`)).toBe('a segment has at most 200 characters, one has 201');
    expect(artifactKeyProblem('m/model.onnx.meta.json')).toBe('segment "model.onnx.meta.json" ends with ".meta.json", which is reserved for metadata files');
    expect(artifactKeyProblem('m.meta.json/x')).toContain('reserved for metadata files');
    expect(artifactKeyProblem(42)).toBe('a key must be a string, got number');
    expect(artifactKeyProblem(null)).toBe('a key must be a string, got null');
  });

  it('throws ArtifactInvalidKeyError with the key and the rule', () => {
    expect(() => assertValidArtifactKey('a/../b')).toThrow(
      expect.objectContaining({
        name: 'ArtifactInvalidKeyError',
        code: 'ARTIFACT_STORE_INVALID_KEY',
        category: 'input',
        message: 'Invalid artifact key "a/../b": a key must not contain a ".." segment.',
        details: { key: 'a/../b', rule: 'a key must not contain a ".." segment' },
      }),
    );
    const long = 'x'.repeat(600);
    expect(() => assertValidArtifactKey(long)).toThrow(/^Invalid artifact key "x{100}…\(600 chars\)": a key has at most 512 characters/);
  });

  it('accepts prefixes that start a valid key and rejects the rest', () => {
    for (const prefix of ['', 'a', 'a/', 'a/b', 'models/query-adapter/3/', '..x', 'a/.']) expect(() => assertValidArtifactPrefix(prefix)).not.toThrow();
    const cases: [string, string][] = [
      ['/a', 'a prefix is a relative path and must not start with "/"'],
      ['a//', 'a key must not contain an empty segment ("//")'],
      ['../', 'a key must not contain a ".." segment'],
      ['a/b c', 'a prefix holds only A-Z a-z 0-9 . _ - and /, found " "'],
    ];
    for (const [prefix, rule] of cases) {
      expect(() => assertValidArtifactPrefix(prefix)).toThrow(
        expect.objectContaining({ code: 'ARTIFACT_STORE_INVALID_KEY', message: `Invalid artifact prefix ${JSON.stringify(prefix)}: ${rule}.`, details: { prefix, rule } }),
      );
    }
  });

  it('checks content types', () => {
    for (const ok of ['application/octet-stream', 'application/json; charset=utf-8', 'x']) expect(() => assertValidContentType(ok)).not.toThrow();
    expect(() => assertValidContentType('')).toThrow(
      expect.objectContaining({
        code: 'ARTIFACT_STORE_INVALID_CONTENT_TYPE',
        message: 'Invalid contentType "": must have 1 to 255 characters, has 0. Pass a media type such as "application/octet-stream", or omit it.',
      }),
    );
    expect(() => assertValidContentType('text/plain ')).toThrow(/printable ASCII without leading or trailing spaces/);
    expect(() => assertValidContentType('text/plain\nx')).toThrow(/printable ASCII/);
    expect(() => assertValidContentType('tëxt/plain')).toThrow(/printable ASCII/);
  });
});
