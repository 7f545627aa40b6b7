import type { FieldIssue } from '@embedding-studio/errors';
import { ModelRuntimeOnnxInvalidOptionError, ModelRuntimeTokenizerInvalidError } from '../onnx/errors.js';
import { isBertWhitespace, normalizeBertText, preTokenizeBert, type BertNormalizerOptions } from './bert-text.js';

/** Options of {@link WordPieceTokenizer.fromJSON}. */
export interface WordPieceTokenizerOptions {
  /**
   * Longest sequence, special tokens included; longer texts are cut at the end. For
   * all-MiniLM-L6-v2 use 256 (its sentence-transformers `max_seq_length`).
   * @defaultValue the `truncation.max_length` of tokenizer.json, else 512
   */
  maxLength?: number;
}

/** One text after tokenization, with the special tokens of the template added. */
export interface TokenizedText {
  /** Vocabulary ids, `[CLS]` … `[SEP]`. */
  ids: number[];
  /** The tokens behind `ids` (`##` marks a word continuation). */
  tokens: string[];
  /** Segment ids (`token_type_ids`), 0 for a single text. */
  typeIds: number[];
  /** True when the text was cut to `maxLength`. */
  truncated: boolean;
}

/** A padded batch, row-major `[size, sequenceLength]`, ready to feed an ONNX transformer. */
export interface TokenizedBatch {
  size: number;
  /** Length of the longest text of the batch; shorter rows are padded to it. */
  sequenceLength: number;
  inputIds: BigInt64Array;
  /** 1 for real tokens, 0 for padding. */
  attentionMask: BigInt64Array;
  tokenTypeIds: BigInt64Array;
  /** Unpadded length of each row. */
  lengths: number[];
}

interface AddedToken {
  content: string;
  id: number;
  lstrip: boolean;
  rstrip: boolean;
}

interface TemplateToken {
  id: number;
  token: string;
  typeId: number;
}

interface TokenizerConfig {
  vocab: Map<string, number>;
  idToToken: string[];
  unkToken: string;
  unkId: number;
  prefix: string;
  maxInputCharsPerWord: number;
  normalizer: BertNormalizerOptions | null;
  bertPreTokenizer: boolean;
  addedTokens: AddedToken[];
  before: TemplateToken[];
  after: TemplateToken[];
  sequenceTypeId: number;
  padId: number;
  padTypeId: number;
  defaultMaxLength: number;
}

/**
 * A BERT WordPiece tokenizer that reads a Hugging Face `tokenizer.json` and reproduces the
 * `tokenizers` library for BERT uncased models: added (special) tokens matched in the raw text,
 * BertNormalizer, BertPreTokenizer, greedy longest-match WordPiece with `##` continuations and
 * `[UNK]` for words that cannot be covered or are too long, the `[CLS] … [SEP]` template,
 * truncation to `maxLength` and padding to the longest text of a batch.
 */
export class WordPieceTokenizer {
  /** Longest sequence, special tokens included. */
  readonly maxLength: number;
  private readonly config: TokenizerConfig;
  private readonly maxTokenChars: number;

  private constructor(config: TokenizerConfig, maxLength: number) {
    this.config = config;
    this.maxLength = maxLength;
    let longest = 1;
    for (const token of config.vocab.keys()) {
      const body = token.startsWith(config.prefix) ? token.slice(config.prefix.length) : token;
      longest = Math.max(longest, [...body].length);
    }
    this.maxTokenChars = longest;
  }

  /**
   * Builds a tokenizer from the parsed content of a `tokenizer.json`.
   * @throws ModelRuntimeTokenizerInvalidError when the file is malformed or not a BERT WordPiece tokenizer
   * @throws ModelRuntimeOnnxInvalidOptionError when `maxLength` cannot hold the special tokens plus one token
   */
  static fromJSON(json: unknown, options: WordPieceTokenizerOptions = {}): WordPieceTokenizer {
    const config = parseTokenizerJson(json);
    const maxLength = options.maxLength ?? config.defaultMaxLength;
    const specials = config.before.length + config.after.length;
    if (!Number.isInteger(maxLength) || maxLength < specials + 1) {
      throw new ModelRuntimeOnnxInvalidOptionError(
        'maxLength',
        `must be an integer of at least ${specials + 1} (the ${specials} special tokens plus one token)`,
        maxLength,
      );
    }
    return new WordPieceTokenizer(config, maxLength);
  }

  /** Number of entries in the vocabulary. */
  get vocabSize(): number {
    return this.config.vocab.size;
  }

  /** Id of a token, or undefined when it is not in the vocabulary. */
  tokenToId(token: string): number | undefined {
    return this.config.vocab.get(token);
  }

  /** Token of an id, or undefined when no token has it. */
  idToToken(id: number): string | undefined {
    return this.config.idToToken[id];
  }

