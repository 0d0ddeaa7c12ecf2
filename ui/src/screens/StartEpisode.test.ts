import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { UserInfo, WardOverview } from '../generated/bindings';
import { episodeDetail } from '../test/restrictive';

const call = vi.fn();
vi.mock('../lib/backend', async (importOriginal) => ({ ...(await importOriginal<typeof import('../lib/backend')>()), call: (...a: unknown[]) => call(...a) }));

const { default: StartEpisode } = await import('./StartEpisode.svelte');

const overview: WardOverview = {
  ward: { id: 'w1', siteId: 's1', siteName: 'Riverside', name: 'Cedar Ward', specialty: 'picu' },
  areas: [
    { area: { id: 'ar1', wardId: 'w1', name: 'Bedroom 1', areaType: 'bedroom', tier: '3' }, openPoints: 0, highestBand: null },
    { area: { id: 'ar9', wardId: 'w1', name: 'Seclusion room', areaType: 'seclusion_room', tier: '1' }, openPoints: 0, highestBand: null },
  ],
  openByBand: [],
  openByTier: [],
  audits: [],
};
const nurse: UserInfo = { id: 'u1', username: 'nn', displayName: 'Nia Nurse', roles: [{ role: 'ward_staff', wardId: 'w1' }] };
const governance: UserInfo = { id: 'u3', username: 'g', displayName: 'Priya Shah', roles: [{ role: 'governance' }] };

function backend(commands: Record<string, (input: Record<string, unknown>) => Promise<unknown>> = {}) {
  call.mockImplementation((command: string, input: Record<string, unknown>) => {
    if (commands[command]) return commands[command](input);
    if (command === 'ward_overview') return Promise.resolve(overview);
    return Promise.reject({ code: 'unknown_command', message: command });
  });
}

