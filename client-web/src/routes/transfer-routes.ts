import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { safeEqual } from '@picard/kit/hmac.js';
import { Router, type Request, type Response } from 'express';
import { ApiProblem, type PicardApi } from '../api/picard-api.js';
import { csrfToken, verifyCsrf } from '../auth/csrf.js';
import {
  IMPORT_FORMAT_CHOICES,
  importFormBody,
  importPreviewBody,
  importProgressBody,
} from '../views/transfer-pages.js';
import { renderPage } from './render.js';
import { readUpload, UploadError } from './upload.js';

/** The API's bound on one import. */
const MAX_UPLOAD_BYTES = 16 * 1024 * 1024;
/** Uploads never confirmed are removed after this long. */
const UPLOAD_TTL_MS = 3_600_000;
const FORMATS = new Set<string>(IMPORT_FORMAT_CHOICES.map(([value]) => value).filter(Boolean));

type ImportFormat = 'picard' | 'mcp-memory' | 'mem0' | 'text';

/**
 * Export and import in the browser, without scripts: the profile page's
 * download links stream the API's export through; the import page uploads a
 * file, shows the API's dry run, and imports on confirmation, then follows
 * the embedding on a page that refreshes itself. Between preview and import
 * the file waits in `uploadsDir` (private, removed after an hour), named in
 * the session: with several web-client instances they need one shared folder
 * or sticky sessions.
 */
export function transferRoutes(deps: { api: PicardApi; uploadsDir: string }): Router {
  const { api, uploadsDir } = deps;
  const router = Router();
  const csrf = verifyCsrf();

  router.get('/profile/export', async (req, res) => {
    const format = req.query.format === 'markdown' ? 'markdown' : 'jsonl';
    const answer = await api.exportFile(req, format);
    res.set('Content-Type', answer.headers.get('content-type') ?? 'application/octet-stream');
    res.set('Content-Disposition', answer.headers.get('content-disposition') ?? 'attachment');
    await pipeline(Readable.fromWeb(answer.body as never), res);
  });

  const showForm = (req: Request, res: Response, error?: string, status = 200) =>
    renderPage(
      req,
      res,
      'Import memories',
      importFormBody({ csrf: csrfToken(req), error }),
      status,
    );

  router.get('/import', (req, res) => showForm(req, res));

  router.post('/import', async (req, res) => {
    let upload;
    try {
      upload = await readUpload(req, MAX_UPLOAD_BYTES);
    } catch (error) {
      if (!(error instanceof UploadError)) throw error;
      return showForm(req, res, error.message, 400);
    }
    // The form is multipart: its CSRF field arrives with the file.
    const expected = req.session.csrf ?? '';
    if (!expected || !safeEqual(upload.fields._csrf ?? '', expected)) {
      return res
        .status(403)
        .type('text')
        .send('This form has expired. Go back, reload the page and try again.');
    }
    const file = upload.file;
    if (!file || file.content.length === 0)
      return showForm(req, res, 'Choose a file to import.', 400);
    if (file.truncated) {
      return showForm(
        req,
        res,
        'That file is larger than 16 MiB: split it into smaller files.',
        413,
      );
    }
    const format = FORMATS.has(upload.fields.format ?? '')
      ? (upload.fields.format as ImportFormat)
      : undefined;
    const options = {
      allowPublic: upload.fields.allowPublic === 'true',
      skipInvalid: upload.fields.skipInvalid === 'true',
    };
    const content = file.content.toString('utf8');
    let report;
    try {
      report = await api.importFile(req, { content, format, dryRun: true, ...options });
    } catch (error) {
      if (!(error instanceof ApiProblem) || error.status >= 500) throw error;
      return showForm(req, res, error.detail, error.status);
    }
    await forgetPending(req);
    await fs.mkdir(uploadsDir, { recursive: true, mode: 0o700 });
    await removeStale(uploadsDir);
    const name = `${randomUUID()}.upload`;
    await fs.writeFile(path.join(uploadsDir, name), file.content, { mode: 0o600 });
    req.session.pendingImport = { upload: name, filename: file.filename, format, ...options };
    renderPage(
      req,
      res,
      'Check the import',
      importPreviewBody({
        csrf: csrfToken(req),
        filename: file.filename,
        report,
        skipInvalid: options.skipInvalid,
      }),
    );
  });

  router.post('/import/confirm', csrf, async (req, res) => {
    const pending = req.session.pendingImport;
    const content = pending && (await readPending(pending.upload));
    if (!pending || content === undefined) {
      return showForm(req, res, 'That upload is no longer here: choose the file again.', 400);
    }
    let report;
    try {
      report = await api.importFile(req, {
        content,
        format: pending.format as ImportFormat | undefined,
        allowPublic: pending.allowPublic,
        skipInvalid: pending.skipInvalid,
      });
    } catch (error) {
      if (!(error instanceof ApiProblem) || error.status >= 500) throw error;
      await forgetPending(req);
      return showForm(req, res, error.detail, error.status);
    }
    await forgetPending(req);
    if (!report.importId) {
      req.session.notice = 'Nothing new to import: everything in that file is already here.';
      return res.redirect(303, '/memories');
    }
    res.redirect(303, `/import/${encodeURIComponent(report.importId)}`);
  });

  router.post('/import/cancel', csrf, async (req, res) => {
    await forgetPending(req);
    res.redirect(303, '/import');
  });

  router.get('/import/:id', async (req, res) => {
    const status = await api.importStatus(req, String(req.params.id));
    const done = status.status === 'done';
    renderPage(
      req,
      res,
      done ? 'Import finished' : 'Importing',
      importProgressBody(status),
      200,
      done ? undefined : 2,
    );
  });

  async function readPending(name: string): Promise<string | undefined> {
    try {
      return await fs.readFile(path.join(uploadsDir, path.basename(name)), 'utf8');
    } catch {
      return undefined;
    }
  }

  async function forgetPending(req: Request): Promise<void> {
    const pending = req.session.pendingImport;
    delete req.session.pendingImport;
    if (pending) await fs.rm(path.join(uploadsDir, path.basename(pending.upload)), { force: true });
  }

  return router;
}

/** Removes uploads older than an hour (previews never confirmed). */
async function removeStale(dir: string): Promise<void> {
  const cutoff = Date.now() - UPLOAD_TTL_MS;
  for (const name of await fs.readdir(dir)) {
    const file = path.join(dir, name);
    const stat = await fs.stat(file).catch(() => undefined);
    if (stat && stat.mtimeMs < cutoff) await fs.rm(file, { force: true });
  }
}
