import { render, screen, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { syncStatus } from '../../test/sync';

const call = vi.fn();
vi.mock('../../lib/backend', async (importOriginal) => ({ ...(await importOriginal<typeof import('../../lib/backend')>()), call: (...a: unknown[]) => call(...a) }));

const { default: SyncIndicator } = await import('./SyncIndicator.svelte');
const { sync } = await import('../../lib/sync.svelte');

function answer(status: ReturnType<typeof syncStatus>) {
  call.mockImplementation((command: string) => (command === 'sync_status' ? Promise.resolve(status) : Promise.reject({ code: 'unknown_command', message: command })));
}

async function strip(signedIn = true) {
  render(SyncIndicator, { props: { signedIn } });
  const region = screen.getByRole('region', { name: "Sync with the trust's server" });
  // The first answer has arrived once the polite live region has something in it.
  await vi.waitFor(() => expect(call).toHaveBeenCalledWith('sync_status', {}));
  return region;
}

describe('SyncIndicator', () => {
  beforeEach(() => {
    call.mockReset();
    sync.status = null;
    sync.failed = false;
  });

  it('says discreetly that a device on its own keeps everything on itself', async () => {
    answer(syncStatus({ state: 'standalone', waiting: 12, serverUrl: null, lastSyncedAt: null }));
    const region = await strip();
    expect(await within(region).findByText('On this device only')).toBeInTheDocument();
    expect(within(region).queryByText(/waiting|Sending/)).toBeNull();
  });

  it('shows a green "Up to date" tag with the last sync in London time, in a polite live region', async () => {
    answer(syncStatus({ state: 'up_to_date', lastSyncedAt: '2025-07-03T13:05:00Z' }));
    const region = await strip();
    const tag = await within(region).findByText('Up to date');
    expect(tag).toHaveClass('nhsuk-tag', 'nhsuk-tag--green');
    expect(tag.closest('[aria-live]')).toHaveAttribute('aria-live', 'polite');
    // 13:05 UTC is 14:05 in London in July (BST).
    expect(within(region).getByText('Last synced 3 Jul 2025, 14:05')).toBeInTheDocument();
  });

  it('shows a labelled progress bar while a long sync runs', async () => {
    answer(syncStatus({ state: 'syncing', done: 40, total: 200, waiting: 0 }));
    const region = await strip();
    expect(await within(region).findByText('Syncing')).toHaveClass('nhsuk-tag');
    const bar = within(region).getByRole('progressbar', { name: 'Synced 40 of 200' });
    expect(bar).toHaveAttribute('max', '200');
    expect(bar).toHaveAttribute('value', '40');
  });

  it('counts the changes being sent when there is no progress to show', async () => {
    answer(syncStatus({ state: 'syncing', waiting: 3 }));
    const region = await strip();
    expect(await within(region).findByText('Sending 3 changes')).toBeInTheDocument();
    expect(within(region).queryByRole('progressbar')).toBeNull();
  });

  it('shows how many changes wait while offline, and why', async () => {
    const message = "Cannot reach the trust's server. 5 changes are saved on this device and will be sent when it is back.";
    answer(syncStatus({ state: 'offline', waiting: 5, message, action: 'Nothing to do: Wardsafe keeps trying.' }));
    const region = await strip();
    const tag = await within(region).findByText('Offline — 5 changes waiting');
    expect(tag).toHaveClass('nhsuk-tag--yellow');
    expect(within(region).getByText(message)).toBeInTheDocument();
  });

  it('shows an error in red with what to do about it', async () => {
    answer(syncStatus({ state: 'error', message: 'This version of Wardsafe is too old for the server.', action: 'Update Wardsafe on this device; nothing saved on it is lost.' }));
    const region = await strip();
    expect(await within(region).findByText('Not syncing')).toHaveClass('nhsuk-tag--red');
    expect(within(region).getByText('This version of Wardsafe is too old for the server.')).toBeInTheDocument();
    expect(within(region).getByText('Update Wardsafe on this device; nothing saved on it is lost.')).toBeInTheDocument();
  });

  it("shows a revoked device in red with the message and the action", async () => {
    answer(
      syncStatus({
        state: 'revoked',
        message: "The trust's administrator has withdrawn this device's access to the server.",
        action: 'Everything saved on this device is still here. Ask your administrator for a new enrolment code to connect it again.',
      }),
    );
    const region = await strip();
    expect(await within(region).findByText('Access withdrawn')).toHaveClass('nhsuk-tag--red');
    expect(within(region).getByText(/withdrawn this device's access/)).toBeInTheDocument();
    expect(within(region).getByText(/Ask your administrator for a new enrolment code/)).toBeInTheDocument();
  });

  it('links to the conflicts to resolve once signed in', async () => {
    answer(syncStatus({ openConflicts: 2 }));
    const region = await strip(true);
    expect(await within(region).findByRole('link', { name: '2 conflicts to resolve' })).toHaveAttribute('href', '#/conflicts');
  });

  it('names the conflicts without a link before sign-in', async () => {
    answer(syncStatus({ openConflicts: 1 }));
    const region = await strip(false);
    expect(await within(region).findByText('1 conflict to resolve')).toBeInTheDocument();
    expect(within(region).queryByRole('link')).toBeNull();
  });

  it('asks again every 2 seconds and shows the change', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      call.mockResolvedValueOnce(syncStatus({ state: 'syncing', waiting: 2 })).mockResolvedValue(syncStatus({ state: 'up_to_date' }));
      const region = await strip();
      expect(await within(region).findByText('Sending 2 changes')).toBeInTheDocument();
      await vi.advanceTimersByTimeAsync(2000);
      expect(await within(region).findByText('Up to date')).toBeInTheDocument();
      expect(call).toHaveBeenCalledTimes(2);
    } finally {
      vi.useRealTimers();
    }
  });
});
