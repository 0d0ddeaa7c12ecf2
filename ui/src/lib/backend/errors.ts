import type { AppError, ErrorCode } from '../../generated/bindings';

const CODES: readonly ErrorCode[] = [
  'validation',
  'not_found',
  'unauthenticated',
  'forbidden',
  'invalid_state',
  'duplicate',
  'unknown_command',
  'newer_database',
  'storage',
  'unavailable',
  'internal',
];

export function isAppError(e: unknown): e is AppError {
  if (typeof e !== 'object' || e === null) return false;
  const o = e as Record<string, unknown>;
  return typeof o.code === 'string' && CODES.includes(o.code as ErrorCode) && typeof o.message === 'string';
}

export function appError(code: ErrorCode, message: string, field?: string | null): AppError {
  return field ? { code, message, field } : { code, message };
}

/** Whatever was thrown, as an AppError a person can read. */
export function asAppError(e: unknown): AppError {
  if (isAppError(e)) return { code: e.code, message: e.message, ...(e.field ? { field: e.field } : {}) };
  if (typeof e === 'string' && e.trim()) return appError('internal', e);
  if (e instanceof Error && e.message) return appError('internal', e.message);
  return appError('internal', 'Something went wrong. Try again.');
}

/** The last part of a backend field path: `assessment.likelihood` → `likelihood`, `controls[0]` → `controls`. */
export function fieldKey(field: string | null | undefined): string | null {
  if (!field) return null;
  const last = field.split('.').pop() ?? field;
  return last.replace(/\[\d+\]$/, '');
}
