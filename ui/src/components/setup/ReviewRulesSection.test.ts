import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ReviewRules } from '../../generated/bindings';
import { reviewRules, rule } from '../../test/restrictive';

const call = vi.fn();
vi.mock('../../lib/backend', async (importOriginal) => ({ ...(await importOriginal<typeof import('../../lib/backend')>()), call: (...a: unknown[]) => call(...a) }));

const { default: ReviewRulesSection } = await import('./ReviewRulesSection.svelte');

/** The short table and the independent MDT review, with its trigger's defaults (DESIGN.md §2.4: 480 / 720 / 2880 minutes). */
function withIndependent(): ReviewRules {
  const independent = rule({
    id: 'seclusion_independent_mdt_review',
    trigger: { kind: 'seclusionLongerThan', consecutiveMinutes: 480, intermittentMinutes: 720, windowMinutes: 2880 },
    firstDue: { minutes: 0 },
    repeatEvery: null,
    roles: ['independent_clinician'],
    minStaff: 2,
  });
  return { rules: [...reviewRules().rules, independent] };
}

function backend(save: (input: unknown) => Promise<unknown>, table: () => ReviewRules = reviewRules) {
  call.mockImplementation((command: string, input: unknown) => {
    if (command === 'get_review_rules') return Promise.resolve(table());
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

  describe('what starts the independent MDT review', () => {
    const threshold = (f: HTMLElement) => within(row(f, /^Seclusion: independent MDT review/)).getByRole('group', { name: 'Starts when seclusion lasts (Seclusion: independent MDT review)' });
    const inARow = (g: HTMLElement) => within(g).getByRole('textbox', { name: 'More than this many hours in a row' });
    const inTotal = (g: HTMLElement) => within(g).getByRole('textbox', { name: 'or more than this many hours in total' });
    const within48 = (g: HTMLElement) => within(g).getByRole('textbox', { name: 'within any period of this many hours' });

    it('shows the thresholds in hours, only on that rule, and sends a change in minutes with the rest of the table unchanged', async () => {
      const save = vi.fn((input: unknown) => Promise.resolve(input));
      backend(save, withIndependent);
      const u = userEvent.setup();
      render(ReviewRulesSection);
      const f = await form();
      const g = threshold(f);
      expect(inARow(g)).toHaveValue('8');
      expect(inTotal(g)).toHaveValue('12');
      expect(within48(g)).toHaveValue('48');
      expect(within(row(f, /^Seclusion: nursing review/)).queryByRole('group', { name: /^Starts when seclusion lasts/ })).toBeNull();

      await u.clear(inARow(g));
      await u.type(inARow(g), '6');
      await u.clear(inTotal(g));
      await u.type(inTotal(g), '10.5');
      await u.clear(within48(g));
      await u.type(within48(g), '72');
      await u.click(within(f).getByRole('button', { name: 'Save review rules' }));

      const sent = save.mock.calls[0][0] as ReviewRules;
      const before = withIndependent();
      expect(sent.rules.slice(0, 4)).toEqual(before.rules.slice(0, 4));
      expect(sent.rules[4]).toEqual({
        ...before.rules[4],
        trigger: { kind: 'seclusionLongerThan', consecutiveMinutes: 360, intermittentMinutes: 630, windowMinutes: 4320 },
      });
      expect(await within(f).findByRole('status')).toHaveTextContent('The review rules were saved.');
    });

    it('asks for hours above 0, and no more in total than the period they are counted within, and sends nothing', async () => {
      const save = vi.fn();
      backend(save, withIndependent);
      const u = userEvent.setup();
      render(ReviewRulesSection);
      const f = await form();
      const g = threshold(f);
      await u.clear(inTotal(g));
      await u.type(inTotal(g), '50');
      await u.click(within(f).getByRole('button', { name: 'Save review rules' }));
      const summary = within(f).getByRole('alert');
      expect(within(summary).getByRole('link', { name: 'Seclusion: independent MDT review: the hours in total cannot be more than the hours they are counted within' })).toHaveAttribute(
        'href',
        '#rule-4-intermittentMinutes',
      );
      expect(inTotal(g)).toHaveAccessibleDescription(/the hours in total cannot be more than the hours they are counted within/);

      await u.clear(inARow(g));
      await u.type(inARow(g), '0');
      await u.click(within(f).getByRole('button', { name: 'Save review rules' }));
      expect(inARow(g)).toHaveAccessibleDescription(/enter the hours in a row as a number more than 0/);
      expect(save).not.toHaveBeenCalled();
    });

    it("shows the backend's error on a threshold beside its input", async () => {
      backend(
        () => Promise.reject({ code: 'validation', field: 'rules[4].trigger.consecutiveMinutes', message: 'A threshold must be from 1 to 527040 minutes (you gave 600000)' }),
        withIndependent,
      );
      const u = userEvent.setup();
      render(ReviewRulesSection);
      const f = await form();
      const g = threshold(f);
      await u.clear(inARow(g));
      await u.type(inARow(g), '10000');
      await u.click(within(f).getByRole('button', { name: 'Save review rules' }));
      const link = await within(f).findByRole('link', { name: 'Seclusion: independent MDT review: A threshold must be from 1 to 527040 minutes (you gave 600000)' });
      expect(link).toHaveAttribute('href', '#rule-4-consecutiveMinutes');
      expect(inARow(g)).toHaveAccessibleDescription(/A threshold must be from 1 to 527040 minutes/);
      expect(inARow(g)).toHaveAttribute('aria-invalid', 'true');
      expect(inTotal(g)).not.toHaveAccessibleDescription(/threshold/);
      expect(within(f).queryByText(/were saved/)).toBeNull();
    });
  });
});
