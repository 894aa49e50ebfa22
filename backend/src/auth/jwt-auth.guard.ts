import {
  type CanActivate,
  type ExecutionContext,
  ForbiddenException,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { type FastifyRequest } from 'fastify';
import { type UserRole } from '../users/user-role.js';
import { UsersService } from '../users/users.service.js';
import { IS_PUBLIC, REQUIRED_ROLES } from './auth.decorators.js';
import { type AuthenticatedUser } from './authenticated-user.js';
import { sessionEnded, TokenService } from './token.service.js';

/**
 * The global guard: every route needs a valid access token unless marked @Public().
 * The user is read from the database on each request, so a removed user or a changed role
 * takes effect at once rather than when the token expires.
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly users: UsersService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const request = context
      .switchToHttp()
      .getRequest<FastifyRequest & { user?: AuthenticatedUser }>();
    const token = bearerToken(request.headers.authorization);
    if (!token)
      throw new UnauthorizedException('Sign in first: this route needs a bearer access token.');
    const claims = await this.tokens.verifyAccessToken(token);
    const user = await this.users.findById(claims.organizationId, claims.userId);
    if (!user) throw new UnauthorizedException('This account no longer exists.');
    if (sessionEnded(claims.generation, user)) {
      throw new UnauthorizedException('This session has ended: sign in again.');
    }
    request.user = { id: user.id, organizationId: user.organizationId, role: user.role };

    const roles = this.reflector.getAllAndOverride<UserRole[] | undefined>(REQUIRED_ROLES, targets);
    if (roles && !roles.includes(user.role)) {
      throw new ForbiddenException(`Only ${roles.join(' or ')} users may do this.`);
    }
    return true;
  }
}

function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return match?.[1];
}
