import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ActionView, UserInfo } from '../generated/bindings';
import { actionDetail, actionView } from '../test/actions';
import { referenceData } from '../test/fixtures';

const call = vi.fn();
vi.mock('../lib/backend', async (importOriginal) => ({ ...(await importOriginal<typeof import('../lib/backend')>()), call: (...a: unknown[]) => call(...a) }));

const { default: ActionDetail } = await import('./ActionDetail.svelte');

const manager: UserInfo = { id: 'u1', username: 'm', displayName: 'Sam Patel', roles: [{ role: 'ward_manager', wardId: 'w1' }] };
const estates: UserInfo = { id: 'u3', username: 'e', displayName: 'Chris Dunn', roles: [{ role: 'estates' }] };
const chris: UserInfo = { ...estates };

type Handler = (input: Record<string, unknown>) => unknown;

function backend(action: ActionView, handlers: Record<string, Handler> = {}) {
  let current = action;
  call.mockImplementation((command: string, input: Record<string, unknown>) => {
    if (command === 'get_action') return Promise.resolve(actionDetail(current, [{ id: 'e1', kind: 'raised', toStatus: 'open', at: '2025-07-01T09:30:00Z', byName: 'Sam Patel', photoIds: [] }]));
    if (command === 'reference_data') return Promise.resolve(referenceData());
    if (command === 'sync_status') return new Promise(() => {});
    const h = handlers[command];
    if (!h) return Promise.reject({ code: 'unknown_command', message: command });
    try {
      const out = h(input);
      if (out && typeof out === 'object' && 'id' in out && 'available' in out) current = out as ActionView;
      return Promise.resolve(out);
    } catch (e) {
      return Promise.reject(e);
    }
  });
}

