import { render, screen, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { PurgeableList } from '../generated/bindings';

const call = vi.fn();
vi.mock('../lib/backend', async (importOriginal) => ({ ...(await importOriginal<typeof import('../lib/backend')>()), call: (...a: unknown[]) => call(...a) }));

const { default: UseOfForcePurge } = await import('./UseOfForcePurge.svelte');

const two: PurgeableList = {
  recordedBy: '2023-11-22T10:00:00Z',
  total: 3,
  records: [
    { id: 'f1', wardName: 'Willow Ward', happenedAt: '2023-03-26T01:30:00Z', recordedAt: '2023-03-26T02:00:00Z' },
    { id: 'f2', wardName: 'Oak Ward', happenedAt: '2023-07-01T09:00:00Z', recordedAt: '2023-07-01T10:00:00Z' },
  ],
};

function backend(result: PurgeableList | { code: string; message: string }, ok = true) {
  call.mockImplementation((command: string) => {
    if (command === 'purgeable_use_of_force') return ok ? Promise.resolve(result) : Promise.reject(result);
    return Promise.reject({ code: 'unknown_command', message: command });
  });
}

describe('Use of force records kept 3 years', () => {
  beforeEach(() => {
    call.mockReset();
  });

  it('lists them oldest first with ward and London dates, each linking to its purge', async () => {
    backend(two);
    render(UseOfForcePurge);
    const summary = (await screen.findByText('3 records')).closest('p');
    expect(summary).toHaveTextContent('3 records made on or before 22 Nov 2023 may be purged. The oldest 2 are shown');
    const table = screen.getByRole('table', { name: 'Records that may be purged, oldest first' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveTextContent('Willow Ward');
    expect(rows[0]).toHaveTextContent('26 Mar 2023, 02:30'); // 01:30 UTC, after the clocks went forward at 01:00
    expect(within(rows[0]).getByRole('link', { name: 'Purge the record of Willow Ward on 26 Mar 2023, 02:30' })).toHaveAttribute('href', '#/force/f1');
    expect(call).toHaveBeenCalledWith('purgeable_use_of_force', {});
  });

  it('says when none may be purged yet', async () => {
    backend({ recordedBy: '2023-11-22T10:00:00Z', total: 0, records: [] });
    render(UseOfForcePurge);
    expect(await screen.findByText(/none may be purged/)).toBeInTheDocument();
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('shows a refusal without offering to try again', async () => {
    backend({ code: 'forbidden', message: 'your roles do not allow you to purge use of force records' }, false);
    render(UseOfForcePurge);
    expect(await screen.findByText(/do not allow you to purge/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /try again/i })).toBeNull();
  });
});
