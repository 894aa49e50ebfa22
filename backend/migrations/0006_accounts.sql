-- "Account" is the API's and the console's word for a connected WhatsApp number: the table,
-- its enum, its indexes and the columns that point at it say so too. Renames only: no data moves.
ALTER TABLE "whatsapp_credentials" RENAME TO "whatsapp_accounts";--> statement-breakpoint
ALTER TABLE "whatsapp_accounts" RENAME CONSTRAINT "whatsapp_credentials_pkey" TO "whatsapp_accounts_pkey";--> statement-breakpoint
ALTER TABLE "whatsapp_accounts" RENAME CONSTRAINT "whatsapp_credentials_organization_id_organizations_id_fk" TO "whatsapp_accounts_organization_id_organizations_id_fk";--> statement-breakpoint
ALTER INDEX "whatsapp_credentials_phone_number_unique" RENAME TO "whatsapp_accounts_phone_number_unique";--> statement-breakpoint
ALTER INDEX "whatsapp_credentials_organization_idx" RENAME TO "whatsapp_accounts_organization_idx";--> statement-breakpoint
ALTER TYPE "credential_status" RENAME TO "account_status";--> statement-breakpoint
ALTER TABLE "contacts" RENAME COLUMN "credential_id" TO "account_id";--> statement-breakpoint
ALTER TABLE "contacts" RENAME CONSTRAINT "contacts_credential_id_whatsapp_credentials_id_fk" TO "contacts_account_id_whatsapp_accounts_id_fk";--> statement-breakpoint
ALTER TABLE "messages" RENAME COLUMN "credential_id" TO "account_id";--> statement-breakpoint
ALTER TABLE "messages" RENAME CONSTRAINT "messages_credential_id_whatsapp_credentials_id_fk" TO "messages_account_id_whatsapp_accounts_id_fk";--> statement-breakpoint
ALTER TABLE "webhook_events" RENAME COLUMN "credential_id" TO "account_id";
