import type { z } from 'zod';
import { servedSafely } from './loopback.js';

/**
 * Building blocks of both apps' configuration modules: an environment is
 * parsed by one zod schema; the first problem names the variable; a bad
 * value stops the process with one line, before anything else is loaded.
 */

/** An error that names the variable at fault and how to fix it. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}

/** The environment without unset or blank variables (blank means "use the default"). */
export function presentVariables(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter(
      (entry): entry is [string, string] => entry[1] !== undefined && entry[1].trim() !== '',
    ),
  );
}

/**
 * Parses the present variables with `schema`; the first problem becomes a
 * {@link ConfigError}, with `describe` adding what the given value looked
 * like when that is safe to show.
 */
export function parseVariables<Schema extends z.ZodType>(
  schema: Schema,
  env: NodeJS.ProcessEnv,
  describe: (variable: string, value: string | undefined) => string = () => '',
): z.output<Schema> {
  const present = presentVariables(env);
  const result = schema.safeParse(present);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const variable = String(issue.path[0] ?? 'environment');
  throw new ConfigError(variable, `${issue.message}${describe(variable, present[variable])}`);
}

/**
 * Loads the configuration or ends the process with one line naming the
 * problem (exit code 1); other errors are thrown as they are.
 */
export function loadConfigOrExit<Config>(app: string, load: () => Config): Config {
  try {
    return load();
  } catch (error) {
    if (error instanceof ConfigError) {
      // eslint-disable-next-line no-console -- the one line a person sees when start-up fails
      console.error(`${app}: configuration error: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
}

/**
 * An app's public URL: the given one (checked), or `fallback` in development.
 * Production needs one, and it must be https (http on loopback excepted, for
 * a production image tried out on one machine).
 */
export function resolvePublicUrl(options: {
  variable: string;
  given: string | undefined;
  production: boolean;
  fallback: string;
  /** Completes "set it to the URL …", e.g. "people use to reach the web client". */
  reachedBy: string;
}): string {
  const { variable, given, production } = options;
  if (production && !given) {
    throw new ConfigError(
      variable,
      `is required in production: set it to the URL ${options.reachedBy}`,
    );
  }
  if (production && !servedSafely(given!)) {
    throw new ConfigError(
      variable,
      'must be an https URL in production (http is accepted for localhost only)',
    );
  }
  return given ?? options.fallback;
}
