import type { TransformationVersion, TransformationVersionRepo } from '../types.ts';
import type { SqlDatabase } from './database.ts';
import { plain, repository, table, time } from './table.ts';

const versions = table<TransformationVersion>('transformation_versions', 'id', {
  id: plain(),
  appId: plain(),
  endpointId: plain(),
  code: plain(),
  author: plain(),
  createdAt: time,
});

export function sqlTransformationVersions(db: SqlDatabase): TransformationVersionRepo {
  const rows = repository(db, versions);
  return {
    async insert(version, keep) {
      await db.transaction(async (tx) => {
        await tx.run(versions.insert, versions.values(version));
        // Ids sort by creation: everything older than the newest `keep` goes, one statement over the index.
        await tx.run(
          `DELETE FROM transformation_versions WHERE endpoint_id = ? AND id < (
             SELECT MIN(id) FROM (SELECT id FROM transformation_versions WHERE endpoint_id = ? ORDER BY id DESC LIMIT ?) AS kept)`,
          [version.endpointId, version.endpointId, keep],
        );
      });
    },
    list: (appId, endpointId, limit) =>
      rows.all('WHERE app_id = ? AND endpoint_id = ? ORDER BY id DESC LIMIT ?', [appId, endpointId, limit]),
    get: (appId, endpointId, id) => rows.one('app_id = ? AND endpoint_id = ? AND id = ?', [appId, endpointId, id]),
  };
}
