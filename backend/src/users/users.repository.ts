import { Inject, Injectable } from '@nestjs/common';
import { and, asc, count, eq, sql } from 'drizzle-orm';
import { type Database, type Executor } from '../database/database.js';
import { DATABASE } from '../database/database.module.js';
import { type UserRole } from './user-role.js';
import { organizations, type User, users, type UserWithOrganization } from './users.schema.js';

/** The users table. Every query but the login lookup takes the organization id. */
@Injectable()
export class UsersRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  private selectWithOrganization(executor: Executor = this.db) {
    return executor
      .select({ user: users, organizationName: organizations.name })
      .from(users)
      .innerJoin(organizations, eq(organizations.id, users.organizationId));
  }

  async findById(
    organizationId: string,
    id: string,
    executor?: Executor,
  ): Promise<UserWithOrganization | undefined> {
    const [row] = await this.selectWithOrganization(executor).where(
      and(eq(users.organizationId, organizationId), eq(users.id, id)),
    );
    return row && { ...row.user, organizationName: row.organizationName };
  }

  /** Login is by email across organizations: the only unscoped lookup, by design. */
  async findByEmailForLogin(email: string): Promise<UserWithOrganization | undefined> {
    const [row] = await this.selectWithOrganization().where(
      sql`lower(${users.email}) = lower(${email})`,
    );
    return row && { ...row.user, organizationName: row.organizationName };
  }

  async list(organizationId: string): Promise<UserWithOrganization[]> {
    const rows = await this.selectWithOrganization()
      .where(eq(users.organizationId, organizationId))
      .orderBy(asc(users.createdAt), asc(users.email));
    return rows.map((row) => ({ ...row.user, organizationName: row.organizationName }));
  }

  async emailExists(email: string, executor: Executor = this.db): Promise<boolean> {
    const [row] = await executor
      .select({ id: users.id })
      .from(users)
      .where(sql`lower(${users.email}) = lower(${email})`);
    return row !== undefined;
  }

  async countAll(executor: Executor = this.db): Promise<number> {
    const [row] = await executor.select({ n: count() }).from(users);
    return row?.n ?? 0;
  }

  async countAdmins(organizationId: string, executor: Executor = this.db): Promise<number> {
    const [row] = await executor
      .select({ n: count() })
      .from(users)
      .where(and(eq(users.organizationId, organizationId), eq(users.role, 'admin')));
    return row?.n ?? 0;
  }

  async insert(
    values: {
      organizationId: string;
      email: string;
      name: string;
      passwordHash: string;
      role: UserRole;
    },
    executor: Executor = this.db,
  ): Promise<User> {
    const [row] = await executor.insert(users).values(values).returning();
    return inserted(row);
  }

  async update(
    organizationId: string,
    id: string,
    changes: Partial<Pick<User, 'name' | 'role' | 'passwordHash'>> & {
      /** Ends every session issued before this change (see `sessionEnded`). */
      readonly endSessions?: boolean;
    },
    executor: Executor = this.db,
  ): Promise<void> {
    const { endSessions, ...columns } = changes;
    await executor
      .update(users)
      .set({
        ...columns,
        ...(endSessions ? { sessionGeneration: sql`${users.sessionGeneration} + 1` } : {}),
        updatedAt: new Date(),
      })
      .where(and(eq(users.organizationId, organizationId), eq(users.id, id)));
  }

  async delete(organizationId: string, id: string, executor: Executor = this.db): Promise<void> {
    await executor
      .delete(users)
      .where(and(eq(users.organizationId, organizationId), eq(users.id, id)));
  }

  async insertOrganization(
    name: string,
    executor: Executor = this.db,
  ): Promise<{ id: string; name: string }> {
    const [row] = await executor.insert(organizations).values({ name }).returning();
    return inserted(row);
  }

  /** Serialises changes to one organization's members (last-admin checks) inside a transaction. */
  async lockOrganization(organizationId: string, executor: Executor): Promise<void> {
    await executor.execute(
      sql`SELECT id FROM organizations WHERE id = ${organizationId} FOR UPDATE`,
    );
  }
}

/** INSERT … RETURNING always returns the row; this makes that explicit to the type checker. */
function inserted<T>(row: T | undefined): T {
  if (row === undefined) throw new Error('INSERT … RETURNING returned no row');
  return row;
}
