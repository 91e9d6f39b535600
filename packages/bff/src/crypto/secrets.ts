import { randomBytes } from 'node:crypto';

/** Svix's accepted form of an endpoint secret: base64, optionally prefixed `whsec_`. */
export const SECRET_PATTERN = /^(whsec_)?[a-zA-Z0-9+/=]{32,100}$/;

/** A new Standard Webhooks signing secret: 32 random bytes. */
export const newEndpointSecret = () => `whsec_${randomBytes(32).toString('base64')}`;

export const normalizeSecret = (secret: string) => (secret.startsWith('whsec_') ? secret : `whsec_${secret}`);
