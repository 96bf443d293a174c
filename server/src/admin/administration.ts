import type { AccountService } from '../accounts/accounts.js';
import type { ConnectedApps } from '../accounts/connected-apps.js';
import type { Database } from '../db/database.js';
import { NotFoundError, ValidationError } from '../errors/domain-errors.js';
import type { AccountSessions } from '../pages/account-session.js';
import { createAdminAudit, type AdminActor } from './admin-audit.js';
import type { ClientDirectory } from './client-directory.js';
import type { Invitations } from './invitations.js';
import type { PasswordResets } from './password-resets.js';
import { createUserDirectory } from './user-directory.js';

export interface AdministrationDeps {
  db: Database;
  accounts: AccountService;
  apps: ConnectedApps;
  sessions: AccountSessions;
  clients: ClientDirectory;
  invitations: Invitations;
  resets: PasswordResets;
  publicUrl: string;
  adminUsernames: readonly string[];
}

/**
 * What administrators can do, for the admin pages, the admin REST
 * operations and the command line alike. Every change is recorded in the
 * admin audit trail with its actor. Nothing here reads memory text.
 */
export function createAdministration(deps: AdministrationDeps) {
  const { accounts, apps, sessions } = deps;
  const audit = createAdminAudit(deps.db);
  const users = createUserDirectory({ db: deps.db, adminUsernames: deps.adminUsernames });

  /** The account named `username`, or a 404. */
  const accountNamed = async (username: string) => {
    const id = await accounts.resolve(username);
    const account = id ? await accounts.find(id) : undefined;
    if (!account || account.username !== username.trim().toLowerCase()) {
      throw new NotFoundError('user');
    }
    return account;
  };

  /** Ends everything the account holds: grants, consents, OAuth and account-page sessions. */
  const signOutEverywhere = async (accountId: string) => {
    await apps.disconnectAll(accountId);
    await sessions.endOthers(accountId);
  };

  const refuseSelf = (actor: AdminActor, accountId: string, what: string) => {
    if (actor.id === accountId) {
      throw new ValidationError(`administrators cannot ${what} their own account here`, 'username');
    }
  };

  return {
    audit,
    users,
    clients: deps.clients,
    invitations: deps.invitations,

    async listUsers(input: { query?: string; limit: number; offset: number }) {
      return users.list(input);
    },

    /** Suspends: every grant revoked at once, every session ended, sign-in refused. */
    async suspendUser(actor: AdminActor, username: string) {
      const account = await accountNamed(username);
      refuseSelf(actor, account.id, 'suspend');
      await accounts.setSuspended(account.id, new Date());
      await signOutEverywhere(account.id);
      await audit.record(actor, 'user.suspend', account.username);
      return { username: account.username, suspended: true };
    },

    async restoreUser(actor: AdminActor, username: string) {
      const account = await accountNamed(username);
      await accounts.setSuspended(account.id, null);
      await audit.record(actor, 'user.restore', account.username);
      return { username: account.username, suspended: false };
    },

    /** Signs the account out of every application and session; it can sign in again. */
    async signOutUser(actor: AdminActor, username: string) {
      const account = await accountNamed(username);
      await signOutEverywhere(account.id);
      await audit.record(actor, 'user.sign_out', account.username);
      return { username: account.username };
    },

    /** Deletes the account and its memories; `confirmUsername` must repeat the username. */
    async deleteUser(actor: AdminActor, username: string, confirmUsername: string) {
      const account = await accountNamed(username);
      if (confirmUsername.trim().toLowerCase() !== account.username) {
        throw new ValidationError(
          `type the username (${account.username}) to confirm the deletion`,
          'confirmUsername',
        );
      }
      refuseSelf(actor, account.id, 'delete');
      await signOutEverywhere(account.id);
      await accounts.delete(account.id);
      await audit.record(actor, 'user.delete', account.username);
      return { username: account.username, deleted: true };
    },

    /** A password reset link for the account, to hand over by other means than email. */
    async issuePasswordReset(actor: AdminActor, username: string) {
      const account = await accountNamed(username);
      const token = await deps.resets.issue(account.id);
      await audit.record(actor, 'user.password_reset', account.username);
      return {
        username: account.username,
        resetUrl: `${deps.publicUrl}/account/reset/${token}`,
        expiresAt: new Date(Date.now() + deps.resets.ttlMs),
      };
    },

    async setRole(actor: AdminActor, username: string, role: 'user' | 'admin') {
      const account = await accountNamed(username);
      await accounts.setRole(account.id, role);
      await audit.record(actor, 'user.role', `${account.username}: ${role}`);
      return { username: account.username, role };
    },

    async createClient(actor: AdminActor, input: { name: string; redirectUris: string[] }) {
      const created = await deps.clients.create(input);
      await audit.record(actor, 'client.create', created.clientId);
      return created;
    },

    async revokeClientGrants(actor: AdminActor, clientId: string) {
      const revoked = await deps.clients.revokeGrants(clientId);
      await audit.record(actor, 'client.revoke_grants', clientId);
      return { clientId, revokedGrants: revoked };
    },

    async deleteClient(actor: AdminActor, clientId: string) {
      await deps.clients.delete(clientId);
      await audit.record(actor, 'client.delete', clientId);
      return { clientId, deleted: true };
    },

    async createInvitation(actor: AdminActor) {
      const invitation = await deps.invitations.create(actor.id);
      await audit.record(actor, 'invite.create', invitation.id);
      return {
        id: invitation.id,
        inviteUrl: `${deps.publicUrl}/invite/${invitation.token}`,
        expiresAt: invitation.expiresAt,
      };
    },
  };
}

export type Administration = ReturnType<typeof createAdministration>;
