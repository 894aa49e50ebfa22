import { type UserRole } from '../users/user-role.js';

/** Who is calling: set on the request by the JWT guard, read with @CurrentUser(). */
export interface AuthenticatedUser {
  readonly id: string;
  readonly organizationId: string;
  readonly role: UserRole;
}
