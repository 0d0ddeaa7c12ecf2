import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const invoke = vi.fn();
vi.mock('@tauri-apps/api/core', () => ({ invoke: (...args: unknown[]) => invoke(...args) }));

const { call, signIn } = await import('./index');

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
});
