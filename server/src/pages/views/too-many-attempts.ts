import type { Request, Response } from 'express';
import { errorPage } from './interaction-pages.js';

/** The 429 page both sign-in forms (and the profile form) answer past their limit. */
export function tooManyAttemptsPage(_req: Request, res: Response, retryAfter: number): void {
  res
    .status(429)
    .type('html')
    .send(
      errorPage(
        'Too many attempts',
        `Please wait ${retryAfter} seconds, then go back and try again.`,
      ),
    );
}
