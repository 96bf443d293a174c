import { Router } from 'express';
import type { Invitations } from '../admin/invitations.js';
import { INVITE_COOKIE } from './cookies.js';
import { invitePage } from './views/admin-pages.js';
import { errorPage } from './views/interaction-pages.js';

/**
 * `/invite/<token>`: an invitation link (SIGNUP=invite). A valid one is kept
 * in an HttpOnly cookie that fills the registration form's invitation field,
 * and the person is sent on to the web client's sign-up. The invitation is
 * used only when the account is created.
 */
export function inviteRouter(deps: {
  invitations: Invitations;
  /** Where people sign up: the web client's `/signup`. */
  signupUrl: string;
  secure: boolean;
}): Router {
  const router = Router();
  router.get('/invite/:token', async (req, res) => {
    res.set('Cache-Control', 'no-store').set('Referrer-Policy', 'no-referrer');
    if (!(await deps.invitations.isValid(req.params.token))) {
      return res
        .status(400)
        .type('html')
        .send(
          errorPage(
            'This invitation does not work',
            'It was already used, has expired, or the link is incomplete. Ask the administrator for a new one.',
          ),
        );
    }
    res.cookie(INVITE_COOKIE, req.params.token, {
      httpOnly: true,
      sameSite: 'lax',
      secure: deps.secure,
      path: '/interaction',
      maxAge: 24 * 3_600_000,
    });
    res.type('html').send(invitePage(deps.signupUrl));
  });
  return router;
}
