import type { ConnectorKindModule } from '../kind.ts';
import { BRAND_LOGOS } from '../logos.ts';

export const zapier: ConnectorKindModule = {
  kind: 'Zapier',
  name: 'Zapier',
  logo: BRAND_LOGOS.zapier,
  services: [{ name: 'ZAPIER', hosts: ['hooks.zapier.com'] }],
  // https://hooks.zapier.com/hooks/catch/{account}/{hook}/: anyone with it can post to the Zap.
  secretUrl: { visibleSegments: 2 },
  connect: {
    type: 'url',
    urlPattern: /^https:\/\/hooks\.zapier\.com\/hooks\/catch\/(\d+\/)?[A-Za-z0-9]+\/?(silent\/?)?$/,
    fields: [
      {
        name: 'url',
        label: 'Webhook URL',
        type: 'url',
        required: true,
        placeholder: 'https://hooks.zapier.com/hooks/catch/123456/abcdef/',
        target: 'credentials',
      },
    ],
    instructions: [
      'In Zapier, create a Zap. For the trigger choose Webhooks by Zapier, event Catch Hook, then Continue.',
      'Copy the webhook URL Zapier shows and paste it here. Leave Silent Mode off.',
      'Save here, send a test event, then select Test trigger in Zapier, add your actions and publish the Zap.',
      'A paid Zapier plan is needed. Anyone with the URL can post to your Zap: keep it secret. If the Zap changes owner, its URL changes and must be updated here.',
    ],
  },
  defaultTransformation: null,
  endpointUrl: (c) => c.url ?? '',
  hint: (c) => ({ url: c.url ? 'hooks.zapier.com/…' : '' }),
};