describe('Start an episode', () => {
  beforeEach(() => {
    call.mockReset();
    location.hash = '';
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-07-01T09:30:00Z'));
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('starts a seclusion in the chosen room, authorised by a nurse, at a time in the past, and opens it', async () => {
    const start = vi.fn(() => Promise.resolve(episodeDetail()));
    backend({ start_seclusion: start });
    const u = userEvent.setup();
    render(StartEpisode, { props: { wardId: 'w1', kind: 'seclusion', user: nurse } });
    expect(await screen.findByRole('heading', { level: 1, name: 'Start seclusion' })).toBeInTheDocument();
    const form = screen.getByRole('form', { name: 'The seclusion' });
    const time = within(form).getByLabelText('Started at');
    expect(time).toHaveValue('2026-07-01T10:30');
    const room = within(form).getByLabelText('Seclusion room');
    expect(within(room).getByRole('group', { name: 'Seclusion rooms' })).toHaveTextContent('Seclusion room');

    await u.type(within(form).getByLabelText("Patient's name"), 'Alex Example');
    await u.type(within(form).getByLabelText('NHS number'), '943 476 5919');
    await u.selectOptions(room, 'Seclusion room');
    await u.type(within(form).getByLabelText('Authorised by'), 'Nia Nurse');
    await u.selectOptions(within(form).getByLabelText('Their role'), 'Registered nurse');
    expect(within(form).queryByRole('group', { name: 'Is the approved clinician a doctor?' })).toBeNull();
    await u.type(within(form).getByLabelText('Reason for seclusion'), 'Assault on a member of staff');
    await u.clear(time);
    await u.type(time, '2026-07-01T10:20');
    await u.click(within(form).getByRole('button', { name: 'Start seclusion' }));
    expect(start).toHaveBeenCalledWith({
      wardId: 'w1',
      roomAreaId: 'ar9',
      patientName: 'Alex Example',
      nhsNumber: '943 476 5919',
      startedAt: '2026-07-01T09:20:00Z',
      authorisedBy: 'registered_nurse',
      authorisedByName: 'Nia Nurse',
      authorisedByDoctor: null,
      reason: 'Assault on a member of staff',
    });
    await vi.waitFor(() => expect(location.hash).toBe('#/episodes/ep1'));
  });

  it('names each missing field first, then shows the NHS number refusal next to its field', async () => {
    const start = vi.fn(() => Promise.reject({ code: 'validation', field: 'nhsNumber', message: 'this is not a valid NHS number: the check digit is wrong' }));
    backend({ start_seclusion: start });
    const u = userEvent.setup();
    render(StartEpisode, { props: { wardId: 'w1', kind: 'seclusion', user: nurse } });
    const form = await screen.findByRole('form', { name: 'The seclusion' });
    await u.click(within(form).getByRole('button', { name: 'Start seclusion' }));
    const alert = within(form).getByRole('alert');
    expect(within(alert).getAllByRole('link').map((a) => a.textContent)).toEqual([
      "Enter the patient's name",
      "Enter the patient's NHS number",
      'Choose the seclusion room',
      'Enter the name of who authorised the seclusion',
      'Choose the role of who authorised the seclusion',
      'Enter the reason for seclusion',
    ]);
    expect(start).not.toHaveBeenCalled();

    await u.type(within(form).getByLabelText("Patient's name"), 'Alex Example');
    await u.type(within(form).getByLabelText('NHS number'), '9434765918');
    await u.selectOptions(within(form).getByLabelText('Seclusion room'), 'Seclusion room');
    await u.type(within(form).getByLabelText('Authorised by'), 'Dr Diaz');
    await u.selectOptions(within(form).getByLabelText('Their role'), 'Approved clinician (including the responsible clinician)');
    await u.type(within(form).getByLabelText('Reason for seclusion'), 'Assault');
    await u.click(within(form).getByRole('button', { name: 'Start seclusion' }));
    expect(within(form).getByRole('link', { name: 'Say whether the approved clinician is a doctor' })).toHaveAttribute('href', '#start-auth-doctor');
    await u.click(within(within(form).getByRole('group', { name: 'Is the approved clinician a doctor?' })).getByRole('radio', { name: 'Yes' }));
    await u.click(within(form).getByRole('button', { name: 'Start seclusion' }));
    expect(start).toHaveBeenCalledWith(expect.objectContaining({ authorisedBy: 'approved_clinician', authorisedByDoctor: true }));
    const link = await within(form).findByRole('link', { name: 'This is not a valid NHS number: the check digit is wrong' });
    expect(link).toHaveAttribute('href', '#start-nhs');
    expect(within(form).getByLabelText('NHS number')).toHaveAccessibleDescription(/the check digit is wrong/);
  });

  it('starts a long-term segregation by an MDT decision, with the care plan, and no nurse may lead it', async () => {
    const start = vi.fn(() => Promise.resolve(episodeDetail({ episode: { episode: { ...episodeDetail().episode.episode, id: 'ep2', kind: 'long_term_segregation' } } })));
    backend({ start_segregation: start });
    const u = userEvent.setup();
    render(StartEpisode, { props: { wardId: 'w1', kind: 'long_term_segregation', user: nurse } });
    expect(await screen.findByRole('heading', { level: 1, name: 'Start long-term segregation' })).toBeInTheDocument();
    const form = screen.getByRole('form', { name: 'The segregation' });
    const roles = within(within(form).getByLabelText('Their role')).getAllByRole('option').map((o) => o.textContent);
    expect(roles).toEqual(['Choose a role', 'Doctor', 'Approved clinician (including the responsible clinician)']);
    await u.type(within(form).getByLabelText("Patient's name"), 'Sam Example');
    await u.type(within(form).getByLabelText('NHS number'), '9434765919');
    await u.type(within(form).getByLabelText('MDT decision led by'), 'Dr Diaz');
    await u.selectOptions(within(form).getByLabelText('Their role'), 'Doctor');
    await u.type(within(form).getByLabelText('Reason for segregation'), 'Persistent risk to others');
    await u.type(within(form).getByLabelText('Care plan to end the segregation (optional)'), 'Graded time on the ward');
    await u.click(within(form).getByRole('button', { name: 'Start segregation' }));
    expect(start).toHaveBeenCalledWith(
      expect.objectContaining({ roomAreaId: null, authorisedBy: 'doctor', authorisedByDoctor: null, carePlan: 'Graded time on the ward', startedAt: '2026-07-01T09:30:00Z' }),
    );
    await vi.waitFor(() => expect(location.hash).toBe('#/episodes/ep2'));
  });

  it('does not offer the form to someone who may not record', async () => {
    backend();
    render(StartEpisode, { props: { wardId: 'w1', kind: 'seclusion', user: governance } });
    expect(await screen.findByText(/Your roles do not allow you/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Start seclusion' })).toBeNull();
  });
});
