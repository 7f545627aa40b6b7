import { hasErrorCode } from '@embedding-studio/errors';
import { WordPieceTokenizer } from './wordpiece-tokenizer.js';

// A hand-made BERT uncased tokenizer.json with a 30-token vocabulary, shaped like the file that
// ships with all-MiniLM-L6-v2.
const TOKENS = [
  '[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]',
  'hello', '##hello', 'world', 'un', '##aff', '##able', 'cafe', 'jo', '##se',
  ',', '!', '.', "'", '$', 's', 'a', 'the', '中', '文', 'play', '##ing', 'x', '##yz', '[', ']',
];
const VOCAB = Object.fromEntries(TOKENS.map((t, i) => [t, i]));
const id = (t: string): number => {
  const v = VOCAB[t];
  if (v === undefined) throw new Error(`no ${t}`);
  return v;
};

function special(content: string): Record<string, unknown> {
  return { id: id(content), content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true };
}

function tokenizerJson(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'].map(special),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
      ],
      pair: [],
      special_tokens: {
        '[CLS]': { id: '[CLS]', ids: [id('[CLS]')], tokens: ['[CLS]'] },
        '[SEP]': { id: '[SEP]', ids: [id('[SEP]')], tokens: ['[SEP]'] },
      },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 12,
      vocab: VOCAB,
    },
    ...overrides,
  };
}

const tok = WordPieceTokenizer.fromJSON(tokenizerJson(), { maxLength: 16 });

