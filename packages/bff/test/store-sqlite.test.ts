import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after } from 'node:test';
import { storeContract } from './store-contract.ts';
import { openSqliteStore } from './stores.ts';

const dir = await mkdtemp(path.join(tmpdir(), 'patchbay-store-'));
after(() => rm(dir, { recursive: true, force: true }));

storeContract('SQLite (file)', () => openSqliteStore(path.join(dir, 'contract.db')));
