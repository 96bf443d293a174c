import {
  acceptedContent,
  inputRequired,
  inputResponse,
  type CallToolResult,
  type ClientCapabilities,
  type InputRequiredResult,
  type ServerContext,
} from '@modelcontextprotocol/server';
import { z } from 'zod';
import { getMemory } from '../operations/memory-operations.js';
import type { AnyOperation } from '../operations/operation.js';
import type { McpHandlerDeps } from './mcp-server.js';
import { memoryTitle } from './memory-links.js';

/**
 * Deleting a memory and making one public cannot be taken back quietly, so a
 * client that can ask the person (form elicitation) is asked to: on 2025-era
 * sessions as an `elicitation/create` request, on 2026-07-28 as an
 * `input_required` result the client answers and retries with; the SDK turns
 * one into the other. A client that cannot ask proceeds as before: the
 * confirmation is a courtesy to the person, not an authorization check (the
 * token's scope is), since a client may simply not declare elicitation.
 */

const KEY = 'confirm';
const answer = z.object({ confirm: z.boolean() });

/** True when the client declared form-mode elicitation (an empty object means form). */
export function canAskPerson(capabilities: ClientCapabilities | undefined): boolean {
  const elicitation = capabilities?.elicitation as { form?: object; url?: object } | undefined;
  if (!elicitation) return false;
  return elicitation.form !== undefined || elicitation.url === undefined;
}

/** Tells the model, in the tool's description, that the person may be asked. */
export function confirmationNote(operation: AnyOperation): string {
  if (operation.name === 'deleteMemory') {
    return ' The person is asked to confirm first when the client can ask.';
  }
  if (operation.name === 'setPermission') {
    return ' Making a memory public asks the person to confirm first when the client can ask.';
  }
  return '';
}

/** What to ask before running `operation` with `input`; undefined when nothing needs asking. */
async function questionFor(
  operation: AnyOperation,
  input: Record<string, unknown>,
  deps: McpHandlerDeps,
): Promise<{ message: string; label: string } | undefined> {
  const asks =
    operation.name === 'deleteMemory' ||
    (operation.name === 'setPermission' && input.permission === 'public');
  if (!asks || typeof input.memoryId !== 'string') return undefined;
  // A memory that is not the caller's (or not there) is the operation's own error to report.
  const memory = await deps.runner
    .run(getMemory, deps.caller, { memoryId: input.memoryId })
    .catch(() => undefined);
  if (!memory || memory.ownerId !== deps.caller.userId) return undefined;
  const title = memoryTitle(memory.text);
  if (operation.name === 'deleteMemory') {
    return {
      message: `Delete the memory “${title}” and its history for good?`,
      label: 'Delete it',
    };
  }
  if (memory.permission === 'public') return undefined;
  return {
    message: `Make the memory “${title}” public? Anyone signed in to this server can then read it, and it can be used in answers given as you.`,
    label: 'Make it public',
  };
}

/**
 * Undefined when the call may go on (confirmed, nothing to confirm, or a
 * client that cannot ask); otherwise the result to answer with: the question
 * (`input_required`), or a refusal the model can read when the person said no.
 */
export async function confirmationStep(
  operation: AnyOperation,
  input: Record<string, unknown>,
  ctx: ServerContext,
  deps: McpHandlerDeps & { clientCapabilities: () => ClientCapabilities | undefined },
): Promise<CallToolResult | InputRequiredResult | undefined> {
  if (!canAskPerson(deps.clientCapabilities())) return undefined;
  const question = await questionFor(operation, input, deps);
  if (!question) return undefined;
  const responses = ctx.mcpReq.inputResponses;
  if (acceptedContent(responses, KEY, answer)?.confirm === true) return undefined;
  const view = inputResponse(responses, KEY);
  if (view.kind === 'elicit') {
    return {
      content: [
        { type: 'text', text: 'Not done: the person did not confirm. Nothing was changed.' },
      ],
      isError: true,
    };
  }
  return inputRequired({
    inputRequests: {
      [KEY]: inputRequired.elicit({
        message: question.message,
        requestedSchema: {
          type: 'object',
          properties: { confirm: { type: 'boolean', title: question.label } },
          required: ['confirm'],
        },
      }),
    },
  });
}
