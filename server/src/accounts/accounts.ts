import type { Database } from '../db/database.js';
import { Prisma } from '../generated/prisma/client.js';
import {
  MAX_PASSWORD_LENGTH,
  emailRule,
  nameRule,
  normalizeIdentifier,
  passwordProblem,
  usernameRule,
} from './account-rules.js';
import { decoyHash, hashPassword, verifyPassword } from './passwords.js';

/** An input problem, tied to the form field it concerns. */
type AccountField = 'username' | 'email' | 'password' | 'name' | 'current_password';

/** A refused account change: the first problem's field and message, and every problem found. */
export class AccountError extends Error {
  readonly errors: Partial<Record<AccountField, string>>;

  constructor(
    readonly field: AccountField,
    message: string,
    errors?: Partial<Record<AccountField, string>>,
  ) {
    super(message);
    this.name = 'AccountError';
    this.errors = errors ?? { [field]: message };
  }
}

/** What an account may do on this server: everyone is a `user`; some are also `admin`. */
export type Role = 'user' | 'admin';

export interface Account {
  id: string;
  username: string;
  email: string;
  name: string | null;
  /** `admin` when stored so, or when the username is listed in ADMIN_USERNAMES. */
  role: Role;
  /** When an administrator suspended the account; null while it is in good standing. */
  suspendedAt: Date | null;
}

export interface RegisterInput {
  username: string;
  email: string;
  password: string;
  name?: string;
}

/** Accounts: registration, password login, profile and password changes, deletion. */
export interface AccountService {
  register(input: RegisterInput): Promise<Account>;
  /** The account for `identifier` (username or email) and `password`, or undefined. */
  authenticate(identifier: string, password: string): Promise<Account | undefined>;
  /** The id of the account `identifier` (username or email, any case or spacing) names. */
  resolve(identifier: string): Promise<string | undefined>;
  find(id: string): Promise<Account | undefined>;
  updateProfile(id: string, input: { email?: string; name?: string }): Promise<Account>;
  changePassword(id: string, currentPassword: string, newPassword: string): Promise<void>;
  /** Whether `password` is the account's password (for confirming a destructive step). */
  checkPassword(id: string, password: string): Promise<boolean>;
  /** Deletes the account and, by cascade, its memories. */
  delete(id: string): Promise<void>;
  /** Stores the account's role; false when there is no such account. */
  setRole(id: string, role: Role): Promise<boolean>;
  /** Suspends (a date) or restores (null) the account. */
  setSuspended(id: string, suspendedAt: Date | null): Promise<void>;
  /** Notes a successful sign-in (for the administrators' user list). */
  recordSignIn(id: string): Promise<void>;
  /** Sets a new password without the old one (a password reset link). */
  resetPassword(id: string, newPassword: string): Promise<void>;
}

export interface AccountServiceOptions {
  db: Database;
  /** Usernames that are administrators whatever their stored role (ADMIN_USERNAMES). */
  adminUsernames?: readonly string[];
}

interface UserRow {
  id: string;
  username: string;
  email: string;
  name: string | null;
  role: string;
  suspendedAt: Date | null;
}

function parse<T>(
  rule: {
    safeParse(
      v: unknown,
    ): { success: true; data: T } | { success: false; error: { issues: { message: string }[] } };
  },
  value: unknown,
  field: AccountError['field'],
): T {
  const result = rule.safeParse(value);
  if (!result.success) throw new AccountError(field, result.error.issues[0]!.message);
  return result.data;
}

