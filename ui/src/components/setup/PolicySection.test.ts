import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { POLICY } from '../../test/dashboard';

const call = vi.fn();
vi.mock('../../lib/backend', async (importOriginal) => ({ ...(await importOriginal<typeof import('../../lib/backend')>()), call: (...a: unknown[]) => call(...a) }));

const { default: PolicySection } = await import('./PolicySection.svelte');

function backend(save: (input: unknown) => Promise<unknown>) {
  call.mockImplementation((command: string, input: unknown) => {
    if (command === 'get_policy') return Promise.resolve(POLICY);
    if (command === 'set_policy') return save(input);
    return Promise.reject({ code: 'unknown_command', message: command });
  });
}

async function form() {
  return screen.findByRole('form', { name: 'Change the remediation policy' });
}

describe('PolicySection', () => {
  beforeEach(() => {
    call.mockReset();
  });

  it("shows the trust's policy and saves a change", async () => {
    const save = vi.fn((input: unknown) => Promise.resolve(input));
    backend(save);
    const u = userEvent.setup();
    render(PolicySection);
    const f = await form();
    expect(within(f).getByLabelText('Extreme risk: days to fix')).toHaveValue('7');
    expect(within(f).getByLabelText('High risk: days to fix')).toHaveValue('28');
    expect(within(f).getByLabelText('Moderate risk: days to fix')).toHaveValue('90');
    expect(within(f).getByLabelText('Low risk: days to fix')).toHaveValue('180');
    const vigilance = within(f).getByLabelText('Staff vigilance as the only control: at most');
    expect(vigilance).toHaveValue('7');
    expect(vigilance).toHaveAccessibleDescription(/flagged on every view of its ward/);

    const high = within(f).getByLabelText('High risk: days to fix');
    await u.clear(high);
    await u.type(high, '14');
    await u.clear(vigilance);
    await u.type(vigilance, '3');
    await u.click(within(f).getByRole('button', { name: 'Save policy' }));
    expect(save).toHaveBeenCalledWith({ extremeDays: 7, highDays: 14, moderateDays: 90, lowDays: 180, vigilanceOnlyDays: 3 });
    expect(await within(f).findByRole('status')).toHaveTextContent('The remediation policy was saved.');
  });

  it('names each field that is not a whole number of days, and sends nothing', async () => {
    const save = vi.fn();
    backend(save);
    const u = userEvent.setup();
    render(PolicySection);
    const f = await form();
    await u.clear(within(f).getByLabelText('Low risk: days to fix'));
    const extreme = within(f).getByLabelText('Extreme risk: days to fix');
    await u.clear(extreme);
    await u.type(extreme, '2.5');
    await u.click(within(f).getByRole('button', { name: 'Save policy' }));
    const alert = within(f).getByRole('alert');
    expect(within(alert).getByRole('link', { name: 'Enter the days to fix an extreme risk as a whole number from 1 to 3650' })).toHaveAttribute('href', '#policy-extreme');
    expect(within(alert).getByRole('link', { name: 'Enter the days to fix a low risk as a whole number from 1 to 3650' })).toHaveAttribute('href', '#policy-low');
    expect(extreme).toHaveAccessibleDescription(/Enter the days to fix an extreme risk/);
    expect(extreme).toHaveAttribute('aria-invalid', 'true');
    expect(save).not.toHaveBeenCalled();
  });

  it("shows the backend's refusal next to the field it names", async () => {
    backend(() =>
      Promise.reject({ code: 'validation', field: 'highDays', message: 'Days to fix a high risk (100) must not be more than days to fix a moderate risk (90): a worse risk is never given longer' }),
    );
    const u = userEvent.setup();
    render(PolicySection);
    const f = await form();
    const high = within(f).getByLabelText('High risk: days to fix');
    await u.clear(high);
    await u.type(high, '100');
    await u.click(within(f).getByRole('button', { name: 'Save policy' }));
    const link = await within(f).findByRole('link', {
      name: 'Days to fix a high risk (100) must not be more than days to fix a moderate risk (90): a worse risk is never given longer',
    });
    expect(link).toHaveAttribute('href', '#policy-high');
    expect(high).toHaveAccessibleDescription(/a worse risk is never given longer/);
    expect(within(f).queryByText(/was saved/)).toBeNull();
  });
});
