// The character-level steps of a BERT tokenizer as Hugging Face `tokenizers` defines them:
// BertNormalizer (clean text, CJK spacing, accent stripping, lowercasing) and BertPreTokenizer
// (split on whitespace, isolate punctuation). Pure functions over strings.

/** Which steps of the BERT normalizer run; mirrors the `BertNormalizer` entry of tokenizer.json. */
export interface BertNormalizerOptions {
  /** Drop control characters and map every whitespace character to a space. */
  cleanText: boolean;
  /** Put spaces around CJK ideographs so each becomes its own word. */
  handleChineseChars: boolean;
  /** Decompose (NFD) and drop non-spacing marks, so `é` becomes `e`. */
  stripAccents: boolean;
  /** Lowercase every character (per character, without context rules). */
  lowercase: boolean;
}

const WHITESPACE = /\p{White_Space}/u;
const UNICODE_PUNCTUATION = /\p{P}/u;

/** True for the characters the BERT pre-tokenizer and normalizer treat as whitespace. */
export function isBertWhitespace(ch: string): boolean {
  return ch === '\t' || ch === '\n' || ch === '\r' || WHITESPACE.test(ch);
}

/** ASCII punctuation (including symbols such as `$`, `+`, `^`) or any Unicode punctuation (category P). */
export function isBertPunctuation(ch: string): boolean {
  const cp = ch.codePointAt(0) ?? 0;
  if ((cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126)) {
    return true;
  }
  return UNICODE_PUNCTUATION.test(ch);
}

// The rules as whole-string regular expressions (one native pass per step):
// - clean text drops Unicode Cc/Cf/Co (control, format, private use), NUL and U+FFFD;
// - CJK ideographs are the blocks the upstream normalizer lists;
// - accents are non-spacing marks (Mn) after NFD;
// - punctuation is ASCII punctuation (33–47, 58–64, 91–96, 123–126) or Unicode category P.
const CLEAN = /[\p{Cc}\p{Cf}\p{Co}\uFFFD]/gu;
const WHITESPACE_ALL = /\p{White_Space}/gu;
const CJK_ALL =
  /[\u4E00-\u9FFF\u3400-\u4DBF\u{20000}-\u{2A6DF}\u{2A700}-\u{2B73F}\u{2B740}-\u{2B81F}\u{2B920}-\u{2CEAF}\uF900-\uFAFF\u{2F800}-\u{2FA1F}]/gu;
const MARKS_ALL = /\p{Mn}/gu;
const NON_ASCII = /[^\p{ASCII}]/u;
const PRE_TOKENS = /[!-/:-@[-`{-~\p{P}]|[^!-/:-@[-`{-~\p{P}\p{White_Space}]+/gu;

/** Applies the BERT normalizer steps in the upstream order: clean, CJK spacing, strip accents, lowercase. */
export function normalizeBertText(text: string, options: BertNormalizerOptions): string {
  let out = text;
  if (options.cleanText) {
    // Control/format/private-use characters go, except tab, newline and carriage return, which are
    // whitespace; then every whitespace character becomes a space.
    out = out.replace(CLEAN, (c) => (c === '\t' || c === '\n' || c === '\r' ? ' ' : '')).replace(WHITESPACE_ALL, ' ');
  }
  const ascii = !NON_ASCII.test(out);
  if (options.handleChineseChars && !ascii) out = out.replace(CJK_ALL, ' $& ');
  if (options.stripAccents && !ascii) out = out.normalize('NFD').replace(MARKS_ALL, '');
  if (options.lowercase) {
    // Per character, as upstream: String#toLowerCase would apply the final-sigma rule to Σ.
    if (out.includes('\u03A3')) {
      let lower = '';
      for (const ch of out) lower += ch.toLowerCase();
      out = lower;
    } else {
      out = out.toLowerCase();
    }
  }
  return out;
}

/**
 * Splits normalized text into words: whitespace separates words and is dropped, and every
 * punctuation character becomes a word of its own.
 */
export function preTokenizeBert(text: string): string[] {
  return text.match(PRE_TOKENS) ?? [];
}
