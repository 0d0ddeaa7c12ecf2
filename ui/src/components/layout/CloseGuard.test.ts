import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { tick } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const invoke = vi.fn();
vi.mock('@tauri-apps/api/core', () => ({ invoke: (...args: unknown[]) => invoke(...args) }));

const { default: CloseGuard } = await import('./CloseGuard.svelte');

/** What the shell runs in the page when the window is asked to close (src-tauri/src/window.rs); true when the UI claims it. */
async function shellAsksToClose(waiting: number): Promise<boolean> {
  const claimed = !window.dispatchEvent(new CustomEvent('wardsafe:close-requested', { cancelable: true, detail: { waiting } }));
  await tick();
  return claimed;
}

const tauri = window as unknown as Record<string, unknown>;

describe('CloseGuard: closing the desktop app with changes waiting', () => {
  beforeEach(() => {
    invoke.mockReset();
    tauri.__TAURI_INTERNALS__ = {};
  });

  afterEach(() => {
    delete tauri.__TAURI_INTERNALS__;
    document.body.innerHTML = '';
  });

  it('asks first, saying how many changes have not reached the server and that they are kept', async () => {
    render(CloseGuard);
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(await shellAsksToClose(3)).toBe(true);

    const dialog = await screen.findByRole('dialog', { name: /Changes not yet sent/ });
    expect(dialog).toHaveAccessibleDescription(
      "3 changes on this device have not reached the trust's server yet. They are kept safe on this device and will be sent when it is next online. Close Wardsafe anyway?",
    );
    // The safe choice has the focus.
    await waitFor(() => expect(within(dialog).getByRole('button', { name: 'Keep Wardsafe open' })).toHaveFocus());
    expect(invoke).not.toHaveBeenCalled();
  });

  it('"Keep Wardsafe open" keeps it open and puts focus back where it was', async () => {
    const u = userEvent.setup();
    const before = document.createElement('button');
    before.textContent = 'Save answer';
    document.body.append(before);
    before.focus();
    render(CloseGuard);
    await shellAsksToClose(1);

    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent("1 change on this device has not reached the trust's server yet.");
    await u.click(within(dialog).getByRole('button', { name: 'Keep Wardsafe open' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(invoke).not.toHaveBeenCalled();
    expect(before).toHaveFocus();

    // Escape (the dialog closing by itself) is the same as keeping it open.
    await shellAsksToClose(1);
    fireEvent(await screen.findByRole('dialog'), new Event('close'));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(invoke).not.toHaveBeenCalled();
  });

  it('"Close anyway" closes through the shell', async () => {
    const u = userEvent.setup();
    invoke.mockReturnValue(new Promise(() => {})); // the window goes away; no answer comes back
    render(CloseGuard);
    await shellAsksToClose(12);

    const dialog = await screen.findByRole('dialog');
    await u.click(within(dialog).getByRole('button', { name: 'Close anyway' }));
    expect(invoke).toHaveBeenCalledWith('close_app');
    expect(invoke).toHaveBeenCalledTimes(1);
    expect(within(dialog).getByRole('button', { name: 'Close anyway' })).toBeDisabled();
  });

  it('lets the person choose again if the window could not close', async () => {
    const u = userEvent.setup();
    invoke.mockRejectedValueOnce({ code: 'internal', message: 'the window could not close: gone' });
    render(CloseGuard);
    await shellAsksToClose(2);

    const dialog = await screen.findByRole('dialog');
    await u.click(within(dialog).getByRole('button', { name: 'Close anyway' }));
    await waitFor(() => expect(within(dialog).getByRole('button', { name: 'Close anyway' })).toBeEnabled());
    expect(screen.getByRole('dialog')).toBeInTheDocument();
  });

  it('a second request while asking keeps one dialog, with the newest count', async () => {
    render(CloseGuard);
    await shellAsksToClose(2);
    expect(await shellAsksToClose(5)).toBe(true);
    expect(screen.getAllByRole('dialog')).toHaveLength(1);
    expect(screen.getByRole('dialog')).toHaveTextContent('5 changes on this device have');
  });

  it('never shows in a browser, where the beforeunload warning does the job', async () => {
    delete tauri.__TAURI_INTERNALS__;
    render(CloseGuard);
    expect(await shellAsksToClose(3)).toBe(false);
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});
