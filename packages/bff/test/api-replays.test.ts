import { describe } from 'node:test';
import { openFreshPostgresStore, postgresSuite } from './postgres.ts';
import { replaySuite } from './replay-suite.ts';
import { openSqliteStore } from './stores.ts';

replaySuite('SQLite', () => openSqliteStore(':memory:'));
describe('PostgreSQL', postgresSuite, () => replaySuite('PostgreSQL', () => openFreshPostgresStore()));
