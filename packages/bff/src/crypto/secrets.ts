import { randomBytes } from 'node:crypto';

/** Svix's accepted form of an endpoint secret: base64, optionally prefixed `whsec_`. */
export const SECRET_PATTERN = /^(whsec_)?[a-zA-Z0-9+/=]{32,100}$/;

/** A new Standard Webhooks signing secret: 32 random bytes. */
export const newEndpointSecret = () => `whsec_${randomBytes(32).toString('base64')}`;

export const normalizeSecret = (secret: string) => (secret.startsWith('whsec_') ? secret : `whsec_${secret}`);

/** Svix's form of an integration key: `integsk_` and 32 random characters (192 bits). */
export const newIntegrationKey = () => `integsk_${randomBytes(24).toString('base64url')}`;

/** Binds a sealed integration key to its integration, so a ciphertext copied onto another row does not open. */
export const integrationKeyAad = (integrationId: string) => `integration-key:${integrationId}`;
