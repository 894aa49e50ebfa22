import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import { type AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { type UserRole } from '../users/user-role.js';

export interface AccessClaims {
  readonly userId: string;
  readonly organizationId: string;
  /** The user's session generation when the token was issued (see `sessionEnded`). */
  readonly generation: number;
}

export interface RefreshClaims {
  readonly userId: string;
  readonly organizationId: string;
  readonly tokenId: string;
  readonly familyId: string;
  readonly generation: number;
}

/** What a token is issued for: the user and the session generation it belongs to. */
export interface TokenSubject {
  readonly id: string;
  readonly organizationId: string;
  readonly role: UserRole;
  readonly sessionGeneration: number;
}

const ISSUER = 'convis-whatsapp';

/**
 * Signs and checks the two kinds of JWT. Access and refresh tokens use different secrets and
 * audiences, so one can never be used as the other.
 */
@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get accessTtlSeconds(): number {
    return this.config.jwt.accessTtlSeconds;
  }

  signAccessToken(user: TokenSubject): Promise<string> {
    return this.jwt.signAsync(
      { org: user.organizationId, role: user.role, gen: user.sessionGeneration },
      {
        subject: user.id,
        secret: this.config.jwt.accessSecret,
        expiresIn: this.config.jwt.accessTtlSeconds,
        issuer: ISSUER,
        audience: 'access',
        algorithm: 'HS256',
      },
    );
  }

  /** Returns the new refresh token and when it expires. */
  async signRefreshToken(
    user: TokenSubject,
    familyId: string,
  ): Promise<{ token: string; tokenId: string; expiresAt: Date }> {
    const tokenId = randomUUID();
    const ttl = this.config.jwt.refreshTtlSeconds;
    const token = await this.jwt.signAsync(
      { fam: familyId, org: user.organizationId, gen: user.sessionGeneration },
      {
        subject: user.id,
        jwtid: tokenId,
        secret: this.config.jwt.refreshSecret,
        expiresIn: ttl,
        issuer: ISSUER,
        audience: 'refresh',
        algorithm: 'HS256',
      },
    );
    return { token, tokenId, expiresAt: new Date(Date.now() + ttl * 1000) };
  }

  async verifyAccessToken(token: string): Promise<AccessClaims> {
    const payload = await this.verify(token, this.config.jwt.accessSecret, 'access');
    const org = payload['org'];
    const gen = payload['gen'];
    if (typeof payload.sub !== 'string' || typeof org !== 'string' || !isGeneration(gen)) {
      throw invalid();
    }
    return { userId: payload.sub, organizationId: org, generation: gen };
  }

  async verifyRefreshToken(token: string): Promise<RefreshClaims> {
    const payload = await this.verify(token, this.config.jwt.refreshSecret, 'refresh');
    const fam = payload['fam'];
    const org = payload['org'];
    const gen = payload['gen'];
    if (
      typeof payload.sub !== 'string' ||
      typeof org !== 'string' ||
      typeof payload.jti !== 'string' ||
      typeof fam !== 'string' ||
      !isGeneration(gen)
    ) {
      throw invalid();
    }
    return {
      userId: payload.sub,
      organizationId: org,
      tokenId: payload.jti,
      familyId: fam,
      generation: gen,
    };
  }

  private async verify(
    token: string,
    secret: string,
    audience: string,
  ): Promise<{ sub?: unknown; jti?: unknown; iat?: unknown; [claim: string]: unknown }> {
    try {
      return await this.jwt.verifyAsync(token, {
        secret,
        audience,
        issuer: ISSUER,
        algorithms: ['HS256'],
      });
    } catch (error) {
      const expired = (error as Error).name === 'TokenExpiredError';
      throw new UnauthorizedException(
        expired ? 'The token has expired.' : 'The token is not valid.',
      );
    }
  }
}

/**
 * True when the user's sessions were ended after this token was issued. A counter rather than
 * a time: JWT times have one-second resolution, so a token issued in the second of a password
 * reset would otherwise outlive it.
 */
export function sessionEnded(
  tokenGeneration: number,
  user: { sessionGeneration: number },
): boolean {
  return tokenGeneration !== user.sessionGeneration;
}

function isGeneration(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function invalid(): UnauthorizedException {
  return new UnauthorizedException('The token is not valid.');
}
