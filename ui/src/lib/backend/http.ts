// The HTTP transport, for `wardsafe serve` on loopback: POST /api/<command>.
import type { CommandName } from '../../generated/bindings';
import { appError, isAppError } from './errors';
import { getLaunchToken } from './session';

export async function httpCall(command: CommandName, input: unknown, session: string | null): Promise<unknown> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json', Accept: 'application/json' };
  const token = getLaunchToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  if (session) headers['X-Wardsafe-Session'] = session;

  let response: Response;
  try {
    response = await fetch(`/api/${command}`, {
      method: 'POST',
      headers,
      body: JSON.stringify(input ?? {}),
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch {
    throw appError(
      'internal',
      'Wardsafe could not reach its local service, so nothing was saved. Check that Wardsafe is still running, then try again.',
    );
  }

  let body: unknown = null;
  const text = await response.text().catch(() => '');
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
  }
  if (response.status === 200) {
    if (body === undefined) throw appError('internal', 'Wardsafe sent an answer it could not read. Try again.');
    return body;
  }
  if (isAppError(body)) throw body;
  if (response.status === 401) {
    throw appError('unauthenticated', 'This page was not opened by Wardsafe. Open Wardsafe again from its launch link.');
  }
  throw appError('internal', `Wardsafe's local service answered with an error (HTTP ${response.status}). Try again.`);
}
