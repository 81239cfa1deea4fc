import { createMemoryStore } from '../../src/storage/memory-store.js';
import { describeStoreConformance } from '../../src/testing/index.js';

describeStoreConformance('memory', async () => createMemoryStore());
