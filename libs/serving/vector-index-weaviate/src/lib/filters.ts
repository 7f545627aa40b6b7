// Portable filters → Weaviate filter objects (structured: values never become query text).
import { Filters, type FilterValue as WeaviateFilter } from 'weaviate-client';
import type { Filter } from '@embedding-studio/vector-index';
import { DOC_ID, propertyOf } from './names.js';

/** Anything with `filter.byProperty` (a Weaviate collection). */
export interface FilterSource {
  filter: { byProperty(name: string): unknown };
}

interface PropertyFilter {
  equal(v: unknown): WeaviateFilter;
  containsAny(v: unknown[]): WeaviateFilter;
  greaterOrEqual(v: number): WeaviateFilter;
  lessOrEqual(v: number): WeaviateFilter;
  greaterThan(v: number): WeaviateFilter;
  lessThan(v: number): WeaviateFilter;
}

/** Translates a validated filter; `id` is the `doc_id` property. */
export function toWeaviateFilter(source: FilterSource, filter: Filter): WeaviateFilter {
  if ('and' in filter) return filter.and.length === 1 ? toWeaviateFilter(source, filter.and[0]!) : Filters.and(...filter.and.map((f) => toWeaviateFilter(source, f)));
  if ('or' in filter) return filter.or.length === 1 ? toWeaviateFilter(source, filter.or[0]!) : Filters.or(...filter.or.map((f) => toWeaviateFilter(source, f)));
  if ('not' in filter) return Filters.not(toWeaviateFilter(source, filter.not));
  const property = source.filter.byProperty(filter.field === 'id' ? DOC_ID : propertyOf(filter.field)) as PropertyFilter;
  if ('eq' in filter) return property.equal(filter.eq);
  if ('in' in filter) return property.containsAny([...filter.in]);
  const r = filter as { gte?: number; lte?: number; gt?: number; lt?: number };
  const parts: WeaviateFilter[] = [];
  if (r.gte !== undefined) parts.push(property.greaterOrEqual(r.gte));
  if (r.lte !== undefined) parts.push(property.lessOrEqual(r.lte));
  if (r.gt !== undefined) parts.push(property.greaterThan(r.gt));
  if (r.lt !== undefined) parts.push(property.lessThan(r.lt));
  return parts.length === 1 ? parts[0]! : Filters.and(...parts);
}
