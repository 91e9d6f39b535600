import type { Connector } from '../../model.ts';
import type { ConnectorRepo } from '../types.ts';
import type { SqlDatabase } from './database.ts';
import { json, plain, repository, table, time } from './table.ts';

const connectors = table<Connector>('connectors', 'id', {
  id: plain(),
  uid: plain(),
  name: plain(),
  logo: plain(),
  description: plain(),
  kind: plain(),
  instructions: plain(),
  allowedEventTypes: json(),
  transformation: plain(),
  featureFlags: json(),
  productType: plain(),
  defaultUrl: plain(),
  authenticationMethod: plain(),
  translations: json(),
  createdAt: time,
  updatedAt: time,
  transformationUpdatedAt: time,
});

export function sqlConnectors(db: SqlDatabase): ConnectorRepo {
  const rows = repository(db, connectors);
  return {
    insert: rows.insert,
    update: rows.update,
    get: (idOrUid) => rows.one('id = ? OR uid = ? ORDER BY id = ? DESC LIMIT 1', [idOrUid, idOrUid, idOrUid]),
    getMany: rows.getMany,
    delete: (id) => rows.delete('id = ?', [id]),
    list: (query) => {
      // Vendor-defined and few: the page walks the primary key, the filter read beside it.
      if (!query.productType) return rows.page(query);
      const where =
        query.productType === 'Dispatch' ? "(product_type IS NULL OR product_type = 'Dispatch')" : 'product_type = ?';
      return rows.page(query, { where: [where], params: query.productType === 'Dispatch' ? [] : [query.productType] });
    },
  };
}
