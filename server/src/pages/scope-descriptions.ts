import { ADMIN_SCOPE, MEMORY_SCOPES } from '../operations/operation.js';

/** What each scope lets an application do, in the words the consent and account pages use. */
export const SCOPE_DESCRIPTIONS: Record<string, string> = {
  openid: 'Confirm who you are',
  profile: 'See your username and name',
  email: 'See your email address',
  offline_access: 'Stay connected when you are not using it',
  ...MEMORY_SCOPES,
  [ADMIN_SCOPE]: 'Administer this Picard server: accounts, applications, invitations',
};

/** The description of `scope`, or its name when it has none. */
export const describeScope = (scope: string) => SCOPE_DESCRIPTIONS[scope] ?? scope;
