import type { z } from 'zod';
import type { Caller } from '../resource-server/caller.js';
import type { AuditLog } from '../audit/audit-log.js';
import { ForbiddenError, InsufficientScopeError } from '../errors/domain-errors.js';
import { auditOutcomeOf } from '../errors/error-mapping.js';
import type { PersonaAnswerer } from '../persona/persona-answerer.js';
import { UUID } from '../memories/cursor.js';
import { parseInput } from '../memories/memory-input.js';
import { isSafeText } from '../text/safe-text.js';
import { operationDuration, operations } from '../observability/metrics.js';
import { inSpan } from '../observability/tracing.js';
import { scopeOf, type AnyOperation, type OperationServices } from './operation.js';

/**
 * Runs catalogue operations for a caller: checks the scope, parses the input
 * with the operation's strict schema, calls the handler, parses the result
 * through the output schema, and records the call in the audit log with its
 * outcome. Both surfaces go through here, never around it.
 */
export interface OperationRunner {
  run<Operation extends AnyOperation>(
    operation: Operation,
    caller: Caller,
    input: unknown,
    options?: { answerer?: PersonaAnswerer },
  ): Promise<z.output<Operation['output']>>;
  /**
   * Records that the caller's token did not allow `operation` (the surfaces
   * refuse such requests before they reach {@link run}): the owner's
   * activity then shows what an application tried beyond its grant.
   */
  refused(operation: AnyOperation, caller: Caller, input: unknown): void;
}

export function createOperationRunner(deps: {
  services: OperationServices;
  audit: Pick<AuditLog, 'record'>;
}): OperationRunner {
  const runner = createUnmeasuredRunner(deps);
  return {
    refused: runner.refused,
    // Counted, timed and traced by operation name and surface: fixed labels,
    // never the input (no text, queries or usernames in metrics or spans).
    async run(operation, caller, input, options) {
      const labels = { operation: operation.name, surface: caller.surface };
      const end = operationDuration.startTimer(labels);
      const attributes = {
        'picard.operation': operation.name,
        'picard.surface': caller.surface,
        ...(caller.surface === 'mcp' && operation.tool ? { 'mcp.tool.name': operation.tool } : {}),
      };
      try {
        const output = await inSpan(`operation ${operation.name}`, attributes, () =>
          runner.run(operation, caller, input, options),
        );
        operations.inc({ ...labels, outcome: 'success' });
        return output;
      } catch (error) {
        operations.inc({ ...labels, outcome: auditOutcomeOf(error) });
        throw error;
      } finally {
        end();
      }
    },
  };
}

function createUnmeasuredRunner(deps: {
  services: OperationServices;
  audit: Pick<AuditLog, 'record'>;
}): OperationRunner {
  const refused: OperationRunner['refused'] = (operation, caller, input) => {
    if (!operation.audit) return;
    deps.audit.record({
      caller,
      action: operation.audit.action,
      outcome: 'insufficient_scope',
      ...requestedBy(input),
    });
  };
  return {
    refused,
    async run(operation, caller, input, options = {}) {
      const scope = scopeOf(operation, input);
      if (!caller.scopes.includes(scope)) {
        refused(operation, caller, input);
        throw new InsufficientScopeError(scope);
      }
      // Admin rights come from the account, now: a token granted while the
      // account was an administrator does nothing once it no longer is.
      let actor: { id: string; username: string } | undefined;
      if (operation.admin) {
        const account = await deps.services.accounts.find(caller.userId);
        if (!account || account.role !== 'admin' || account.suspendedAt) {
          throw new ForbiddenError('this operation is for administrators');
        }
        actor = { id: account.id, username: account.username };
      }
      const execute = async () => {
        const parsed = parseInput(operation.input, input);
        const result = await operation.handler(parsed, {
          caller,
          actor,
          services: deps.services,
          answerer: options.answerer,
        });
        return operation.output.parse(result) as z.output<typeof operation.output>;
      };
      if (!operation.audit) return execute();

      const { action, memoryIds } = operation.audit;
      const requested = requestedBy(input);
      try {
        const output = await execute();
        const ids = [...new Set([...requested.memoryIds, ...(memoryIds?.(output) ?? [])])];
        deps.audit.record({ caller, action, outcome: 'success', ...requested, memoryIds: ids });
        return output;
      } catch (error) {
        deps.audit.record({ caller, action, outcome: auditOutcomeOf(error), ...requested });
        throw error;
      }
    },
  };
}

/** The memory id and username a request gave, recorded whatever the outcome. */
function requestedBy(input: unknown): { memoryIds: string[]; targetUsername?: string } {
  const raw = (input ?? {}) as Record<string, unknown>;
  const memoryIds =
    typeof raw.memoryId === 'string' && UUID.test(raw.memoryId) ? [raw.memoryId] : [];
  // Only text the audit table can hold: a NUL would fail the whole batch's insert.
  const targetUsername =
    typeof raw.username === 'string' && isSafeText(raw.username)
      ? raw.username.trim().toLowerCase().slice(0, 64) || undefined
      : undefined;
  return targetUsername ? { memoryIds, targetUsername } : { memoryIds };
}