describe('WordPieceTokenizer', () => {
  it('adds [CLS]/[SEP], lowercases and isolates punctuation', () => {
    const e = tok.encode('Hello, World!');
    expect(e.tokens).toEqual(['[CLS]', 'hello', ',', 'world', '!', '[SEP]']);
    expect(e.ids).toEqual([2, 5, 14, 7, 15, 3]);
    expect(e.typeIds).toEqual([0, 0, 0, 0, 0, 0]);
    expect(e.truncated).toBe(false);
  });

  it('strips accents before the vocabulary look-up', () => {
    expect(tok.tokenize('Café JOSÉ')).toEqual(['cafe', 'jo', '##se']);
  });

  it('splits words into the longest known pieces with ## continuations', () => {
    expect(tok.tokenize('unaffable playing hellohello')).toEqual([
      'un', '##aff', '##able', 'play', '##ing', 'hello', '##hello',
    ]);
    expect(tok.tokenize('xyz')).toEqual(['x', '##yz']);
  });

  it('turns a word with an uncoverable part into a single [UNK]', () => {
    // "unaff" is covered but the trailing "q" is not: the whole word is unknown.
    expect(tok.tokenize('unaffq zebra hello')).toEqual(['[UNK]', '[UNK]', 'hello']);
  });

  it('turns a word longer than max_input_chars_per_word into [UNK] even when coverable', () => {
    expect(tok.tokenize('hellohello')).toEqual(['hello', '##hello']); // 10 chars ≤ 12
    expect(tok.tokenize('hellohellohello')).toEqual(['[UNK]']); // 15 chars > 12
  });

  it("splits apostrophes and ASCII symbols, and spaces CJK ideographs", () => {
    expect(tok.tokenize("the cafe's $ 中文")).toEqual(['the', 'cafe', "'", 's', '$', '中', '文']);
  });

  it('drops control characters and zero-width spaces', () => {
    expect(tok.tokenize('hel\u200Blo\u0000\tworld')).toEqual(['hello', 'world']);
  });

  it('matches special tokens in the raw text, case-sensitively', () => {
    expect(tok.tokenize('hello [MASK] world')).toEqual(['hello', '[MASK]', 'world']);
    expect(tok.tokenize('[mask]')).toEqual(['[', '[UNK]', ']']);
  });

  it('truncates at the end to maxLength, special tokens included', () => {
    const short = WordPieceTokenizer.fromJSON(tokenizerJson(), { maxLength: 5 });
    const e = short.encode('hello world unaffable');
    expect(e.tokens).toEqual(['[CLS]', 'hello', 'world', 'un', '[SEP]']);
    expect(e.truncated).toBe(true);
    expect(short.encode('hello world').truncated).toBe(false);
  });

  it('takes maxLength from the truncation section of tokenizer.json, else 512', () => {
    expect(WordPieceTokenizer.fromJSON(tokenizerJson({ truncation: { max_length: 128 } })).maxLength).toBe(128);
    expect(WordPieceTokenizer.fromJSON(tokenizerJson()).maxLength).toBe(512);
  });

  it('encodes an empty text as [CLS] [SEP]', () => {
    expect(tok.encode('').tokens).toEqual(['[CLS]', '[SEP]']);
  });

  it('pads a batch to its longest row with attention mask 0 on padding', () => {
    const b = tok.encodeBatch(['hello', 'hello world !']);
    expect(b.size).toBe(2);
    expect(b.sequenceLength).toBe(5);
    expect(b.lengths).toEqual([3, 5]);
    expect(Array.from(b.inputIds, Number)).toEqual([2, 5, 3, 0, 0, 2, 5, 7, 15, 3]);
    expect(Array.from(b.attentionMask, Number)).toEqual([1, 1, 1, 0, 0, 1, 1, 1, 1, 1]);
    expect(Array.from(b.tokenTypeIds, Number)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('uses the pad id and type id declared in tokenizer.json', () => {
    const t = WordPieceTokenizer.fromJSON(
      tokenizerJson({ padding: { pad_id: 4, pad_type_id: 1, pad_token: '[MASK]' } }),
      { maxLength: 8 },
    );
    const b = t.encodeBatch(['a', 'a a']);
    expect(Array.from(b.inputIds, Number)).toEqual([2, 20, 3, 4, 2, 20, 20, 3]);
    expect(Array.from(b.tokenTypeIds, Number)).toEqual([0, 0, 0, 1, 0, 0, 0, 0]);
  });

  it('keeps accents when the normalizer says strip_accents: false', () => {
    const t = WordPieceTokenizer.fromJSON(
      tokenizerJson({
        normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: false, lowercase: true },
      }),
    );
    expect(t.tokenize('Café')).toEqual(['[UNK]']);
  });

  it('reads a BertProcessing post-processor too', () => {
    const t = WordPieceTokenizer.fromJSON(
      tokenizerJson({ post_processor: { type: 'BertProcessing', sep: ['[SEP]', 3], cls: ['[CLS]', 2] } }),
    );
    expect(t.encode('hello').ids).toEqual([2, 5, 3]);
  });

  it('exposes the vocabulary', () => {
    expect(tok.vocabSize).toBe(TOKENS.length);
    expect(tok.tokenToId('##aff')).toBe(9);
    expect(tok.idToToken(9)).toBe('##aff');
  });

  it('rejects tokenizers other than BERT WordPiece, naming the fields', () => {
    const bad = tokenizerJson({ pre_tokenizer: { type: 'ByteLevel' } });
    (bad['model'] as Record<string, unknown>)['type'] = 'BPE';
    let caught: unknown;
    try {
      WordPieceTokenizer.fromJSON(bad);
    } catch (err) {
      caught = err;
    }
    expect(hasErrorCode(caught, 'MODEL_RUNTIME_TOKENIZER_INVALID')).toBe(true);
    const issues = (caught as { issues: { field: string }[] }).issues.map((i) => i.field);
    expect(issues).toEqual(['model.type', 'pre_tokenizer.type']);
  });

  it('rejects a vocabulary without the unknown token and a non-object file', () => {
    const noUnk = tokenizerJson();
    (noUnk['model'] as Record<string, unknown>)['unk_token'] = '<unk>';
    expect(() => WordPieceTokenizer.fromJSON(noUnk)).toThrow(/model\.unk_token/);
    expect(() => WordPieceTokenizer.fromJSON('{}')).toThrow(/must be a JSON object/);
  });

  it('rejects a maxLength that leaves no room for text', () => {
    expect(() => WordPieceTokenizer.fromJSON(tokenizerJson(), { maxLength: 2 })).toThrow(
      expect.objectContaining({ code: 'MODEL_RUNTIME_ONNX_INVALID_OPTION' }),
    );
  });
});
