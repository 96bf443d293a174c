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
export class AccountError extends Error {
  constructor(
    readonly field: 'username' | 'email' | 'password' | 'name' | 'current_password',
    message: string,
  ) {
    super(message);
    this.name = 'AccountError';
  }
}

export interface Account {
  id: string;
  username: string;
  email: string;
  name: string | null;
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
}

const present = (row: {
  id: string;
  username: string;
  email: string;
  name: string | null;
}): Account => ({
  id: row.id,
  username: row.username,
  email: row.email,
  name: row.name,
});

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

export function createAccountService({ db }: { db: Database }): AccountService {
  const { prisma } = db;

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
      const username = parse(usernameRule, input.username, 'username');
      const email = parse(emailRule, input.email, 'email');
      const name = input.name ? parse(nameRule, input.name, 'name') || null : null;
      const problem = passwordProblem(String(input.password ?? ''), { username, email });
      if (problem) throw new AccountError('password', problem);
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
  };
}
