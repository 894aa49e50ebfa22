// Every feature's tables, for drizzle-kit (drizzle.config.ts: the source of the SQL migrations in
// backend/migrations, `npm run db:generate -w backend`) and for the Drizzle instance.
// Each table is declared in the feature that owns it (see backend/README.md, "Ownership"); a
// feature reaches another's tables only through that feature's service, and lint says so.
// Every tenant-owned table carries organization_id; queries always filter by it.
export * from '../users/users.schema.js';
export * from '../auth/auth.schema.js';
export * from '../accounts/accounts.schema.js';
export * from '../contacts/contacts.schema.js';
export * from '../messages/messages.schema.js';
export * from '../media/media.schema.js';
export * from '../templates/templates.schema.js';
export * from '../webhooks/webhooks.schema.js';
export * from '../messages/stats/stats.schema.js';
export * from '../campaigns/campaigns.schema.js';
export * from '../pacing/pacing.schema.js';
