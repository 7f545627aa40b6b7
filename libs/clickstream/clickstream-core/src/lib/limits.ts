/** Size and time limits applied to every clickstream input. */
export interface ClickstreamLimits {
  /** Results one session may hold (registration plus appended pages). @defaultValue 1000 */
  maxResultsPerSession: number;
  /** Events in one request. @defaultValue 1000 */
  maxEventsPerRequest: number;
  /** Serialised JSON size of one `meta` / `search_meta` object, in bytes. @defaultValue 16384 */
  maxMetaBytes: number;
  /** Length of ids (session, object, event, user, release, batch). @defaultValue 256 */
  maxIdLength: number;
  /** Length of the search query. @defaultValue 4096 */
  maxQueryLength: number;
  /** Accepted client timestamps: not older than now − this many seconds. @defaultValue 43200 */
  timeMaxDeltaMinusSec: number;
  /** Accepted client timestamps: not later than now + this many seconds. @defaultValue 300 */
  timeMaxDeltaPlusSec: number;
  /** Set false to accept any timestamp (imports of historical logs). @defaultValue true */
  checkTimestamps: boolean;
  /** Nesting depth of one `meta` / `search_meta` object (the object itself is level 1). @defaultValue 32 */
  maxMetaDepth: number;
  /** Items in one bulk request (`sessions:bulk`, `events:bulk`). @defaultValue 1000 */
  maxBulkItems: number;
  /** Sessions per page when reading a batch. @defaultValue 1000 */
  maxPageSize: number;
  /** Events per session when reading sessions. @defaultValue 1000 */
  maxEventsPerSession: number;
}

export const DEFAULT_CLICKSTREAM_LIMITS: Readonly<ClickstreamLimits> = Object.freeze({
  maxResultsPerSession: 1000,
  maxEventsPerRequest: 1000,
  maxMetaBytes: 16384,
  maxIdLength: 256,
  maxQueryLength: 4096,
  timeMaxDeltaMinusSec: 43200,
  timeMaxDeltaPlusSec: 300,
  checkTimestamps: true,
  maxMetaDepth: 32,
  maxBulkItems: 1000,
  maxPageSize: 1000,
  maxEventsPerSession: 1000,
});