  /** WordPiece tokens of a text, without special tokens and without truncation. */
  tokenize(text: string): string[] {
    return this.pieces(text).map((id) => this.config.idToToken[id] ?? this.config.unkToken);
  }

  /** Tokenizes one text: template, truncation to `maxLength`, no padding. */
  encode(text: string): TokenizedText {
    const c = this.config;
    let body = this.pieces(text);
    const room = this.maxLength - c.before.length - c.after.length;
    const truncated = body.length > room;
    if (truncated) body = body.slice(0, room);
    const ids = [...c.before.map((t) => t.id), ...body, ...c.after.map((t) => t.id)];
    const typeIds = [
      ...c.before.map((t) => t.typeId),
      ...body.map(() => c.sequenceTypeId),
      ...c.after.map((t) => t.typeId),
    ];
    const tokens = ids.map((id) => c.idToToken[id] ?? c.unkToken);
    return { ids, tokens, typeIds, truncated };
  }

  /** Tokenizes texts and pads them to the longest one (right padding with the pad id). */
  encodeBatch(texts: readonly string[]): TokenizedBatch {
    return this.pad(texts.map((t) => this.encode(t)));
  }

  /** Pads already-encoded texts into one batch. */
  pad(encodings: readonly TokenizedText[]): TokenizedBatch {
    const size = encodings.length;
    const sequenceLength = encodings.reduce((m, e) => Math.max(m, e.ids.length), 0);
    const inputIds = new BigInt64Array(size * sequenceLength).fill(BigInt(this.config.padId));
    const attentionMask = new BigInt64Array(size * sequenceLength);
    const tokenTypeIds = new BigInt64Array(size * sequenceLength).fill(BigInt(this.config.padTypeId));
    const lengths: number[] = [];
    encodings.forEach((e, row) => {
      const base = row * sequenceLength;
      e.ids.forEach((id, j) => {
        inputIds[base + j] = BigInt(id);
        attentionMask[base + j] = 1n;
        tokenTypeIds[base + j] = BigInt(e.typeIds[j] ?? 0);
      });
      lengths.push(e.ids.length);
    });
    return { size, sequenceLength, inputIds, attentionMask, tokenTypeIds, lengths };
  }

  /** Ids of the WordPiece tokens of a text (added tokens included, no template). */
  private pieces(text: string): number[] {
    const c = this.config;
    const out: number[] = [];
    for (const span of splitAddedTokens(text, c.addedTokens)) {
      if (typeof span === 'number') {
        out.push(span);
        continue;
      }
      const normalized = c.normalizer ? normalizeBertText(span, c.normalizer) : span;
      const words = c.bertPreTokenizer ? preTokenizeBert(normalized) : normalized ? [normalized] : [];
      for (const word of words) this.wordPiece(word, out);
    }
    return out;
  }

  /** Greedy longest-match-first WordPiece over one word; an uncoverable or too long word becomes one `[UNK]`. */
  private wordPiece(word: string, out: number[]): void {
    const c = this.config;
    // Work on code points; words without surrogate pairs (nearly all) can be sliced directly.
    const units = /[\uD800-\uDFFF]/.test(word) ? [...word] : null;
    const length = units ? units.length : word.length;
    if (length > c.maxInputCharsPerWord) {
      out.push(c.unkId);
      return;
    }
    const slice = units ? (a: number, b: number) => units.slice(a, b).join('') : (a: number, b: number) => word.slice(a, b);
    const first = out.length;
    let start = 0;
    while (start < length) {
      let end = Math.min(length, start + this.maxTokenChars);
      let found: number | undefined;
      while (end > start) {
        const piece = slice(start, end);
        found = c.vocab.get(start > 0 ? c.prefix + piece : piece);
        if (found !== undefined) break;
        end -= 1;
      }
      if (found === undefined) {
        out.length = first;
        out.push(c.unkId);
        return;
      }
      out.push(found);
      start = end;
    }
  }
}

/** Splits raw text around added tokens (leftmost, then longest match); added tokens come back as their ids. */
function splitAddedTokens(text: string, added: readonly AddedToken[]): (string | number)[] {
  if (added.length === 0) return text ? [text] : [];
  const spans: (string | number)[] = [];
  let spanStart = 0;
  let pos = 0;
  while (pos < text.length) {
    let best: AddedToken | undefined;
    let bestAt = -1;
    for (const token of added) {
      const at = text.indexOf(token.content, pos);
      if (at < 0) continue;
      if (bestAt < 0 || at < bestAt || (at === bestAt && token.content.length > (best as AddedToken).content.length)) {
        best = token;
        bestAt = at;
      }
    }
    if (!best) break;
    let start = bestAt;
    let stop = bestAt + best.content.length;
    if (best.lstrip) while (start > spanStart && isBertWhitespace(text[start - 1] ?? '')) start -= 1;
    if (best.rstrip) while (stop < text.length && isBertWhitespace(text[stop] ?? '')) stop += 1;
    if (start > spanStart) spans.push(text.slice(spanStart, start));
    spans.push(best.id);
    pos = stop;
    spanStart = stop;
  }
  if (spanStart < text.length) spans.push(text.slice(spanStart));
  return spans;
}

