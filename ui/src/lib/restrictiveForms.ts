// How the seclusion and segregation forms show errors: the backend's message
// next to the field it names and in the error summary (as `formErrors`), as
// a sentence; and the form's own checks the same way.
import { formErrors } from './fields';
import type { ErrorItem } from './types';

export interface FormErrors {
  fieldErrors: Record<string, string>;
  errors: ErrorItem[];
}

/** "give the reason" → "Give the reason". */
export function sentence(message: string): string {
  return message ? message.charAt(0).toUpperCase() + message.slice(1) : message;
}

/** A refusal from the backend; `fields` maps its field names to the form's input ids. */
export function backendErrors(e: unknown, fields: Record<string, string>): FormErrors {
  const { fieldErrors, errors } = formErrors(e, fields);
  return {
    fieldErrors: Object.fromEntries(Object.entries(fieldErrors).map(([k, v]) => [k, sentence(v)])),
    errors: errors.map((x) => ({ ...x, message: sentence(x.message) })),
  };
}

/** The form's own checks (field name → message), in the order of `fields`. */
export function localErrors(local: Record<string, string>, fields: Record<string, string>): FormErrors {
  const order = Object.keys(fields);
  const keys = Object.keys(local).sort((a, b) => order.indexOf(a) - order.indexOf(b));
  return { fieldErrors: local, errors: keys.map((k) => ({ message: local[k], target: fields[k] ?? null })) };
}
