import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { call, closeApp, onCloseRequested, onSessionEnded, signIn, signOut } from './index';

function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

const USER = { id: 'u1', username: 'sam', displayName: 'Sam Patel', roles: [] };

describe('backend over HTTP', () => {
  let fetchMock: ReturnType<typeof vi.fn>;

  beforeEach(() => {
    sessionStorage.clear();
    window.history.replaceState(null, '', '/?token=launch-123#/wards/w1');
    fetchMock = vi.fn();
    vi.stubGlobal('fetch', fetchMock);
  });

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('posts the input to /api/<command> with the launch token, and removes the token from the address', async () => {
    fetchMock.mockResolvedValueOnce(jsonResponse({ hasUsers: true, version: '0.1.0', schemaVersion: 3, deviceId: 'd1' }));

    const out = await call('app_status', {});

    expect(out.hasUsers).toBe(true);
    expect(fetchMock).toHaveBeenCalledTimes(1);
    const [url, init] = fetchMock.mock.calls[0] as [string, RequestInit];
    expect(url).toBe('/api/app_status');
    expect(init.method).toBe('POST');
    expect(init.body).toBe('{}');
    const headers = init.headers as Record<string, string>;
    expect(headers['Content-Type']).toBe('application/json');
    expect(headers.Authorization).toBe('Bearer launch-123');
    expect(headers['X-Wardsafe-Session']).toBeUndefined();
    // The token left the address bar but the route stayed.
    expect(window.location.search).toBe('');
    expect(window.location.hash).toBe('#/wards/w1');
    expect(sessionStorage.getItem('wardsafe.launchToken')).toBe('launch-123');
  });

  it('keeps the launch token after the address no longer has it', async () => {
    fetchMock.mockResolvedValue(jsonResponse([]));
    await call('list_sites', {});
    await call('list_sites', {});
    const headers = (fetchMock.mock.calls[1][1] as RequestInit).headers as Record<string, string>;
    expect(headers.Authorization).toBe('Bearer launch-123');
  });

  it('sends the session header after sign-in, and the body as JSON', async () => {
    fetchMock.mockResolvedValueOnce(jsonResponse({ session: 'sess-9', user: USER }));
    const user = await signIn({ username: 'sam', password: 'correct horse' });
    expect(user.displayName).toBe('Sam Patel');
    expect(JSON.parse((fetchMock.mock.calls[0][1] as RequestInit).body as string)).toEqual({ username: 'sam', password: 'correct horse' });

    fetchMock.mockResolvedValueOnce(jsonResponse({ id: 'w1', name: 'Oak' }));
    await call('ward_overview', { wardId: 'w1' });
    const [url, init] = fetchMock.mock.calls[1] as [string, RequestInit];
    expect(url).toBe('/api/ward_overview');
    expect(JSON.parse(init.body as string)).toEqual({ wardId: 'w1' });
    expect((init.headers as Record<string, string>)['X-Wardsafe-Session']).toBe('sess-9');
    expect(sessionStorage.getItem('wardsafe.session')).toBe('sess-9');
  });

  it('rejects with the AppError of a non-200 answer', async () => {
    fetchMock.mockResolvedValueOnce(jsonResponse({ code: 'validation', message: 'likelihood must be a whole number from 1 to 5 (got 9)', field: 'likelihood' }, 400));
    await expect(call('save_answer', { auditId: 'a', questionId: 'q', value: 'x', photoIds: [] })).rejects.toEqual({
      code: 'validation',
      message: 'likelihood must be a whole number from 1 to 5 (got 9)',
      field: 'likelihood',
    });
  });

  it('maps a non-200 answer without an AppError body to an internal error', async () => {
    fetchMock.mockResolvedValueOnce(new Response('Bad gateway', { status: 502 }));
    await expect(call('list_sites', {})).rejects.toMatchObject({ code: 'internal', message: expect.stringContaining('502') });
  });

  it('maps a network failure to a clear internal error', async () => {
    fetchMock.mockRejectedValueOnce(new TypeError('Failed to fetch'));
    const error = await call('list_sites', {}).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'internal' });
    expect((error as { message: string }).message).toMatch(/could not reach/i);
    expect((error as { message: string }).message).not.toMatch(/Failed to fetch/);
  });

  it('forgets an ended session and tells the app', async () => {
    sessionStorage.setItem('wardsafe.session', 'old');
    const ended = vi.fn();
    const stop = onSessionEnded(ended);
    fetchMock.mockResolvedValueOnce(jsonResponse({ code: 'unauthenticated', message: 'sign in first' }, 401));
    await expect(call('whoami', {})).rejects.toMatchObject({ code: 'unauthenticated' });
    expect(sessionStorage.getItem('wardsafe.session')).toBeNull();
    expect(ended).toHaveBeenCalledTimes(1);
    stop();
  });

  it('does not say the session ended when a request answered after signing out was refused', async () => {
    sessionStorage.setItem('wardsafe.session', 'sess-1');
    const ended = vi.fn();
    const stop = onSessionEnded(ended);
    let answer: (r: Response) => void = () => {};
    fetchMock.mockReturnValueOnce(new Promise<Response>((resolve) => (answer = resolve)));
    const polling = call('my_notices', { limit: 200 });
    fetchMock.mockResolvedValueOnce(jsonResponse({}));
    await signOut();
    answer(jsonResponse({ code: 'unauthenticated', message: 'sign in first' }, 401));
    await expect(polling).rejects.toMatchObject({ code: 'unauthenticated' });
    expect(ended).not.toHaveBeenCalled();
    stop();
  });

  it('signs out even when the backend cannot be reached', async () => {
    sessionStorage.setItem('wardsafe.session', 'sess-1');
    fetchMock.mockRejectedValueOnce(new TypeError('offline'));
    await signOut();
    expect(sessionStorage.getItem('wardsafe.session')).toBeNull();
    const headers = (fetchMock.mock.calls[0][1] as RequestInit).headers as Record<string, string>;
    expect(headers['X-Wardsafe-Session']).toBe('sess-1');
  });
});

describe('closing outside the desktop app', () => {
  it('never claims a close request and closes nothing (the beforeunload warning does that job)', async () => {
    const fetchMock = vi.fn();
    vi.stubGlobal('fetch', fetchMock);
    try {
      const handler = vi.fn();
      const stop = onCloseRequested(handler);
      const event = new CustomEvent('wardsafe:close-requested', { cancelable: true, detail: { waiting: 3 } });
      expect(window.dispatchEvent(event)).toBe(true);
      expect(handler).not.toHaveBeenCalled();
      stop();
      await closeApp();
      expect(fetchMock).not.toHaveBeenCalled();
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
