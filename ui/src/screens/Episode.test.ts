import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EpisodeDetail, UserInfo } from '../generated/bindings';
import { episodeDetail, requirement } from '../test/restrictive';

const call = vi.fn();
vi.mock('../lib/backend', async (importOriginal) => ({ ...(await importOriginal<typeof import('../lib/backend')>()), call: (...a: unknown[]) => call(...a) }));

const { default: Episode } = await import('./Episode.svelte');
const { clock } = await import('../lib/restrictiveClock.svelte');

const nurse: UserInfo = { id: 'u1', username: 'nn', displayName: 'Nia Nurse', roles: [{ role: 'ward_staff', wardId: 'w1' }] };
const matron: UserInfo = { id: 'u2', username: 'mo', displayName: 'Mo Matron', roles: [{ role: 'matron' }] };
const governance: UserInfo = { id: 'u3', username: 'g', displayName: 'Priya Shah', roles: [{ role: 'governance' }] };

function backend(detail: EpisodeDetail, commands: Record<string, (input: Record<string, unknown>) => Promise<unknown>> = {}) {
  call.mockImplementation((command: string, input: Record<string, unknown>) => {
    if (commands[command]) return commands[command](input);
    if (command === 'get_episode') return Promise.resolve(detail);
    if (command === 'sync_status') return new Promise(() => {});
    return Promise.reject({ code: 'unknown_command', message: command });
  });
}

