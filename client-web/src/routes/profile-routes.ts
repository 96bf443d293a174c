import { Router } from 'express';
import { csrfToken, verifyCsrf } from '../auth/csrf.js';
import { profileBody } from '../views/pages.js';
import { DEFAULT_TIME_ZONE, isTimeZone, timeZones } from '../views/time.js';
import { renderPage } from './render.js';

/** The profile: who is signed in, the time-zone setting, the way to the account page. */
export function profileRoutes(deps: { serverUrl: string }): Router {
  const router = Router();
  const show = (req: Parameters<typeof csrfToken>[0]) =>
    profileBody({
      user: req.session.user!,
      accountUrl: `${deps.serverUrl}/account`,
      csrf: csrfToken(req),
      timeZone: req.session.timeZone ?? DEFAULT_TIME_ZONE,
      timeZones: timeZones(),
    });

  router.get('/profile', (req, res) => renderPage(req, res, 'Profile', show(req)));

  router.post('/profile/time-zone', verifyCsrf(), (req, res) => {
    const zone = String((req.body as Record<string, unknown>).timeZone ?? '');
    if (!isTimeZone(zone)) {
      req.session.notice = 'That is not a time zone this server knows; nothing changed.';
      return renderPage(req, res, 'Profile', show(req), 400);
    }
    req.session.timeZone = zone;
    req.session.notice = `Times are now shown in ${zone}.`;
    res.redirect(303, '/profile');
  });

  return router;
}