// ---- tokenizer.json parsing -------------------------------------------------------------------

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseTokenizerJson(json: unknown): TokenizerConfig {
  const issues: FieldIssue[] = [];
  const fail = (): never => {
    throw new ModelRuntimeTokenizerInvalidError(issues);
  };
  if (!isObject(json)) {
    issues.push({ field: '(root)', message: 'must be a JSON object (the parsed tokenizer.json)' });
    return fail();
  }
  const model = json['model'];
  if (!isObject(model)) {
    issues.push({ field: 'model', message: 'must be an object' });
    return fail();
  }
  if (model['type'] !== 'WordPiece') {
    issues.push({ field: 'model.type', message: `must be "WordPiece", got ${JSON.stringify(model['type'])}` });
  }
  const rawVocab = model['vocab'];
  const vocab = new Map<string, number>();
  if (!isObject(rawVocab) || Object.keys(rawVocab).length === 0) {
    issues.push({ field: 'model.vocab', message: 'must be a non-empty object of token → id' });
  } else {
    for (const [token, id] of Object.entries(rawVocab)) {
      if (!Number.isInteger(id) || (id as number) < 0) {
        issues.push({ field: `model.vocab.${token}`, message: 'id must be a non-negative integer' });
        break;
      }
      vocab.set(token, id as number);
    }
  }
  const unkToken = typeof model['unk_token'] === 'string' ? model['unk_token'] : '[UNK]';
  const prefix = typeof model['continuing_subword_prefix'] === 'string' ? model['continuing_subword_prefix'] : '##';
  const maxInputCharsPerWord =
    typeof model['max_input_chars_per_word'] === 'number' ? model['max_input_chars_per_word'] : 100;
  const unkId = vocab.get(unkToken);
  if (vocab.size > 0 && unkId === undefined) {
    issues.push({ field: 'model.unk_token', message: `${JSON.stringify(unkToken)} is not in the vocabulary` });
  }

  const normalizer = parseNormalizer(json['normalizer'], issues);
  const bertPreTokenizer = parsePreTokenizer(json['pre_tokenizer'], issues);
  const addedTokens = parseAddedTokens(json['added_tokens'], vocab, issues);
  const template = parsePostProcessor(json['post_processor'], vocab, issues);

  const padding = json['padding'];
  const padId = isObject(padding) && typeof padding['pad_id'] === 'number' ? padding['pad_id'] : (vocab.get('[PAD]') ?? 0);
  const padTypeId = isObject(padding) && typeof padding['pad_type_id'] === 'number' ? padding['pad_type_id'] : 0;
  const truncation = json['truncation'];
  const defaultMaxLength =
    isObject(truncation) && typeof truncation['max_length'] === 'number' ? truncation['max_length'] : 512;

  if (issues.length > 0 || unkId === undefined) return fail();

  const idToToken: string[] = [];
  for (const [token, id] of vocab) idToToken[id] = token;
  for (const t of addedTokens) idToToken[t.id] ??= t.content;

  return {
    vocab,
    idToToken,
    unkToken,
    unkId,
    prefix,
    maxInputCharsPerWord,
    normalizer,
    bertPreTokenizer,
    addedTokens,
    before: template.before,
    after: template.after,
    sequenceTypeId: template.sequenceTypeId,
    padId,
    padTypeId,
    defaultMaxLength,
  };
}

function parseNormalizer(value: unknown, issues: FieldIssue[]): BertNormalizerOptions | null {
  if (value === null || value === undefined) return null;
  if (!isObject(value) || value['type'] !== 'BertNormalizer') {
    issues.push({
      field: 'normalizer.type',
      message: `must be "BertNormalizer" or the normalizer null, got ${JSON.stringify(isObject(value) ? value['type'] : value)}`,
    });
    return null;
  }
  const lowercase = value['lowercase'] !== false;
  const strip = value['strip_accents'];
  return {
    cleanText: value['clean_text'] !== false,
    handleChineseChars: value['handle_chinese_chars'] !== false,
    // `strip_accents: null` follows `lowercase`, as in the tokenizers library.
    stripAccents: typeof strip === 'boolean' ? strip : lowercase,
    lowercase,
  };
}

function parsePreTokenizer(value: unknown, issues: FieldIssue[]): boolean {
  if (value === null || value === undefined) return false;
  if (!isObject(value) || value['type'] !== 'BertPreTokenizer') {
    issues.push({
      field: 'pre_tokenizer.type',
      message: `must be "BertPreTokenizer" or the pre_tokenizer null, got ${JSON.stringify(isObject(value) ? value['type'] : value)}`,
    });
    return false;
  }
  return true;
}

