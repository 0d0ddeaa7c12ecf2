import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { syncStatus } from '../test/sync';

const call = vi.fn();
vi.mock('../lib/backend', async (importOriginal) => ({ ...(await importOriginal<typeof import('../lib/backend')>()), call: (...a: unknown[]) => call(...a) }));

const { default: FirstRun } = await import('./FirstRun.svelte');
const { sync } = await import('../lib/sync.svelte');

type Handler = (input: unknown) => Promise<unknown>;

function backend(overrides: Record<string, Handler>) {
  call.mockImplementation((command: string, input: unknown) => {
    if (overrides[command]) return overrides[command](input);
    if (command === 'sync_status') return Promise.resolve(syncStatus({ state: 'standalone', serverUrl: null }));
    return Promise.reject({ code: 'unknown_command', message: command });
  });
}

async function openConnectForm(u: ReturnType<typeof userEvent.setup>) {
  await u.click(screen.getByRole('button', { name: "Connect to the trust's server" }));
  const form = screen.getByRole('form', { name: "Connect to the trust's server" });
  expect(within(form).getByLabelText('Server address')).toHaveFocus();
  return form;
}

async function fill(u: ReturnType<typeof userEvent.setup>, form: HTMLElement) {
  await u.type(within(form).getByLabelText('Server address'), ' https://wardsafe.example.nhs.uk ');
  await u.type(within(form).getByLabelText('Enrolment code'), 'K7QF-2MXD');
  await u.type(within(form).getByLabelText('Device name'), 'Cedar Ward tablet');
}

describe('FirstRun: connect to the trust\'s server', () => {
  beforeEach(() => {
    call.mockReset();
    sync.status = null;
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('labels every field with a hint, and asks for what is missing without calling the backend', async () => {
    backend({});
    const u = userEvent.setup();
    render(FirstRun, { props: { onsignedin: vi.fn(), ondemo: vi.fn() } });
    const form = await openConnectForm(u);
    expect(within(form).getByLabelText('Server address')).toHaveAccessibleDescription(/for example https:\/\//);
    expect(within(form).getByLabelText('Enrolment code')).toHaveAccessibleDescription(/one-time code from your administrator/);
    expect(within(form).getByLabelText('Device name')).toHaveAccessibleDescription(/Cedar Ward tablet/);
    await u.click(within(form).getByRole('button', { name: 'Connect this device' }));
    expect(call).not.toHaveBeenCalledWith('connect_to_server', expect.anything());
    expect(within(form).getByLabelText('Enrolment code')).toHaveAccessibleDescription(/Enter the enrolment code/);
  });

  it("shows the backend's error next to the field it names", async () => {
    backend({ connect_to_server: () => Promise.reject({ code: 'validation', message: 'that enrolment code has expired: ask for a new one', field: 'code' }) });
    const u = userEvent.setup();
    render(FirstRun, { props: { onsignedin: vi.fn(), ondemo: vi.fn() } });
    const form = await openConnectForm(u);
    await fill(u, form);
    await u.click(within(form).getByRole('button', { name: 'Connect this device' }));

    expect(call).toHaveBeenCalledWith('connect_to_server', { serverUrl: 'https://wardsafe.example.nhs.uk', code: 'K7QF-2MXD', deviceName: 'Cedar Ward tablet' });
    const alert = await within(form).findByRole('alert');
    expect(within(alert).getByRole('link', { name: /has expired/ })).toHaveAttribute('href', '#connect-code');
    const code = within(form).getByLabelText('Enrolment code');
    expect(code).toHaveAccessibleDescription(/has expired/);
    expect(code).toHaveAttribute('aria-invalid', 'true');
    expect(within(form).getByLabelText('Server address')).not.toHaveAttribute('aria-invalid');
  });

  it('shows a server that cannot be reached in the error summary', async () => {
    backend({ connect_to_server: () => Promise.reject({ code: 'unavailable', message: 'the server cannot be reached: connection refused' }) });
    const u = userEvent.setup();
    render(FirstRun, { props: { onsignedin: vi.fn(), ondemo: vi.fn() } });
    const form = await openConnectForm(u);
    await fill(u, form);
    await u.click(within(form).getByRole('button', { name: 'Connect this device' }));
    expect(await within(form).findByRole('alert')).toHaveTextContent('the server cannot be reached: connection refused');
  });

  it("once connected, shows the trust's people and wards arriving, then moves on to sign-in", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    let hasUsers = false;
    const appStatus = vi.fn(async () => ({ hasUsers, version: '0.1.0', schemaVersion: 3, deviceId: 'd1' }));
    backend({
      connect_to_server: async () => syncStatus({ state: 'syncing', lastSyncedAt: null }),
      sync_status: async () => syncStatus({ state: 'syncing', done: 120, total: 480, lastSyncedAt: null }),
      app_status: appStatus,
    });
    const onsynced = vi.fn();
    const u = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    render(FirstRun, { props: { onsignedin: vi.fn(), ondemo: vi.fn(), onsynced } });
    const form = await openConnectForm(u);
    await fill(u, form);
    await u.click(within(form).getByRole('button', { name: 'Connect this device' }));

    expect(await screen.findByRole('heading', { name: "This device is connected to the trust's server" })).toHaveFocus();
    expect(screen.getByText("The trust's people and wards are arriving.")).toBeInTheDocument();
    expect(await screen.findByRole('progressbar', { name: 'Received 120 of 480' })).toBeInTheDocument();
    expect(appStatus).toHaveBeenCalled();
    expect(onsynced).not.toHaveBeenCalled();

    hasUsers = true;
    await vi.advanceTimersByTimeAsync(2000);
    expect(onsynced).toHaveBeenCalledTimes(1);
  });

  it('says so when the server cannot be reached while waiting', async () => {
    backend({
      connect_to_server: async () => syncStatus({ state: 'syncing', lastSyncedAt: null }),
      sync_status: async () => syncStatus({ state: 'offline', message: "Cannot reach the trust's server.", action: 'Check the Wi-Fi if this lasts.' }),
      app_status: async () => ({ hasUsers: false, version: '0.1.0', schemaVersion: 3, deviceId: 'd1' }),
    });
    const u = userEvent.setup();
    render(FirstRun, { props: { onsignedin: vi.fn(), ondemo: vi.fn(), onsynced: vi.fn() } });
    const form = await openConnectForm(u);
    await fill(u, form);
    await u.click(within(form).getByRole('button', { name: 'Connect this device' }));
    expect(await screen.findByRole('heading', { name: /The server cannot be reached just now/ })).toBeInTheDocument();
    expect(screen.getByText('Check the Wi-Fi if this lasts.')).toBeInTheDocument();
  });
});
