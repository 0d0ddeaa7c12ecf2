import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const signIn = vi.fn();
vi.mock('../lib/backend', async (importOriginal) => ({ ...(await importOriginal<typeof import('../lib/backend')>()), signIn: (...a: unknown[]) => signIn(...a) }));

const { default: SignIn } = await import('./SignIn.svelte');

describe('SignIn', () => {
  beforeEach(() => {
    signIn.mockReset();
  });

  it('signs in with the username and password', async () => {
    const user = { id: 'u', username: 'sam', displayName: 'Sam', roles: [] };
    signIn.mockResolvedValue(user);
    const onsignedin = vi.fn();
    const u = userEvent.setup();
    render(SignIn, { props: { onsignedin } });
    await u.type(screen.getByLabelText('Username'), ' sam ');
    await u.type(screen.getByLabelText('Password'), 'secret-pass');
    await u.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(signIn).toHaveBeenCalledWith({ username: 'sam', password: 'secret-pass' });
    expect(onsignedin).toHaveBeenCalledWith(user);
  });

  it('shows an NHS error summary when the password is wrong', async () => {
    signIn.mockRejectedValue({ code: 'unauthenticated', message: 'that username and password do not match', field: 'password' });
    const u = userEvent.setup();
    render(SignIn, { props: { onsignedin: vi.fn() } });
    await u.type(screen.getByLabelText('Username'), 'sam');
    await u.type(screen.getByLabelText('Password'), 'wrong-pass');
    await u.click(screen.getByRole('button', { name: 'Sign in' }));
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByRole('heading', { name: 'There is a problem' })).toBeInTheDocument();
    expect(within(alert).getByRole('link', { name: /do not match/ })).toHaveAttribute('href', '#signin-password');
    expect(screen.getByLabelText('Password')).toHaveAccessibleDescription(/do not match/);
  });

  it('asks for what is missing without calling the backend', async () => {
    const u = userEvent.setup();
    render(SignIn, { props: { onsignedin: vi.fn() } });
    await u.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(signIn).not.toHaveBeenCalled();
    expect(screen.getByLabelText('Username')).toHaveAccessibleDescription(/Enter your username/);
  });
});
