// BEIR loading lives in @embedding-studio/click-simulation (shared with the demo).
export { loadBeirDataset, loadQrelsFile, loadQueriesFile, sha256 } from '@embedding-studio/click-simulation';
export type { LoadedDataset } from '@embedding-studio/click-simulation';
