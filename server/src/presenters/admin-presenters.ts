import { z } from 'zod';
import type { AdminAuditEntry } from '../admin/admin-audit.js';
import type { ClientSummary } from '../admin/client-directory.js';
import type { UserSummary } from '../admin/user-directory.js';

/** What administrators see of accounts, applications and their own trail: never memory text. */

const iso = (date: Date) => date.toISOString();
const isoOrNull = (date: Date | null) => (date ? date.toISOString() : null);

export const adminUserOutput = z
  .object({
    username: z.string(),
    email: z.string(),
    role: z.enum(['user', 'admin']),
    suspended: z.boolean(),
    createdAt: z.iso.datetime({ offset: true }),
    lastSignInAt: z.iso.datetime({ offset: true }).nullable(),
    memoryCount: z.int(),
    connectedApps: z.int(),
  })
  .meta({ id: 'AdminUser', description: 'An account as administrators see it.' });

export const adminUserPageOutput = z.object({
  items: z.array(adminUserOutput),
  total: z.int(),
});

export function presentAdminUser(user: UserSummary): z.input<typeof adminUserOutput> {
  return {
    username: user.username,
    email: user.email,
    role: user.role,
    suspended: user.suspendedAt !== null,
    createdAt: iso(user.createdAt),
    lastSignInAt: isoOrNull(user.lastSignInAt),
    memoryCount: user.memoryCount,
    connectedApps: user.connectedApps,
  };
}

export const adminClientOutput = z
  .object({
    clientId: z.string(),
    name: z.string(),
    kind: z.enum(['pre-registered', 'dynamic', 'metadata-document']),
    redirectHosts: z.array(z.string()),
    createdAt: z.iso.datetime({ offset: true }).nullable(),
    lastUsedAt: z.iso.datetime({ offset: true }).nullable(),
    grants: z.int(),
  })
  .meta({ id: 'AdminClient', description: 'An OAuth client (application) known to the server.' });

export function presentAdminClient(client: ClientSummary): z.input<typeof adminClientOutput> {
  return {
    clientId: client.clientId,
    name: client.name,
    kind: client.kind,
    redirectHosts: client.redirectHosts,
    createdAt: isoOrNull(client.createdAt),
    lastUsedAt: isoOrNull(client.lastUsedAt),
    grants: client.grants,
  };
}

export const adminAuditEntryOutput = z
  .object({
    id: z.uuid(),
    at: z.iso.datetime({ offset: true }),
    actor: z.string(),
    surface: z.string(),
    action: z.string(),
    target: z.string().nullable(),
  })
  .meta({ id: 'AdminAuditEntry', description: 'One administrator action.' });

export function presentAdminAuditEntry(
  entry: AdminAuditEntry,
): z.input<typeof adminAuditEntryOutput> {
  return {
    id: entry.id,
    at: iso(entry.at),
    actor: entry.actor,
    surface: entry.surface,
    action: entry.action,
    target: entry.target,
  };
}
