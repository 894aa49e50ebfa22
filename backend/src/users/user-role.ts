/** The roles of an organization's members (the `user_role` enum in the database). */
export const USER_ROLES = ['admin', 'member'] as const;

export type UserRole = (typeof USER_ROLES)[number];
