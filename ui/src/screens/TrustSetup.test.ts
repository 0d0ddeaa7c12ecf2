import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Site, TemplateSummary, UserInfo, WardSummary } from '../generated/bindings';
import { POLICY } from '../test/dashboard';
import { referenceData } from '../test/fixtures';
import { reviewRules } from '../test/restrictive';
import { syncStatus } from '../test/sync';

const call = vi.fn();
vi.mock('../lib/backend', async (importOriginal) => ({ ...(await importOriginal<typeof import('../lib/backend')>()), call: (...a: unknown[]) => call(...a) }));

const { default: TrustSetup } = await import('./TrustSetup.svelte');
const { sync } = await import('../lib/sync.svelte');

const choice = (value: string, label: string) => ({ value, label });
const reference = {
  ...referenceData(),
  specialties: [choice('acute', 'Acute adult'), choice('picu', 'Psychiatric intensive care (PICU)')],
  roles: [choice('ward_staff', 'Ward staff'), choice('ward_manager', 'Ward manager'), choice('matron', 'Matron'), choice('administrator', 'Administrator')],
};

const riverside: Site = { id: 's1', name: 'Riverside Hospital' };
const hillside: Site = { id: 's2', name: 'Hillside Unit' };
const summary = (id: string, name: string, site: Site, areaCount = 0): WardSummary => ({
  ward: { id, siteId: site.id, siteName: site.name, name, specialty: 'acute' },
  areaCount,
  openPoints: 0,
  openByBand: [],
  inProgress: [],
});
const admin: UserInfo = { id: 'u0', username: 'admin', displayName: 'Ada Admin', roles: [{ role: 'administrator' }] };
const matron: UserInfo = { id: 'u1', username: 'mo', displayName: 'Mo Matron', roles: [{ role: 'matron', wardId: null }, { role: 'ward_manager', wardId: 'w1' }] };

const templates: TemplateSummary[] = [
  { id: 't1', key: 'ligature-walkround', version: 1, name: 'Environmental ligature walk-round', kind: 'ligature_walkround', status: 'live' },
  { id: 't2', key: 'daily-safety-check', version: 1, name: 'Daily safety check', kind: 'checklist', status: 'live' },
];

function backend(overrides: Record<string, (input: unknown) => Promise<unknown>> = {}) {
  call.mockImplementation((command: string, input: unknown) => {
    if (overrides[command]) return overrides[command](input);
    switch (command) {
      case 'reference_data':
        return Promise.resolve(reference);
      case 'list_sites':
        return Promise.resolve([riverside, hillside]);
      case 'list_my_wards':
        return Promise.resolve([summary('w1', 'Cedar Ward', riverside, 9), summary('w2', 'Oak Ward', hillside, 1)]);
      case 'list_users':
        return Promise.resolve([admin, matron]);
      case 'list_templates':
        return Promise.resolve(templates);
      case 'get_review_rules':
        return Promise.resolve(reviewRules());
      case 'get_policy':
        return Promise.resolve(POLICY);
      case 'sync_status':
        return Promise.resolve(syncStatus({ state: 'standalone', serverUrl: null, lastSyncedAt: null }));
      default:
        return Promise.reject({ code: 'unknown_command', message: command });
    }
  });
}

async function fillUser(u: ReturnType<typeof userEvent.setup>, form: HTMLElement) {
  await u.type(within(form).getByLabelText('Username'), 'sam.patel');
  await u.type(within(form).getByLabelText('Display name'), 'Sam Patel');
  await u.type(within(form).getByLabelText('Password'), 'a-good-password');
}

