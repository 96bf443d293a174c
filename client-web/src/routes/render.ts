import type { Request, Response } from 'express';
import { csrfToken } from '../auth/csrf.js';
import type { SafeHtml } from '@picard/kit/html.js';
import { layout } from '../views/html.js';
import { messageBody } from '../views/pages.js';
import { DEFAULT_TIME_ZONE, localeFrom, type Viewer } from '../views/time.js';

/** How this person reads times: their chosen zone, their browser's language, now. */
export function viewerOf(req: Request): Viewer {
  return {
    timeZone: req.session.timeZone ?? DEFAULT_TIME_ZONE,
    locale: localeFrom(req.get('accept-language')),
    now: new Date(),
  };
}

/** Renders a message page (errors, confirmations) with a way on. */
export type Render = (
  res: Response,
  status: number,
  title: string,
  message: { message: string; link: { href: string; label: string } },
) => void;

export const renderMessage: Render = (res, status, title, { message, link }) => {
  const req = res.req as Request;
  res
    .status(status)
    .type('html')
    .send(
      layout({
        title,
        body: messageBody(message, link),
        user: req.session?.user,
        csrf: req.session?.user ? csrfToken(req) : undefined,
      }),
    );
};

/** A full page for the signed-in user, with the one-time notice if there is one. */
export function renderPage(
  req: Request,
  res: Response,
  title: string,
  body: SafeHtml,
  status = 200,
  refreshSeconds?: number,
) {
  const notice = req.session.notice;
  delete req.session.notice;
  res
    .status(status)
    .type('html')
    .send(
      layout({
        title,
        body,
        user: req.session.user,
        csrf: csrfToken(req),
        notice,
        refreshSeconds,
      }),
    );
}
