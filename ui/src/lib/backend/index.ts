// The one module that talks to the backend. Everything else imports from here.
import type { AppError, CommandName, NewUserInput, SignInInput, UserInfo } from '../../generated/bindings';
import type { CommandInput, CommandOutput } from './commands';
import { asAppError } from './errors';
import { httpCall } from './http';
import { clearSession, getSession, setSession } from './session';
import { isTauri, tauriCall, tauriCloseApp, tauriNotify, tauriOnCloseRequested } from './tauri';

export type { CommandInput, CommandOutput, Empty, Json } from './commands';
export { asAppError, fieldKey, isAppError } from './errors';
export { captureLaunchToken } from './session';

/** True inside the desktop app, where downloads go to the Downloads folder. */
export function isDesktop(): boolean {
  return isTauri();
}

/**
 * In the desktop app, `handler` is called with the number of changes that
 * have not reached the trust's server when the person asks to close the
 * window; the window then stays open until `closeApp()`. The shell closes at
 * once when nothing waits, or when no handler is registered. In a browser
 * this does nothing: the `beforeunload` warning does that job there.
 * Returns a function that removes the handler.
 */
export function onCloseRequested(handler: (waiting: number) => void): () => void {
  return isTauri() ? tauriOnCloseRequested(handler) : () => {};
}

/** Close the desktop app's window without asking again ("Close anyway"). Does nothing in a browser. */
export async function closeApp(): Promise<void> {
  if (!isTauri()) return;
  try {
    await tauriCloseApp();
  } catch (e) {
    throw asAppError(e);
  }
}

/**
 * Show a desktop notification: through the shell in the desktop app, through
 * the browser's Notification API otherwise (asking permission the first
 * time). Resolves false when the browser cannot or may not show it
 * (permission refused); in the desktop app the system's notification service
 * shows it, or drops it silently when there is none. Never rejects: the
 * For you list still shows what needs attention.
 */
export async function notify(title: string, body: string): Promise<boolean> {
  try {
    if (isTauri()) {
      await tauriNotify(title, body);
      return true;
    }
    if (typeof Notification === 'undefined') return false;
    if (Notification.permission === 'default') await Notification.requestPermission();
    if (Notification.permission !== 'granted') return false;
    new Notification(title, { body });
    return true;
  } catch {
    return false;
  }
}

type Listener = (error: AppError) => void;
const sessionEndedListeners = new Set<Listener>();

/** Called when the backend says the session is no longer valid (e.g. the app restarted). */
export function onSessionEnded(listener: Listener): () => void {
  sessionEndedListeners.add(listener);
  return () => sessionEndedListeners.delete(listener);
}

/**
 * Run one command. Resolves with its output; rejects with an AppError
 * (`{code, message, field?}`), never with anything else.
 */
export async function call<C extends CommandName>(command: C, input: CommandInput<C>): Promise<CommandOutput<C>> {
  const session = getSession();
  try {
    const transport = isTauri() ? tauriCall : httpCall;
    return (await transport(command, input, session)) as CommandOutput<C>;
  } catch (e) {
    const error = asAppError(e);
    // Only when that session is still the current one: a request answered
    // after the person signed out (or in again) says nothing about now.
    if (error.code === 'unauthenticated' && session && command !== 'sign_in' && getSession() === session) {
      clearSession();
      for (const listener of sessionEndedListeners) listener(error);
    }
    throw error;
  }
}

export function hasSession(): boolean {
  return getSession() !== null;
}

export async function signIn(input: SignInInput): Promise<UserInfo> {
  const out = await call('sign_in', input);
  setSession(out.session);
  return out.user;
}

/** First run only: create the first administrator, who is then signed in. */
export async function createFirstAdmin(input: NewUserInput): Promise<UserInfo> {
  const out = await call('create_first_admin', input);
  setSession(out.session);
  return out.user;
}

export async function signOut(): Promise<void> {
  try {
    if (getSession()) await call('sign_out', {});
  } catch {
    // Signed out locally whatever the backend says.
  } finally {
    clearSession();
  }
}
