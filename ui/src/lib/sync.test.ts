import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { syncStatus } from '../test/sync';

const call = vi.fn();
vi.mock('./backend', async (importOriginal) => ({ ...(await importOriginal<typeof import('./backend')>()), call: (...a: unknown[]) => call(...a) }));

const { pollSync, sync, unsent, unsentWarning, warnBeforeUnload } = await import('./sync.svelte');

function unload(): Event {
  const event = new Event('beforeunload', { cancelable: true });
  window.dispatchEvent(event);
  return event;
}

describe('sync status', () => {
  beforeEach(() => {
    call.mockReset();
    sync.status = null;
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('counts unsent changes only on a device connected to a server', () => {
    expect(unsent(syncStatus({ state: 'offline', waiting: 4 }))).toBe(4);
    expect(unsent(syncStatus({ state: 'standalone', waiting: 4 }))).toBe(0);
    expect(unsent(null)).toBe(0);
    expect(unsentWarning(1)).toMatch(/^1 change on this device has not reached/);
  });

  it('warns before the page is closed while changes wait, and not otherwise', () => {
    const stop = warnBeforeUnload();
    try {
      sync.status = syncStatus({ state: 'offline', waiting: 2 });
      expect(unload().defaultPrevented).toBe(true);
      sync.status = syncStatus({ state: 'up_to_date', waiting: 0 });
      expect(unload().defaultPrevented).toBe(false);
      sync.status = syncStatus({ state: 'standalone', waiting: 9 });
      expect(unload().defaultPrevented).toBe(false);
    } finally {
      stop();
    }
    sync.status = syncStatus({ state: 'offline', waiting: 2 });
    expect(unload().defaultPrevented).toBe(false);
  });

  it('shares one poll every 2 seconds between everything that shows the status, and stops when nothing does', async () => {
    vi.useFakeTimers();
    call.mockResolvedValue(syncStatus());
    const stopA = pollSync();
    const stopB = pollSync();
    await vi.advanceTimersByTimeAsync(0);
    expect(call).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(2000);
    expect(call).toHaveBeenCalledTimes(2);
    stopA();
    await vi.advanceTimersByTimeAsync(2000);
    expect(call).toHaveBeenCalledTimes(3);
    stopB();
    await vi.advanceTimersByTimeAsync(10000);
    expect(call).toHaveBeenCalledTimes(3);
    expect(sync.status?.state).toBe('up_to_date');
  });
});
