import type { Role, UserInfo } from '../generated/bindings';

/** Whether the user holds one of `roles` on the ward (or trust-wide). The backend enforces this anyway. */
export function holdsRole(user: UserInfo | null | undefined, roles: readonly Role[], wardId: string | null): boolean {
  if (!user) return false;
  return user.roles.some((g) => roles.includes(g.role) && (!g.wardId || g.wardId === wardId));
}

export const CAN_SIGN_OFF: readonly Role[] = ['ward_manager', 'matron'];
export const CAN_AMEND: readonly Role[] = ['ward_manager', 'matron'];
export const CAN_MANAGE_AREAS: readonly Role[] = ['administrator', 'ward_manager'];
export const CAN_RECORD: readonly Role[] = ['ward_staff', 'ward_manager', 'matron'];
export const CAN_MANAGE_TRUST: readonly Role[] = ['administrator'];
/** Raise actions, put interim controls in place, change what an action says and its due date. */
export const CAN_RAISE_ACTION: readonly Role[] = ['ward_staff', 'ward_manager', 'matron'];
/** Add a capital-project reference: estates, or those who raise actions. */
export const CAN_SET_CAPITAL_REF: readonly Role[] = ['estates', 'ward_staff', 'ward_manager', 'matron'];
