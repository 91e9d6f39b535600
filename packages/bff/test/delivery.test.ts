import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { MAX_SIGNING_KEYS, signatureHeader } from '../src/crypto/signature.ts';
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

  const newSecret = () => `whsec_${randomBytes(24).toString('base64')}`;
  const signed = (secrets: string[], id: string, body: string) => {
    const timestamp = Math.floor(Date.now() / 1000);
    return {
      'webhook-id': id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signatureHeader(secrets, id, timestamp, body),
    };
  };
  const verifies = (secret: string, body: string, headers: Record<string, string>) => {
    try {
      return Boolean(new Webhook(secret).verify(body, headers));
    } catch {
      return false;
    }
  };

  it('verify with each secret of a rotation and no other, with keys kept from earlier signatures', () => {
    const old = newSecret();
    const fresh = newSecret();
    const body = '{"amount":42}';
    assert.ok(verifies(old, body, signed([old], 'msg_1', body)), 'before the rotation');
    const during = signed([fresh, old], 'msg_2', body);
    assert.ok(verifies(fresh, body, during) && verifies(old, body, during), 'both secrets during the grace period');
    const afterGrace = signed([fresh], 'msg_3', body);
    assert.ok(verifies(fresh, body, afterGrace));
    assert.ok(!verifies(old, body, afterGrace), 'the old secret no longer signs');
    assert.ok(!verifies(newSecret(), body, during), 'an unrelated secret verifies nothing');
  });

  it('stay right for every secret when more secrets sign than the key cache holds', () => {
    const secrets = Array.from({ length: MAX_SIGNING_KEYS + 10 }, newSecret);
    const body = '{"n":1}';
    for (const secret of secrets) signed([secret], 'msg_warm', body);
    for (const secret of [secrets[0] as string, secrets.at(-1) as string, secrets[MAX_SIGNING_KEYS] as string])
      assert.ok(verifies(secret, body, signed([secret], 'msg_again', body)));
  });
});

deliverySuite('SQLite', () => openSqliteStore(':memory:'));