function parseAddedTokens(value: unknown, vocab: Map<string, number>, issues: FieldIssue[]): AddedToken[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    issues.push({ field: 'added_tokens', message: 'must be an array' });
    return [];
  }
  const out: AddedToken[] = [];
  value.forEach((entry: unknown, i) => {
    if (!isObject(entry) || typeof entry['content'] !== 'string' || typeof entry['id'] !== 'number') {
      issues.push({ field: `added_tokens.${i}`, message: 'must have a string content and a numeric id' });
      return;
    }
    const content = entry['content'];
    if (!content) return;
    if (entry['normalized'] === true || entry['single_word'] === true) {
      issues.push({
        field: `added_tokens.${i}`,
        message: `${JSON.stringify(content)}: normalized or single_word added tokens are not supported`,
      });
      return;
    }
    out.push({
      content,
      id: vocab.get(content) ?? entry['id'],
      lstrip: entry['lstrip'] === true,
      rstrip: entry['rstrip'] === true,
    });
  });
  return out;
}

interface Template {
  before: TemplateToken[];
  after: TemplateToken[];
  sequenceTypeId: number;
}

function parsePostProcessor(value: unknown, vocab: Map<string, number>, issues: FieldIssue[]): Template {
  const empty: Template = { before: [], after: [], sequenceTypeId: 0 };
  if (value === null || value === undefined) return empty;
  if (!isObject(value)) {
    issues.push({ field: 'post_processor', message: 'must be an object or null' });
    return empty;
  }
  const special = (field: string, token: unknown, id: unknown, typeId: number): TemplateToken | undefined => {
    if (typeof token !== 'string') {
      issues.push({ field, message: 'special token must be a string' });
      return undefined;
    }
    const resolved = typeof id === 'number' ? id : vocab.get(token);
    if (resolved === undefined) {
      issues.push({ field, message: `special token ${JSON.stringify(token)} has no id` });
      return undefined;
    }
    return { id: resolved, token, typeId };
  };
  if (value['type'] === 'BertProcessing') {
    const cls = value['cls'];
    const sep = value['sep'];
    const c = Array.isArray(cls) ? special('post_processor.cls', cls[0], cls[1], 0) : undefined;
    const s = Array.isArray(sep) ? special('post_processor.sep', sep[0], sep[1], 0) : undefined;
    if (!c || !s) {
      if (!Array.isArray(cls) || !Array.isArray(sep)) {
        issues.push({ field: 'post_processor', message: 'BertProcessing needs cls and sep as [token, id]' });
      }
      return empty;
    }
    return { before: [c], after: [s], sequenceTypeId: 0 };
  }
  if (value['type'] !== 'TemplateProcessing') {
    issues.push({
      field: 'post_processor.type',
      message: `must be "TemplateProcessing", "BertProcessing" or null, got ${JSON.stringify(value['type'])}`,
    });
    return empty;
  }
  const single = value['single'];
  const specials = isObject(value['special_tokens']) ? value['special_tokens'] : {};
  if (!Array.isArray(single)) {
    issues.push({ field: 'post_processor.single', message: 'must be an array' });
    return empty;
  }
  const template: Template = { before: [], after: [], sequenceTypeId: 0 };
  let seenSequence = false;
  single.forEach((piece: unknown, i) => {
    const field = `post_processor.single.${i}`;
    if (isObject(piece) && isObject(piece['Sequence'])) {
      if (seenSequence) issues.push({ field, message: 'the single template must hold exactly one sequence' });
      seenSequence = true;
      const typeId = piece['Sequence']['type_id'];
      template.sequenceTypeId = typeof typeId === 'number' ? typeId : 0;
      return;
    }
    if (isObject(piece) && isObject(piece['SpecialToken'])) {
      const name = piece['SpecialToken']['id'];
      const typeId = piece['SpecialToken']['type_id'];
      const entry = typeof name === 'string' ? specials[name] : undefined;
      const ids = isObject(entry) && Array.isArray(entry['ids']) ? entry['ids'] : [];
      const tokens = isObject(entry) && Array.isArray(entry['tokens']) ? entry['tokens'] : [name];
      if (ids.length > 1) {
        issues.push({ field, message: 'special tokens made of several ids are not supported' });
        return;
      }
      const tok = special(field, tokens[0], ids[0], typeof typeId === 'number' ? typeId : 0);
      if (tok) (seenSequence ? template.after : template.before).push(tok);
      return;
    }
    issues.push({ field, message: 'must be a Sequence or a SpecialToken piece' });
  });
  if (!seenSequence) issues.push({ field: 'post_processor.single', message: 'must hold the sequence $A' });
  return template;
}
