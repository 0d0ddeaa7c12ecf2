// A `sync_status` answer, as the backend sends it (numbers, not bigints).
import type { Json } from '../lib/backend';
import type { SyncStatus } from '../generated/bindings';

export function syncStatus(overrides: Partial<Json<SyncStatus>> = {}): Json<SyncStatus> {
  return {
    state: 'up_to_date',
    waiting: 0,
    done: null,
    total: null,
    lastSyncedAt: '2025-07-03T13:05:00Z',
    message: null,
    action: null,
    serverUrl: 'https://wardsafe.example.nhs.uk',
    openConflicts: 0,
    refused: 0,
    received: 0,
    ...overrides,
  };
}
