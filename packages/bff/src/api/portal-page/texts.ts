/** The App Portal page's own few words (the picker brings its own), in the languages the picker speaks. */
export const LOCALES = ['en', 'de', 'fr'] as const;
export type Locale = (typeof LOCALES)[number];

interface Texts {
  title: string;
  endedTitle: string;
  /** The link's vendor named: `{vendor}` is replaced, escaped. */
  endedAskVendor: string;
  endedAskAnyone: string;
  unavailableTitle: string;
  unavailable: string;
  noScript: string;
}

export const TEXTS: Record<Locale, Texts> = {
  en: {
    title: 'Webhooks',
    endedTitle: 'Your session has ended',
    endedAskVendor: 'This link works for a limited time, or until it is revoked. Ask {vendor} for a new one.',
    endedAskAnyone:
      'This link works for a limited time, or until it is revoked. Open this page again from the service that sent you here.',
    unavailableTitle: 'This page is not available',
    unavailable: 'The webhooks portal is not set up on this server yet. Please try again later.',
    noScript: 'This page needs JavaScript.',
  },
  de: {
    title: 'Webhooks',
    endedTitle: 'Ihre Sitzung ist beendet',
    endedAskVendor:
      'Dieser Link gilt nur eine begrenzte Zeit oder bis er widerrufen wird. Bitten Sie {vendor} um einen neuen.',
    endedAskAnyone:
      'Dieser Link gilt nur eine begrenzte Zeit oder bis er widerrufen wird. Öffnen Sie diese Seite erneut über den Dienst, der Sie hierher geschickt hat.',
    unavailableTitle: 'Diese Seite ist nicht verfügbar',
    unavailable:
      'Das Webhook-Portal ist auf diesem Server noch nicht eingerichtet. Bitte versuchen Sie es später erneut.',
    noScript: 'Diese Seite benötigt JavaScript.',
  },
  fr: {
    title: 'Webhooks',
    endedTitle: 'Votre session est terminée',
    endedAskVendor:
      'Ce lien n’est valable qu’un temps limité, ou jusqu’à sa révocation. Demandez-en un nouveau à {vendor}.',
    endedAskAnyone:
      'Ce lien n’est valable qu’un temps limité, ou jusqu’à sa révocation. Rouvrez cette page depuis le service qui vous y a envoyé.',
    unavailableTitle: 'Cette page n’est pas disponible',
    unavailable: 'Le portail des webhooks n’est pas encore configuré sur ce serveur. Veuillez réessayer plus tard.',
    noScript: 'Cette page nécessite JavaScript.',
  },
};
