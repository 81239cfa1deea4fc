import { describe, it } from 'vitest';
import { describeStoreConformance } from '../../src/testing/index.js';
import { serverLabel, serverStores, serverUrl } from './server-store.js';

if (serverUrl === undefined) {
  describe('Store conformance: PostgreSQL adapter on a server', () => {
    it.skip('not run: set FIDELIS_TEST_PG_URL (e.g. eval "$(bash scripts/pg-server.sh start)")', () => {});
  });
} else {
  describeStoreConformance(`PostgreSQL adapter on server ${serverLabel()}`, serverStores().factory);
}
