import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ActionView } from '../../generated/bindings';
import { actionView, draftView, wardActions } from '../../test/actions';

const call = vi.fn();
vi.mock('../../lib/backend', async (importOriginal) => ({ ...(await importOriginal<typeof import('../../lib/backend')>()), call: (...a: unknown[]) => call(...a) }));

const { default: DraftActions } = await import('./DraftActions.svelte');

const hinge = draftView({ id: 'd1', title: 'Wardrobe door, top hinge', band: 'extreme', dueDate: '2025-07-08' });
const fittings = draftView({ id: 'd2', title: 'Anti-ligature fittings not intact', band: 'high', source: 'failed_question', pointId: null });
const otherAudit = draftView({ id: 'd3', title: 'From another walk-round', auditId: 'a0' });
const open = actionView({ id: 'o1', title: 'Replace en-suite tap', band: 'moderate', areaName: 'En-suite 1' });

function backend(lists: ActionView[][], step: (input: unknown) => Promise<unknown> = () => Promise.resolve({})) {
  let i = 0;
  call.mockImplementation((command: string, input: unknown) => {
    if (command === 'ward_actions') {
      const drafts = lists[Math.min(i++, lists.length - 1)];
      return Promise.resolve(wardActions({ drafts, open: [open] }));
    }
    if (command === 'action_step') return step(input);
    return Promise.reject({ code: 'unknown_command', message: command });
  });
}

describe('DraftActions', () => {
  beforeEach(() => {
    call.mockReset();
  });

  it("lists this walk-round's drafts with band and due date, not other walk-rounds'", async () => {
    backend([[hinge, fittings, otherAudit]]);
    render(DraftActions, { props: { wardId: 'w1', auditId: 'a1' } });
    const list = await screen.findByRole('list', { name: 'Draft actions from this walk-round' });
    expect(within(list).getAllByRole('listitem')).toHaveLength(2);
    const item = screen.getByRole('region', { name: 'Wardrobe door, top hinge' });
    expect(item).toHaveTextContent('Extreme');
    expect(item).toHaveTextContent('Due 8 Jul 2025');
    expect(item).toHaveTextContent('Bedroom 1');
    expect(screen.queryByText('From another walk-round')).not.toBeInTheDocument();
    expect(call).toHaveBeenCalledWith('ward_actions', { wardId: 'w1' });
  });

  it('confirms a draft, then shows the list without it and says what happened', async () => {
    backend([[hinge, fittings], [fittings]]);
    const u = userEvent.setup();
    render(DraftActions, { props: { wardId: 'w1', auditId: 'a1' } });
    const item = await screen.findByRole('region', { name: 'Wardrobe door, top hinge' });
    await u.click(within(item).getByRole('button', { name: /^Confirm/ }));
    expect(call).toHaveBeenCalledWith('action_step', { actionId: 'd1', step: 'confirm', photoIds: [] });
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Wardrobe door, top hinge' })).not.toBeInTheDocument());
    expect(screen.getByText('Wardrobe door, top hinge: confirmed as an open action.')).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Draft actions' })).toHaveFocus();
  });

  it('asks for a reason before dismissing', async () => {
    backend([[hinge], []]);
    const u = userEvent.setup();
    render(DraftActions, { props: { wardId: 'w1', auditId: 'a1' } });
    const item = await screen.findByRole('region', { name: 'Wardrobe door, top hinge' });
    await u.click(within(item).getByRole('button', { name: /^Dismiss/ }));
    const form = within(item).getByRole('form', { name: 'Dismiss the draft: Wardrobe door, top hinge' });
    await u.click(within(form).getByRole('button', { name: 'Dismiss draft' }));
    expect(within(form).getByRole('alert')).toHaveTextContent('Say why this draft is not an action');
    expect(call).not.toHaveBeenCalledWith('action_step', expect.anything());
    await u.type(within(form).getByLabelText('Why is this not an action?'), 'Already boxed in last week');
    await u.click(within(form).getByRole('button', { name: 'Dismiss draft' }));
    expect(call).toHaveBeenCalledWith('action_step', expect.objectContaining({ actionId: 'd1', step: 'dismiss', reason: 'Already boxed in last week' }));
    expect(await screen.findByText('No draft action from this walk-round is waiting.')).toBeInTheDocument();
  });

  it("merges into one of the ward's other outstanding actions or drafts", async () => {
    backend([[hinge, fittings], [fittings]]);
    const u = userEvent.setup();
    render(DraftActions, { props: { wardId: 'w1', auditId: 'a1' } });
    const item = await screen.findByRole('region', { name: 'Wardrobe door, top hinge' });
    await u.click(within(item).getByRole('button', { name: /^Merge into another action/ }));
    const select = within(item).getByLabelText('Merge into');
    const options = within(select).getAllByRole('option').map((o) => o.textContent);
    expect(options).toEqual(['Choose an action', 'High – Anti-ligature fittings not intact (Bedroom 1) – draft', 'Moderate – Replace en-suite tap (En-suite 1)']);
    await u.selectOptions(select, 'o1');
    await u.click(within(item).getByRole('button', { name: 'Merge draft' }));
    expect(call).toHaveBeenCalledWith('action_step', expect.objectContaining({ actionId: 'd1', step: 'merge', mergeInto: 'o1' }));
    expect(await screen.findByText('Wardrobe door, top hinge: merged into Replace en-suite tap.')).toBeInTheDocument();
  });

  it('shows the backend refusal next to the draft, and offers only the steps available', async () => {
    const readOnly = draftView({ id: 'd4', title: 'Seen by governance', available: [] });
    backend([[hinge, readOnly]], () => Promise.reject({ code: 'forbidden', message: 'your roles do not allow you to raise actions' }));
    const u = userEvent.setup();
    render(DraftActions, { props: { wardId: 'w1', auditId: 'a1' } });
    const item = await screen.findByRole('region', { name: 'Wardrobe door, top hinge' });
    await u.click(within(item).getByRole('button', { name: /^Confirm/ }));
    expect(await within(item).findByRole('alert')).toHaveTextContent('your roles do not allow you to raise actions');
    const other = screen.getByRole('region', { name: 'Seen by governance' });
    expect(within(other).queryByRole('button')).toBeNull();
  });
});
