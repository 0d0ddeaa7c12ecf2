import { asAppError, fieldKey } from './backend';
import type { ErrorItem } from './types';

/** The `aria-describedby` of a control in a FieldGroup: its hint and error, if shown. */
export function describedBy(id: string, hint?: string | null, error?: string | null): string | undefined {
  return [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
}

/**
 * A backend error as a form shows it: the message next to its field (when the
 * form has that field) and in the error summary, linked to the field's id.
 * `fields` maps the backend's field names to the form's input ids.
 */
export function formErrors(
  e: unknown,
  fields: Record<string, string>,
): { fieldErrors: Record<string, string>; errors: ErrorItem[] } {
  const err = asAppError(e);
  const f = fieldKey(err.field);
  const target = f ? (fields[f] ?? null) : null;
  return { fieldErrors: f && target ? { [f]: err.message } : {}, errors: [{ message: err.message, target }] };
}
