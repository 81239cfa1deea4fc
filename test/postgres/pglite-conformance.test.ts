import { describeStoreConformance } from '../../src/testing/index.js';
import { pgliteStores } from './pglite-store.js';

// Always runs: `npm test` on a fresh machine needs no server.
describeStoreConformance('PostgreSQL adapter on PGlite (in-process)', pgliteStores());
