import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type Fakes, type StartFakesOptions, startFakes } from '@patchbay/fakes';

/** Where the fakes listen when nothing was saved and PATCHBAY_DEMO_FAKES_PORT is not set: this port and the next ones. */
export const DEFAULT_FAKES_PORT = 8790;

/** The fakes cannot start where the demo needs them; the message says what to do. */
export class FakesNotStarted extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FakesNotStarted';
  }
}

/**
 * Starts the fakes where they were the last time on this data: saved connections (a Teams
 * workflow URL, a Custom URL, a Windmill instance) hold the fakes' URLs, so the ports belong
 * with the data, beside the database. The first start takes `firstPort` and the ports after it
 * (0: any free ones) and writes them down; a port that is taken is an error saying which.
 */
export async function startFakesOnSavedPorts(
  file: string,
  firstPort: number,
  options: Omit<StartFakesOptions, 'basePort' | 'ports'>,
): Promise<Fakes> {
  const saved = await readPorts(file);
  let fakes: Fakes;
  try {
    fakes = await startFakes({ ...options, ...(saved ? { ports: saved } : { basePort: firstPort }) });
  } catch (err) {
    const { code, port } = err as NodeJS.ErrnoException & { port?: number };
    if (code !== 'EADDRINUSE' && code !== 'EACCES') throw err;
    throw new FakesNotStarted(
      saved
        ? `port ${port} is taken, and the local services listened there before: your saved connections point at them. Stop what holds it and start again (or delete ${file} to let the services move, after which connections pasted with their old URLs must be connected again).`
        : `port ${port} is taken: the local services listen on consecutive ports from ${firstPort}. Stop what holds it, or choose another first port with PATCHBAY_DEMO_FAKES_PORT=<port> (0 takes any free ports).`,
    );
  }
  const ports = Object.fromEntries(
    Object.entries(fakes.servers).map(([name, server]) => [name, Number(new URL(server.url).port)]),
  );
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(ports, null, 2)}\n`);
  return fakes;
}

async function readPorts(file: string): Promise<Record<string, number> | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  const ports = safeJson(text);
  if (ports && typeof ports === 'object' && Object.values(ports).every((p) => Number.isInteger(p))) {
    return ports as Record<string, number>;
  }
  throw new FakesNotStarted(`${file} is not a map of ports; delete it to start the local services on new ones`);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
