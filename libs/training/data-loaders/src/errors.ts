// The error catalogue of @embedding-studio/data-loaders. Every code here is listed in the
// README "Errors" table (a test keeps the two in sync).
import { InputError, NotFoundError, previewValue } from '@embedding-studio/errors';

/** An option is out of its allowed range (negative ratio, test size, batch size…). */
export class DataLoadersInvalidOptionError extends InputError {
  constructor(option: string, problem: string, value?: unknown) {
    super('DATA_LOADERS_INVALID_OPTION', `Invalid option ${option}: ${problem}${value === undefined ? '' : ` (got ${previewValue(value)})`}.`, {
      details: { option, ...(value === undefined ? {} : { value: previewValue(value) }) },
    });
  }
}

/** Strict loading: some requested items do not exist in the item source. */
export class DataLoadersItemsNotFoundError extends NotFoundError {
  constructor(missing: readonly string[], source: string) {
    const shown = missing.slice(0, 10).map((id) => JSON.stringify(id)).join(', ');
    super(
      'DATA_LOADERS_ITEMS_NOT_FOUND',
      `${missing.length} item(s) not found in ${source}: ${shown}${missing.length > 10 ? ', ...' : ''}; add them to the item source, or load without strict to drop them and get them reported.`,
      { details: { count: missing.length, ids: missing.slice(0, 100), source } },
    );
  }
}

/** A line of an item file is not a JSON object with an id. */
export class DataLoadersInvalidItemFileError extends InputError {
  constructor(file: string, line: number, problem: string) {
    super('DATA_LOADERS_INVALID_ITEM_FILE', `${file}:${line}: ${problem}; each line must be a JSON object with an "_id" or "id" field.`, {
      details: { file, line },
    });
  }
}

/** The item file does not exist or cannot be opened. */
export class DataLoadersItemFileNotFoundError extends NotFoundError {
  constructor(file: string, cause: unknown) {
    super('DATA_LOADERS_ITEM_FILE_NOT_FOUND', `Cannot open item file ${file}; check the path (it is resolved from the working directory).`, {
      details: { file },
      cause,
    });
  }
}
