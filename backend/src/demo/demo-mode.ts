import { ForbiddenException } from '@nestjs/common';
import { type INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SERVICE_WINDOW_MS } from '@convis/contracts';
import { type AppConfig } from '../config/app-config.js';
import { AccountsService } from '../accounts/accounts.service.js';
import { type AuthenticatedUser } from '../auth/authenticated-user.js';
import { ContactsService } from '../contacts/contacts.service.js';
import { UsersService } from '../users/users.service.js';

/** The part of the simulator package demo mode uses; imported only in demo mode. */
type SimulatorPackage = typeof import('@convis/graph-simulator');
type Simulator = Awaited<ReturnType<SimulatorPackage['createSimulator']>>;

export const DEMO_EMAIL = 'demo@convis.local';
const DEMO_ORGANIZATION = 'Demo Company';
const DEMO_ACCOUNT_LABEL = 'Demo shop (simulator)';

export interface DemoSimulator {
  readonly simulator: Simulator;
  readonly seedDemo: SimulatorPackage['seedDemo'];
}

/** Starts the Graph API simulator in this process (the package is a dev dependency). */
export async function startDemoSimulator(config: AppConfig): Promise<DemoSimulator> {
  const { createSimulator, seedDemo } = await import('@convis/graph-simulator');
  const simulator = await createSimulator({ port: config.demo.simulatorPort, host: '127.0.0.1' });
  return { simulator, seedDemo };
}

export interface DemoLogin {
  readonly email: string;
  readonly password: string;
  readonly recipients: { ok: string; undeliverable: string; fails_after_send: string };
  /** The demo admin, for what is done in their name (the demo history). */
  readonly caller: AuthenticatedUser;
  readonly account: { readonly id: string; readonly phoneNumberId: string };
}

/**
 * Makes sure the demo organization, its admin and one WhatsApp account on the simulator exist,
 * and points the simulator's webhooks at this backend. Safe to run at every start: the database
 * keeps what was made before; the simulator (in memory) is seeded anew, and told which
 * customers wrote in the last 24 hours, whose windows Meta would still have open.
 */
export async function seedDemo(
  app: INestApplication,
  config: AppConfig,
  demo: DemoSimulator,
  port: number,
): Promise<DemoLogin> {
  const users = app.get(UsersService);
  const accounts = app.get(AccountsService);
  const { password, fresh } = demoPassword(config.dataDir);

  const seed = await demo.seedDemo(demo.simulator, { webhook_url: null });

  let user = await users.findByEmailForLogin(DEMO_EMAIL);
  const existed = user !== undefined;
  if (!user) {
    user = await users.registerOrganization(
      { email: DEMO_EMAIL, password, name: 'Demo Admin', organization_name: DEMO_ORGANIZATION },
      // The demo exists even where sign-up is closed.
      { allowed: () => true, closedError: () => new ForbiddenException() },
    );
  }
  const caller = { id: user.id, organizationId: user.organizationId, role: user.role };
  // The demo user exists from an earlier start but its password file is gone: make a new one.
  if (fresh && existed) await users.update(caller, user.id, { password });

  const connected = await accounts.list(caller);
  let account = connected.find((a) => a.phone_number_id === seed.phone_number_id);
  if (!account) {
    account = await accounts.create(caller, {
      label: DEMO_ACCOUNT_LABEL,
      phone_number_id: seed.phone_number_id,
      waba_id: seed.waba_id,
      access_token: seed.access_token,
      app_secret: seed.app_secret,
      app_id: seed.app_id,
    });
  } else if (!account.app_id) {
    // Demo data from before accounts had an app id: templates with a media header need it.
    account = await accounts.update(caller, account.id, { app_id: seed.app_id });
  }
  // Webhooks come straight back to this process, signed with the account's app secret.
  demo.simulator.updateAccount(seed.phone_number_id, {
    webhook_url: `http://127.0.0.1:${port}/api/webhooks/whatsapp/${account.id}`,
  });
  await reopenWindows(app.get(ContactsService), demo.simulator, caller.organizationId, account);
  return {
    email: DEMO_EMAIL,
    password,
    recipients: seed.recipients,
    caller,
    account: { id: account.id, phoneNumberId: account.phone_number_id },
  };
}

/** At most this many customers with an open window are told about (the newest contacts). */
const REOPENED_WINDOWS = 200;

/**
 * Tells the simulator (which forgot everything when it stopped) about the customers who wrote
 * in the last 24 hours, as Meta remembers them: their windows stay open across a restart, so
 * a free-form message the database allows is not refused with 131047.
 */
async function reopenWindows(
  contacts: ContactsService,
  simulator: Simulator,
  organizationId: string,
  account: { id: string; phone_number_id: string },
): Promise<void> {
  const since = new Date(Date.now() - SERVICE_WINDOW_MS);
  const recent = await contacts.list(
    organizationId,
    { accountId: account.id, lastInboundSince: since },
    { limit: REOPENED_WINDOWS },
  );
  for (const contact of recent.slice(0, REOPENED_WINDOWS)) {
    const who = contact.waId
      ? { wa_id: contact.waId }
      : contact.userId
        ? { user_id: contact.userId }
        : undefined;
    if (!who || !contact.lastInboundAt) continue;
    simulator.addCustomer({
      phone_number_id: account.phone_number_id,
      ...who,
      ...(contact.profileName && { profile_name: contact.profileName }),
      last_inbound_at: Math.floor(contact.lastInboundAt.getTime() / 1000),
    });
  }
}

/** A random demo password, made once and kept in the data folder (so it is printed each start). */
function demoPassword(dataDir: string): { password: string; fresh: boolean } {
  const file = join(dataDir, 'demo.json');
  if (existsSync(file)) {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { password?: string };
    if (stored.password) return { password: stored.password, fresh: false };
  }
  const password = `demo-${randomBytes(6).toString('hex')}`;
  writeFileSync(file, JSON.stringify({ email: DEMO_EMAIL, password }, null, 2) + '\n', {
    mode: 0o600,
  });
  return { password, fresh: true };
}
