import type { AuthenticationMethod, Connector } from '../../model.ts';
import type { ConnectorRepo } from '../types.ts';
import type { SqlDatabase } from './database.ts';
import { date, fromJson, paginate, selectByIds, statements, toJson } from './rows.ts';

interface Row {
  id: string;
  uid: string | null;
  name: string;
  logo: string | null;
  description: string;
  kind: string;
  instructions: string;
  allowed_event_types: string | null;
  transformation: string;
  feature_flags: string | null;
  product_type: string | null;
  default_url: string | null;
  authentication_method: AuthenticationMethod | null;
  created_at: number;
  updated_at: number;
  transformation_updated_at: number;
}

const fromRow = (r: Row): Connector => ({
  id: r.id,
  uid: r.uid,
  name: r.name,
  logo: r.logo,
  description: r.description,
  kind: r.kind,
  instructions: r.instructions,
  allowedEventTypes: fromJson(r.allowed_event_types),
  transformation: r.transformation,
  featureFlags: fromJson(r.feature_flags),
  productType: r.product_type,
  defaultUrl: r.default_url,
  authenticationMethod: r.authentication_method,
  createdAt: date(r.created_at),
  updatedAt: date(r.updated_at),
  transformationUpdatedAt: date(r.transformation_updated_at),
});

const sql = statements('connectors', [
  'uid',
  'name',
  'logo',
  'description',
  'kind',
  'instructions',
  'allowed_event_types',
  'transformation',
  'feature_flags',
  'product_type',
  'default_url',
  'authentication_method',
  'created_at',
  'updated_at',
  'transformation_updated_at',
  'id',
]);

const values = (c: Connector) => [
  c.uid,
  c.name,
  c.logo,
  c.description,
  c.kind,
  c.instructions,
  toJson(c.allowedEventTypes),
  c.transformation,
  toJson(c.featureFlags),
  c.productType,
  c.defaultUrl,
  c.authenticationMethod,
  c.createdAt.getTime(),
  c.updatedAt.getTime(),
  c.transformationUpdatedAt.getTime(),
  c.id,
];

export function sqlConnectors(db: SqlDatabase): ConnectorRepo {
  return {
    async insert(connector) {
      await db.transaction((tx) => tx.run(sql.insert, values(connector)));
    },
    async get(idOrUid) {
      const row = await db.get<Row>('SELECT * FROM connectors WHERE id = ? OR uid = ? ORDER BY id = ? DESC LIMIT 1', [
        idOrUid,
        idOrUid,
        idOrUid,
      ]);
      return row && fromRow(row);
    },
    getMany: (ids) => selectByIds(db, 'connectors', ids, fromRow),
    async update(connector) {
      await db.transaction((tx) => tx.run(sql.update, values(connector)));
    },
    async delete(id) {
      const { changes } = await db.transaction((tx) => tx.run('DELETE FROM connectors WHERE id = ?', [id]));
      return changes > 0;
    },
    list(query) {
      return paginate(db, {
        select: 'SELECT * FROM connectors',
        where: [],
        params: [],
        key: 'id',
        query,
        map: fromRow,
        keyOf: (c) => c.id,
      });
    },
  };
}
