import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.js';
import { createDatabase } from '../db/database.js';
import { DirectoryLockedError } from '../db/dir-lock.js';
import { migrate } from '../db/migrate.js';
import { AccountError, createAccountService } from './accounts.js';

/**
 * `npm run user:create -- --username U --email E [--admin]`: creates an
 * account from the shell (an administrator with `--admin`). The password is never an argument (arguments show in `ps` and in
 * shell history): it is typed at a prompt that does not echo, or, when
 * standard input is not a terminal, read from its first line
 * (`printf '%s\n' "$PW" | npm run user:create -- … --password-stdin`).
 * Works against PostgreSQL while the server runs; the embedded database can
 * only be opened while the server is stopped, and the command says so instead
 * of risking the data.
 */
const usage =
  'usage: npm run user:create -- --username NAME --email ADDRESS [--admin] [--password-stdin]\n' +
  '  The password is asked for at a prompt, or read from the first line of standard input.';

export const PASSWORD_ARGUMENT_REFUSED =
  '--password on the command line is refused: other users can see it in `ps` and it stays in ' +
  'your shell history. Leave it out and type the password at the prompt, or pipe it in: ' +
  'printf \'%s\\n\' "$PASSWORD" | npm run user:create -- --username NAME --email ADDRESS --password-stdin';

/** A terminal as `process.stdin` is one: a readable stream with raw mode. */
export interface PasswordInput extends NodeJS.ReadableStream {
  isTTY?: boolean;
  setRawMode?(mode: boolean): unknown;
}

/**
 * Reads a password. From a terminal: prompts on `output`, turns echo off (raw
 * mode), asks twice and requires both to match. Otherwise: the first line of
 * the input, without its line ending; nothing else is trimmed.
 */
export async function readPassword(
  input: PasswordInput,
  output: NodeJS.WritableStream,
  { fromStdin = false }: { fromStdin?: boolean } = {},
): Promise<string> {
  if (fromStdin || !input.isTTY || !input.setRawMode) {
    const text = await readAll(input);
    const password = text.split(/\r?\n/)[0] ?? '';
    if (!password) throw new AccountError('password', 'no password on standard input');
    return password;
  }
  const first = await promptHidden(input, output, 'Password: ');
  const second = await promptHidden(input, output, 'Repeat the password: ');
  if (first !== second) throw new AccountError('password', 'the passwords do not match');
  if (!first) throw new AccountError('password', 'no password given');
  return first;
}

async function readAll(input: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  input.setEncoding('utf8');
  for await (const chunk of input) text += chunk as string;
  return text;
}

/** One line typed without echo. Ctrl+C and Ctrl+D on an empty line abort. */
function promptHidden(
  input: PasswordInput,
  output: NodeJS.WritableStream,
  prompt: string,
): Promise<string> {
  output.write(prompt);
  input.setRawMode!(true);
  input.setEncoding('utf8');
  input.resume();
  return new Promise((resolve, reject) => {
    let typed = '';
    const finish = (error?: Error) => {
      input.removeListener('data', onData);
      input.setRawMode!(false);
      input.pause();
      output.write('\n');
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') return finish();
        if (char === '\u0003' || (char === '\u0004' && !typed)) {
          return finish(new AccountError('password', 'cancelled'));
        }
        if (char === '\u007f' || char === '\b') typed = [...typed].slice(0, -1).join('');
        else if (char >= ' ') typed += char;
      }
    };
    input.on('data', onData);
  });
}

async function main(): Promise<void> {
  try {
    const { values } = parseArgs({
      options: {
        username: { type: 'string' },
        email: { type: 'string' },
        'password-stdin': { type: 'boolean' },
        admin: { type: 'boolean' },
        // Only so that it can be refused with an explanation.
        password: { type: 'string' },
      },
    });
    if (values.password !== undefined)
      throw new AccountError('password', PASSWORD_ARGUMENT_REFUSED);
    if (!values.username || !values.email) throw new AccountError('username', usage);
    const password = await readPassword(process.stdin, process.stderr, {
      fromStdin: values['password-stdin'],
    });
    const config = loadConfig();
    const db = await createDatabase(config.database);
    try {
      await migrate(db.sql);
      const accounts = createAccountService({ db });
      const account = await accounts.register({
        username: values.username,
        email: values.email,
        password,
      });
      if (values.admin) await accounts.setRole(account.id, 'admin');
      console.log(
        `created ${values.admin ? 'administrator' : 'user'} ${account.username} (${account.id})`,
      );
    } finally {
      await db.close();
    }
  } catch (error) {
    if (error instanceof DirectoryLockedError) {
      console.error(
        `user:create: ${error.message}. Stop the server, run this again, then start it.`,
      );
    } else if (error instanceof AccountError || error instanceof ConfigError) {
      console.error(`user:create: ${error.message}`);
    } else {
      console.error(`user:create: failed: ${(error as Error).message}`);
    }
    process.exitCode = 1;
  }
}

// Runs when started as a command; importing it (tests) only defines readPassword.
if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
