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
import { type UserRole } from '../database/schema.js';
import { type AuthenticatedUser } from './authenticated-user.js';

export const IS_PUBLIC = 'convis:isPublic';
export const REQUIRED_ROLES = 'convis:roles';

/** Opens a route to callers without a token. Everything else is denied by default. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

/**
 * Marks a route as signed-in only (the default) and documents it in Swagger; with roles,
 * only those roles may call it (403 for the others).
 */
export function Auth(...roles: UserRole[]): MethodDecorator & ClassDecorator {
  const decorators = [
    ApiBearerAuth(),
    ApiUnauthorizedResponse({
      description: 'Missing, expired or invalid access token.',
      type: ErrorResponseDto,
    }),
  ];
  if (roles.length > 0) {
    decorators.push(
      SetMetadata(REQUIRED_ROLES, roles),
      ApiExtension('x-required-roles', roles),
      ApiForbiddenResponse({
        description: `Only ${roles.join(' or ')} users may do this.`,
        type: ErrorResponseDto,
      }),
    );
  }
  return applyDecorators(...decorators);
}

/** The signed-in caller, as checked by the JWT guard. */
export const CurrentUser = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthenticatedUser =>
    context.switchToHttp().getRequest<FastifyRequest & { user: AuthenticatedUser }>().user,
);
