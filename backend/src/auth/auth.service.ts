import {
  ForbiddenException,
  Inject,
  Injectable,
  Logger,
  UnauthorizedException,
} from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { type AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { UserResponseDto } from '../users/dto/user-response.dto.js';
import { type UserWithOrganization, UsersService } from '../users/users.service.js';
import { type AuthResponseDto } from './dto/auth-response.dto.js';
import { type LoginDto } from './dto/login.dto.js';
import { type RegisterDto } from './dto/register.dto.js';
import { decoyPasswordHash, verifyPassword } from './password.js';
import { RefreshTokensRepository } from './refresh-tokens.repository.js';
import { sessionEnded, TokenService } from './token.service.js';

@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UsersService,
    private readonly refreshTokens: RefreshTokensRepository,
    private readonly tokens: TokenService,
  ) {}

  /** Creates an organization with the caller as its first admin. */
  async register(dto: RegisterDto): Promise<AuthResponseDto> {
    const user = await this.users.registerOrganization(dto, {
      // With ALLOW_SIGNUP=false only the very first user may register (to set the service up).
      allowed: (existingUsers) => this.config.allowSignup || existingUsers === 0,
      closedError: () =>
        new ForbiddenException('Sign-up is closed on this server. Ask an admin to invite you.'),
    });
    this.logger.log(
      { user_id: user.id, organization_id: user.organizationId },
      'Organization registered',
    );
    return this.startSession(user);
  }

  async login(dto: LoginDto): Promise<AuthResponseDto> {
    const user = await this.users.findByEmailForLogin(dto.email);
    // Verify against a decoy when the email is unknown, so timing does not reveal which emails exist.
    const valid = await verifyPassword(
      user?.passwordHash ?? (await decoyPasswordHash()),
      dto.password,
    );
    if (!user || !valid) throw new UnauthorizedException('Wrong email or password.');
    return this.startSession(user);
  }

  /**
   * Rotates a refresh token: the presented one is spent and a new one of the same family is
   * returned. A spent or revoked token presented again means it was stolen or replayed: the
   * whole family is revoked, signing out both the thief and the user.
   */
  async refresh(refreshToken: string): Promise<AuthResponseDto> {
    const claims = await this.tokens.verifyRefreshToken(refreshToken);
    const outcome = await this.refreshTokens.transaction(async (tx) => {
      const row = await this.refreshTokens.findForUpdate(claims.tokenId, tx);
      if (!row || row.userId !== claims.userId || row.familyId !== claims.familyId)
        return 'invalid' as const;
      if (row.revokedAt) return 'invalid' as const;
      if (row.replacedAt) {
        await this.refreshTokens.revokeFamily(row.familyId, tx);
        return 'reused' as const;
      }
      await this.refreshTokens.markReplaced(row.id, tx);
      return 'rotated' as const;
    });
    if (outcome === 'reused') {
      this.logger.warn(
        { user_id: claims.userId, family_id: claims.familyId },
        'Refresh token reused: session family revoked',
      );
      throw new UnauthorizedException(
        'This refresh token was already used; the session has been ended for safety.',
      );
    }
    if (outcome === 'invalid') throw new UnauthorizedException('The refresh token is not valid.');

    const user = await this.users.findById(claims.organizationId, claims.userId);
    if (!user || sessionEnded(claims.generation, user)) {
      await this.refreshTokens.revokeFamily(claims.familyId);
      throw new UnauthorizedException('This session has ended: sign in again.');
    }
    return this.issueTokens(user, claims.familyId);
  }

  /** Ends the session the refresh token belongs to. Unknown or expired tokens are ignored. */
  async logout(refreshToken: string): Promise<void> {
    try {
      const claims = await this.tokens.verifyRefreshToken(refreshToken);
      await this.refreshTokens.revokeFamily(claims.familyId);
    } catch (error) {
      if (!(error instanceof UnauthorizedException)) throw error;
    }
  }

  private startSession(user: UserWithOrganization): Promise<AuthResponseDto> {
    return this.issueTokens(user, randomUUID());
  }

  private async issueTokens(
    user: UserWithOrganization,
    familyId: string,
  ): Promise<AuthResponseDto> {
    const [accessToken, refresh] = await Promise.all([
      this.tokens.signAccessToken(user),
      this.tokens.signRefreshToken(user, familyId),
    ]);
    await this.refreshTokens.insert({
      id: refresh.tokenId,
      userId: user.id,
      familyId,
      expiresAt: refresh.expiresAt,
    });
    return {
      access_token: accessToken,
      refresh_token: refresh.token,
      token_type: 'Bearer',
      expires_in: this.tokens.accessTtlSeconds,
      user: UserResponseDto.from(user),
    };
  }
}
