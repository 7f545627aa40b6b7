import { preset } from '../../../jest.preset.js';

export default { ...preset, displayName: 'artifact-store-s3' };
