// Where the launch token and the session live: sessionStorage, so closing
// the page signs out and a reload in the same tab keeps the session.

const SESSION_KEY = 'wardsafe.session';
const TOKEN_KEY = 'wardsafe.launchToken';

function store(): Storage | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    return null;
  }
}

export function getSession(): string | null {
  return store()?.getItem(SESSION_KEY) ?? null;
}

export function setSession(token: string): void {
  store()?.setItem(SESSION_KEY, token);
}

export function clearSession(): void {
  store()?.removeItem(SESSION_KEY);
}

/**
 * Take `?token=` from the address (the first load after launch), keep it in
 * sessionStorage and remove it from the address bar. Safe to call often.
 */
export function captureLaunchToken(): void {
  if (typeof window === 'undefined') return;
  const url = new URL(window.location.href);
  const token = url.searchParams.get('token');
  if (token === null) return;
  if (token) store()?.setItem(TOKEN_KEY, token);
  url.searchParams.delete('token');
  window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
}

export function getLaunchToken(): string | null {
  captureLaunchToken();
  return store()?.getItem(TOKEN_KEY) ?? null;
}