describe('TrustSetup', () => {
  beforeEach(() => {
    call.mockReset();
    sync.status = null;
  });

  it('lists each site with its wards, linked to their overview, and users with their roles by ward', async () => {
    backend();
    render(TrustSetup);
    expect(await screen.findByRole('heading', { level: 3, name: 'Riverside Hospital' })).toBeInTheDocument();
    const riversideWards = screen.getByRole('table', { name: 'Wards at Riverside Hospital' });
    expect(within(riversideWards).getByRole('rowheader', { name: 'Cedar Ward' })).toBeInTheDocument();
    expect(within(riversideWards).getByRole('link', { name: 'Add or view areas of Cedar Ward' })).toHaveAttribute('href', '#/wards/w1');
    expect(within(riversideWards).getByRole('row', { name: /Cedar Ward/ })).toHaveTextContent('9 areas');
    expect(screen.getByRole('table', { name: 'Wards at Hillside Unit' })).toHaveTextContent('1 area');

    const users = screen.getByRole('table', { name: 'Users (2)' });
    const mo = within(users).getByRole('row', { name: /Mo Matron/ });
    expect(within(mo).getByText('Matron – every ward')).toBeInTheDocument();
    expect(within(mo).getByText('Ward manager – Cedar Ward (Riverside Hospital)')).toBeInTheDocument();
  });

  it('lists the checklist templates with their status, and offers to import one', async () => {
    backend();
    render(TrustSetup);
    expect(await screen.findByRole('heading', { level: 2, name: 'Checklist templates' })).toBeInTheDocument();
    const table = await screen.findByRole('table', { name: 'Template versions (2)' });
    expect(within(table).getByRole('row', { name: /Daily safety check daily-safety-check 1 Live/ })).toBeInTheDocument();
    expect(screen.getByRole('form', { name: 'Import a template' })).toBeInTheDocument();
    expect(call).toHaveBeenCalledWith('list_templates', {});
  });

  it('offers the remediation policy: due days by band and the vigilance limit', async () => {
    backend();
    render(TrustSetup);
    expect(await screen.findByRole('heading', { level: 2, name: 'Remediation policy' })).toBeInTheDocument();
    const form = await screen.findByRole('form', { name: 'Change the remediation policy' });
    expect(within(form).getByLabelText('High risk: days to fix')).toHaveValue('28');
    expect(within(form).getByLabelText('Staff vigilance as the only control: at most')).toHaveValue('7');
  });

  it('offers the seclusion and segregation review rules', async () => {
    backend();
    render(TrustSetup);
    expect(await screen.findByRole('heading', { level: 2, name: 'Seclusion and segregation review rules' })).toBeInTheDocument();
    const form = await screen.findByRole('form', { name: 'Change the review rules' });
    expect(within(form).getByLabelText('Minimum staff, Seclusion: nursing review')).toHaveValue('2');
  });

  it('leads to the use of force records that may be purged', async () => {
    backend();
    render(TrustSetup);
    expect(await screen.findByRole('heading', { level: 2, name: 'Use of force records' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'See the records kept 3 years that may be purged' })).toHaveAttribute('href', '#/force/purge');
  });

  it('adds a site and then a ward to it', async () => {
    const newSite: Site = { id: 's3', name: 'Meadow House' };
    const createWard = vi.fn(async (input: unknown) => ({ id: 'w3', siteId: 's3', siteName: 'Meadow House', name: 'Birch Ward', specialty: 'picu', ...(input as object) }));
    backend({ create_site: async () => newSite, create_ward: createWard });
    const u = userEvent.setup();
    render(TrustSetup);

    const siteForm = await screen.findByRole('form', { name: 'Add a site' });
    await u.type(within(siteForm).getByLabelText('Site name'), '  Meadow House ');
    await u.click(within(siteForm).getByRole('button', { name: 'Save site' }));
    expect(call).toHaveBeenCalledWith('create_site', { name: 'Meadow House' });
    expect(within(siteForm).getByRole('status')).toHaveTextContent('Meadow House was added');
    expect(await screen.findByRole('heading', { level: 3, name: 'Meadow House' })).toBeInTheDocument();

    const wardForm = screen.getByRole('form', { name: 'Add a ward' });
    await u.selectOptions(within(wardForm).getByLabelText('Site'), 'Meadow House');
    await u.type(within(wardForm).getByLabelText('Ward name'), 'Birch Ward');
    await u.selectOptions(within(wardForm).getByLabelText('Specialty'), 'Psychiatric intensive care (PICU)');
    await u.click(within(wardForm).getByRole('button', { name: 'Save ward' }));
    expect(createWard).toHaveBeenCalledWith({ siteId: 's3', name: 'Birch Ward', specialty: 'picu' });
    expect(within(wardForm).getByRole('status')).toHaveTextContent('Birch Ward was added to Meadow House');
    const meadow = await screen.findByRole('table', { name: 'Wards at Meadow House' });
    expect(within(meadow).getByRole('link', { name: 'Add or view areas of Birch Ward' })).toHaveAttribute('href', '#/wards/w3');
  });

  it('asks for what a ward needs without calling the backend', async () => {
    backend();
    const u = userEvent.setup();
    render(TrustSetup);
    const wardForm = await screen.findByRole('form', { name: 'Add a ward' });
    await u.click(within(wardForm).getByRole('button', { name: 'Save ward' }));
    expect(call).not.toHaveBeenCalledWith('create_ward', expect.anything());
    const alert = within(wardForm).getByRole('alert');
    expect(within(alert).getByRole('link', { name: 'Choose the site the ward is on' })).toHaveAttribute('href', '#ward-site');
    expect(within(wardForm).getByLabelText('Ward name')).toHaveAccessibleDescription(/Enter the name of the ward/);
    expect(within(wardForm).getByLabelText('Specialty')).toHaveAccessibleDescription(/Choose the specialty/);
  });

  it('adds a user with two roles: one on a ward, one on every ward', async () => {
    const created: UserInfo = {
      id: 'u9',
      username: 'sam.patel',
      displayName: 'Sam Patel',
      roles: [
        { role: 'ward_manager', wardId: 'w2' },
        { role: 'matron', wardId: null },
      ],
    };
    backend({ create_user: async () => created });
    const u = userEvent.setup();
    render(TrustSetup);
    const form = await screen.findByRole('form', { name: 'Add a user' });
    await fillUser(u, form);

    const first = within(form).getByRole('group', { name: 'Role 1' });
    await u.selectOptions(within(first).getByLabelText('Role'), 'Ward manager');
    await u.selectOptions(within(first).getByLabelText('Ward'), 'Oak Ward');
    await u.click(within(form).getByRole('button', { name: 'Add another role' }));
    const second = within(form).getByRole('group', { name: 'Role 2' });
    expect(within(second).getByLabelText('Role')).toHaveFocus();
    await u.selectOptions(within(second).getByLabelText('Role'), 'Matron');
    expect(within(second).getByLabelText('Ward')).toHaveDisplayValue('Every ward');

    await u.click(within(form).getByRole('button', { name: 'Save user' }));
    expect(call).toHaveBeenCalledWith('create_user', {
      username: 'sam.patel',
      displayName: 'Sam Patel',
      password: 'a-good-password',
      roles: [{ role: 'ward_manager', wardId: 'w2' }, { role: 'matron' }],
    });
    expect(within(form).getByRole('status')).toHaveTextContent('Sam Patel was added. They can now sign in as sam.patel.');
    const row = within(screen.getByRole('table', { name: 'Users (3)' })).getByRole('row', { name: /Sam Patel/ });
    expect(row).toHaveTextContent('Ward manager – Oak Ward (Hillside Unit)');
    expect(row).toHaveTextContent('Matron – every ward');
    // The form is ready for the next person.
    expect(within(form).getByLabelText('Username')).toHaveValue('');
    expect(within(form).queryByRole('group', { name: 'Role 2' })).toBeNull();
  });

  it('removes a role row', async () => {
    backend({ create_user: async (input) => ({ id: 'u9', ...(input as object) }) });
    const u = userEvent.setup();
    render(TrustSetup);
    const form = await screen.findByRole('form', { name: 'Add a user' });
    await fillUser(u, form);
    await u.selectOptions(within(within(form).getByRole('group', { name: 'Role 1' })).getByLabelText('Role'), 'Ward staff');
    await u.click(within(form).getByRole('button', { name: 'Add another role' }));
    await u.selectOptions(within(within(form).getByRole('group', { name: 'Role 2' })).getByLabelText('Role'), 'Matron');
    await u.click(within(form).getByRole('button', { name: 'Remove role 1' }));
    expect(within(form).queryByRole('group', { name: 'Role 2' })).toBeNull();
    expect(within(within(form).getByRole('group', { name: 'Role 1' })).getByLabelText('Role')).toHaveDisplayValue('Matron');
    await u.click(within(form).getByRole('button', { name: 'Save user' }));
    expect(call).toHaveBeenCalledWith('create_user', expect.objectContaining({ roles: [{ role: 'matron' }] }));
  });

  it("shows the backend's username error next to the username", async () => {
    backend({ create_user: () => Promise.reject({ code: 'duplicate', message: "the username 'sam.patel' is taken", field: 'username' }) });
    const u = userEvent.setup();
    render(TrustSetup);
    const form = await screen.findByRole('form', { name: 'Add a user' });
    await fillUser(u, form);
    await u.selectOptions(within(form).getByLabelText('Role'), 'Ward staff');
    await u.click(within(form).getByRole('button', { name: 'Save user' }));

    const alert = await within(form).findByRole('alert');
    expect(within(alert).getByRole('heading', { name: 'There is a problem' })).toBeInTheDocument();
    expect(within(alert).getByRole('link', { name: /is taken/ })).toHaveAttribute('href', '#user-username');
    const username = within(form).getByLabelText('Username');
    expect(username).toHaveAccessibleDescription(/is taken/);
    expect(username).toHaveAttribute('aria-invalid', 'true');
    expect(within(form).getByLabelText('Password')).not.toHaveAccessibleDescription(/is taken/);
    // What was typed is kept to correct.
    expect(username).toHaveValue('sam.patel');
  });

  it("shows an error about a role's ward next to that ward", async () => {
    backend({ create_user: () => Promise.reject({ code: 'not_found', message: 'that ward does not exist', field: 'roles[1].wardId' }) });
    const u = userEvent.setup();
    render(TrustSetup);
    const form = await screen.findByRole('form', { name: 'Add a user' });
    await fillUser(u, form);
    await u.selectOptions(within(form).getByLabelText('Role'), 'Ward staff');
    await u.click(within(form).getByRole('button', { name: 'Add another role' }));
    const second = within(form).getByRole('group', { name: 'Role 2' });
    await u.selectOptions(within(second).getByLabelText('Role'), 'Ward staff');
    await u.selectOptions(within(second).getByLabelText('Ward'), 'Cedar Ward');
    await u.click(within(form).getByRole('button', { name: 'Save user' }));
    expect(await within(form).findByRole('link', { name: 'that ward does not exist' })).toHaveAttribute('href', '#user-role-1-ward');
    expect(within(second).getByLabelText('Ward')).toHaveAccessibleDescription(/does not exist/);
  });

  it('asks for a role for every row without calling the backend', async () => {
    backend();
    const u = userEvent.setup();
    render(TrustSetup);
    const form = await screen.findByRole('form', { name: 'Add a user' });
    await u.click(within(form).getByRole('button', { name: 'Save user' }));
    expect(call).not.toHaveBeenCalledWith('create_user', expect.anything());
    expect(within(form).getByLabelText('Username')).toHaveAccessibleDescription(/Enter a username/);
    expect(within(form).getByLabelText('Password')).toHaveAccessibleDescription(/at least 8 characters/);
    expect(within(form).getByLabelText('Role')).toHaveAccessibleDescription(/Choose a role/);
  });

  it("shows the backend's refusal to someone who is not an administrator", async () => {
    backend({ list_users: () => Promise.reject({ code: 'forbidden', message: 'you may not set up sites, wards, users or templates' }) });
    render(TrustSetup);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('you may not set up sites, wards, users or templates');
    expect(screen.queryByRole('form')).toBeNull();
  });

  it('connects a device that is on its own to the trust\'s server', async () => {
    let connected = false;
    const connect = vi.fn(async () => {
      connected = true;
      return syncStatus({ state: 'syncing', waiting: 40 });
    });
    backend({
      sync_status: async () => (connected ? syncStatus({ state: 'syncing', waiting: 40 }) : syncStatus({ state: 'standalone', serverUrl: null, lastSyncedAt: null })),
      connect_to_server: connect,
    });
    const u = userEvent.setup();
    render(TrustSetup);
    const form = await screen.findByRole('form', { name: "Connect to the trust's server" });
    await u.type(within(form).getByLabelText('Server address'), 'https://wardsafe.example.nhs.uk');
    await u.type(within(form).getByLabelText('Enrolment code'), 'ADMIN-1');
    await u.type(within(form).getByLabelText('Device name'), 'Admin laptop');
    await u.click(within(form).getByRole('button', { name: 'Connect this device' }));
    expect(connect).toHaveBeenCalledWith({ serverUrl: 'https://wardsafe.example.nhs.uk', code: 'ADMIN-1', deviceName: 'Admin laptop' });
    expect(await screen.findByText("This device is connected. Its records are being sent to the trust's server.")).toBeInTheDocument();
    expect(screen.getByRole('form', { name: 'Connect another device' })).toBeInTheDocument();
  });

  it("maps the server's field error to the device name", async () => {
    backend({ connect_to_server: () => Promise.reject({ code: 'validation', message: 'give this device a name of 1 to 100 characters', field: 'deviceName' }) });
    const u = userEvent.setup();
    render(TrustSetup);
    const form = await screen.findByRole('form', { name: "Connect to the trust's server" });
    await u.type(within(form).getByLabelText('Server address'), 'https://wardsafe.example.nhs.uk');
    await u.type(within(form).getByLabelText('Enrolment code'), 'ADMIN-1');
    await u.type(within(form).getByLabelText('Device name'), 'x');
    await u.click(within(form).getByRole('button', { name: 'Connect this device' }));
    expect(await within(form).findByRole('link', { name: /name of 1 to 100/ })).toHaveAttribute('href', '#setup-connect-deviceName');
    expect(within(form).getByLabelText('Device name')).toHaveAccessibleDescription(/name of 1 to 100/);
  });

  it('issues an enrolment code for the wards chosen, and shows it large with its expiry', async () => {
    const issue = vi.fn(async () => ({ code: 'K7QF-2MXD', expiresAt: '2025-07-03T13:05:00Z' }));
    backend({ sync_status: async () => syncStatus({ state: 'up_to_date' }), issue_enrolment_code: issue });
    const u = userEvent.setup();
    render(TrustSetup);
    const form = await screen.findByRole('form', { name: 'Connect another device' });
    expect(screen.queryByRole('form', { name: "Connect to the trust's server" })).toBeNull();
    expect(screen.getByText('https://wardsafe.example.nhs.uk')).toBeInTheDocument();

    const wards = within(form).getByRole('group', { name: 'Which wards will the device be used on?' });
    await u.click(within(wards).getByLabelText('Oak Ward (Hillside Unit)'));
    await u.click(within(wards).getByLabelText('Cedar Ward (Riverside Hospital)'));
    await u.click(within(form).getByRole('button', { name: 'Issue an enrolment code' }));

    expect(issue).toHaveBeenCalledWith({ wardIds: ['w2', 'w1'], allWards: false });
    const code = await within(form).findByText('K7QF-2MXD');
    expect(code).toHaveClass('ws-code');
    expect(within(form).getByText('Enrolment code for Oak Ward, Cedar Ward')).toBeInTheDocument();
    // 13:05 UTC in July is 14:05 in London.
    expect(within(form).getByText('3 Jul 2025, 14:05')).toBeInTheDocument();
    // Ready for the next device.
    expect(within(wards).getByLabelText('Oak Ward (Hillside Unit)')).not.toBeChecked();
  });

  it("issues a code for an administrator's device, for all wards", async () => {
    const issue = vi.fn(async () => ({ code: 'ALL-WARDS-1', expiresAt: '2025-01-14T09:30:00Z' }));
    backend({ sync_status: async () => syncStatus({ state: 'up_to_date' }), issue_enrolment_code: issue });
    const u = userEvent.setup();
    render(TrustSetup);
    const form = await screen.findByRole('form', { name: 'Connect another device' });
    await u.click(within(form).getByLabelText('Cedar Ward (Riverside Hospital)'));
    await u.click(within(form).getByLabelText("All wards (administrator's device)"));
    // All wards takes the place of single wards.
    expect(within(form).getByLabelText('Cedar Ward (Riverside Hospital)')).not.toBeChecked();
    await u.click(within(form).getByRole('button', { name: 'Issue an enrolment code' }));
    expect(issue).toHaveBeenCalledWith({ wardIds: [], allWards: true });
    expect(await within(form).findByText('ALL-WARDS-1')).toBeInTheDocument();
    expect(within(form).getByText('Enrolment code for all wards')).toBeInTheDocument();
  });

  it('asks for at least one ward before issuing a code', async () => {
    backend({ sync_status: async () => syncStatus({ state: 'up_to_date' }) });
    const u = userEvent.setup();
    render(TrustSetup);
    const form = await screen.findByRole('form', { name: 'Connect another device' });
    await u.click(within(form).getByRole('button', { name: 'Issue an enrolment code' }));
    expect(call).not.toHaveBeenCalledWith('issue_enrolment_code', expect.anything());
    const alert = within(form).getByRole('alert');
    expect(within(alert).getByRole('link', { name: /Choose the wards/ })).toHaveAttribute('href', '#issue-wards');
    expect(within(form).getByRole('group', { name: 'Which wards will the device be used on?' })).toHaveAccessibleDescription(/Choose the wards/);
  });
});
