import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const invoke = vi.fn();
vi.mock('@tauri-apps/api/core', () => ({ invoke: (...args: unknown[]) => invoke(...args) }));

const { call, closeApp, onCloseRequested, signIn } = await import('./index');

describe('backend inside Tauri', () => {
  const fetchMock = vi.fn();

  beforeEach(() => {
    sessionStorage.clear();
    invoke.mockReset();
    (window as unknown as Record<string, unknown>).__TAURI_INTERNALS__ = {};
    vi.stubGlobal('fetch', fetchMock);
  });

  afterEach(() => {
    delete (window as unknown as Record<string, unknown>).__TAURI_INTERNALS__;
    vi.unstubAllGlobals();
  });

  it("calls invoke('call', {command, input, session}) and never fetch", async () => {
    invoke.mockResolvedValueOnce({ session: 'tok', user: { id: 'u', username: 'u', displayName: 'U', roles: [] } });
    await signIn({ username: 'u', password: 'password1' });
    expect(invoke).toHaveBeenLastCalledWith('call', { command: 'sign_in', input: { username: 'u', password: 'password1' }, session: null });

    invoke.mockResolvedValueOnce([]);
    await call('list_audits', { wardId: 'w1' });
    expect(invoke).toHaveBeenLastCalledWith('call', { command: 'list_audits', input: { wardId: 'w1' }, session: 'tok' });
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('rejects with the AppError the shell rejects with', async () => {
    invoke.mockRejectedValueOnce({ code: 'forbidden', message: 'your roles do not allow you to sign off walk-rounds on this ward' });
    await expect(call('sign_off_audit', { auditId: 'a' })).rejects.toEqual({
      code: 'forbidden',
      message: 'your roles do not allow you to sign off walk-rounds on this ward',
    });
  });

  it('turns anything else the shell throws into an internal AppError', async () => {
    invoke.mockRejectedValueOnce('command call not found');
    await expect(call('app_status', {})).rejects.toEqual({ code: 'internal', message: 'command call not found' });
  });

  // What the shell runs in the page when the window is asked to close while changes wait (src-tauri/src/window.rs).
  function shellAsksToClose(waiting: unknown): boolean {
    return !window.dispatchEvent(new CustomEvent('wardsafe:close-requested', { cancelable: true, detail: { waiting } }));
  }

  it('hands a close request to the handler with the number waiting, and tells the shell the person is being asked', () => {
    const handler = vi.fn();
    const stop = onCloseRequested(handler);
    expect(shellAsksToClose(4)).toBe(true);
    expect(handler).toHaveBeenCalledWith(4);

    // Nothing sensible waiting: not claimed, so the shell closes.
    expect(shellAsksToClose(0)).toBe(false);
    expect(shellAsksToClose('lots')).toBe(false);
    expect(handler).toHaveBeenCalledTimes(1);

    // Once the handler is gone, nobody claims the request and the shell closes the window.
    stop();
    expect(shellAsksToClose(4)).toBe(false);
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it('does not claim the request when the handler fails (the window must still close)', () => {
    const stop = onCloseRequested(() => {
      throw new Error('broken');
    });
    const errors = vi.fn((e: ErrorEvent) => e.preventDefault());
    window.addEventListener('error', errors);
    try {
      expect(shellAsksToClose(2)).toBe(false);
    } finally {
      window.removeEventListener('error', errors);
      stop();
    }
  });

  it("closes the window through the shell's close_app command", async () => {
    invoke.mockResolvedValueOnce(null);
    await closeApp();
    expect(invoke).toHaveBeenLastCalledWith('close_app');

    invoke.mockRejectedValueOnce({ code: 'internal', message: 'the window could not close: gone' });
    await expect(closeApp()).rejects.toEqual({ code: 'internal', message: 'the window could not close: gone' });
  });
});
