import { aliasRegistryContract, createMemoryAliasRegistry, createMemoryVectorIndex, vectorIndexContract } from '../../testing.js';

vectorIndexContract('memory', () => createMemoryVectorIndex());

// One process, one map: the "peer" is the same registry.
const shared = createMemoryAliasRegistry();
aliasRegistryContract('memory', () => shared);
