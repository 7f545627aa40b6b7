// Test helpers of @embedding-studio/model-files: a tiny seeded BERT (weights, tokenizer, its ONNX
// conversion and a plain TypeScript forward pass to check it against), and a zip builder.
export { TINY_BERT_VOCAB, buildTinyBert, referenceBertForward, tinyTokenizerJson } from './lib/testing/tiny-bert.js';
export type { TinyBert, TinyBertOptions } from './lib/testing/tiny-bert.js';
export { makeZip } from './lib/testing/zip-fixture.js';