describe('Episode', () => {
  beforeEach(() => {
    call.mockReset();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-01-12T10:09:00Z'));
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('shows the facts and every requirement with its state, overdue in red', async () => {
    backend(
      episodeDetail({
        requirements: [
          requirement({ ruleId: 'seclusion_observation', state: 'due', nextDueAt: '2026-01-12T10:15:00Z', met: 1 }),
          requirement({ ruleId: 'seclusion_first_medical_review', state: 'missed', overdueSince: '2026-01-12T10:05:00Z', missed: 1 }),
          requirement({ ruleId: 'seclusion_independent_mdt_review', state: 'not_yet_due' }),
        ],
      }),
    );
    render(Episode, { props: { episodeId: 'ep1', user: nurse } });
    expect(await screen.findByRole('heading', { level: 1, name: 'Seclusion: Alex Example' })).toBeInTheDocument();
    expect(screen.getByText('Review overdue')).toHaveClass('nhsuk-tag--red');
    expect(screen.getByText('NHS number 943 476 5919', { exact: false })).toBeInTheDocument();
    const table = screen.getByRole('table', { name: 'Reviews and observations the Code of Practice requires' });
    const medical = within(table).getByRole('row', { name: /first medical review/ });
    expect(within(medical).getByText('Overdue')).toHaveClass('nhsuk-tag--red');
    expect(medical).toHaveTextContent('Overdue by 4 minutes (due 12 Jan 2026, 10:05)');
    expect(medical).toHaveTextContent('Missed 1 time');
    const obs = within(table).getByRole('row', { name: /Seclusion: observation/ });
    expect(within(obs).getByText('Due')).toHaveClass('nhsuk-tag--blue');
    expect(obs).toHaveTextContent('Next by 12 Jan 2026, 10:15: due in 6 minutes');
    expect(within(table).getByRole('row', { name: /independent MDT review/ })).toHaveTextContent('Not yet due');
    expect(screen.getByRole('heading', { name: 'What was recorded' })).toBeInTheDocument();
    expect(screen.getByText('Nothing has been recorded in this episode yet.')).toBeInTheDocument();
  });

  it('counts down to the next observation, announcing only when the state changes', async () => {
    backend(episodeDetail());
    render(Episode, { props: { episodeId: 'ep1', user: nurse } });
    expect(await screen.findByText('Next observation due in 6 minutes')).toBeInTheDocument();
    const announcer = screen.getByTestId('observation-announcer');
    expect(announcer).toHaveAttribute('aria-live', 'polite');
    expect(announcer).toHaveTextContent('Next observation due at 10:15');

    clock.now = Date.parse('2026-01-12T10:10:30Z');
    expect(await screen.findByText('Next observation due in 5 minutes')).toBeInTheDocument();
    expect(announcer).toHaveTextContent('Next observation due at 10:15');

    clock.now = Date.parse('2026-01-12T10:18:00Z');
    expect(await screen.findByText('Observation overdue by 3 minutes')).toBeInTheDocument();
    expect(announcer).toHaveTextContent('Observation overdue: it was due at 10:15');
  });

  it('records an observation with the time, the role and a note', async () => {
    const after = episodeDetail({ requirements: [requirement({ state: 'met', met: 1, nextDueAt: '2026-01-12T10:24:00Z' })] });
    after.timeline.observations = [{ id: 'o1', at: '2026-01-12T10:09:00Z', by: 'healthcare_assistant', note: 'Sitting quietly' }];
    after.recorded = [{ recordId: 'o1', byName: null, recordedByName: 'Nia Nurse', recordedAt: '2026-01-12T10:09:00Z' }];
    const record = vi.fn(() => Promise.resolve(after));
    backend(episodeDetail(), { record_observation: record });
    const u = userEvent.setup();
    render(Episode, { props: { episodeId: 'ep1', user: nurse } });
    await u.click(await screen.findByRole('button', { name: 'Record observation' }));
    const form = screen.getByRole('form', { name: 'Record an observation' });
    expect(within(form).getByLabelText('Time of the observation')).toHaveValue('2026-01-12T10:09');
    await u.click(within(form).getByRole('button', { name: 'Save observation' }));
    expect(within(form).getByRole('link', { name: 'Choose the role of the person who observed' })).toHaveAttribute('href', '#obs-by');
    await u.selectOptions(within(form).getByLabelText('Observed by'), 'Healthcare assistant / support worker');
    await u.type(within(form).getByLabelText('What you observed (optional)'), 'Sitting quietly');
    await u.click(within(form).getByRole('button', { name: 'Save observation' }));
    expect(record).toHaveBeenCalledWith({ episodeId: 'ep1', at: '2026-01-12T10:09:00Z', by: 'healthcare_assistant', note: 'Sitting quietly' });
    expect(await screen.findByText('Observation recorded for 12 Jan 2026, 10:09.')).toBeInTheDocument();
    expect(screen.getByText('Next observation due in 15 minutes')).toBeInTheDocument();
    const timeline = screen.getByRole('list', { name: 'Observations and reviews, newest first' });
    expect(timeline).toHaveTextContent('Observation, 12 Jan 2026, 10:09');
    expect(timeline).toHaveTextContent('By Healthcare assistant / support worker');
    expect(timeline).toHaveTextContent('Recorded by Nia Nurse');
  });

  it("offers only the seclusion's kinds of review and shows a refusal next to the field it names", async () => {
    const record = vi.fn(() => Promise.reject({ code: 'validation', field: 'by', message: 'a healthcare assistant may not lead a medical review' }));
    backend(episodeDetail(), { record_review: record });
    const u = userEvent.setup();
    render(Episode, { props: { episodeId: 'ep1', user: nurse } });
    await u.click(await screen.findByRole('button', { name: 'Record a review' }));
    const form = screen.getByRole('form', { name: 'Record a review' });
    const kinds = within(within(form).getByLabelText('Kind of review')).getAllByRole('option').map((o) => o.textContent);
    expect(kinds).toEqual(['Choose a kind', 'Nursing review', 'Medical review', 'Internal MDT review', 'Independent MDT review']);
    await u.selectOptions(within(form).getByLabelText('Kind of review'), 'Medical review');
    await u.type(within(form).getByLabelText('Led by'), 'Hal Assistant');
    await u.selectOptions(within(form).getByLabelText('Their role'), 'Healthcare assistant / support worker');
    await u.click(within(form).getByRole('checkbox', { name: 'Registered nurse' }));
    await u.click(within(form).getByRole('button', { name: 'Save review' }));
    expect(record).toHaveBeenCalledWith(expect.objectContaining({ kind: 'medical', by: 'healthcare_assistant', byName: 'Hal Assistant', otherStaff: ['registered_nurse'], at: '2026-01-12T10:09:00Z' }));
    const link = await within(form).findByRole('link', { name: 'A healthcare assistant may not lead a medical review' });
    expect(link).toHaveAttribute('href', '#review-by');
    expect(within(form).getByLabelText('Their role')).toHaveAccessibleDescription(/may not lead a medical review/);
  });

  it('ends a seclusion, asking whether a debrief was offered', async () => {
    const ended = episodeDetail({ episode: { episode: { ...episodeDetail().episode.episode, endedAt: '2026-01-12T10:09:00Z', ending: 'ended_at_review', debriefOffered: true }, endedByName: 'Nia Nurse' } });
    const end = vi.fn(() => Promise.resolve(ended));
    backend(episodeDetail(), { end_episode: end });
    const u = userEvent.setup();
    render(Episode, { props: { episodeId: 'ep1', user: nurse } });
    await u.click(await screen.findByRole('button', { name: 'End seclusion' }));
    const form = screen.getByRole('form', { name: 'End the seclusion' });
    await u.selectOptions(within(form).getByLabelText('How it ended'), 'Ended at a review: no longer needed');
    await u.click(within(form).getByRole('button', { name: 'Confirm end of seclusion' }));
    expect(within(form).getByRole('link', { name: 'Say whether the patient was offered a debrief' })).toHaveAttribute('href', '#end-debrief');
    expect(end).not.toHaveBeenCalled();
    await u.click(within(form).getByRole('radio', { name: 'Yes' }));
    await u.click(within(form).getByRole('button', { name: 'Confirm end of seclusion' }));
    expect(end).toHaveBeenCalledWith({ episodeId: 'ep1', endedAt: '2026-01-12T10:09:00Z', ending: 'ended_at_review', debriefOffered: true });
    expect(await screen.findByText('The seclusion has ended.')).toBeInTheDocument();
    expect(screen.getByText('Ended', { selector: 'strong' })).toHaveClass('nhsuk-tag');
    expect(screen.queryByRole('button', { name: 'Record observation' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'End seclusion' })).toBeNull();
    expect(screen.getByText('Debrief offered', { exact: false })).toBeInTheDocument();
  });

  it('lets a matron sign the episode off with a comment, and shows the sign-off after', async () => {
    const signed = episodeDetail({ episode: { signOff: { by: 'u2', byName: 'Mo Matron', at: '2026-01-12T10:09:00Z', comment: 'Reviews on time.' } } });
    const signOff = vi.fn(() => Promise.resolve(signed));
    backend(episodeDetail(), { sign_off_episode: signOff });
    const u = userEvent.setup();
    render(Episode, { props: { episodeId: 'ep1', user: matron } });
    const form = await screen.findByRole('form', { name: 'Sign off the episode' });
    await u.click(within(form).getByRole('button', { name: 'Sign off' }));
    expect(within(form).getByRole('link', { name: 'Enter your comment' })).toBeInTheDocument();
    await u.type(within(form).getByLabelText('Your comment'), 'Reviews on time.');
    await u.click(within(form).getByRole('button', { name: 'Sign off' }));
    expect(signOff).toHaveBeenCalledWith({ episodeId: 'ep1', comment: 'Reviews on time.' });
    expect(await screen.findByText('The episode is signed off.')).toBeInTheDocument();
    expect(screen.getByText(/by Mo Matron, 12 Jan 2026, 10:09/)).toBeInTheDocument();
    expect(screen.getByText('Reviews on time.')).toBeInTheDocument();
    expect(screen.queryByRole('form', { name: 'Sign off the episode' })).toBeNull();
  });

  it('links to recording a use of force on the ward as part of this episode, for those who may record one', async () => {
    const ended = episodeDetail({ episode: { episode: { ...episodeDetail().episode.episode, endedAt: '2026-01-12T10:09:00Z', ending: 'ended_at_review' } } });
    backend(ended);
    render(Episode, { props: { episodeId: 'ep1', user: nurse } });
    const link = await screen.findByRole('link', { name: 'Record a use of force during this episode' });
    expect(link).toHaveAttribute('href', '#/wards/w1/force/new?episode=ep1');
  });

  it('shows governance the episode without ways to change it', async () => {
    backend(episodeDetail());
    render(Episode, { props: { episodeId: 'ep1', user: governance } });
    await screen.findByRole('heading', { level: 1, name: 'Seclusion: Alex Example' });
    expect(screen.queryByRole('button', { name: 'Record observation' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Record a review' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'End seclusion' })).toBeNull();
    expect(screen.queryByRole('form', { name: 'Sign off the episode' })).toBeNull();
    expect(screen.queryByRole('link', { name: 'Record a use of force during this episode' })).toBeNull();
    expect(screen.getByText('Next observation due in 6 minutes')).toBeInTheDocument();
  });
});
