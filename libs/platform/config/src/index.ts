// Public API of @embedding-studio/config.
export { ConfigError } from './lib/config-error.js';
export type { ConfigIssue } from './lib/config-error.js';
export { EnvBoolean, EnvList, EnvNumber, EnvString, InvalidEnvValue } from './lib/decorators.js';
export { describeConfig, envKeys, loadConfig, loadConfigOrExit, redactValue } from './lib/load-config.js';
export type { LoadConfigOrExitOptions } from './lib/load-config.js';
