// The Tauri transport: one `call` command in the shell forwards to the registry;
// `close_app` closes the window when the person chooses "Close anyway".
import { invoke } from '@tauri-apps/api/core';
import type { CommandName } from '../../generated/bindings';

export function isTauri(): boolean {
  return typeof window !== 'undefined' && '__TAURI_INTERNALS__' in window;
}

export function tauriCall(command: CommandName, input: unknown, session: string | null): Promise<unknown> {
  return invoke('call', { command, input: input ?? {}, session });
}

/**
 * The DOM event the shell dispatches in the page when the person asks to
 * close the window while changes wait for the trust's server
 * (src-tauri/src/window.rs), with `detail: {waiting}`. A listener that will
 * ask the person cancels it; if nothing does, the shell closes the window.
 */
export const CLOSE_REQUESTED_EVENT = 'wardsafe:close-requested';

export function tauriOnCloseRequested(handler: (waiting: number) => void): () => void {
  const listener = (event: Event) => {
    const waiting = Number((event as CustomEvent<{ waiting?: unknown } | null>).detail?.waiting);
    if (!Number.isInteger(waiting) || waiting <= 0) return;
    handler(waiting);
    // Only once the handler has taken it: tells the shell the person is being asked.
    event.preventDefault();
  };
  window.addEventListener(CLOSE_REQUESTED_EVENT, listener);
  return () => window.removeEventListener(CLOSE_REQUESTED_EVENT, listener);
}

export function tauriCloseApp(): Promise<unknown> {
  return invoke('close_app');
}

export function tauriNotify(title: string, body: string): Promise<unknown> {
  return invoke('notify', { title, body });
}
