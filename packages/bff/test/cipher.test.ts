import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { slack } from '../src/catalog/kinds/slack.ts';
import { systemClock } from '../src/clock.ts';
import { Cipher, DecryptionError } from '../src/crypto/cipher.ts';
import { createCredentialService } from '../src/crypto/credentials.ts';
import { reencryptSecrets } from '../src/crypto/rotate.ts';
import { integrationKeyAad } from '../src/crypto/secrets.ts';
import { createIntegrations } from '../src/domain/integrations.ts';
import { renderMarkdown } from '../src/domain/markdown.ts';
import { newId } from '../src/ids.ts';
import type { Application } from '../src/model.ts';
import { openSqliteStore } from './stores.ts';

describe('credentials at rest', () => {
  const cipher = new Cipher([randomBytes(32)]);

  it('AES-256-GCM with a fresh nonce each time, naming its key', () => {
    const a = cipher.encrypt('re_secret', 'endpoint:ep_1');
    const b = cipher.encrypt('re_secret', 'endpoint:ep_1');
    assert.notEqual(a, b);
    assert.match(a, new RegExp(`^v1\\.${cipher.currentKeyId}\\.[\\w-]{16}\\.[\\w-]+$`));
    assert.ok(!a.includes('re_secret'));
    assert.equal(cipher.decrypt(a, 'endpoint:ep_1'), 're_secret');
  });

  it('refuses a ciphertext moved to another endpoint, altered, or made with an unknown key', () => {
    const sealed = cipher.encrypt('token', 'endpoint:ep_1');
    assert.throws(() => cipher.decrypt(sealed, 'endpoint:ep_2'), DecryptionError);
    const parts = sealed.split('.');
    const tampered = [...parts.slice(0, 3), `${(parts[3] as string).slice(0, -2)}AA`].join('.');
    assert.throws(() => cipher.decrypt(tampered, 'endpoint:ep_1'), DecryptionError);
    assert.throws(() => new Cipher([randomBytes(32)]).decrypt(sealed, 'endpoint:ep_1'), /not configured/);
  });

  it('rotates: old ciphertexts still read with the old key in the ring, and re-encryption moves them to the new one', async () => {
    const oldKey = randomBytes(32);
    const newKey = randomBytes(32);
    const store = await openSqliteStore(':memory:');
    try {
      const now = new Date();
      await store.applications.insert({
        id: 'app_1',
        uid: null,
        name: 'A',
        throttleRate: null,
        metadata: {},
        createdAt: now,
        updatedAt: now,
      });
      const endpointId = newId('ep', now.getTime());
      await store.endpoints.insert({
        id: endpointId,
        appId: 'app_1',
        uid: null,
        url: 'https://example.com',
        description: '',
        eventTypes: null,
        channels: null,
        disabled: false,
        metadata: {},
        headers: {},
        throttleRate: null,
        secret: 'whsec_x',
        previousSecrets: [],
        connectorId: null,
        transformation: { code: null, enabled: false, variables: {}, updatedAt: null },
        filter: null,
        retrySchedule: null,
        failSince: null,
        failReason: null,
        disabledReason: null,
        draft: false,
        createdAt: now,
        updatedAt: now,
      });
      // As a Slack connect stores them: the endpoint seals its webhook URL, then the channel is saved beside it.
      const before = createCredentialService({ store, cipher: new Cipher([oldKey]), clock: systemClock });
      await before.seal(endpointId, slack, { url: 'https://hooks.slack.com/services/T0/B0/secret' });
      await before.save(endpointId, 'Slack', { channel: '#general' }, { channel: '#general' });
      const held = {
        kind: 'Slack',
        credentials: { channel: '#general', url: 'https://hooks.slack.com/services/T0/B0/secret' },
      };

      // An integration's key, sealed under the old key as domain/integrations.ts seals it.
      const integration = await createIntegrations({ store, clock: systemClock, cipher: new Cipher([oldKey]) }).create(
        { id: 'app_1' } as Application,
        { name: 'Zapier' },
      );

      const rotating = new Cipher([newKey, oldKey]);
      assert.deepEqual(
        await createCredentialService({ store, cipher: rotating, clock: systemClock }).read(endpointId),
        held,
      );
      assert.deepEqual(await reencryptSecrets({ store, cipher: rotating, clock: systemClock }), {
        credentials: 1,
        signingKeys: 0,
        integrationKeys: 1,
      });
      assert.deepEqual(await reencryptSecrets({ store, cipher: rotating, clock: systemClock }), {
        credentials: 0,
        signingKeys: 0,
        integrationKeys: 0,
      });
      const onlyNew = createCredentialService({ store, cipher: new Cipher([newKey]), clock: systemClock });
      assert.deepEqual(await onlyNew.read(endpointId), held, 'the old key is no longer needed');
      const resealed = await store.integrations.get('app_1', integration.id);
      assert.match(
        new Cipher([newKey]).decrypt(resealed?.keyCiphertext ?? '', integrationKeyAad(integration.id)),
        /^integsk_/,
      );
    } finally {
      await store.close();
    }
  });
});

describe('connector instructions (Markdown)', () => {
  it('render to a safe subset: no raw HTML, no script links', () => {
    const html = renderMarkdown(
      '# Connect\n\n1. Open **Settings**\n2. Copy the `API key`\n\nSee [the docs](https://example.com/docs) <script>alert(1)</script> [x](javascript:alert(1))',
    );
    assert.match(html, /<h3>Connect<\/h3>/);
    assert.match(html, /<ol><li>Open <strong>Settings<\/strong><\/li><li>Copy the <code>API key<\/code><\/li><\/ol>/);
    assert.match(
      html,
      /<a href="https:\/\/example\.com\/docs" target="_blank" rel="noopener noreferrer">the docs<\/a>/,
    );
    assert.doesNotMatch(html, /<script|href="javascript/);
    assert.match(html, /&lt;script&gt;/);
  });
});
