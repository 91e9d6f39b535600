import type { ConnectSession } from '../../model.ts';
import type { ConnectSessionRepo } from '../types.ts';
import type { SqlDatabase } from './database.ts';
import { flag, json, plain, repository, table, time } from './table.ts';

const connectSessions = table<ConnectSession>('connect_sessions', 'id', {
  id: plain(),
  appId: plain(),
  connectorId: plain(),
  provider: plain(),
  status: plain(),
  ticketHash: plain(),
  ticketUsed: flag,
  stateHash: plain(),
  stateUsed: flag,
  codeVerifier: plain(),
  origin: plain(),
  portalSession: plain(),
  eventTypes: json(),
  result: plain(),
  claimHash: plain(),
  claimUsed: flag,
  endpointId: plain(),
  error: plain(),
  expiresAt: time,
  createdAt: time,
  updatedAt: time,
});

export function sqlConnectSessions(db: SqlDatabase): ConnectSessionRepo {
  const rows = repository(db, connectSessions);
  return {
    insert: rows.insert,
    update: rows.update,
    get: (id) => rows.one('id = ?', [id]),
    byTicketHash: (hash) => rows.one('ticket_hash = ?', [hash]),
    byStateHash: (hash) => rows.one('state_hash = ?', [hash]),
    use(id, what) {
      const column = `${what}_used`;
      return rows.change(`UPDATE connect_sessions SET ${column} = 1 WHERE id = ? AND ${column} = 0`, [id]);
    },
  };
}
