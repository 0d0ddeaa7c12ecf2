import { fireEvent, render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BlanketRestrictionView, UserInfo } from '../generated/bindings';
import { forceOverview } from '../test/force';

const call = vi.fn();
vi.mock('../lib/backend', async (importOriginal) => ({ ...(await importOriginal<typeof import('../lib/backend')>()), call: (...a: unknown[]) => call(...a) }));

const { default: BlanketRestrictions } = await import('./BlanketRestrictions.svelte');

// jsdom has no layout: the error summary's links scroll their field into view.
Element.prototype.scrollIntoView ??= function () {};

const manager: UserInfo = { id: 'u2', username: 'wm', displayName: 'Wyn Manager', roles: [{ role: 'ward_manager', wardId: 'w1' }] };
const nurse: UserInfo = { id: 'u1', username: 'nn', displayName: 'Nia Nurse', roles: [{ role: 'ward_staff', wardId: 'w1' }] };
const governance: UserInfo = { id: 'u3', username: 'g', displayName: 'Priya Shah', roles: [{ role: 'governance' }] };

function row(over: Omit<Partial<BlanketRestrictionView>, 'restriction'> & { restriction?: Partial<BlanketRestrictionView['restriction']> } = {}): BlanketRestrictionView {
  return {
    wardName: 'Cedar Ward',
    recordedByName: 'Wyn Manager',
    inPlace: true,
    reviewOverdue: false,
    daysOverdue: 0,
    reviewedAt: null,
    reviewedByName: null,
    reviewNote: null,
    liftedReason: null,
    ...over,
    restriction: {
      id: 'b1',
      wardId: 'w1',
      restriction: 'Garden locked after 20:00',
      reason: 'Fence repair after an absconsion',
      approvedBy: 'Mo Matron (matron)',
      approvedAt: '2026-03-01T10:00:00Z',
      reviewDate: '2026-04-01',
      liftedOn: null,
      ...over.restriction,
    },
  };
}

const register = [
  row({ reviewOverdue: true, daysOverdue: 33 }),
  row({ restriction: { id: 'b2', restriction: 'Mobile phones kept at the nurses station', reviewDate: '2026-06-01' }, reviewedAt: '2026-04-20T09:00:00Z', reviewedByName: 'Wyn Manager', reviewNote: 'Still needed' }),
  row({ inPlace: false, restriction: { id: 'b3', restriction: 'Kitchen closed', liftedOn: '2026-04-10' }, liftedReason: 'New kettle fitted' }),
];

function backend(commands: Record<string, (input: Record<string, unknown>) => Promise<unknown>> = {}) {
  call.mockImplementation((command: string, input: Record<string, unknown>) => {
    if (commands[command]) return commands[command](input);
    if (command === 'ward_overview') return Promise.resolve(forceOverview);
    if (command === 'blanket_restrictions') return Promise.resolve(register);
    if (command === 'sync_status') return new Promise(() => {});
    return Promise.reject({ code: 'unknown_command', message: command });
  });
}

