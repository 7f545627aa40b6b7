// The click models live in @embedding-studio/click-simulation (shared with the demo); the
// benchmark adds only the parsing of its --setting flag.
import { SETTING_IDS } from '@embedding-studio/click-simulation';
import type { SettingId } from '@embedding-studio/click-simulation';
import { BenchInvalidArgumentError } from '../../errors.js';

/** Parses `S1`, `s2`, … into a setting id. */
export function parseSetting(value: string): SettingId {
  const v = value.trim().toUpperCase();
  if ((SETTING_IDS as readonly string[]).includes(v)) return v as SettingId;
  throw new BenchInvalidArgumentError(`Unknown click setting "${value}"; use one of ${SETTING_IDS.join(', ')} (comma-separated).`);
}
