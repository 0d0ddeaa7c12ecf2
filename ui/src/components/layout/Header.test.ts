import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { UserInfo } from '../../generated/bindings';
import { syncStatus } from '../../test/sync';

const call = vi.fn();
vi.mock('../../lib/backend', async (importOriginal) => ({ ...(await importOriginal<typeof import('../../lib/backend')>()), call: (...a: unknown[]) => call(...a) }));

const { default: Header } = await import('./Header.svelte');
const { sync } = await import('../../lib/sync.svelte');

const nurse: UserInfo = { id: 'u1', username: 'nurse', displayName: 'Nia Nurse', roles: [{ role: 'ward_staff', wardId: 'w1' }] };

function answer(status: ReturnType<typeof syncStatus>) {
  call.mockImplementation((command: string) => (command === 'sync_status' ? Promise.resolve(status) : Promise.reject({ code: 'unknown_command', message: command })));
}

describe('Header: signing out', () => {
  beforeEach(() => {
    call.mockReset();
    sync.status = null;
  });

  it('signs out at once when nothing is waiting to be sent', async () => {
    answer(syncStatus({ state: 'up_to_date', waiting: 0 }));
    const onsignout = vi.fn();
    const u = userEvent.setup();
    render(Header, { props: { user: nurse, onsignout } });
    await u.click(screen.getByRole('button', { name: 'Sign out' }));
    await waitFor(() => expect(onsignout).toHaveBeenCalledTimes(1));
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('does not warn on a device that is not connected to a server (nothing is ever sent)', async () => {
    answer(syncStatus({ state: 'standalone', waiting: 40, serverUrl: null }));
    const onsignout = vi.fn();
    const u = userEvent.setup();
    render(Header, { props: { user: nurse, onsignout } });
    await u.click(screen.getByRole('button', { name: 'Sign out' }));
    await waitFor(() => expect(onsignout).toHaveBeenCalledTimes(1));
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('asks first when changes have not reached the server, and signs out when told to', async () => {
    answer(syncStatus({ state: 'offline', waiting: 3 }));
    const onsignout = vi.fn();
    const u = userEvent.setup();
    render(Header, { props: { user: nurse, onsignout } });
    await u.click(screen.getByRole('button', { name: 'Sign out' }));

    const dialog = await screen.findByRole('dialog', { name: /Changes not yet sent/ });
    expect(dialog).toHaveAccessibleDescription(
      "3 changes on this device have not reached the trust's server yet. They are kept safe on this device and will be sent when it is next online. Sign out anyway?",
    );
    expect(onsignout).not.toHaveBeenCalled();
    // The safe choice has the focus.
    expect(within(dialog).getByRole('button', { name: 'Stay signed in' })).toHaveFocus();

    await u.click(within(dialog).getByRole('button', { name: 'Sign out anyway' }));
    expect(onsignout).toHaveBeenCalledTimes(1);
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('stays signed in when asked to, and puts focus back on "Sign out"', async () => {
    answer(syncStatus({ state: 'syncing', waiting: 1 }));
    const onsignout = vi.fn();
    const u = userEvent.setup();
    render(Header, { props: { user: nurse, onsignout } });
    await u.click(screen.getByRole('button', { name: 'Sign out' }));

    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent("1 change on this device has not reached the trust's server yet.");
    await u.click(within(dialog).getByRole('button', { name: 'Stay signed in' }));
    expect(onsignout).not.toHaveBeenCalled();
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.getByRole('button', { name: 'Sign out' })).toHaveFocus();
  });
});

describe('Header: navigation', () => {
  it('links every signed-in person to the estates queue and the risk dashboard, and only administrators to the trust set-up', () => {
    render(Header, { props: { user: nurse, onsignout: () => {} } });
    const nav = screen.getByRole('navigation', { name: 'Account' });
    expect(within(nav).getByRole('link', { name: 'Estates queue' })).toHaveAttribute('href', '#/queue');
    expect(within(nav).getByRole('link', { name: 'Risk dashboard' })).toHaveAttribute('href', '#/dashboard');
    expect(within(nav).queryByRole('link', { name: 'Set up the trust' })).toBeNull();
  });

  it('links those who may see seclusion and segregation to the board, and no one else', () => {
    const { unmount } = render(Header, { props: { user: nurse, onsignout: () => {} } });
    expect(within(screen.getByRole('navigation', { name: 'Account' })).getByRole('link', { name: 'Seclusion board' })).toHaveAttribute('href', '#/board');
    unmount();
    const estates: UserInfo = { id: 'u2', username: 'est', displayName: 'Eve Estates', roles: [{ role: 'estates' }] };
    render(Header, { props: { user: estates, onsignout: () => {} } });
    expect(within(screen.getByRole('navigation', { name: 'Account' })).queryByRole('link', { name: 'Seclusion board' })).toBeNull();
  });

  it('links ward managers, matrons and governance to the restrictive practice report (under "More"), and not ward staff', async () => {
    const { unmount } = render(Header, { props: { user: nurse, onsignout: () => {} } });
    const nurseNav = screen.getByRole('navigation', { name: 'Account' });
    expect(within(nurseNav).queryByRole('link', { name: 'Restrictive practice report' })).toBeNull();
    expect(within(nurseNav).queryByRole('button', { name: 'More' })).toBeNull();
    unmount();
    const governance: UserInfo = { id: 'u3', username: 'g', displayName: 'Priya Shah', roles: [{ role: 'governance' }] };
    const u = userEvent.setup();
    render(Header, { props: { user: governance, onsignout: () => {} } });
    const nav = screen.getByRole('navigation', { name: 'Account' });
    await u.click(within(nav).getByRole('button', { name: 'More' }));
    expect(within(nav).getByRole('link', { name: 'Restrictive practice report' })).toHaveAttribute('href', '#/reports/restrictive');
  });
});

describe('Header: at a 1024 px tablet width', () => {
  const everyRole: UserInfo = {
    id: 'u9',
    username: 'all',
    displayName: 'Robin Allroles',
    roles: [
      { role: 'ward_staff', wardId: 'w1' },
      { role: 'ward_manager', wardId: 'w1' },
      { role: 'matron' },
      { role: 'estates' },
      { role: 'governance' },
      { role: 'administrator' },
    ],
  };
  const admin: UserInfo = { id: 'u8', username: 'admin', displayName: 'Trust Administrator', roles: [{ role: 'administrator' }] };

  beforeEach(() => {
    call.mockReset();
    answer(syncStatus({ state: 'up_to_date', waiting: 0 }));
  });

  it('keeps the seclusion board and the risk dashboard in the bar, and puts the rest under "More" for someone who holds every role', async () => {
    const u = userEvent.setup();
    render(Header, { props: { user: everyRole, onsignout: () => {} } });
    const nav = screen.getByRole('navigation', { name: 'Account' });
    expect(nav).toHaveTextContent('Signed in as Robin Allroles');
    expect(within(nav).getByRole('link', { name: 'For you' })).toHaveAttribute('href', '#/for-you');
    expect(within(nav).getByRole('link', { name: 'Seclusion board' })).toHaveAttribute('href', '#/board');
    expect(within(nav).getByRole('link', { name: 'Risk dashboard' })).toHaveAttribute('href', '#/dashboard');
    expect(within(nav).getByRole('button', { name: 'Sign out' })).toBeInTheDocument();

    // The lesser links wait behind a disclosure button, closed at first.
    const more = within(nav).getByRole('button', { name: 'More' });
    expect(more).toHaveAttribute('aria-expanded', 'false');
    expect(within(nav).queryByRole('link', { name: 'Estates queue' })).toBeNull();
    expect(within(nav).queryByRole('link', { name: 'Restrictive practice report' })).toBeNull();
    expect(within(nav).queryByRole('link', { name: 'Set up the trust' })).toBeNull();

    await u.click(more);
    expect(more).toHaveAttribute('aria-expanded', 'true');
    const list = document.getElementById(more.getAttribute('aria-controls')!)!;
    expect(within(list).getAllByRole('link').map((a) => a.textContent)).toEqual(['Estates queue', 'Restrictive practice report', 'Set up the trust']);
    expect(within(nav).getByRole('link', { name: 'Estates queue' })).toHaveAttribute('href', '#/queue');
    expect(within(nav).getByRole('link', { name: 'Restrictive practice report' })).toHaveAttribute('href', '#/reports/restrictive');
    expect(within(nav).getByRole('link', { name: 'Set up the trust' })).toHaveAttribute('href', '#/setup');

    // Every link is reachable from the keyboard: Tab from "More" goes into its list, Escape closes it.
    await u.tab();
    expect(within(nav).getByRole('link', { name: 'Estates queue' })).toHaveFocus();
    await u.keyboard('{Escape}');
    expect(more).toHaveAttribute('aria-expanded', 'false');
    expect(more).toHaveFocus();
    expect(within(nav).queryByRole('link', { name: 'Estates queue' })).toBeNull();

    await u.keyboard('{Enter}');
    expect(within(nav).getByRole('link', { name: 'Set up the trust' })).toBeInTheDocument();
    await u.click(document.body);
    expect(more).toHaveAttribute('aria-expanded', 'false');
  });

  it('shows every link in the bar, with no "More", when they fit', () => {
    render(Header, { props: { user: admin, onsignout: () => {} } });
    const nav = screen.getByRole('navigation', { name: 'Account' });
    expect(within(nav).getAllByRole('link').map((a) => a.textContent?.trim())).toEqual(['For you', 'Estates queue', 'Risk dashboard', 'Set up the trust']);
    expect(within(nav).queryByRole('button', { name: 'More' })).toBeNull();
  });
});
