import { Router, type Request, type Response } from 'express';
import type { Account, AccountService } from '../accounts/accounts.js';
import type { Administration } from '../admin/administration.js';
import type { AdminActor } from '../admin/admin-audit.js';
import { DomainError, ValidationError } from '../errors/domain-errors.js';
import type { AccountSession, AccountSessions } from './account-session.js';
import type { Csrf } from './csrf.js';
import { formBody } from './form-body.js';
import {
  adminAppsPage,
  adminAuditPage,
  adminDeleteUserPage,
  adminInvitationsPage,
  adminOnlyPage,
  adminUsersPage,
  type AdminNotice,
} from './views/admin-pages.js';
import { errorPage } from './views/interaction-pages.js';
import { isSafeText } from '../text/safe-text.js';

export interface AdminRoutesDeps {
  accounts: AccountService;
  administration: Administration;
  sessions: AccountSessions;
  csrf: Csrf;
  webClientId: string;
  signup: string;
}

const PAGE_SIZE = 50;

/**
 * The administration pages, under /account/admin so that they share the
 * account page's sign-in (its cookie is scoped to /account). Every request
 * checks, from the database, that the signed-in account is an administrator
 * and not suspended, before anything is read or changed; every POST carries
 * the account session's CSRF token.
 */
export function adminRouter(deps: AdminRoutesDeps): Router {
  const { accounts, administration, sessions, csrf } = deps;
  const router = Router();
  const form = formBody();

  /** The signed-in administrator, or a response already sent (sign-in, 403). */
  const adminOf = async (
    req: Request,
    res: Response,
  ): Promise<{ account: Account; session: AccountSession; actor: AdminActor } | undefined> => {
    const session = await sessions.get(req);
    if (!session) {
      res.redirect(303, '/account');
      return undefined;
    }
    const account = await accounts.find(session.accountId);
    if (!account || account.role !== 'admin' || account.suspendedAt) {
      res.status(403).type('html').send(adminOnlyPage());
      return undefined;
    }
    if (req.method === 'POST') {
      const token = (req.body as Record<string, unknown> | undefined)?._csrf;
      if (!csrf.verify(`account:${session.sid}`, token)) {
        res
          .status(403)
          .type('html')
          .send(errorPage('Form expired', 'Reload the administration page and try again.'));
        return undefined;
      }
    }
    return {
      account,
      session,
      actor: { id: account.id, username: account.username, surface: 'page' },
    };
  };
  const tokenOf = (session: AccountSession) => csrf.token(`account:${session.sid}`);

  router.use('/account/admin', (req, res, next) => {
    res.set('Cache-Control', 'no-store');
    // Names in the path and the search box were not typed into these pages
    // if they hold what no database can store (NUL, unpaired surrogates).
    const query = req.query.q;
    if (
      !isSafeText(decodeURIComponentSafe(req.path)) ||
      (query !== undefined && (typeof query !== 'string' || !isSafeText(query)))
    ) {
      res
        .status(400)
        .type('html')
        .send(errorPage('Invalid request', 'This address holds characters no name can contain.'));
      return;
    }
    next();
  });

  router.get('/account/admin', (_req, res) => res.redirect(303, '/account/admin/users'));

  const showUsers = async (
    req: Request,
    res: Response,
    session: AccountSession,
    state?: AdminNotice,
    status = 200,
  ) => {
    const query = typeof req.query.q === 'string' ? req.query.q.slice(0, 254) : '';
    const offset = Math.min(Math.max(Number(req.query.offset) || 0, 0), 1_000_000);
    const { items, total } = await administration.listUsers({ query, limit: PAGE_SIZE, offset });
    res
      .status(status)
      .type('html')
      .send(
        adminUsersPage({
          users: items,
          total,
          query,
          offset,
          limit: PAGE_SIZE,
          csrf: tokenOf(session),
          state,
        }),
      );
  };

  router.get('/account/admin/users', async (req, res) => {
    const admin = await adminOf(req, res);
    if (admin) await showUsers(req, res, admin.session);
  });

  /** Runs a change; a domain error (unknown user, bad input) is shown on the page instead. */
  const attempt = async (
    res: Response,
    work: () => Promise<AdminNotice>,
    show: (state: AdminNotice, status: number) => Promise<void>,
  ) => {
    let state: AdminNotice;
    try {
      state = await work();
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return show({ error: error.message }, error.status);
    }
    await show(state, 200);
  };

  const userActions: Record<string, (actor: AdminActor, username: string) => Promise<AdminNotice>> =
    {
      suspend: async (actor, username) => {
        await administration.suspendUser(actor, username);
        return { notice: `${username} is suspended; every application was disconnected.` };
      },
      restore: async (actor, username) => {
        await administration.restoreUser(actor, username);
        return { notice: `${username} can sign in again.` };
      },
      'sign-out': async (actor, username) => {
        await administration.signOutUser(actor, username);
        return { notice: `${username} is signed out everywhere.` };
      },
      'password-reset': async (actor, username) => {
        const { resetUrl } = await administration.issuePasswordReset(actor, username);
        return { once: { label: `Password reset link for ${username}`, value: resetUrl } };
      },
    };

  router.post('/account/admin/users/:username/:action', form, async (req, res, next) => {
    const username = String(req.params.username);
    const action = String(req.params.action);
    const run = Object.hasOwn(userActions, action) ? userActions[action] : undefined;
    if (!run && action !== 'delete') return next();
    const admin = await adminOf(req, res);
    if (!admin) return;
    if (action === 'delete') {
      const confirm = String((req.body as Record<string, string>).confirm_username ?? '');
      try {
        await administration.deleteUser(admin.actor, username, confirm);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        const found = (await administration.listUsers({ query: username, limit: 1, offset: 0 }))
          .items[0];
        return res
          .status(error.status)
          .type('html')
          .send(
            adminDeleteUserPage({
              username,
              memoryCount: found?.memoryCount ?? 0,
              csrf: tokenOf(admin.session),
              error: error.message,
            }),
          );
      }
      return showUsers(req, res, admin.session, {
        notice: `${username} and their memories are deleted.`,
      });
    }
    await attempt(
      res,
      () => run!(admin.actor, username),
      (state, status) => showUsers(req, res, admin.session, state, status),
    );
  });

  router.get('/account/admin/users/:username/delete', async (req, res) => {
    const admin = await adminOf(req, res);
    if (!admin) return;
    const found = (
      await administration.listUsers({ query: req.params.username, limit: 200, offset: 0 })
    ).items.find((user) => user.username === req.params.username);
    if (!found) {
      return showUsers(req, res, admin.session, { error: 'User not found.' }, 404);
    }
    res.type('html').send(
      adminDeleteUserPage({
        username: found.username,
        memoryCount: found.memoryCount,
        csrf: tokenOf(admin.session),
      }),
    );
  });

  const showApps = async (
    res: Response,
    session: AccountSession,
    state?: AdminNotice,
    status = 200,
  ) => {
    res
      .status(status)
      .type('html')
      .send(
        adminAppsPage({
          clients: await administration.clients.list(),
          webClientId: deps.webClientId,
          csrf: tokenOf(session),
          state,
        }),
      );
  };

  router.get('/account/admin/apps', async (req, res) => {
    const admin = await adminOf(req, res);
    if (admin) await showApps(res, admin.session);
  });

  router.post('/account/admin/apps', form, async (req, res) => {
    const admin = await adminOf(req, res);
    if (!admin) return;
    const body = req.body as Record<string, string>;
    const name = String(body.name ?? '').trim();
    const redirectUris = String(body.redirect_uris ?? '')
      .split(/\s+/)
      .filter(Boolean);
    await attempt(
      res,
      async () => {
        if (!name || name.length > 100)
          throw new ValidationError('Give the client a name (at most 100 characters).');
        if (redirectUris.length === 0 || redirectUris.length > 10) {
          throw new ValidationError('Give one to ten redirect URIs.');
        }
        const created = await administration.createClient(admin.actor, { name, redirectUris });
        return {
          notice: `Registered ${created.name} with client id ${created.clientId}.`,
          once: { label: `Client secret of ${created.clientId}`, value: created.clientSecret },
        };
      },
      (state, status) => showApps(res, admin.session, state, status),
    );
  });

  for (const [path, work] of [
    [
      'revoke',
      async (actor: AdminActor, clientId: string): Promise<AdminNotice> => {
        const { revokedGrants } = await administration.revokeClientGrants(actor, clientId);
        return {
          notice: `Revoked ${revokedGrants} grant${revokedGrants === 1 ? '' : 's'} of ${clientId}.`,
        };
      },
    ],
    [
      'delete',
      async (actor: AdminActor, clientId: string): Promise<AdminNotice> => {
        await administration.deleteClient(actor, clientId);
        return { notice: `Deleted ${clientId}.` };
      },
    ],
  ] as const) {
    router.post(`/account/admin/apps/${path}`, form, async (req, res) => {
      const admin = await adminOf(req, res);
      if (!admin) return;
      const clientId = String((req.body as Record<string, string>).client_id ?? '');
      await attempt(
        res,
        () => work(admin.actor, clientId),
        (state, status) => showApps(res, admin.session, state, status),
      );
    });
  }

  const showInvitations = async (res: Response, session: AccountSession, state?: AdminNotice) => {
    res.type('html').send(
      adminInvitationsPage({
        invitations: await administration.invitations.list(),
        signup: deps.signup,
        csrf: tokenOf(session),
        state,
      }),
    );
  };

  router.get('/account/admin/invitations', async (req, res) => {
    const admin = await adminOf(req, res);
    if (admin) await showInvitations(res, admin.session);
  });

  router.post('/account/admin/invitations', form, async (req, res) => {
    const admin = await adminOf(req, res);
    if (!admin) return;
    const invitation = await administration.createInvitation(admin.actor);
    await showInvitations(res, admin.session, {
      once: { label: 'Invitation link', value: invitation.inviteUrl },
    });
  });

  router.get('/account/admin/audit', async (req, res) => {
    const admin = await adminOf(req, res);
    if (!admin) return;
    res.type('html').send(adminAuditPage({ entries: await administration.audit.list(200) }));
  });

  return router;
}

/** The path as Express will decode its parameters; undecodable paths are refused earlier. */
function decodeURIComponentSafe(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return '\u0000';
  }
}
