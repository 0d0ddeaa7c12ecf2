// Trust set-up: what the forms need besides the backend (display only; the
// backend validates and decides who may set up the trust).
import type { Choice, RoleGrant, Ward } from '../generated/bindings';
import { choiceLabel } from './labels';

/** One role row of the add-user form, before it is sent. */
export interface RoleDraft {
  /** Stable key for the row (rows can be removed). */
  key: number;
  role: string;
  /** '' means every ward. */
  wardId: string;
}

/** The id of the input a backend `field` of `create_user` names, if the form has it. */
export function userFieldTarget(field: string | null | undefined): string | null {
  if (!field) return null;
  const f = field.replace(/^input\./, '');
  if (f === 'username' || f === 'displayName' || f === 'password') return `user-${f}`;
  const m = /^roles\[(\d+)\](?:\.(role|wardId))?$/.exec(f);
  if (m) return m[2] === 'wardId' ? `user-role-${m[1]}-ward` : `user-role-${m[1]}-role`;
  if (f === 'roles') return 'user-role-0-role';
  return null;
}

/** "Ward manager – Cedar Ward (Riverside)", "Matron – every ward". */
export function grantLabel(grant: RoleGrant, roles: readonly Choice[], wards: readonly Ward[]): string {
  const role = choiceLabel(roles, grant.role);
  if (!grant.wardId) return `${role} – every ward`;
  const ward = wards.find((w) => w.id === grant.wardId);
  return `${role} – ${ward ? `${ward.name} (${ward.siteName})` : 'a ward no longer listed'}`;
}

/** Wards grouped by site, in site order, for a select's option groups. */
export function wardsBySite(sites: readonly { id: string; name: string }[], wards: readonly Ward[]): { siteId: string; siteName: string; wards: Ward[] }[] {
  return sites.map((s) => ({
    siteId: s.id,
    siteName: s.name,
    wards: wards.filter((w) => w.siteId === s.id).sort((a, b) => a.name.localeCompare(b.name)),
  }));
}
