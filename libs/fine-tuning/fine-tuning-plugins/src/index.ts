// Public API of @embedding-studio/fine-tuning-plugins. Name every export; nothing else is importable.
export { FINE_TUNING_METHOD_BRAND, FineTuningMethod, isFineTuningMethodClass } from './lib/fine-tuning-method.js';
export type { FineTuningSetup, MethodContext, MethodLogger, PluginMeta } from './lib/fine-tuning-method.js';
export { MethodRegistry } from './lib/method-registry.js';
export type { LoadedMethod } from './lib/method-registry.js';
export { PLUGIN_EXTENSIONS, loadFineTuningMethods, validatePluginMeta } from './lib/load-methods.js';
export type { LoadFineTuningMethodsOptions, LoadFineTuningMethodsResult, PluginLoadFailure } from './lib/load-methods.js';
export {
  FINE_TUNING_PLUGINS_ERROR_CODES,
  PluginDuplicateNameError,
  PluginInvalidMetaError,
  PluginLoadFailedError,
  PluginsDirectoryNotFoundError,
  UnknownFineTuningMethodError,
} from './errors.js';
export type { FineTuningPluginsErrorCode } from './errors.js';