describe('ActionDetail', () => {
  beforeEach(() => {
    call.mockReset();
  });

  it('shows what the action is, its flags, and exactly the steps available', async () => {
    backend(actionView({ id: 'x1', title: 'Replace curtain rail', band: 'extreme', overdue: true, dueDate: '2025-07-08', vigilanceOnlyFlag: true, available: ['assign'] }));
    render(ActionDetail, { props: { actionId: 'x1', user: manager } });
    expect(await screen.findByRole('heading', { level: 1, name: 'Replace curtain rail' })).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: /Staff vigilance is the only control/ })).toBeInTheDocument();
    const due = screen.getByText('Due', { selector: 'dt' }).closest('div')!;
    expect(due).toHaveTextContent('8 Jul 2025 Overdue');
    const buttons = within(screen.getByRole('heading', { name: 'What to do next' }).nextElementSibling as HTMLElement).getAllByRole('button');
    expect(buttons.map((b) => b.textContent?.trim())).toEqual(['Assign']);
    expect(screen.getByRole('list', { name: 'Timeline, oldest first' })).toHaveTextContent('Raised');
    expect(screen.getByRole('list', { name: 'Timeline, oldest first' })).toHaveTextContent('by Sam Patel');
  });

  it('assigns to someone from assignable_users', async () => {
    const a = actionView({ id: 'x1', available: ['assign'] });
    backend(a, {
      assignable_users: () => [chris],
      action_step: (input) => ({ ...a, status: 'assigned', assigneeId: input.assigneeId, assigneeName: 'Chris Dunn', available: ['assign'] }),
    });
    const u = userEvent.setup();
    render(ActionDetail, { props: { actionId: 'x1', user: manager } });
    await u.click(await screen.findByRole('button', { name: 'Assign' }));
    const form = screen.getByRole('form', { name: /^Assign:/ });
    await u.click(within(form).getByRole('button', { name: 'Assign' }));
    expect(within(form).getByRole('alert')).toHaveTextContent('Choose who will do the work');
    await u.selectOptions(await within(form).findByLabelText('Assign to'), 'Chris Dunn');
    await u.click(within(form).getByRole('button', { name: 'Assign' }));
    expect(call).toHaveBeenCalledWith('assignable_users', { wardId: 'w1' });
    expect(call).toHaveBeenCalledWith('action_step', { actionId: 'x1', step: 'assign', assigneeId: 'u3', photoIds: [] });
    expect(await screen.findByText('Assigned to Chris Dunn.')).toBeInTheDocument();
  });

  it('completes with a note and a photo, and says which is missing', async () => {
    const a = actionView({ id: 'x1', status: 'in_progress', available: ['complete'] });
    backend(a, {
      upload_photo: () => ({ id: 'ph1', size: 68, sha256: 'abc' }),
      action_step: () => ({ ...a, status: 'completed', available: [] }),
    });
    const u = userEvent.setup();
    render(ActionDetail, { props: { actionId: 'x1', user: estates } });
    await u.click(await screen.findByRole('button', { name: 'Complete' }));
    const form = screen.getByRole('form', { name: /^Complete:/ });
    await u.click(within(form).getByRole('button', { name: 'Complete the action' }));
    const summary = within(form).getByRole('alert');
    expect(summary).toHaveTextContent('Say what was done');
    expect(summary).toHaveTextContent('Add a photo of the finished work');
    await u.type(within(form).getByLabelText('What was done'), 'Rail replaced with a collapsible one');
    const png = new File([new Uint8Array([137, 80, 78, 71])], 'rail.png', { type: 'image/png' });
    await u.upload(within(form).getByLabelText(/Photo of the finished work/), png);
    await within(form).findByText(/rail\.png/);
    await u.click(within(form).getByRole('button', { name: 'Complete the action' }));
    expect(call).toHaveBeenCalledWith('action_step', { actionId: 'x1', step: 'complete', note: 'Rail replaced with a collapsible one', photoIds: ['ph1'] });
    expect(await screen.findByText(/^Completed: it now waits/)).toBeInTheDocument();
  });

  it("verifies a point's fix with its status and residual score", async () => {
    const a = actionView({ id: 'x1', status: 'completed', pointId: 'p1', available: ['verify', 'reject'] });
    backend(a, { action_step: () => ({ ...a, status: 'verified', available: [] }) });
    const u = userEvent.setup();
    render(ActionDetail, { props: { actionId: 'x1', user: manager } });
    await u.click(await screen.findByRole('button', { name: 'Verify' }));
    const form = screen.getByRole('form', { name: /^Verify:/ });
    await u.click(within(form).getByRole('radio', { name: 'Mitigated' }));
    await u.click(within(form).getByRole('button', { name: 'Verify the work' }));
    expect(within(form).getByRole('alert')).toHaveTextContent('Choose the residual likelihood');
    await u.selectOptions(within(form).getByLabelText('Residual likelihood'), '2');
    await u.selectOptions(within(form).getByLabelText('Residual consequence'), '3');
    expect(within(form).getByRole('status', { name: 'Residual score' })).toHaveTextContent('6 Moderate');
    await u.click(within(form).getByRole('button', { name: 'Verify the work' }));
    expect(call).toHaveBeenCalledWith('action_step', {
      actionId: 'x1',
      step: 'verify',
      photoIds: [],
      pointStatus: 'mitigated',
      residualLikelihood: 2,
      residualConsequence: 3,
    });
  });

  it('rejects with a reason, and shows the refusal of the backend', async () => {
    const a = actionView({ id: 'x1', status: 'completed', available: ['verify', 'reject'] });
    backend(a, {
      action_step: () => {
        throw { code: 'forbidden', message: 'You completed this action, so someone else must verify it.' };
      },
    });
    const u = userEvent.setup();
    render(ActionDetail, { props: { actionId: 'x1', user: manager } });
    await u.click(await screen.findByRole('button', { name: 'Reject' }));
    const form = screen.getByRole('form', { name: /^Reject the work:/ });
    await u.type(within(form).getByLabelText('Why is the work not accepted?'), 'Rail still fixed');
    await u.click(within(form).getByRole('button', { name: 'Reject the work' }));
    expect(call).toHaveBeenCalledWith('action_step', { actionId: 'x1', step: 'reject', reason: 'Rail still fixed', photoIds: [] });
    expect(await within(form).findByRole('alert')).toHaveTextContent('someone else must verify it');
  });

  it('changes the due date only with a reason, and sets the capital-project reference', async () => {
    const a = actionView({ id: 'x1', dueDate: '2025-08-01', available: [] });
    backend(a, { edit_action: (input) => ({ ...a, dueDate: (input.dueDate as string) ?? a.dueDate, capitalRef: (input.capitalRef as string) ?? a.capitalRef }) });
    const u = userEvent.setup();
    render(ActionDetail, { props: { actionId: 'x1', user: manager } });
    await u.click(await screen.findByRole('button', { name: 'Change due date' }));
    const form = screen.getByRole('form', { name: 'Change the due date' });
    const date = within(form).getByLabelText('New due date');
    await u.clear(date);
    await u.type(date, '2025-09-15');
    await u.click(within(form).getByRole('button', { name: 'Save due date' }));
    expect(within(form).getByRole('alert')).toHaveTextContent('Give the reason for changing the due date');
    await u.type(within(form).getByLabelText('Reason for the change'), 'Part on order');
    await u.click(within(form).getByRole('button', { name: 'Save due date' }));
    expect(call).toHaveBeenCalledWith('edit_action', { actionId: 'x1', dueDate: '2025-09-15', reason: 'Part on order' });
    expect(await screen.findByText('The due date is now 15 Sept 2025.')).toBeInTheDocument();

    await u.click(screen.getByRole('button', { name: 'Add capital-project reference' }));
    const cap = screen.getByRole('form', { name: 'Capital-project reference' });
    await u.type(within(cap).getByLabelText('Capital-project reference'), 'CP-2025-014');
    await u.click(within(cap).getByRole('button', { name: 'Save reference' }));
    expect(call).toHaveBeenCalledWith('edit_action', { actionId: 'x1', capitalRef: 'CP-2025-014' });
  });

  it('adds and ends interim controls', async () => {
    const control = { id: 'c1', kind: 'staff_vigilance' as const, detail: '', startedAt: '2025-07-01T10:00:00Z', reviewDate: '2025-07-03', endedAt: null, reviewOverdue: true };
    const a = actionView({ id: 'x1', interimControls: [control], available: [] });
    backend(a, {
      add_interim_control: (input) => ({ ...a, interimControls: [control, { ...control, id: 'c2', kind: input.kind, reviewOverdue: false }] }),
      end_interim_control: () => ({ ...a, interimControls: [{ ...control, endedAt: '2025-07-04T10:00:00Z' }] }),
    });
    const u = userEvent.setup();
    render(ActionDetail, { props: { actionId: 'x1', user: manager } });
    const table = await screen.findByRole('table', { name: 'Interim controls' });
    expect(within(table).getByRole('row', { name: /Staff vigilance/ })).toHaveTextContent('Review due');
    await u.click(screen.getByRole('button', { name: 'Add an interim control' }));
    const form = screen.getByRole('form', { name: 'Add an interim control' });
    await u.selectOptions(within(form).getByLabelText('Kind of control'), 'Room closed');
    await u.type(within(form).getByLabelText('Review date'), '2025-07-10');
    await u.click(within(form).getByRole('button', { name: 'Save control' }));
    expect(call).toHaveBeenCalledWith('add_interim_control', { actionId: 'x1', kind: 'room_closed', detail: '', reviewDate: '2025-07-10' });
    await u.click(await screen.findByRole('button', { name: 'End control: Staff vigilance' }));
    expect(call).toHaveBeenCalledWith('end_interim_control', { controlId: 'c1' });
    await waitFor(() => expect(screen.getByText('The interim control was ended.')).toBeInTheDocument());
  });

  it('names the action a merged draft went into, and links to it', async () => {
    const merged = actionView({ id: 'x1', title: 'Bedroom 2: wardrobe hinge', status: 'merged', mergedInto: 'x2', available: [] });
    const survivor = actionView({ id: 'x2', title: 'Bedroom 1: wardrobe hinge', status: 'open', available: [] });
    call.mockImplementation((command: string, input: Record<string, unknown>) => {
      if (command === 'get_action') {
        const a = input.actionId === 'x2' ? survivor : merged;
        return Promise.resolve(actionDetail(a, [{ id: 'e1', kind: 'merge', fromStatus: 'draft', toStatus: 'merged', at: '2025-07-01T09:30:00Z', byName: 'Sam Patel', photoIds: [] }]));
      }
      if (command === 'sync_status') return new Promise(() => {});
      return Promise.reject({ code: 'unknown_command', message: command });
    });
    render(ActionDetail, { props: { actionId: 'x1', user: manager } });
    const link = await screen.findByRole('link', { name: 'Bedroom 1: wardrobe hinge' });
    expect(link).toHaveAttribute('href', '#/actions/x2');
    expect(screen.getByText('Status', { selector: 'dt' }).closest('div')).toHaveTextContent('Merged into Bedroom 1: wardrobe hinge');
    expect(call).toHaveBeenCalledWith('get_action', { actionId: 'x2' });
    expect(screen.getByRole('list', { name: 'Timeline, oldest first' })).toHaveTextContent('Merged (Draft → Merged)');
  });

  it('still links to the action a draft was merged into when its title cannot be read', async () => {
    const merged = actionView({ id: 'x1', status: 'merged', mergedInto: 'x2', available: [] });
    call.mockImplementation((command: string, input: Record<string, unknown>) => {
      if (command === 'get_action' && input.actionId === 'x1') return Promise.resolve(actionDetail(merged, []));
      if (command === 'sync_status') return new Promise(() => {});
      return Promise.reject({ code: 'forbidden', message: 'not allowed' });
    });
    render(ActionDetail, { props: { actionId: 'x1', user: manager } });
    expect(await screen.findByRole('link', { name: 'See the action it was merged into' })).toHaveAttribute('href', '#/actions/x2');
  });

  it('offers no change to a closed action', async () => {
    backend(actionView({ id: 'x1', status: 'verified', available: [] }));
    render(ActionDetail, { props: { actionId: 'x1', user: manager } });
    await screen.findByRole('heading', { level: 1 });
    expect(screen.queryByRole('heading', { name: 'What to do next' })).toBeNull();
    expect(screen.queryByRole('button', { name: /Change due date|interim control/ })).toBeNull();
  });

  it('moves the keyboard into a form when it opens, and back to its button on Cancel', async () => {
    backend(actionView({ id: 'x1', status: 'completed', available: ['verify', 'reject'] }));
    const u = userEvent.setup();
    render(ActionDetail, { props: { actionId: 'x1', user: manager } });
    await u.click(await screen.findByRole('button', { name: 'Reject' }));
    expect(screen.getByLabelText('Why is the work not accepted?')).toHaveFocus();
    await u.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.getByRole('button', { name: 'Reject' })).toHaveFocus();
  });

  it('edits what the action says, sending only what changed', async () => {
    const a = actionView({ id: 'x1', title: 'Fix the door', band: 'high', status: 'draft', available: ['confirm', 'dismiss'] });
    backend(a, { edit_action: (input) => ({ ...a, title: input.title as string, band: 'extreme' }) });
    const u = userEvent.setup();
    render(ActionDetail, { props: { actionId: 'x1', user: manager } });
    await u.click(await screen.findByRole('button', { name: 'Edit the action' }));
    const form = screen.getByRole('form', { name: 'Edit the action' });
    const title = within(form).getByLabelText('What needs doing');
    expect(title).toHaveFocus();
    await u.clear(title);
    await u.type(title, 'Replace the door closer');
    await u.selectOptions(within(form).getByLabelText('Risk band'), 'Extreme');
    await u.click(within(form).getByRole('button', { name: 'Save changes' }));
    expect(call).toHaveBeenCalledWith('edit_action', { actionId: 'x1', title: 'Replace the door closer', band: 'extreme' });
    expect(await screen.findByRole('heading', { level: 1, name: 'Replace the door closer' })).toBeInTheDocument();
  });
});
