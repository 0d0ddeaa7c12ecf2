// The Tauri transport: one `call` command in the shell forwards to the registry.
import { invoke } from '@tauri-apps/api/core';
import type { CommandName } from '../../generated/bindings';

export function isTauri(): boolean {
  return typeof window !== 'undefined' && '__TAURI_INTERNALS__' in window;
}

export function tauriCall(command: CommandName, input: unknown, session: string | null): Promise<unknown> {
  return invoke('call', { command, input: input ?? {}, session });
}
