/**
 * French texts of the connector kinds, keyed by their English text (see locales.ts). Menu and
 * button names of the services stay as their (English) interfaces show them.
 */
export const fr: Readonly<Record<string, string>> = {
  'Workflow URL': 'URL du workflow',
  'The HTTP POST URL of a "Post to a channel when a webhook request is received" workflow.':
    'L’URL HTTP POST d’un workflow « Post to a channel when a webhook request is received ».',
  'In Teams, open the channel, select ⋯ (More options), then Workflows.':
    'Dans Teams, ouvrez le canal, choisissez ⋯ (Plus d’options), puis Workflows.',
  'Pick the template "Post to a channel when a webhook request is received".':
    'Choisissez le modèle « Post to a channel when a webhook request is received ».',
  'Check that the Microsoft Teams connection is enabled, then select Next.':
    'Vérifiez que la connexion Microsoft Teams est activée, puis choisissez Suivant.',
  'Choose the team and the channel, then Create flow.': 'Choisissez l’équipe et le canal, puis Créer un flux.',
  'Copy the URL shown and paste it here.': 'Copiez l’URL affichée et collez-la ici.',
  'Tip: create the flow with a service account or add co-owners; a flow stops when its owner leaves. Workflows cannot post to private channels.':
    'Conseil : créez le flux avec un compte de service ou ajoutez des copropriétaires ; un flux s’arrête quand son propriétaire s’en va. Les workflows ne peuvent pas publier dans les canaux privés.',
  'API key': 'Clé d’API',
  'In Close: Settings → Developer → API Keys. The key starts with "api_".':
    'Dans Close : Settings → Developer → API Keys. La clé commence par « api_ ».',
  'Write key': 'Clé d’écriture (write key)',
  "In Segment: Connections → Sources → your HTTP API source → Settings → API Keys. Segment accepts any key without saying so, so check it is your source's.":
    'Dans Segment : Connections → Sources → votre source HTTP API → Settings → API Keys. Segment accepte n’importe quelle clé sans rien dire : vérifiez que c’est celle de votre source.',
  'Workspace region': 'Région de l’espace de travail',
  'An EU workspace must use the EU endpoint: sent to the US one, its events are silently dropped.':
    'Un espace de travail européen doit utiliser le point d’accès européen : envoyés à celui des États-Unis, ses événements sont perdus sans avertissement.',
  'United States (Oregon)': 'États-Unis (Oregon)',
  'European Union (Dublin)': 'Union européenne (Dublin)',
  'Site ID': 'Site ID',
  'In Customer.io: Settings → API Credentials → Track API Keys.':
    'Dans Customer.io : Settings → API Credentials → Track API Keys.',
  'The Track API key beside that Site ID.': 'La clé Track API à côté de ce Site ID.',
  'In SendGrid: Settings → API Keys, with Mail Send access. It starts with "SG.".':
    'Dans SendGrid : Settings → API Keys, avec l’accès Mail Send. Elle commence par « SG. ».',
  'From address': 'Adresse d’expédition',
  'A verified Sender Identity of your SendGrid account.': 'Une Sender Identity vérifiée de votre compte SendGrid.',
  'In Resend: API Keys → Create API Key, with sending access. It starts with "re_".':
    'Dans Resend : API Keys → Create API Key, avec l’accès en envoi. Elle commence par « re_ ».',
  'An address on a domain you verified in Resend.': 'Une adresse d’un domaine que vous avez vérifié dans Resend.',
  'In Loops: Settings → API → Generate key.': 'Dans Loops : Settings → API → Generate key.',
  'Windmill URL': 'URL de Windmill',
  'https://app.windmill.dev for Windmill Cloud, or your own instance.':
    'https://app.windmill.dev pour Windmill Cloud, ou votre propre instance.',
  Workspace: 'Espace de travail',
  'Run a': 'Exécuter un',
  Script: 'Script',
  Flow: 'Flow',
  Path: 'Chemin',
  'From the script or flow\'s "Details & Triggers" tab.': 'Dans l’onglet « Details & Triggers » du script ou du flow.',
  Token: 'Jeton',
  'A webhook-specific token (it can run only this script or flow), from the same tab.':
    'Un jeton propre au webhook (il ne peut exécuter que ce script ou ce flow), du même onglet.',
  'Event key': 'Clé d’événement (event key)',
  'In Inngest: Manage → Event Keys → Create Event Key.': 'Dans Inngest : Manage → Event Keys → Create Event Key.',
  'Webhook URL': 'URL du webhook',
  'In Zapier, create a Zap. For the trigger choose Webhooks by Zapier, event Catch Hook, then Continue.':
    'Dans Zapier, créez un Zap. Comme déclencheur, choisissez Webhooks by Zapier, l’événement Catch Hook, puis Continue.',
  'Copy the webhook URL Zapier shows and paste it here. Leave Silent Mode off.':
    'Copiez l’URL du webhook que Zapier affiche et collez-la ici. Laissez Silent Mode désactivé.',
  'Save here, send a test event, then select Test trigger in Zapier, add your actions and publish the Zap.':
    'Enregistrez ici, envoyez un événement de test, puis choisissez Test trigger dans Zapier, ajoutez vos actions et publiez le Zap.',
  'A paid Zapier plan is needed. Anyone with the URL can post to your Zap: keep it secret. If the Zap changes owner, its URL changes and must be updated here.':
    'Un abonnement Zapier payant est nécessaire. Quiconque a l’URL peut envoyer à votre Zap : gardez-la secrète. Si le Zap change de propriétaire, son URL change et doit être mise à jour ici.',
  'Custom webhook': 'Webhook personnalisé',
  'Endpoint URL': 'URL de destination',
  Username: 'Nom d’utilisateur',
  Password: 'Mot de passe',
  'Sent as HTTP Basic authentication; leave empty if the URL needs none.':
    'Envoyé en authentification HTTP Basic ; laissez vide si l’URL n’en demande pas.',
  'Kept encrypted; never shown again.': 'Conservé chiffré ; plus jamais affiché.',
  'Sent as "Authorization: Bearer …"; kept encrypted.': 'Envoyé comme « Authorization: Bearer … » ; conservé chiffré.',
};
