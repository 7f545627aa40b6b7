import { comparisonStoreContract, createMemoryComparisonStore } from '../testing.js';

comparisonStoreContract('memory', {
  async makePair() {
    const store = createMemoryComparisonStore();
    return { a: store, b: store };
  },
});
