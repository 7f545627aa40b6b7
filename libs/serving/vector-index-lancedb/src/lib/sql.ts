// Portable filters → Lance SQL predicates. Column names come from validated specs (letters, digits,
// `_`) and are quoted with backticks; every value is rendered as a literal (strings with doubled
// quotes), so no input can change the shape of the predicate.
import type { Filter, FilterValue } from '@embedding-studio/vector-index';

/** The column of a payload field (declared fields get their own typed column). */
export const payloadColumn = (field: string): string => `p_${field}`;
/** The column of a vector slot. */
export const vectorColumn = (slot: string): string => `v_${slot}`;

const quoteIdent = (name: string): string => {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`unsafe column name ${JSON.stringify(name)}`);
  return `\`${name}\``;
};

/** A SQL literal for a filter value. */
export function sqlLiteral(value: FilterValue): string {
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error('non-finite number in a filter');
    return String(value);
  }
  return `'${value.replace(/'/g, "''")}'`;
}

const column = (field: string): string => quoteIdent(field === 'id' ? 'id' : payloadColumn(field));

/**
 * Translates a validated filter. `NOT` becomes `IS NOT TRUE`, so a document whose field is null
 * matches `not eq` as it does in the reference semantics (SQL's three-valued NOT would drop it).
 */
export function filterToSql(filter: Filter): string {
  if ('and' in filter) return `(${filter.and.map(filterToSql).join(' AND ')})`;
  if ('or' in filter) return `(${filter.or.map(filterToSql).join(' OR ')})`;
  if ('not' in filter) return `((${filterToSql(filter.not)}) IS NOT TRUE)`;
  const col = column(filter.field);
  if ('eq' in filter) return `(${col} = ${sqlLiteral(filter.eq)})`;
  if ('in' in filter) return `(${col} IN (${filter.in.map(sqlLiteral).join(', ')}))`;
  const parts: string[] = [];
  const r = filter as { gte?: number; lte?: number; gt?: number; lt?: number };
  if (r.gte !== undefined) parts.push(`${col} >= ${sqlLiteral(r.gte)}`);
  if (r.lte !== undefined) parts.push(`${col} <= ${sqlLiteral(r.lte)}`);
  if (r.gt !== undefined) parts.push(`${col} > ${sqlLiteral(r.gt)}`);
  if (r.lt !== undefined) parts.push(`${col} < ${sqlLiteral(r.lt)}`);
  return `(${parts.join(' AND ')})`;
}

/** `id IN (...)` for a list of ids. */
export const idsToSql = (ids: readonly string[]): string => `(${quoteIdent('id')} IN (${ids.map(sqlLiteral).join(', ')}))`;
