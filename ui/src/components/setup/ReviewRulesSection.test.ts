import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { reviewRules } from '../../test/restrictive';

const call = vi.fn();
vi.mock('../../lib/backend', async (importOriginal) => ({ ...(await importOriginal<typeof import('../../lib/backend')>()), call: (...a: unknown[]) => call(...a) }));

const { default: ReviewRulesSection } = await import('./ReviewRulesSection.svelte');

function backend(save: (input: unknown) => Promise<unknown>) {
  call.mockImplementation((command: string, input: unknown) => {
    if (command === 'get_review_rules') return Promise.resolve(reviewRules());
    if (command === 'set_review_rules') return save(input);
    return Promise.reject({ code: 'unknown_command', message: command });
  });
}

const form = () => screen.findByRole('form', { name: 'Change the review rules' });
const row = (f: HTMLElement, name: RegExp) => within(f).getByRole('row', { name });

describe('ReviewRulesSection', () => {
  beforeEach(() => {
    call.mockReset();
  });

  it("shows the trust's rules in the units a person would use and saves a change", async () => {
    const save = vi.fn((input: unknown) => Promise.resolve(input));
    backend(save);
    const u = userEvent.setup();
    render(ReviewRulesSection);
    const f = await form();
    const nursing = row(f, /^Seclusion: nursing review/);
    expect(within(nursing).getByLabelText('First due, Seclusion: nursing review')).toHaveValue('2');
    expect(within(nursing).getByLabelText('Unit of first due, Seclusion: nursing review')).toHaveValue('hours');
    expect(within(nursing).getByLabelText('Minimum staff, Seclusion: nursing review')).toHaveValue('2');
    const leaders = within(nursing).getByRole('group', { name: 'Who may lead: Seclusion: nursing review' });
    expect(within(leaders).getByRole('checkbox', { name: 'Registered nurse' })).toBeChecked();
    expect(within(leaders).getByRole('checkbox', { name: 'Healthcare assistant' })).not.toBeChecked();
    expect(row(f, /^Seclusion: first medical review/)).toHaveTextContent('Once');
    expect(within(row(f, /external hospital review/)).getByLabelText(/^Unit of repeat every/)).toHaveValue('months');

    const grace = within(nursing).getByLabelText('Grace in minutes, Seclusion: nursing review');
    await u.clear(grace);
    await u.type(grace, '10');
    await u.click(within(leaders).getByRole('checkbox', { name: 'Healthcare assistant' }));
    await u.click(within(f).getByRole('button', { name: 'Save review rules' }));
    const sent = save.mock.calls[0][0] as ReturnType<typeof reviewRules>;
    expect(sent.rules[1]).toEqual({ ...reviewRules().rules[1], graceMinutes: 10, roles: ['registered_nurse', 'healthcare_assistant'] });
    expect(sent.rules[0]).toEqual(reviewRules().rules[0]);
    expect(sent.rules[2].repeatEvery).toBeNull();
    expect(await within(f).findByRole('status')).toHaveTextContent('The review rules were saved.');
  });

  it('names the rule and field that is not a whole number, and sends nothing', async () => {
    const save = vi.fn();
    backend(save);
    const u = userEvent.setup();
    render(ReviewRulesSection);
    const f = await form();
    const times = within(row(f, /^Seclusion: observation/)).getByLabelText('Times in each interval, Seclusion: observation');
    await u.clear(times);
    await u.type(times, 'two');
    await u.click(within(f).getByRole('button', { name: 'Save review rules' }));
    const link = within(within(f).getByRole('alert')).getByRole('link', { name: 'Seclusion: observation: enter how many times in each interval as a whole number' });
    expect(link).toHaveAttribute('href', '#rule-0-times');
    expect(times).toHaveAccessibleDescription(/enter how many times/);
    expect(save).not.toHaveBeenCalled();
  });

  it("maps the backend's field path to the rule row's input", async () => {
    backend(() => Promise.reject({ code: 'validation', field: 'rules[1].graceMinutes', message: 'the grace must be from 0 to 10080 minutes' }));
    const u = userEvent.setup();
    render(ReviewRulesSection);
    const f = await form();
    const grace = within(row(f, /^Seclusion: nursing review/)).getByLabelText('Grace in minutes, Seclusion: nursing review');
    await u.clear(grace);
    await u.type(grace, '99999');
    await u.click(within(f).getByRole('button', { name: 'Save review rules' }));
    const link = await within(f).findByRole('link', { name: 'Seclusion: nursing review: The grace must be from 0 to 10080 minutes' });
    expect(link).toHaveAttribute('href', '#rule-1-graceMinutes');
    expect(grace).toHaveAccessibleDescription(/The grace must be from 0 to 10080 minutes/);
    expect(within(f).queryByText(/were saved/)).toBeNull();
  });
});
