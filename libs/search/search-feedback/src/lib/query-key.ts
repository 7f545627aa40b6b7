/**
 * The key feedback is kept under: the query text in Unicode NFKC, lower case, with runs of white
 * space collapsed and leading/trailing white space and trailing `?!.` removed. "Red  Shoes?" and
 * "red shoes" share their evidence; anything else (word order, spelling) is left to the
 * query-vector neighbourhood.
 */
export function queryKey(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\s?!.]+$/u, '');
}
