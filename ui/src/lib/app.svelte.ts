// Who is signed in, and the reference data every screen shares.
import type { ReferenceData, UserInfo } from '../generated/bindings';
import { call } from './backend';

export type Phase = 'loading' | 'first_run' | 'signed_out' | 'signed_in' | 'unavailable';

export const app = $state<{ phase: Phase; user: UserInfo | null; notice: string | null; startupError: string | null }>({
  phase: 'loading',
  user: null,
  notice: null,
  startupError: null,
});

let reference: Promise<ReferenceData> | null = null;

/** Controlled lists and the risk matrix, fetched once. */
export function referenceData(): Promise<ReferenceData> {
  if (!reference) {
    reference = call('reference_data', {});
    reference.catch(() => {
      reference = null;
    });
  }
  return reference;
}
