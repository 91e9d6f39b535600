import { describe } from 'node:test';
import { deliverySuite } from './delivery-suite.ts';
import { openFreshPostgresStore, postgresSuite } from './postgres.ts';
import { storeContract } from './store-contract.ts';

describe('PostgreSQL store', postgresSuite, () => {
  storeContract('PostgreSQL', () => openFreshPostgresStore());
  deliverySuite('PostgreSQL', () => openFreshPostgresStore());
});
