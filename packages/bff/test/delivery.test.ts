import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { signatureHeader } from '../src/crypto/signature.ts';
import { deliverySuite } from './delivery-suite.ts';
import { openSqliteStore } from './stores.ts';

describe('Standard Webhooks signatures', () => {
  it('match the published test vector', () => {
    const header = signatureHeader(
      ['whsec_plJ3nmyCDGBKInavdOK15jsl'],
      'msg_loFOjxBNrRLzqYUf',
      1731705121,
      '{"event_type":"ping","data":{"success":true}}',
    );
    assert.equal(header, 'v1,rAvfW3dJ/X/qxhsaXPOyyCGmRKsaKWcsNccKXlIktD0=');
  });
});

deliverySuite('SQLite', () => openSqliteStore(':memory:'));
