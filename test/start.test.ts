import { fork } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from '@jest/globals';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'picard-launch-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

/** A port nobody is listening on right now. */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

describe('npm start', () => {
  it('runs the server and the web client, prints their URLs, and stops both on SIGTERM', async () => {
    const [serverPort, clientPort] = [await freePort(), await freePort()];
    const launcher = fork(path.join(ROOT, 'scripts/start.ts'), [], {
      cwd: ROOT,
      execArgv: ['--import', 'tsx'],
      env: {
        PATH: process.env.PATH ?? '',
        LOG_LEVEL: 'warn',
        DATA_DIR: dataDir,
        PORT: String(serverPort),
        CLIENT_PORT: String(clientPort),
      },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    let output = '';
    const exited = new Promise((resolve) => launcher.on('exit', (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      launcher.stdout!.on('data', (chunk) => {
        output += chunk;
        if (output.includes('Press Ctrl+C to stop.')) resolve();
      });
      launcher.stderr!.on('data', (chunk) => (output += chunk));
      void exited.then(() => reject(new Error(`launcher exited early:\n${output}`)));
    });

    expect(output).toContain(`http://localhost:${serverPort}`);
    expect(output).toContain(`http://localhost:${clientPort}`);
    expect((await fetch(`http://127.0.0.1:${serverPort}/health/ready`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${clientPort}/health`)).status).toBe(200);

    launcher.kill('SIGTERM');
    expect(await exited).toBe(0);
    await expect(fetch(`http://127.0.0.1:${serverPort}/health`)).rejects.toThrow();
    await expect(fetch(`http://127.0.0.1:${clientPort}/health`)).rejects.toThrow();
  });
});
