import { ClickSimulationDatasetInvalidError } from '../errors.js';

/** One corpus document (BEIR `corpus.jsonl` line). */
export interface BeirDocument {
  readonly id: string;
  readonly title: string;
  readonly text: string;
}

/** One query (BEIR `queries.jsonl` line). */
export interface BeirQuery {
  readonly id: string;
  readonly text: string;
}

/** Relevance judgments: query id → (doc id → grade). Only grades > 0 count as relevant. */
export type Qrels = ReadonlyMap<string, ReadonlyMap<string, number>>;

function parseJsonLines(text: string, file: string): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (line === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (cause) {
      throw new ClickSimulationDatasetInvalidError(`${file}:${i + 1} is not valid JSON; each line must be one JSON object.`, {
        cause,
        details: { file, line: i + 1 },
      });
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new ClickSimulationDatasetInvalidError(`${file}:${i + 1} must be a JSON object with "_id".`, { details: { file, line: i + 1 } });
    }
    out.push(value as Record<string, unknown>);
  }
  return out;
}

function idOf(row: Record<string, unknown>, file: string, index: number): string {
  const id = row['_id'];
  if (typeof id === 'string' && id !== '') return id;
  if (typeof id === 'number') return String(id);
  throw new ClickSimulationDatasetInvalidError(`${file}: row ${index + 1} has no "_id" (string); fix the file or pick another --dataset.`, {
    details: { file, row: index + 1 },
  });
}

/** Parses a BEIR `corpus.jsonl` text. Duplicate ids are rejected. */
export function parseCorpus(text: string, file = 'corpus.jsonl'): BeirDocument[] {
  const seen = new Set<string>();
  return parseJsonLines(text, file).map((row, i) => {
    const id = idOf(row, file, i);
    if (seen.has(id)) throw new ClickSimulationDatasetInvalidError(`${file}: duplicate document id "${id}".`, { details: { file, id } });
    seen.add(id);
    const title = typeof row['title'] === 'string' ? row['title'] : '';
    const body = typeof row['text'] === 'string' ? row['text'] : '';
    return { id, title, text: body };
  });
}

/** Parses a BEIR `queries.jsonl` text. Duplicate ids are rejected. */
export function parseQueries(text: string, file = 'queries.jsonl'): BeirQuery[] {
  const seen = new Set<string>();
  return parseJsonLines(text, file).map((row, i) => {
    const id = idOf(row, file, i);
    if (seen.has(id)) throw new ClickSimulationDatasetInvalidError(`${file}: duplicate query id "${id}".`, { details: { file, id } });
    seen.add(id);
    const q = row['text'];
    if (typeof q !== 'string' || q.trim() === '') {
      throw new ClickSimulationDatasetInvalidError(`${file}: query "${id}" has no "text".`, { details: { file, id } });
    }
    return { id, text: q };
  });
}

/**
 * Parses a BEIR qrels TSV (`query-id corpus-id score`, tab separated, optional header).
 * Every row is kept, grade 0 included, so "judged" and "relevant" stay distinguishable.
 */
export function parseQrels(text: string, file = 'qrels.tsv'): Qrels {
  const out = new Map<string, Map<string, number>>();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).replace(/\r$/, '');
    if (line.trim() === '') continue;
    const cols = line.split('\t');
    if (cols.length < 3) {
      throw new ClickSimulationDatasetInvalidError(`${file}:${i + 1} must have three tab-separated columns: query-id, corpus-id, score.`, {
        details: { file, line: i + 1 },
      });
    }
    const [qid, did, scoreText] = cols as [string, string, string];
    const score = Number(scoreText);
    if (!Number.isFinite(score)) {
      if (i === 0) continue; // header
      throw new ClickSimulationDatasetInvalidError(`${file}:${i + 1} has a non-numeric score "${scoreText}".`, { details: { file, line: i + 1 } });
    }
    let row = out.get(qid);
    if (!row) {
      row = new Map();
      out.set(qid, row);
    }
    row.set(did, score);
  }
  return out;
}

/** Ids of the queries that have at least one relevant (grade > 0) document, sorted. */
export function queriesWithRelevant(qrels: Qrels): string[] {
  const ids: string[] = [];
  for (const [qid, docs] of qrels) {
    for (const g of docs.values()) {
      if (g > 0) {
        ids.push(qid);
        break;
      }
    }
  }
  return ids.sort();
}

/** The set of relevant (grade > 0) doc ids of one query. */
export function relevantDocs(qrels: Qrels, queryId: string): Set<string> {
  const out = new Set<string>();
  for (const [doc, g] of qrels.get(queryId) ?? []) if (g > 0) out.add(doc);
  return out;
}

/** Restricts qrels to the given query ids. */
export function restrictQrels(qrels: Qrels, queryIds: Iterable<string>): Qrels {
  const out = new Map<string, ReadonlyMap<string, number>>();
  for (const id of queryIds) {
    const row = qrels.get(id);
    if (row) out.set(id, row);
  }
  return out;
}

/** The text a document is embedded from: title and body joined by a space (BEIR convention). */
export function documentText(doc: BeirDocument): string {
  return doc.title === '' ? doc.text : `${doc.title} ${doc.text}`;
}

/**
 * How many of `queryIds` have a relevant doc that is also relevant to some query of `otherIds`
 * (in `otherQrels`). On SciFact many claims cite the same abstracts, so learning "which docs
 * are relevant at all" transfers between queries; this number says how much room that leaves.
 */
export function sharedRelevantCount(queryIds: readonly string[], qrels: Qrels, otherIds: readonly string[], otherQrels: Qrels): number {
  return sharedRelevantQueries(queryIds, qrels, otherIds, otherQrels).length;
}

/** The queries counted by {@link sharedRelevantCount}, in input order. */
export function sharedRelevantQueries(queryIds: readonly string[], qrels: Qrels, otherIds: readonly string[], otherQrels: Qrels): string[] {
  const other = new Set<string>();
  for (const q of otherIds) for (const d of relevantDocs(otherQrels, q)) other.add(d);
  return queryIds.filter((q) => [...relevantDocs(qrels, q)].some((d) => other.has(d)));
}
