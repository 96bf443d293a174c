import type { ApiProblem, Memory } from '../api/picard-api.js';
import type { MemoryFormValues } from '../views/pages.js';
import { dayOf, endOfDayIn } from '../views/time.js';

/** The API's limits, checked here first so every problem is named at once, in the form's words. */
const MAX_TEXT = 10_000;
const MAX_TAGS = 20;
const MAX_TAG = 50;

/** The form's labels, for messages about a field. */
const LABELS: Record<string, string> = {
  text: 'Memory',
  tags: 'Tags',
  expires: 'Forget it on',
  permission: 'Who can read it',
};

/** The API's field names as the form spells them. */
const FORM_FIELDS: Record<string, string> = {
  text: 'text',
  tags: 'tags',
  expiresAt: 'expires',
  permission: 'permission',
};

export function formValues(body: Record<string, unknown>): MemoryFormValues {
  const one = (value: unknown) => (typeof value === 'string' ? value : '');
  return {
    text: one(body.text),
    permission:
      body.permission === 'public' || body.permission === 'shared' ? body.permission : 'private',
    tags: one(body.tags),
    expires: one(body.expires),
  };
}

const tagsOf = (value: string) =>
  value
    .split(',')
    .map((tag) => tag.trim())
    .filter(Boolean);

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Every problem with the typed values, by field, in the words of the form;
 * empty when the values can go to the API.
 */
export function validate(values: MemoryFormValues, timeZone: string, now: Date) {
  const errors: Record<string, string> = {};
  const text = values.text.trim();
  if (!text) errors.text = 'Write the memory: it cannot be empty.';
  else if (text.length > MAX_TEXT) {
    errors.text = `The memory is too long: at most ${MAX_TEXT.toLocaleString('en')} characters (this one has ${text.length.toLocaleString('en')}).`;
  }
  const tags = tagsOf(values.tags);
  const long = tags.find((tag) => tag.length > MAX_TAG);
  if (new Set(tags).size > MAX_TAGS) {
    errors.tags = `Use at most ${MAX_TAGS} tags (there are ${new Set(tags).size}).`;
  } else if (long) {
    errors.tags = `Each tag can be at most ${MAX_TAG} characters; “${long.slice(0, 20)}…” is longer.`;
  }
  if (values.expires) {
    const valid = DAY.test(values.expires) && !Number.isNaN(Date.parse(values.expires));
    if (!valid) errors.expires = 'Choose a real date for when to forget it, or leave it empty.';
    else if (endOfDayIn(values.expires, timeZone) <= now) {
      errors.expires = 'Choose today or a later day for when to forget it.';
    }
  }
  return errors;
}

/** The API's fields for the typed values (a day means "forget it at the end of that day", in the person's zone). */
export function apiFields(values: MemoryFormValues, timeZone: string) {
  return {
    text: values.text,
    tags: tagsOf(values.tags),
    expiresAt: values.expires ? endOfDayIn(values.expires, timeZone).toISOString() : null,
  };
}

/** The form's values for an existing memory. */
export function editValues(memory: Memory, timeZone: string): MemoryFormValues {
  return {
    text: memory.text,
    permission: memory.permission,
    tags: memory.tags.join(', '),
    expires: memory.expiresAt ? dayOf(memory.expiresAt, timeZone) : '',
  };
}

/** A refusal from the API shown at the field it names, prefixed with the field's label. */
export function formErrors(error: ApiProblem): Record<string, string> {
  const field = FORM_FIELDS[(error.field ?? '').split('.')[0]!] ?? 'form';
  const label = LABELS[field];
  return { [field]: label ? `${label}: ${error.detail}` : error.detail };
}
