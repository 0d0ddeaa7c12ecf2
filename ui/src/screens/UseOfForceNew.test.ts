import { fireEvent, render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { UserInfo } from '../generated/bindings';
import { forceOverview, forceView } from '../test/force';
import { episodeDetail } from '../test/restrictive';

const call = vi.fn();
vi.mock('../lib/backend', async (importOriginal) => ({ ...(await importOriginal<typeof import('../lib/backend')>()), call: (...a: unknown[]) => call(...a) }));

const { default: UseOfForceNew } = await import('./UseOfForceNew.svelte');

const nurse: UserInfo = { id: 'u1', username: 'nn', displayName: 'Nia Nurse', roles: [{ role: 'ward_staff', wardId: 'w1' }] };
const governance: UserInfo = { id: 'u3', username: 'g', displayName: 'Priya Shah', roles: [{ role: 'governance' }] };

function backend(commands: Record<string, (input: Record<string, unknown>) => Promise<unknown>> = {}) {
  call.mockImplementation((command: string, input: Record<string, unknown>) => {
    if (commands[command]) return commands[command](input);
    if (command === 'ward_overview') return Promise.resolve(forceOverview);
    return Promise.reject({ code: 'unknown_command', message: command });
  });
}

// jsdom has no layout: the error summary's links scroll their field into view.
Element.prototype.scrollIntoView ??= function () {};

const fill = (el: HTMLElement, value: string) => fireEvent.input(el, { target: { value } });
const group = (name: string | RegExp) => screen.getByRole('group', { name });

async function form() {
  render(UseOfForceNew, { props: { wardId: 'w1', user: nurse } });
  expect(await screen.findByRole('heading', { level: 1, name: 'Record a use of force' })).toBeInTheDocument();
  return screen.getByRole('form', { name: 'Use of force record' });
}

describe('Record a use of force', () => {
  beforeEach(() => {
    call.mockReset();
    location.hash = '';
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-05-04T12:00:00Z'));
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('groups the form under headings and names every missing item in order, each linked to its field', async () => {
    backend();
    const u = userEvent.setup();
    await form();
    for (const h of ['What happened', 'Restraint', 'The patient', 'Staff and others involved', 'Outcome']) expect(screen.getByRole('heading', { level: 2, name: h })).toBeInTheDocument();
    await u.click(screen.getByRole('button', { name: 'Save the use of force record' }));
    const alert = await screen.findByRole('alert');
    const links = within(alert).getAllByRole('link');
    expect(links[0]).toHaveTextContent('Enter the reason force was used');
    expect(links.map((l) => l.textContent)).toContain('Enter the job title of member of staff 1');
    expect(links[links.length - 1]).toHaveTextContent("Say whether the people in the patient's care plan were notified");
    await u.click(within(alert).getByRole('link', { name: 'Enter the job title of member of staff 1' }));
    expect(document.activeElement).toBe(within(group('Member of staff 1')).getByLabelText('Job title'));
    expect(call).not.toHaveBeenCalledWith('record_use_of_force', expect.anything());
  });

  it('records a negligible use of force with only why', async () => {
    const record = vi.fn(() => Promise.resolve(forceView({ record: { id: 'f9', negligible: true } })));
    backend({ record_use_of_force: record });
    const u = userEvent.setup();
    await form();
    await u.click(screen.getByLabelText('The force used was negligible'));
    expect(screen.queryByRole('heading', { name: 'What happened' })).toBeNull();
    await u.click(screen.getByRole('button', { name: 'Save the use of force record' }));
    expect(await screen.findByRole('link', { name: 'Say why the force was negligible' })).toBeInTheDocument();
    fill(screen.getByLabelText('Why the force was negligible'), 'A guiding hand to the lounge');
    await u.click(screen.getByRole('button', { name: 'Save the use of force record' }));
    expect(record).toHaveBeenCalledWith({ wardId: 'w1', negligible: true, negligibleReason: 'A guiding hand to the lounge', forceTypes: [], staff: [], positions: [], chemical: [], mechanical: [] });
    expect(record.mock.calls[0]).not.toHaveProperty('0.episodeId');
    expect(call).not.toHaveBeenCalledWith('get_episode', expect.anything());
    expect(screen.queryByText(/recorded as part of/)).toBeNull();
    await vi.waitFor(() => expect(location.hash).toBe('#/force/f9'));
  });

  it('opened from a seclusion, says so with the way back, sends the episode, and shows its refusal there', async () => {
    const record = vi.fn()
      .mockRejectedValueOnce({ code: 'validation', message: 'the episode has been purged', field: 'episodeId' })
      .mockResolvedValueOnce(forceView({ record: { id: 'f9', negligible: true, episodeId: 'ep1' } }));
    backend({ get_episode: () => Promise.resolve(episodeDetail()), record_use_of_force: record });
    const u = userEvent.setup();
    render(UseOfForceNew, { props: { wardId: 'w1', episodeId: 'ep1', user: nurse } });
    const form = await screen.findByRole('form', { name: 'Use of force record' });
    expect(call).toHaveBeenCalledWith('get_episode', { episodeId: 'ep1' });
    expect(within(form).getByText('This use of force is recorded as part of the seclusion of Alex Example that started 12 Jan 2026, 10:00.')).toBeInTheDocument();
    expect(within(form).getByRole('link', { name: 'Go back to the seclusion' })).toHaveAttribute('href', '#/episodes/ep1');
    // s6 (e) and (g) come from the episode, to be checked rather than typed again.
    expect(screen.getByLabelText("(e) The patient's name")).toHaveValue('Alex Example');
    expect(screen.getByLabelText("(g) The patient's NHS number", { exact: false })).toHaveValue('9434765919');

    await u.click(screen.getByLabelText('The force used was negligible'));
    fill(screen.getByLabelText('Why the force was negligible'), 'A guiding hand into the seclusion room');
    await u.click(screen.getByRole('button', { name: 'Save the use of force record' }));
    expect(record).toHaveBeenLastCalledWith(expect.objectContaining({ wardId: 'w1', episodeId: 'ep1', negligible: true }));
    const alert = await screen.findByRole('alert');
    await u.click(within(alert).getByRole('link', { name: 'The episode has been purged' }));
    expect(document.activeElement).toHaveTextContent('This use of force is recorded as part of the seclusion');
    expect(document.activeElement).toHaveTextContent('Error: The episode has been purged');

    await u.click(screen.getByRole('button', { name: 'Save the use of force record' }));
    expect(record).toHaveBeenCalledTimes(2);
    expect(record.mock.calls[1][0]).toMatchObject({ episodeId: 'ep1' });
    await vi.waitFor(() => expect(location.hash).toBe('#/force/f9'));
  });

  it('names a long-term segregation as such, and refuses an episode on another ward', async () => {
    const base = episodeDetail().episode;
    const segregation = episodeDetail({ episode: { episode: { ...base.episode, kind: 'long_term_segregation', roomAreaId: null } } });
    backend({ get_episode: () => Promise.resolve(segregation) });
    const { unmount } = render(UseOfForceNew, { props: { wardId: 'w1', episodeId: 'ep1', user: nurse } });
    expect(await screen.findByText(/^This use of force is recorded as part of the long-term segregation of Alex Example that started 12 Jan 2026, 10:00\.$/)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Go back to the long-term segregation' })).toHaveAttribute('href', '#/episodes/ep1');
    unmount();

    const elsewhere = episodeDetail({ episode: { episode: { ...base.episode, wardId: 'w2' }, wardName: 'Birch Ward' } });
    backend({ get_episode: () => Promise.resolve(elsewhere) });
    render(UseOfForceNew, { props: { wardId: 'w1', episodeId: 'ep1', user: nurse } });
    expect(await screen.findByRole('alert')).toHaveTextContent('That seclusion or segregation is on Birch Ward, not this ward.');
    expect(screen.queryByRole('form')).toBeNull();
  });

  it('works out the prone time as positions are entered, sends the record, and shows a refusal on the row it names', async () => {
    const record = vi.fn()
      .mockRejectedValueOnce({ code: 'validation', message: '11:35 is outside the use of force\'s start and end', field: 'positions[1].at' })
      .mockResolvedValueOnce(forceView());
    backend({ record_use_of_force: record });
    const u = userEvent.setup();
    await form();
    fill(screen.getByLabelText('(a) The reason force was used'), 'Assault on a member of staff');
    fill(screen.getByLabelText('(b) Where it happened'), 'Lounge');
    fill(screen.getByLabelText('(b) Started at'), '2026-05-04T11:00');
    fill(screen.getByLabelText('(b) Ended at'), '2026-05-04T11:20');
    await u.click(screen.getByLabelText('Physical restraint'));
    await u.click(within(group(/^\(d\)/)).getByLabelText('Yes'));
    fill(screen.getByLabelText('(f) How force was used'), 'Held on the floor');
    fill(screen.getByLabelText('(o) Efforts made to avoid the use of force'), 'Talked down');

    await u.click(screen.getByRole('button', { name: 'Add a position' }));
    const first = group('Position 1');
    expect(within(first).getByLabelText('From')).toHaveValue('2026-05-04T11:00');
    await u.selectOptions(within(first).getByLabelText('Position'), 'Standing (07)');
    await u.click(screen.getByRole('button', { name: 'Add a position' }));
    await u.selectOptions(within(group('Position 2')).getByLabelText('Position'), 'Prone (01)');
    fill(within(group('Position 2')).getByLabelText('From'), '2026-05-04T11:05');
    expect(screen.getByText(/^Prone time: 15 minutes — over 10 minutes/)).toBeInTheDocument();
    await u.click(screen.getByRole('button', { name: 'Add a position' }));
    await u.selectOptions(within(group('Position 3')).getByLabelText('Position'), 'Supine (09)');
    fill(within(group('Position 3')).getByLabelText('From'), '2026-05-04T11:13');
    expect(screen.getByText(/^Prone time: 8 minutes$/)).toBeInTheDocument();
    await u.click(screen.getByRole('button', { name: 'Remove position 3' }));
    expect(screen.getByText(/^Prone time: 15 minutes — over 10 minutes/)).toBeInTheDocument();

    fill(screen.getByLabelText("(e) The patient's name"), 'Alex Example');
    fill(screen.getByLabelText("(g) The patient's NHS number"), '943 476 5919');
    await u.click(within(group(/^\(j\)/)).getByLabelText('Known'));
    fill(screen.getByLabelText('Mental disorder'), 'Paranoid schizophrenia');
    fill(screen.getByLabelText('Age in years'), '34');
    for (const name of ['Sex', 'Gender reassignment', 'Ethnic group (race)', 'Religion or belief', 'Sexual orientation', 'Disability', 'Marriage or civil partnership', 'Pregnancy or maternity'])
      await u.selectOptions(screen.getByLabelText(name), 'Not known');
    await u.selectOptions(screen.getByLabelText('Religion or belief'), 'Declined to say');
    await u.click(within(group(/^\(l\)/)).getByLabelText('Neither'));
    fill(within(group('Member of staff 1')).getByLabelText('Name'), 'Nia Nurse');
    fill(within(group('Member of staff 1')).getByLabelText('Job title'), 'Staff nurse');
    await u.click(screen.getByRole('button', { name: 'Add another member of staff' }));
    expect(document.activeElement).toBe(within(group('Member of staff 2')).getByLabelText('Name'));
    fill(within(group('Member of staff 2')).getByLabelText('Name'), 'Sam Support');
    fill(within(group('Member of staff 2')).getByLabelText('Job title'), 'Healthcare assistant');
    await u.click(within(group(/^\(i\) Was anyone/)).getByLabelText('No'));
    fill(screen.getByLabelText('(m) The outcome of the use of force'), 'Calmed');
    await u.click(within(group(/^\(n\)/)).getByLabelText('No'));
    await u.click(within(group(/^\(p\)/)).getByLabelText('Yes'));

    await u.click(screen.getByRole('button', { name: 'Save the use of force record' }));
    expect(record).toHaveBeenCalledTimes(1);
    const sent = record.mock.calls[0][0];
    expect(sent).toMatchObject({
      wardId: 'w1',
      negligible: false,
      startedAt: '2026-05-04T10:00:00Z',
      endedAt: '2026-05-04T10:20:00Z',
      forceTypes: ['physical'],
      inCarePlan: true,
      nhsNumber: '943 476 5919',
      mentalDisorder: { known: 'Paranoid schizophrenia' },
      learningDisabilityOrAutism: 'neither',
      staff: [
        { name: 'Nia Nurse', jobTitle: 'Staff nurse' },
        { name: 'Sam Support', jobTitle: 'Healthcare assistant' },
      ],
      positions: [
        { code: '07', at: '2026-05-04T10:00:00Z' },
        { code: '01', at: '2026-05-04T10:05:00Z' },
      ],
    });
    expect(sent.protectedCharacteristics).toMatchObject({ ageYears: 34, sex: null, religionOrBelief: 'declined' });

    const alert = await screen.findByRole('alert');
    await u.click(within(alert).getByRole('link', { name: "11:35 is outside the use of force's start and end" }));
    const time = within(group('Position 2')).getByLabelText('From');
    expect(document.activeElement).toBe(time);
    expect(time).toHaveAttribute('aria-invalid', 'true');

    await u.click(screen.getByRole('button', { name: 'Save the use of force record' }));
    await vi.waitFor(() => expect(location.hash).toBe('#/force/f1'));
  }, 30_000);

  it('offers nothing to record to governance', async () => {
    backend();
    render(UseOfForceNew, { props: { wardId: 'w1', user: governance } });
    expect(await screen.findByText('Your roles do not allow you to record a use of force on this ward.')).toBeInTheDocument();
    expect(screen.queryByRole('form')).toBeNull();
  });
});
