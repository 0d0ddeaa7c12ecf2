import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConflictView } from '../generated/bindings';
import { syncStatus } from '../test/sync';

const call = vi.fn();
vi.mock('../lib/backend', async (importOriginal) => ({ ...(await importOriginal<typeof import('../lib/backend')>()), call: (...a: unknown[]) => call(...a) }));

const { default: Conflicts } = await import('./Conflicts.svelte');
const { sync } = await import('../lib/sync.svelte');

const statusConflict: ConflictView = {
  id: 'c1',
  wardId: 'w1',
  wardName: 'Cedar Ward',
  kind: 'field',
  entity: 'ligature_point',
  record: 'Ligature point: wardrobe door (door hinge, Bedroom 1)',
  field: 'status',
  fieldLabel: 'Status',
  candidates: [
    { shown: 'open', by: 'Nia Nurse', at: '2025-01-14T09:30:00Z' },
    { shown: 'removed', by: 'Eddie Estates', at: '2025-07-03T13:05:00Z' },
  ],
  createdAt: '2025-07-03T13:10:00Z',
};

const deleteConflict: ConflictView = {
  id: 'c2',
  wardId: 'w2',
  wardName: 'Oak Ward',
  kind: 'delete_edit',
  entity: 'area',
  record: 'Area: Lounge',
  field: null,
  fieldLabel: null,
  candidates: [
    { shown: 'Deleted', by: 'Maya Manager', at: '2025-07-01T08:00:00Z' },
    { shown: 'Name: "Day lounge"', by: 'Ada Admin', at: '2025-07-01T08:05:00Z' },
  ],
  createdAt: '2025-07-01T09:00:00Z',
};

function backend(lists: ConflictView[][], resolve: (input: unknown) => Promise<unknown> = async () => statusConflict) {
  let n = 0;
  call.mockImplementation((command: string, input: unknown) => {
    switch (command) {
      case 'list_conflicts':
        return Promise.resolve(lists[Math.min(n++, lists.length - 1)]);
      case 'resolve_conflict':
        return resolve(input);
      case 'sync_status':
        return Promise.resolve(syncStatus());
      default:
        return Promise.reject({ code: 'unknown_command', message: command });
    }
  });
}

describe('Conflicts', () => {
  beforeEach(() => {
    call.mockReset();
    sync.status = null;
  });

  it('shows the ward, the record, the field and both values side by side with who and when (London time)', async () => {
    backend([[statusConflict]]);
    render(Conflicts);
    const section = await screen.findByRole('region', { name: statusConflict.record });
    expect(within(section).getByText('Cedar Ward')).toBeInTheDocument();
    expect(within(section).getByText('Status')).toBeInTheDocument();

    const values = within(section).getByRole('list', { name: /values of Status/ });
    const [first, second] = within(values).getAllByRole('listitem');
    expect(first).toHaveTextContent('open');
    expect(first).toHaveTextContent('Nia Nurse');
    expect(first).toHaveTextContent('14 Jan 2025, 09:30'); // GMT
    expect(second).toHaveTextContent('removed');
    expect(second).toHaveTextContent('Eddie Estates');
    expect(second).toHaveTextContent('3 Jul 2025, 14:05'); // BST
    expect(within(first).getByRole('button', { name: /^Keep this value/ })).toBeInTheDocument();
    expect(within(second).getByRole('button', { name: /^Keep this value/ })).toBeInTheDocument();
  });

  it('keeps the value chosen by its index, says so, and shows the list again', async () => {
    const resolve = vi.fn(async () => statusConflict);
    backend([[statusConflict, deleteConflict], [deleteConflict]], resolve);
    const u = userEvent.setup();
    render(Conflicts);
    const section = await screen.findByRole('region', { name: statusConflict.record });
    const second = within(section).getAllByRole('listitem')[1];
    await u.click(within(second).getByRole('button', { name: /^Keep this value/ }));

    expect(resolve).toHaveBeenCalledWith({ conflictId: 'c1', choice: 1 });
    expect(await screen.findByText(/Kept “removed” as the status of Ligature point: wardrobe door/)).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: statusConflict.record })).toBeNull();
    expect(screen.getByRole('region', { name: 'Area: Lounge' })).toBeInTheDocument();
    expect(call.mock.calls.filter(([c]) => c === 'list_conflicts')).toHaveLength(2);
  });

  it('offers "Keep it deleted" or "Keep the record" for a delete against an edit', async () => {
    const resolve = vi.fn(async () => deleteConflict);
    backend([[deleteConflict], []], resolve);
    const u = userEvent.setup();
    render(Conflicts);
    const section = await screen.findByRole('region', { name: 'Area: Lounge' });
    expect(within(section).getByText('Deleted on one device and changed on another')).toBeInTheDocument();
    expect(within(section).getByRole('button', { name: /^Keep it deleted/ })).toBeInTheDocument();
    await u.click(within(section).getByRole('button', { name: /^Keep the record/ }));
    expect(resolve).toHaveBeenCalledWith({ conflictId: 'c2', choice: 1 });
    expect(await screen.findByText(/Area: Lounge is kept/)).toBeInTheDocument();
    expect(screen.getByText('There are no conflicts to resolve on your wards.')).toBeInTheDocument();
  });

  it('shows a refusal in the error summary', async () => {
    backend([[statusConflict]], () => Promise.reject({ code: 'forbidden', message: 'your roles do not allow you to record on this ward' }));
    const u = userEvent.setup();
    render(Conflicts);
    const section = await screen.findByRole('region', { name: statusConflict.record });
    await u.click(within(section).getAllByRole('button', { name: /^Keep this value/ })[0]);
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByRole('heading', { name: 'There is a problem' })).toBeInTheDocument();
    expect(alert).toHaveTextContent('your roles do not allow you to record on this ward');
    expect(screen.getByRole('region', { name: statusConflict.record })).toBeInTheDocument();
  });

  it('shows a conflict that arrives from another device without a reload, and keeps the list if loading again fails', async () => {
    backend([[], [statusConflict]]);
    render(Conflicts);
    expect(await screen.findByText('There are no conflicts to resolve on your wards.')).toBeInTheDocument();
    await vi.waitFor(() => expect(sync.status).not.toBeNull());
    expect(call.mock.calls.filter(([c]) => c === 'list_conflicts')).toHaveLength(1);

    // The status says changes from other devices have arrived: the list is loaded again.
    sync.status = syncStatus({ received: 3, openConflicts: 1 });
    expect(await screen.findByRole('region', { name: statusConflict.record })).toBeInTheDocument();
    expect(call.mock.calls.filter(([c]) => c === 'list_conflicts')).toHaveLength(2);

    // Nothing new (or fewer, after a restart): nothing is loaded.
    sync.status = syncStatus({ received: 3, openConflicts: 1 });
    sync.status = syncStatus({ received: 0, openConflicts: 1 });
    await Promise.resolve();
    expect(call.mock.calls.filter(([c]) => c === 'list_conflicts')).toHaveLength(2);

    // Loading again fails: what is shown stays.
    call.mockImplementation((command: string) => (command === 'list_conflicts' ? Promise.reject({ code: 'storage', message: 'disk full' }) : Promise.resolve(syncStatus())));
    sync.status = syncStatus({ received: 5 });
    await vi.waitFor(() => expect(call.mock.calls.filter(([c]) => c === 'list_conflicts')).toHaveLength(3));
    expect(screen.getByRole('region', { name: statusConflict.record })).toBeInTheDocument();
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