describe('The blanket restrictions register', () => {
  beforeEach(() => {
    call.mockReset();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-05-04T12:00:00Z'));
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("lists a ward's restrictions in place first, an overdue review in red, then the lifted ones", async () => {
    backend();
    render(BlanketRestrictions, { props: { wardId: 'w1', user: nurse } });
    expect(await screen.findByRole('heading', { level: 1, name: 'Blanket restrictions' })).toBeInTheDocument();
    expect(call).toHaveBeenCalledWith('blanket_restrictions', { wardId: 'w1' });
    expect(screen.getByText('1 review overdue')).toHaveClass('nhsuk-tag--red');
    const inPlace = screen.getByRole('table', { name: 'Blanket restrictions in place, most overdue review first' });
    const garden = within(inPlace).getByRole('row', { name: /Garden locked/ });
    expect(within(garden).getByText('Review overdue by 33 days')).toHaveClass('nhsuk-tag--red');
    expect(garden).toHaveTextContent('Next review by 1 Apr 2026');
    expect(garden).toHaveTextContent('Mo Matron (matron)');
    const phones = within(inPlace).getByRole('row', { name: /Mobile phones/ });
    expect(within(phones).getByText('In place')).toBeInTheDocument();
    expect(phones).toHaveTextContent('Last reviewed 20 Apr 2026 by Wyn Manager: Still needed');
    const lifted = screen.getByRole('table', { name: 'Blanket restrictions lifted' });
    expect(lifted).toHaveTextContent('Lifted on 10 Apr 2026: New kettle fitted');
    expect(screen.queryByRole('button', { name: 'Add a blanket restriction' })).toBeNull();
    expect(screen.queryByRole('button', { name: /Record a review/ })).toBeNull();
  });

  it('lets a ward manager add one, naming what is missing first', async () => {
    const add = vi.fn(() => Promise.resolve(row({ restriction: { id: 'b9', restriction: 'Lighters handed in' } })));
    backend({ add_blanket_restriction: add });
    const u = userEvent.setup();
    render(BlanketRestrictions, { props: { wardId: 'w1', user: manager } });
    await u.click(await screen.findByRole('button', { name: 'Add a blanket restriction' }));
    const form = screen.getByRole('form', { name: 'Add a blanket restriction' });
    expect(within(form).getByLabelText('Approved on')).toHaveValue('2026-05-04');
    await u.click(within(form).getByRole('button', { name: 'Add the restriction' }));
    const links = within(await screen.findByRole('alert')).getAllByRole('link').map((l) => l.textContent);
    expect(links).toEqual(['Describe the restriction', 'Give the reason for the restriction', 'Enter who approved it, with their role', 'Enter the date of its next review']);
    fireEvent.input(within(form).getByLabelText('Restriction'), { target: { value: 'Lighters handed in' } });
    fireEvent.input(within(form).getByLabelText('Reason'), { target: { value: 'Fire setting' } });
    fireEvent.input(within(form).getByLabelText('Approved by'), { target: { value: 'Mo Matron (matron)' } });
    fireEvent.input(within(form).getByLabelText('Review by'), { target: { value: '2026-06-04' } });
    await u.click(within(form).getByRole('button', { name: 'Add the restriction' }));
    expect(add).toHaveBeenCalledWith({ wardId: 'w1', restriction: 'Lighters handed in', reason: 'Fire setting', approvedBy: 'Mo Matron (matron)', approvedOn: '2026-05-04', reviewDate: '2026-06-04' });
    expect(await screen.findByRole('status')).toHaveTextContent('Added: Lighters handed in');
    expect(screen.queryByRole('form', { name: 'Add a blanket restriction' })).toBeNull();
  });

  it('records a review and lifts a restriction, showing the refusal on its field', async () => {
    const review = vi.fn(() => Promise.resolve(row()));
    const lift = vi.fn(() => Promise.reject({ code: 'validation', message: 'it cannot be lifted before it was approved', field: 'liftedOn' }));
    backend({ review_blanket_restriction: review, lift_blanket_restriction: lift });
    const u = userEvent.setup();
    render(BlanketRestrictions, { props: { wardId: 'w1', user: manager } });
    await u.click(await screen.findByRole('button', { name: 'Record a review of Garden locked after 20:00' }));
    const form = screen.getByRole('form', { name: 'Record a review' });
    expect(document.activeElement).toBe(within(form).getByRole('heading', { name: 'Record a review' }));
    fireEvent.input(within(form).getByLabelText('What the review found'), { target: { value: 'Fence still broken' } });
    fireEvent.input(within(form).getByLabelText('Next review by'), { target: { value: '2026-06-01' } });
    await u.click(within(form).getByRole('button', { name: 'Save the review' }));
    expect(review).toHaveBeenCalledWith({ id: 'b1', nextReviewDate: '2026-06-01', note: 'Fence still broken' });
    expect(await screen.findByRole('status')).toHaveTextContent('Review recorded: Garden locked after 20:00');

    await u.click(screen.getByRole('button', { name: 'Lift Mobile phones kept at the nurses station' }));
    const liftForm = screen.getByRole('form', { name: 'Lift the restriction' });
    fireEvent.input(within(liftForm).getByLabelText('Lifted on'), { target: { value: '2026-02-01' } });
    fireEvent.input(within(liftForm).getByLabelText('Why it was lifted'), { target: { value: 'Lockers fitted' } });
    await u.click(within(liftForm).getByRole('button', { name: 'Lift the restriction' }));
    expect(lift).toHaveBeenCalledWith({ id: 'b2', liftedOn: '2026-02-01', reason: 'Lockers fitted' });
    expect(await within(liftForm).findByRole('link', { name: 'It cannot be lifted before it was approved' })).toHaveAttribute('href', '#blanket-lifted-on');
    expect(within(liftForm).getByLabelText('Lifted on')).toHaveAttribute('aria-invalid', 'true');
  });

  it('shows every ward I may see, with the ward named, read-only for governance', async () => {
    backend();
    render(BlanketRestrictions, { props: { wardId: null, user: governance } });
    expect(await screen.findByRole('heading', { level: 1, name: 'Blanket restrictions' })).toBeInTheDocument();
    expect(call).toHaveBeenCalledWith('blanket_restrictions', { wardId: null });
    expect(call).not.toHaveBeenCalledWith('ward_overview', expect.anything());
    const inPlace = screen.getByRole('table', { name: 'Blanket restrictions in place, most overdue review first' });
    expect(within(inPlace).getAllByRole('link', { name: 'Cedar Ward' })[0]).toHaveAttribute('href', '#/wards/w1/blanket');
    expect(screen.queryByRole('button', { name: /Record a review|Lift|Add/ })).toBeNull();
  });
});
