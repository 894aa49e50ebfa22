// Column helpers shared by the feature schemas (every `<feature>.schema.ts`).
import { customType, timestamp } from 'drizzle-orm/pg-core';

/** Binary column (drizzle has no built-in bytea). */
export const bytea = customType<{ data: Buffer }>({ dataType: () => 'bytea' });

export const createdAt = () =>
  timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
export const updatedAt = () =>
  timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();
