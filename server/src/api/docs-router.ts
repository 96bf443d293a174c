import express, { Router } from 'express';
import { getAbsoluteFSPath } from 'swagger-ui-dist';
import { html } from '../pages/views/html.js';

/**
 * Interactive API documentation at `/docs`: Swagger UI, served from the
 * swagger-ui-dist package (no CDN), reading `/api/v1/openapi.json`. The
 * start-up script is a file, not inline, so the strict CSP stays strict.
 */
export function docsRouter(options: { openApiPath: string; title: string }): Router {
  const router = Router();
  const page = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title}</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css">
<link rel="icon" type="image/png" href="/docs/assets/favicon-32x32.png">
</head>
<body>
<div id="docs"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script>
</body>
</html>`.markup;
  const init = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({ url: ${JSON.stringify(options.openApiPath)}, dom_id: '#docs', deepLinking: true });
});
`;
  router.get('/docs', (_req, res) => {
    res.type('html').set('Cache-Control', 'no-cache').send(page);
  });
  router.get('/docs/init.js', (_req, res) => {
    res.type('js').set('Cache-Control', 'no-cache').send(init);
  });
  // Missing files and `..` paths fall through to the ordinary 404: with
  // `fallthrough: false` they became errors that carried the absolute path.
  router.use(
    '/docs/assets',
    express.static(getAbsoluteFSPath(), { index: false, maxAge: '1d', fallthrough: true }),
  );
  return router;
}
