/**
 * German texts of the connector kinds, keyed by their English text (see locales.ts). Menu and
 * button names of the services stay as their (English) interfaces show them.
 */
export const de: Readonly<Record<string, string>> = {
  'Workflow URL': 'Workflow-URL',
  'The HTTP POST URL of a "Post to a channel when a webhook request is received" workflow.':
    'Die HTTP-POST-URL eines Workflows „Post to a channel when a webhook request is received“.',
  'In Teams, open the channel, select ⋯ (More options), then Workflows.':
    'Öffnen Sie in Teams den Kanal, wählen Sie ⋯ (Weitere Optionen) und dann Workflows.',
  'Pick the template "Post to a channel when a webhook request is received".':
    'Wählen Sie die Vorlage „Post to a channel when a webhook request is received“.',
  'Check that the Microsoft Teams connection is enabled, then select Next.':
    'Prüfen Sie, dass die Microsoft-Teams-Verbindung aktiviert ist, und wählen Sie Weiter.',
  'Choose the team and the channel, then Create flow.': 'Wählen Sie Team und Kanal, dann Flow erstellen.',
  'Copy the URL shown and paste it here.': 'Kopieren Sie die angezeigte URL und fügen Sie sie hier ein.',
  'Tip: create the flow with a service account or add co-owners; a flow stops when its owner leaves. Workflows cannot post to private channels.':
    'Tipp: Erstellen Sie den Flow mit einem Dienstkonto oder fügen Sie Mitbesitzer hinzu; ein Flow hört auf, wenn sein Besitzer geht. Workflows können nicht in private Kanäle posten.',
  'API key': 'API-Schlüssel',
  'In Close: Settings → Developer → API Keys. The key starts with "api_".':
    'In Close: Settings → Developer → API Keys. Der Schlüssel beginnt mit „api_“.',
  'Write key': 'Write Key',
  "In Segment: Connections → Sources → your HTTP API source → Settings → API Keys. Segment accepts any key without saying so, so check it is your source's.":
    'In Segment: Connections → Sources → Ihre HTTP-API-Quelle → Settings → API Keys. Segment nimmt jeden Schlüssel kommentarlos an: Prüfen Sie, dass es der Ihrer Quelle ist.',
  'Workspace region': 'Region des Workspace',
  'An EU workspace must use the EU endpoint: sent to the US one, its events are silently dropped.':
    'Ein EU-Workspace muss den EU-Endpunkt verwenden: An den US-Endpunkt gesendet, gehen seine Ereignisse stillschweigend verloren.',
  'United States (Oregon)': 'Vereinigte Staaten (Oregon)',
  'European Union (Dublin)': 'Europäische Union (Dublin)',
  'Site ID': 'Site ID',
  'In Customer.io: Settings → API Credentials → Track API Keys.':
    'In Customer.io: Settings → API Credentials → Track API Keys.',
  'The Track API key beside that Site ID.': 'Der Track-API-Schlüssel neben dieser Site ID.',
  'In SendGrid: Settings → API Keys, with Mail Send access. It starts with "SG.".':
    'In SendGrid: Settings → API Keys, mit Mail-Send-Zugriff. Er beginnt mit „SG.“.',
  'From address': 'Absenderadresse',
  'A verified Sender Identity of your SendGrid account.': 'Eine bestätigte Sender Identity Ihres SendGrid-Kontos.',
  'In Resend: API Keys → Create API Key, with sending access. It starts with "re_".':
    'In Resend: API Keys → Create API Key, mit Sendezugriff. Er beginnt mit „re_“.',
  'An address on a domain you verified in Resend.': 'Eine Adresse einer Domain, die Sie in Resend bestätigt haben.',
  'In Loops: Settings → API → Generate key.': 'In Loops: Settings → API → Generate key.',
  'Windmill URL': 'Windmill-URL',
  'https://app.windmill.dev for Windmill Cloud, or your own instance.':
    'https://app.windmill.dev für Windmill Cloud oder Ihre eigene Instanz.',
  Workspace: 'Workspace',
  'Run a': 'Ausführen',
  Script: 'Skript',
  Flow: 'Flow',
  Path: 'Pfad',
  'From the script or flow\'s "Details & Triggers" tab.': 'Aus dem Reiter „Details & Triggers“ des Skripts oder Flows.',
  Token: 'Token',
  'A webhook-specific token (it can run only this script or flow), from the same tab.':
    'Ein Webhook-eigenes Token (es kann nur dieses Skript oder diesen Flow ausführen), aus demselben Reiter.',
  'Event key': 'Event Key',
  'In Inngest: Manage → Event Keys → Create Event Key.': 'In Inngest: Manage → Event Keys → Create Event Key.',
  'Webhook URL': 'Webhook-URL',
  'In Zapier, create a Zap. For the trigger choose Webhooks by Zapier, event Catch Hook, then Continue.':
    'Erstellen Sie in Zapier einen Zap. Als Auslöser wählen Sie Webhooks by Zapier, Ereignis Catch Hook, dann Continue.',
  'Copy the webhook URL Zapier shows and paste it here. Leave Silent Mode off.':
    'Kopieren Sie die Webhook-URL, die Zapier zeigt, und fügen Sie sie hier ein. Lassen Sie Silent Mode ausgeschaltet.',
  'Save here, send a test event, then select Test trigger in Zapier, add your actions and publish the Zap.':
    'Speichern Sie hier, senden Sie ein Testereignis, wählen Sie dann in Zapier Test trigger, fügen Sie Ihre Aktionen hinzu und veröffentlichen Sie den Zap.',
  'A paid Zapier plan is needed. Anyone with the URL can post to your Zap: keep it secret. If the Zap changes owner, its URL changes and must be updated here.':
    'Ein kostenpflichtiger Zapier-Tarif ist nötig. Wer die URL hat, kann an Ihren Zap senden: Halten Sie sie geheim. Wechselt der Zap den Besitzer, ändert sich seine URL und muss hier aktualisiert werden.',
  'Custom webhook': 'Eigener Webhook',
  'Endpoint URL': 'Endpunkt-URL',
  Username: 'Benutzername',
  Password: 'Passwort',
  'Sent as HTTP Basic authentication; leave empty if the URL needs none.':
    'Wird als HTTP-Basic-Authentifizierung gesendet; leer lassen, wenn die URL keine braucht.',
  'Kept encrypted; never shown again.': 'Verschlüsselt gespeichert; nie wieder angezeigt.',
  'Sent as "Authorization: Bearer …"; kept encrypted.':
    'Wird als „Authorization: Bearer …“ gesendet; verschlüsselt gespeichert.',
};
