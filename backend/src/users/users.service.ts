import {
  ConflictException,
  type HttpException,
  Injectable,
  NotFoundException,
  UnprocessableEntityException,
} from '@nestjs/common';
import { sql } from 'drizzle-orm';
import { Inject } from '@nestjs/common';
import { hashPassword } from '../auth/password.js';
import { passwordProblem } from '../auth/password-strength.js';
import { type AuthenticatedUser } from '../auth/authenticated-user.js';
import { ValidationException } from '../common/errors/validation.exception.js';
import { type Database } from '../database/database.js';
import { DATABASE } from '../database/database.module.js';
import { type CreateUserDto } from './dto/create-user.dto.js';
import { type UpdateUserDto } from './dto/update-user.dto.js';
import { UserResponseDto } from './dto/user-response.dto.js';
import { UsersRepository } from './users.repository.js';
import { type UserWithOrganization } from './users.schema.js';

export type { UserWithOrganization } from './users.schema.js';

/** Serialises registrations, so "only the first user may sign up" holds under concurrency. */
const REGISTRATION_LOCK = 0x636f6e76; // "conv"

@Injectable()
export class UsersService {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly users: UsersRepository,
  ) {}

  findById(organizationId: string, id: string): Promise<UserWithOrganization | undefined> {
    return this.users.findById(organizationId, id);
  }

  findByEmailForLogin(email: string): Promise<UserWithOrganization | undefined> {
    return this.users.findByEmailForLogin(email);
  }

  async registerOrganization(
    dto: { email: string; password: string; name: string; organization_name: string },
    signup: { allowed: (existingUsers: number) => boolean; closedError: () => HttpException },
  ): Promise<UserWithOrganization> {
    const passwordHash = await hashPassword(dto.password);
    return this.db.transaction(async (tx) => {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(${REGISTRATION_LOCK})`);
      if (!signup.allowed(await this.users.countAll(tx))) throw signup.closedError();
      if (await this.users.emailExists(dto.email, tx)) throw emailTaken();
      const organization = await this.users.insertOrganization(dto.organization_name, tx);
      const user = await this.users.insert(
        {
          organizationId: organization.id,
          email: dto.email,
          name: dto.name,
          passwordHash,
          role: 'admin',
        },
        tx,
      );
      return { ...user, organizationName: organization.name };
    });
  }

  async me(caller: AuthenticatedUser): Promise<UserResponseDto> {
    return UserResponseDto.from(await this.getOrThrow(caller.organizationId, caller.id));
  }

  async list(caller: AuthenticatedUser): Promise<UserResponseDto[]> {
    return (await this.users.list(caller.organizationId)).map((user) => UserResponseDto.from(user));
  }

  async create(caller: AuthenticatedUser, dto: CreateUserDto): Promise<UserResponseDto> {
    const passwordHash = await hashPassword(dto.password);
    const id = await this.db.transaction(async (tx) => {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(${REGISTRATION_LOCK})`);
      if (await this.users.emailExists(dto.email, tx)) throw emailTaken();
      const user = await this.users.insert(
        {
          organizationId: caller.organizationId,
          email: dto.email,
          name: dto.name,
          passwordHash,
          role: dto.role,
        },
        tx,
      );
      return user.id;
    });
    return UserResponseDto.from(await this.getOrThrow(caller.organizationId, id));
  }

  async update(
    caller: AuthenticatedUser,
    id: string,
    dto: UpdateUserDto,
  ): Promise<UserResponseDto> {
    let passwordHash: string | undefined;
    if (dto.password !== undefined) {
      await this.checkNewPassword(caller.organizationId, id, dto.password, dto.name);
      passwordHash = await hashPassword(dto.password);
    }
    await this.db.transaction(async (tx) => {
      await this.users.lockOrganization(caller.organizationId, tx);
      const user = await this.users.findById(caller.organizationId, id, tx);
      if (!user) throw notFound();
      if (
        dto.role === 'member' &&
        user.role === 'admin' &&
        (await this.users.countAdmins(caller.organizationId, tx)) <= 1
      ) {
        throw lastAdmin('demoted');
      }
      const roleChanged = dto.role !== undefined && dto.role !== user.role;
      await this.users.update(
        caller.organizationId,
        id,
        {
          name: dto.name,
          role: dto.role,
          passwordHash,
          // A new password or another role ends every session the user had.
          endSessions: passwordHash !== undefined || roleChanged,
        },
        tx,
      );
    });
    return UserResponseDto.from(await this.getOrThrow(caller.organizationId, id));
  }

  async remove(caller: AuthenticatedUser, id: string): Promise<void> {
    if (id === caller.id)
      throw new UnprocessableEntityException('You cannot remove yourself. Ask another admin.');
    await this.db.transaction(async (tx) => {
      await this.users.lockOrganization(caller.organizationId, tx);
      const user = await this.users.findById(caller.organizationId, id, tx);
      if (!user) throw notFound();
      if (user.role === 'admin' && (await this.users.countAdmins(caller.organizationId, tx)) <= 1) {
        throw lastAdmin('removed');
      }
      await this.users.delete(caller.organizationId, id, tx);
    });
  }

  /**
   * The DTO judged the password against the new name only; the user's email (and name, when
   * unchanged) live in the database. Refused like any validation error, naming the field.
   */
  private async checkNewPassword(
    organizationId: string,
    id: string,
    password: string,
    newName: string | undefined,
  ): Promise<void> {
    const user = await this.getOrThrow(organizationId, id);
    const problem = passwordProblem(password, { email: user.email, name: newName ?? user.name });
    if (problem) throw new ValidationException([{ field: 'password', messages: [problem] }]);
  }

  private async getOrThrow(organizationId: string, id: string): Promise<UserWithOrganization> {
    const user = await this.users.findById(organizationId, id);
    if (!user) throw notFound();
    return user;
  }
}

function notFound(): NotFoundException {
  return new NotFoundException('No such user in your organization.');
}

function emailTaken(): ConflictException {
  return new ConflictException('An account with this email already exists.');
}

function lastAdmin(action: string): UnprocessableEntityException {
  return new UnprocessableEntityException(
    `The organization's last admin cannot be ${action}. Make someone else an admin first.`,
  );
}
