import { Inject, Injectable } from '@nestjs/common';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { type Database, type Executor } from '../database/database.js';
import { DATABASE } from '../database/database.module.js';
import { type RefreshToken, refreshTokens } from './auth.schema.js';

@Injectable()
export class RefreshTokensRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  transaction<T>(work: (tx: Executor) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  async insert(
    values: { id: string; userId: string; familyId: string; expiresAt: Date },
    executor: Executor = this.db,
  ): Promise<void> {
    await executor.insert(refreshTokens).values(values);
  }

  /** Locks the row so two concurrent refreshes with the same token cannot both succeed. */
  async findForUpdate(id: string, executor: Executor): Promise<RefreshToken | undefined> {
    const [row] = await executor
      .select()
      .from(refreshTokens)
      .where(eq(refreshTokens.id, id))
      .for('update');
    return row;
  }

  async markReplaced(id: string, executor: Executor): Promise<void> {
    await executor
      .update(refreshTokens)
      .set({ replacedAt: sql`now()` })
      .where(eq(refreshTokens.id, id));
  }

  async revokeFamily(familyId: string, executor: Executor = this.db): Promise<void> {
    await executor
      .update(refreshTokens)
      .set({ revokedAt: sql`now()` })
      .where(and(eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt)));
  }
}
