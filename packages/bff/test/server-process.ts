import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { after, before } from 'node:test';
import { type Receiver, startReceiver } from './receiver.ts';

const main = new URL('../src/main.ts', import.meta.url).pathname;

export interface ServerProcess {
  child: ChildProcess;
  url: string;
}

/** `npm run serve` as a child process with exactly `env` (and PATH); resolves once it listens. */
export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--no-node-snapshot', main], {
    env: { PATH: process.env.PATH, PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      const entry = JSON.parse(line) as { msg?: string; url?: string };
      if (entry.msg === 'patchbay listening') resolve(String(entry.url));
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return { child, url };
}

/** A vendor API call with the key, as the vendor's backend makes it. */
export function vendorCall(apiKey: string, url: string, method: string, route: string, body?: object) {
  return fetch(`${url}${route}`, {
    method,
    headers: { authorization: `Bearer ${apiKey}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
}

/** Stops a server as a crash would: SIGKILL, nothing flushed, no shutdown hooks. */
export async function killServer(server: ServerProcess): Promise<void> {
  server.child.kill('SIGKILL');
  await once(server.child, 'exit');
}

/**
 * For a describe() whose servers are killed and started again on one SQLite file: a temporary
 * directory, a receiver, and `start()` (a server on the file, with `env` besides the key).
 */
export function serversOnOneFile(name: string, apiKey: string, env: Record<string, string> = {}) {
  let dir = '';
  let receiver: Receiver | undefined;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), `patchbay-${name}-`));
    receiver = await startReceiver();
  });
  after(async () => {
    await receiver?.close();
    await rm(dir, { recursive: true, force: true });
  });
  const file = () => path.join(dir, `${name}.db`);
  return {
    file,
    receiver: () => receiver as Receiver,
    /** `more`: what only this start has (the receiver's URL, known once it listens). */
    start: (more: Record<string, string> = {}) =>
      startServerProcess({
        PATCHBAY_DATABASE: `sqlite:${file()}`,
        PATCHBAY_API_KEY: apiKey,
        PATCHBAY_ALLOW_PRIVATE_NETWORKS: 'true',
        ...env,
        ...more,
      }),
  };
}
