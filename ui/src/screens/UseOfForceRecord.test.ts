import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { UserInfo } from '../generated/bindings';
import { forceView } from '../test/force';

const call = vi.fn();
vi.mock('../lib/backend', async (importOriginal) => ({ ...(await importOriginal<typeof import('../lib/backend')>()), call: (...a: unknown[]) => call(...a) }));

const { default: UseOfForceRecord } = await import('./UseOfForceRecord.svelte');

const matron: UserInfo = { id: 'u2', username: 'mm', displayName: 'Mo Matron', roles: [{ role: 'matron', wardId: 'w1' }] };
const admin: UserInfo = { id: 'u9', username: 'admin', displayName: 'Ada Admin', roles: [{ role: 'administrator' }] };
const estates: UserInfo = { id: 'u8', username: 'e', displayName: 'Ed Estates', roles: [{ role: 'estates' }] };

function backend(commands: Record<string, (input: Record<string, unknown>) => Promise<unknown>> = {}) {
  call.mockImplementation((command: string, input: Record<string, unknown>) => {
    if (commands[command]) return commands[command](input);
    if (command === 'get_use_of_force') return Promise.resolve(forceView());
    return Promise.reject({ code: 'unknown_command', message: command });
  });
}

function value(key: RegExp): HTMLElement {
  const k = screen.getByText(key, { selector: 'dt' });
  return k.nextElementSibling as HTMLElement;
}

describe('A use of force record', () => {
  beforeEach(() => {
    call.mockReset();
  });

  it('shows every s6 item with its label, the positions with times, the prone time flagged and the codes', async () => {
    backend();
    render(UseOfForceRecord, { props: { forceId: 'f1', user: matron } });
    expect(await screen.findByRole('heading', { level: 1, name: 'Use of force record' })).toBeInTheDocument();
    expect(call).toHaveBeenCalledWith('get_use_of_force', { id: 'f1' });
    for (const item of 'abcdefghijklmnop') expect(screen.getByText(new RegExp(`^\\(${item}\\) `), { selector: 'dt' })).toBeInTheDocument();
    expect(value(/^\(a\)/)).toHaveTextContent('Assault on a member of staff');
    expect(value(/^\(b\)/)).toHaveTextContent('Lounge');
    expect(value(/^\(b\)/)).toHaveTextContent('4 May 2026, 11:00 to 4 May 2026, 11:20');
    expect(value(/^\(b\)/)).toHaveTextContent('Duration: 20 minutes');
    expect(value(/^\(g\)/)).toHaveTextContent('943 476 5919');
    expect(value(/^\(h\)/)).toHaveTextContent('Sam Support, Healthcare assistant');
    expect(value(/^\(j\)/)).toHaveTextContent('Paranoid schizophrenia');
    expect(value(/^\(k\)/)).toHaveTextContent('Age: 34 years');
    expect(value(/^\(k\)/)).toHaveTextContent('Religion or belief: Declined to say');
    expect(value(/^\(k\)/)).toHaveTextContent('Sexual orientation: Not known');
    expect(value(/^\(l\)/)).toHaveTextContent('Neither');

    const positions = screen.getByRole('table', { name: 'Physical restraint positions, in order' });
    const prone = within(positions).getByRole('row', { name: /Prone \(01\)/ });
    expect(prone).toHaveTextContent('4 May 2026, 11:05');
    expect(prone).toHaveTextContent('4 May 2026, 11:17');
    expect(prone).toHaveTextContent('12 minutes');
    expect(screen.getByText(/^Prone time: 12 minutes — over 10 minutes/)).toBeInTheDocument();
    expect(screen.getAllByText('Prone over 10 minutes')[0]).toHaveClass('nhsuk-tag--red');
    expect(screen.getByText('Lorazepam 2 mg, intramuscular injection, as rapid tranquillisation, at 4 May 2026, 11:10')).toBeInTheDocument();
    expect(screen.getByText('14: Injection (rapid tranquillisation)')).toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: 'Purge this record' })).toBeNull();
  });

  it('links to the seclusion or segregation it was recorded as part of, and shows no such row otherwise', async () => {
    backend({ get_use_of_force: (input) => Promise.resolve(forceView({ record: { id: String(input.id), episodeId: input.id === 'f2' ? 'ep1' : null } })) });
    const { unmount } = render(UseOfForceRecord, { props: { forceId: 'f2', user: matron } });
    expect(await screen.findByRole('heading', { level: 1, name: 'Use of force record' })).toBeInTheDocument();
    const row = value(/^During episode$/);
    expect(within(row).getByRole('link', { name: 'View the seclusion or segregation' })).toHaveAttribute('href', '#/episodes/ep1');
    unmount();

    render(UseOfForceRecord, { props: { forceId: 'f1', user: matron } });
    expect(await screen.findByRole('heading', { level: 1, name: 'Use of force record' })).toBeInTheDocument();
    expect(screen.queryByText('During episode')).toBeNull();
    expect(screen.queryByRole('link', { name: 'View the seclusion or segregation' })).toBeNull();
  });

  it('shows a negligible use of force as such', async () => {
    backend({ get_use_of_force: () => Promise.resolve(forceView({ record: { negligible: true, negligibleReason: 'A guiding hand' } })) });
    render(UseOfForceRecord, { props: { forceId: 'f1', user: matron } });
    expect(await screen.findByText('Negligible')).toBeInTheDocument();
    expect(screen.getByText('A guiding hand')).toBeInTheDocument();
    expect(screen.queryByText(/^\(a\)/)).toBeNull();
  });

  it("lets the administrator purge without seeing the record, and shows the refusal before 3 years", async () => {
    const purge = vi.fn()
      .mockRejectedValueOnce({ code: 'invalid_state', message: 'a use of force record is kept at least 3 years: this one may not be purged before 4 May 2029, 11:30' })
      .mockResolvedValueOnce({ id: 'f1', purgedAt: '2029-05-05T09:00:00Z' });
    backend({ purge_use_of_force: purge });
    const u = userEvent.setup();
    render(UseOfForceRecord, { props: { forceId: 'f1', user: admin } });
    expect(screen.getByRole('heading', { level: 2, name: 'Purge this record' })).toBeInTheDocument();
    expect(call).not.toHaveBeenCalledWith('get_use_of_force', expect.anything());

    await u.click(screen.getByRole('button', { name: 'Purge the record' }));
    expect(await screen.findByRole('link', { name: 'Give the reason for purging the record' })).toBeInTheDocument();
    await u.type(screen.getByLabelText('Reason for purging'), 'Retention period over');
    await u.click(screen.getByRole('button', { name: 'Purge the record' }));
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByRole('heading', { name: 'The record was not purged' })).toBeInTheDocument();
    expect(alert).toHaveTextContent('A use of force record is kept at least 3 years: this one may not be purged before 4 May 2029, 11:30');
    expect(purge).toHaveBeenCalledWith({ id: 'f1', reason: 'Retention period over' });

    await u.click(screen.getByRole('button', { name: 'Purge the record' }));
    expect(await screen.findByRole('status')).toHaveTextContent('The record was purged on 5 May 2029, 10:00.');
    expect(screen.getByRole('link', { name: 'Back to the records kept 3 years' })).toHaveAttribute('href', '#/force/purge');
  });

  it('shows nothing of it to estates', async () => {
    backend();
    render(UseOfForceRecord, { props: { forceId: 'f1', user: estates } });
    expect(screen.getByText('Your roles do not allow you to see use of force records.')).toBeInTheDocument();
    expect(call).not.toHaveBeenCalled();
  });
});
