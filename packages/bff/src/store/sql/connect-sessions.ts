import type { ConnectSession, ConnectStatus } from '../../model.ts';
import type { ConnectSessionRepo } from '../types.ts';
import type { SqlDatabase } from './database.ts';
import { date, fromJson, statements, toJson } from './rows.ts';

interface Row {
  id: string;
  app_id: string;
  connector_id: string;
  provider: string;
  status: ConnectStatus;
  ticket_hash: string;
  ticket_used: number;
  state_hash: string | null;
  state_used: number;
  code_verifier: string | null;
  origin: string;
  portal_session: string | null;
  event_types: string | null;
  result: string | null;
  claim_hash: string | null;
  claim_used: number;
  endpoint_id: string | null;
  error: string | null;
  expires_at: number;
  created_at: number;
  updated_at: number;
}

const fromRow = (r: Row): ConnectSession => ({
  id: r.id,
  appId: r.app_id,
  connectorId: r.connector_id,
  provider: r.provider,
  status: r.status,
  ticketHash: r.ticket_hash,
  ticketUsed: r.ticket_used === 1,
  stateHash: r.state_hash,
  stateUsed: r.state_used === 1,
  codeVerifier: r.code_verifier,
  origin: r.origin,
  portalSession: r.portal_session,
  eventTypes: fromJson(r.event_types),
  result: r.result,
  claimHash: r.claim_hash,
  claimUsed: r.claim_used === 1,
  endpointId: r.endpoint_id,
  error: r.error,
  expiresAt: date(r.expires_at),
  createdAt: date(r.created_at),
  updatedAt: date(r.updated_at),
});

const sql = statements('connect_sessions', [
  'app_id',
  'connector_id',
  'provider',
  'status',
  'ticket_hash',
  'ticket_used',
  'state_hash',
  'state_used',
  'code_verifier',
  'origin',
  'portal_session',
  'event_types',
  'result',
  'claim_hash',
  'claim_used',
  'endpoint_id',
  'error',
  'expires_at',
  'created_at',
  'updated_at',
  'id',
]);

const values = (s: ConnectSession) => [
  s.appId,
  s.connectorId,
  s.provider,
  s.status,
  s.ticketHash,
  s.ticketUsed ? 1 : 0,
  s.stateHash,
  s.stateUsed ? 1 : 0,
  s.codeVerifier,
  s.origin,
  s.portalSession,
  toJson(s.eventTypes),
  s.result,
  s.claimHash,
  s.claimUsed ? 1 : 0,
  s.endpointId,
  s.error,
  s.expiresAt.getTime(),
  s.createdAt.getTime(),
  s.updatedAt.getTime(),
  s.id,
];

export function sqlConnectSessions(db: SqlDatabase): ConnectSessionRepo {
  const one = async (where: string, value: string) => {
    const row = await db.get<Row>(`SELECT * FROM connect_sessions WHERE ${where} = ?`, [value]);
    return row && fromRow(row);
  };
  return {
    async insert(session) {
      await db.transaction((tx) => tx.run(sql.insert, values(session)));
    },
    get: (id) => one('id', id),
    byTicketHash: (hash) => one('ticket_hash', hash),
    byStateHash: (hash) => one('state_hash', hash),
    async update(session) {
      await db.transaction((tx) => tx.run(sql.update, values(session)));
    },
    async use(id, what) {
      const column = `${what}_used`;
      const { changes } = await db.transaction((tx) =>
        tx.run(`UPDATE connect_sessions SET ${column} = 1 WHERE id = ? AND ${column} = 0`, [id]),
      );
      return changes === 1;
    },
  };
}
