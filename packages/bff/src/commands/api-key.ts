import { systemClock } from '../clock.ts';
import { loadConfig } from '../config.ts';
import { createApiKeys } from '../domain/api-keys.ts';
import { NotFoundError, ValidationError } from '../errors.ts';
import { openStore } from '../store/open.ts';
import { CommandError, type Env, EXIT, reason } from './command.ts';

interface Output {
  write(text: string): unknown;
}

/**
 * `patchbay api-key create --name NAME | list | revoke ID`: the vendor API keys beside
 * PATCHBAY_API_KEY, on the configured database. A running Patchbay sees a change on its next
 * request (no restart): see docs/operations.md, "Rotating the vendor API key".
 */
export async function apiKeyCommand(
  args: string[],
  options: { name?: string },
  env: Env,
  out: Output = process.stdout,
): Promise<void> {
  const [action, id] = args;
  const usage = (message: string) => new CommandError(message, EXIT.usage);
  if (action === 'create' && (id !== undefined || options.name === undefined))
    throw usage('create takes --name NAME and no ID');
  if (action === 'list' && (id !== undefined || options.name !== undefined))
    throw usage('list takes no ID and no --name');
  if (action === 'revoke' && (id === undefined || options.name !== undefined))
    throw usage('revoke takes the ID of a key (patchbay api-key list shows them)');
  if (action !== 'create' && action !== 'list' && action !== 'revoke')
    throw usage(`unknown action "${action}": create, list or revoke`);

  const config = loadConfig(env);
  const store = await openStore(config.database).catch((err: unknown) => {
    throw new CommandError(`could not open the database: ${reason(err)}`, EXIT.unavailable);
  });
  const keys = createApiKeys({ store, clock: systemClock });
  try {
    if (action === 'create') {
      const { key, apiKey } = await keys.create(options.name as string);
      out.write(`created API key ${apiKey.id} "${apiKey.name}"; it is shown only now:\n${key}\n`);
    } else if (action === 'list') {
      const all = await keys.list();
      if (all.length === 0) out.write('no API keys (PATCHBAY_API_KEY, if set, is accepted besides)\n');
      for (const k of all) {
        const state = k.revokedAt ? `revoked ${k.revokedAt.toISOString()}` : 'active';
        out.write(`${k.id}\t${k.name}\tcreated ${k.createdAt.toISOString()}\t${state}\n`);
      }
    } else {
      await keys.revoke(id as string);
      out.write(`revoked API key ${id}\n`);
    }
  } catch (err) {
    if (err instanceof NotFoundError || err instanceof ValidationError) throw new CommandError(err.message, EXIT.data);
    throw err;
  } finally {
    await store.close();
  }
}
