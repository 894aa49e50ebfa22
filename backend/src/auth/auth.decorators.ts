import {
  applyDecorators,
  createParamDecorator,
  type ExecutionContext,
  SetMetadata,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiExtension,
  ApiForbiddenResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { type FastifyRequest } from 'fastify';
import { ErrorResponseDto } from '../common/errors/error-response.dto.js';
import { type UserRole, USER_ROLES } from '../users/user-role.js';
import { type AuthenticatedUser } from './authenticated-user.js';

export const IS_PUBLIC = 'convis:isPublic';
export const REQUIRED_ROLES = 'convis:roles';

/** Opens a route to callers without a token. Everything else is denied by default. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

/** Every role, in the order the API documents them. */
export const ALL_ROLES: readonly UserRole[] = USER_ROLES;

/**
 * Marks a route as signed-in only (the default) and documents it in Swagger. Without roles,
 * every role may call it; with roles, only those (403 for the others). Narrow one route of a
 * signed-in controller with `@Roles(...)`.
 */
export function Auth(...roles: UserRole[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiBearerAuth(),
    ApiUnauthorizedResponse({
      description: 'Missing, expired or invalid access token.',
      type: ErrorResponseDto,
    }),
    Roles(...(roles.length > 0 ? roles : ALL_ROLES)),
  );
}

/**
 * Who may call a route. The roles show in the OpenAPI document as `x-required-roles` (and in
 * the route's description), so the role matrix test and API users read them from the spec.
 */
export function Roles(...roles: UserRole[]): MethodDecorator & ClassDecorator {
  const decorators = [SetMetadata(REQUIRED_ROLES, roles), ApiExtension('x-required-roles', roles)];
  if (ALL_ROLES.some((role) => !roles.includes(role))) {
    decorators.push(
      ApiForbiddenResponse({
        description: `Only ${roles.join(' or ')} users may do this.`,
        type: ErrorResponseDto,
      }),
    );
  }
  return applyDecorators(...decorators);
}

/** Connecting and changing what everyone relies on (accounts, members) is for admins. */
export const AdminOnly = (): MethodDecorator & ClassDecorator => Roles('admin');

/** The signed-in caller, as checked by the JWT guard. */
export const CurrentUser = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthenticatedUser =>
    context.switchToHttp().getRequest<FastifyRequest & { user: AuthenticatedUser }>().user,
);
