/** English strings; every user-visible text of the widget lives in a catalog like this one. */
export const en = {
  heading: 'Connect your tools',
  loading: 'Loading connectors…',
  loaded: (count: number) => `${count} connectors available`,
  loadFailed: 'Could not load connectors.',
  retry: 'Try again',
  connectVia: {
    oauth: 'Sign in',
    'api-key': 'API key',
    url: 'Webhook URL',
    custom: 'Custom',
  },
};

export type Messages = typeof en;
