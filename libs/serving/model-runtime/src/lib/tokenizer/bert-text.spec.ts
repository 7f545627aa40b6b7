import { isBertPunctuation, normalizeBertText, preTokenizeBert } from './bert-text.js';

const ALL = { cleanText: true, handleChineseChars: true, stripAccents: true, lowercase: true };

describe('normalizeBertText', () => {
  it('lowercases and strips accents (NFD, non-spacing marks dropped)', () => {
    expect(normalizeBertText('Ångström CAFÉ naïve', ALL)).toBe('angstrom cafe naive');
  });

  it('keeps accents when stripAccents is off', () => {
    expect(normalizeBertText('Café', { ...ALL, stripAccents: false })).toBe('café');
  });

  it('keeps case when lowercase is off', () => {
    expect(normalizeBertText('Café', { ...ALL, lowercase: false })).toBe('Cafe');
  });

  it('drops control and format characters and maps whitespace to spaces', () => {
    // NUL, U+FFFD, BEL and a zero-width space (format, Cf) go; tab, newline and NBSP become spaces.
    expect(normalizeBertText('a\u0000b\uFFFDc\u0007d\u200Be\tf\ng\u00A0h', ALL)).toBe('abcde f g h');
  });

  it('puts spaces around CJK ideographs only', () => {
    expect(normalizeBertText('ab中文cd', ALL)).toBe('ab 中  文 cd');
    // Hiragana is not in the ideograph blocks.
    expect(normalizeBertText('ひら', ALL)).toBe('ひら');
  });

  it('lowercases character by character (no final-sigma context rule)', () => {
    expect(normalizeBertText('ΟΔΟΣ', { ...ALL, stripAccents: false })).toBe('οδοσ');
  });

  it('does nothing when every step is off', () => {
    const none = { cleanText: false, handleChineseChars: false, stripAccents: false, lowercase: false };
    expect(normalizeBertText('A\tÉ中', none)).toBe('A\tÉ中');
  });
});

describe('preTokenizeBert', () => {
  it('splits on whitespace and isolates punctuation', () => {
    expect(preTokenizeBert("  don't stop,now!  ")).toEqual(['don', "'", 't', 'stop', ',', 'now', '!']);
  });

  it('treats ASCII symbols and Unicode punctuation as punctuation, letters and digits not', () => {
    expect(preTokenizeBert('a$b+c«d»e—f')).toEqual(['a', '$', 'b', '+', 'c', '«', 'd', '»', 'e', '—', 'f']);
    expect(isBertPunctuation('$')).toBe(true);
    expect(isBertPunctuation('€')).toBe(false); // a currency symbol outside ASCII is not punctuation
    expect(isBertPunctuation('7')).toBe(false);
  });

  it('returns nothing for blank text', () => {
    expect(preTokenizeBert(' \t ')).toEqual([]);
  });
});