export function createAccountService({
  db,
  adminUsernames = [],
}: AccountServiceOptions): AccountService {
  const { prisma } = db;
  const configuredAdmins = new Set(adminUsernames.map((name) => name.trim().toLowerCase()));
  const present = (row: UserRow): Account => ({
    id: row.id,
    username: row.username,
    email: row.email,
    name: row.name,
    role: row.role === 'admin' || configuredAdmins.has(row.username) ? 'admin' : 'user',
    suspendedAt: row.suspendedAt,
  });

  const uniqueViolation = (error: unknown) => {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      const target = JSON.stringify(error.meta ?? {});
      return target.includes('email')
        ? new AccountError('email', 'An account with that email address already exists.')
        : new AccountError('username', 'That username is taken.');
    }
    return error;
  };

  const findByIdentifier = (identifier: string) => {
    const key = normalizeIdentifier(identifier);
    return key
      ? prisma.user.findFirst({ where: key.includes('@') ? { email: key } : { username: key } })
      : Promise.resolve(null);
  };

  return {
    async register(input) {
      // Every problem at once, so the form can name them all together.
      const errors: Partial<Record<AccountField, string>> = {};
      const check = <T>(
        rule: Parameters<typeof parse<T>>[0],
        value: unknown,
        field: AccountField,
      ) => {
        try {
          return parse(rule, value, field);
        } catch (error) {
          if (!(error instanceof AccountError)) throw error;
          errors[field] = error.message;
          return undefined;
        }
      };
      const username = check(usernameRule, input.username, 'username');
      const email = check(emailRule, input.email, 'email');
      const name = input.name ? check(nameRule, input.name, 'name') || null : null;
      const problem = passwordProblem(String(input.password ?? ''), {
        username: username ?? String(input.username ?? ''),
        email: email ?? String(input.email ?? ''),
      });
      if (problem) errors.password = problem;
      const taken =
        username || email
          ? await prisma.user.findMany({
              where: { OR: [...(username ? [{ username }] : []), ...(email ? [{ email }] : [])] },
              select: { username: true, email: true },
            })
          : [];
      if (username && taken.some((user) => user.username === username)) {
        errors.username = 'That username is taken.';
      }
      if (email && taken.some((user) => user.email === email)) {
        errors.email = 'An account with that email address already exists.';
      }
      const fields = Object.keys(errors) as AccountField[];
      if (fields.length > 0 || !username || !email) {
        throw new AccountError(fields[0]!, errors[fields[0]!]!, errors);
      }
      const passwordHash = await hashPassword(input.password);
      try {
        return present(await prisma.user.create({ data: { username, email, name, passwordHash } }));
      } catch (error) {
        throw uniqueViolation(error);
      }
    },

    async authenticate(identifier, password) {
      const user = await findByIdentifier(identifier);
      // Verify against a decoy when there is no such user: same cost either way.
      const ok = await verifyPassword(
        user?.passwordHash ?? (await decoyHash()),
        String(password ?? ''),
      );
      return user?.passwordHash && ok ? present(user) : undefined;
    },

    async resolve(identifier) {
      return (await findByIdentifier(identifier))?.id;
    },

    async find(id) {
      const user = await prisma.user.findUnique({ where: { id } });
      return user ? present(user) : undefined;
    },

    async updateProfile(id, input) {
      const data = {
        ...(input.email !== undefined ? { email: parse(emailRule, input.email, 'email') } : {}),
        ...(input.name !== undefined ? { name: parse(nameRule, input.name, 'name') || null } : {}),
      };
      try {
        return present(await prisma.user.update({ where: { id }, data }));
      } catch (error) {
        throw uniqueViolation(error);
      }
    },

    async changePassword(id, currentPassword, newPassword) {
      const user = await prisma.user.findUniqueOrThrow({ where: { id } });
      if (!user.passwordHash || !(await verifyPassword(user.passwordHash, currentPassword))) {
        throw new AccountError('current_password', 'Your current password is not correct.');
      }
      const problem = passwordProblem(newPassword, user);
      if (problem) throw new AccountError('password', problem);
      await prisma.user.update({
        where: { id },
        data: { passwordHash: await hashPassword(newPassword) },
      });
    },

    async checkPassword(id, password) {
      const user = await prisma.user.findUnique({ where: { id } });
      return verifyPassword(
        user?.passwordHash ?? (await decoyHash()),
        String(password ?? '').slice(0, MAX_PASSWORD_LENGTH + 1),
      ).then((ok) => ok && Boolean(user?.passwordHash));
    },

    async delete(id) {
      await prisma.user.deleteMany({ where: { id } });
    },

    async setRole(id, role) {
      const { count } = await prisma.user.updateMany({ where: { id }, data: { role } });
      return count > 0;
    },

    async setSuspended(id, suspendedAt) {
      await prisma.user.updateMany({ where: { id }, data: { suspendedAt } });
    },

    async recordSignIn(id) {
      await prisma.user.updateMany({ where: { id }, data: { lastSignInAt: new Date() } });
    },

    async resetPassword(id, newPassword) {
      const user = await prisma.user.findUniqueOrThrow({ where: { id } });
      const problem = passwordProblem(newPassword, user);
      if (problem) throw new AccountError('password', problem);
      await prisma.user.update({
        where: { id },
        data: { passwordHash: await hashPassword(newPassword) },
      });
    },
  };
}
