// The ledger part of the Store conformance suite on PGlite (the rest: pglite-conformance.test.ts).
// Its own file, so a parallel run puts it beside the other half: it is the slowest part.
import { describeStoreConformance } from '../../src/testing/index.js';
import { pgliteStores } from './pglite-store.js';

describeStoreConformance('PostgreSQL adapter on PGlite (in-process)', pgliteStores(), { parts: ['ledger'] });
