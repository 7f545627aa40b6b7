// The default fine-tuning method, registered as "Default Fine Tuning Method".
export { DefaultFineTuningMethod } from '@embedding-studio/default-fine-tuning-method';
