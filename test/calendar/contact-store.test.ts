import { createMemoryStore } from '../../src/storage/memory-store.js';
import { describeContactConformance } from '../../src/testing/contacts-conformance.js';

describeContactConformance(async () => createMemoryStore());
