import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');

export interface RunningDemo {
  url: string;
  process: ChildProcess;
  output: () => string;
  stop(): Promise<number | null>;
}

/** Starts `demo/src/main.ts` exactly as `npm start` does (after the build), on a free port. */
export async function startDemo(env: Record<string, string>): Promise<RunningDemo> {
  // The condition npm scripts get from .npmrc: @patchbay/bff from its sources, as in `npm start`.
  const args = ['--conditions=@patchbay/source', path.join(root, 'demo/src/main.ts')];
  const child = spawn(process.execPath, args, {
    cwd: root,
    // Free ports for the demo and (unless a test saved theirs beside its database) the fakes.
    env: { PATH: process.env.PATH, PORT: '0', PATCHBAY_DEMO_FAKES_PORT: '0', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk;
      const match = /open (http:\/\/\S+?)\/?\s/.exec(output);
      if (match?.[1]) resolve(match[1]);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`demo exited with ${code} before listening:\n${output}`)));
  });
  return {
    url,
    process: child,
    output: () => output,
    async stop() {
      if (child.exitCode !== null) return child.exitCode;
      child.kill('SIGINT');
      const [code] = await once(child, 'exit');
      return code as number | null;
    },
  };
}
