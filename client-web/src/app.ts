import express, { type Express } from 'express';
import helmet from 'helmet';
import type { ClientConfig } from './config.js';

export interface ClientAppDeps {
  config: ClientConfig;
}

/**
 * The web client as an Express app, without listening. Sign-in and the memory
 * pages arrive with the web-client work (see PLANNING.md); for now it serves
 * its health check and a landing page pointing at the server.
 */
export function createClientApp({ config }: ClientAppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(helmet());
  app.get('/health', (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ status: 'ok' });
  });
  app.get('/', (_req, res) => {
    res.type('html').send(landingPage(config.serverUrl));
  });
  app.use((_req, res) => {
    res.status(404).type('html').send(page('Not found', '<p>There is no page here.</p>'));
  });
  return app;
}

function landingPage(serverUrl: string): string {
  return page(
    'Picard',
    `<p>Picard keeps memories for you and the AI assistants you allow.</p>
     <p>The web sign-in is not built yet. The server runs at
     <a href="${escapeHtml(serverUrl)}/health">${escapeHtml(serverUrl)}</a>.</p>`,
  );
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title></head>
<body><main><h1>${escapeHtml(title)}</h1>${body}</main></body>
</html>`;
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!,
  );
}
