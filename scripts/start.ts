/**
 * `npm start`: runs the whole product on this machine, the server first and
 * then the web client, each in its own process, and prints where to find them.
 * SIGINT/SIGTERM stop both gracefully; if either dies, the other is stopped too.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

interface ReadyMessage {
  type: 'ready';
  name: string;
  url: string;
}

const apps = [
  { name: 'server', entry: '../server/src/main.ts', label: 'Server (OAuth, REST API, MCP)' },
  { name: 'client-web', entry: '../client-web/src/main.ts', label: 'Web client' },
];

// The two apps find each other whatever ports they were given (both default to localhost).
process.env.WEB_CLIENT_URL ||=
  process.env.CLIENT_PUBLIC_URL || `http://localhost:${process.env.CLIENT_PORT || 8000}`;
process.env.CLIENT_SERVER_URL ||=
  process.env.PUBLIC_URL || `http://localhost:${process.env.PORT || 8001}`;

const children: ChildProcess[] = [];
let stopping = false;

function startApp(entry: string): Promise<{ child: ChildProcess; url: string }> {
  const child = fork(fileURLToPath(new URL(entry, import.meta.url)), [], {
    execArgv: ['--import', 'tsx'],
    stdio: 'inherit',
  });
  children.push(child);
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`picard: ${entry} exited (${signal ?? code}); stopping`);
      stopAll(code || 1);
    } else if (children.every((c) => c.exitCode !== null || c.signalCode !== null)) {
      process.exit(process.exitCode ?? 0);
    }
  });
  return new Promise((resolve) => {
    child.on('message', (message: ReadyMessage) => {
      if (message?.type === 'ready') resolve({ child, url: message.url });
    });
  });
}

function stopAll(exitCode = 0): void {
  if (stopping) return;
  stopping = true;
  process.exitCode = exitCode;
  const alive = children.filter((c) => c.exitCode === null && c.signalCode === null);
  if (alive.length === 0) process.exit(exitCode);
  for (const child of alive) child.kill('SIGTERM');
}

process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

const urls: string[] = [];
for (const app of apps) {
  const { url } = await startApp(app.entry);
  urls.push(`  ${app.label.padEnd(32)} ${url}`);
}
console.log(`\nPicard is running:\n${urls.join('\n')}\n\nPress Ctrl+C to stop.\n`);
