// Demo data for the backend's demo mode: one business number and a handful of templates.
import { SIM_APP_ID } from './uploads.ts';
import type {
  Account,
  AccountBehaviour,
  AccountInput,
  Simulator,
  Template,
  TemplateInput,
} from './types.ts';

export const DEMO_API_VERSION = 'v23.0';

export interface DemoOptions {
  /** Where the demo account's webhooks go (the backend's webhook endpoint). */
  webhook_url?: string | null;
  /** Signs the webhooks. Default `sim-demo-app-secret`. */
  app_secret?: string;
  /** Default `sim-demo-access-token`. */
  access_token?: string;
  /** Default `100000000000001`. */
  phone_number_id?: string;
  /** Default `200000000000001`. */
  waba_id?: string;
  /** Default `+1 555-010-0001`. */
  display_phone_number?: string;
  /** Default `Convis Demo Shop`. */
  verified_name?: string;
  /** Extra behaviour for the demo account (status delays, mps, ...). */
  behaviour?: AccountBehaviour;
}

export interface DemoTemplate {
  id: string;
  name: string;
  language: string;
  category: string;
  status: string;
}

export interface DemoSeed {
  /** Simulator root, e.g. `http://127.0.0.1:8089`. */
  base_url: string;
  /** Graph base URL to configure in the backend: `${base_url}/v23.0`. */
  graph_url: string;
  api_version: string;
  phone_number_id: string;
  waba_id: string;
  access_token: string;
  app_secret: string;
  /** The Meta app of the token: template samples are uploaded through it. */
  app_id: string;
  display_phone_number: string;
  verified_name: string;
  webhook_url: string | null;
  templates: DemoTemplate[];
  /** Recipients that show each outcome in the demo. */
  recipients: {
    /** Delivered and read (templates always; free-form text once the customer wrote first). */
    ok: string;
    /** Refused at once with 131026 (the "ends in 0000" rule). */
    undeliverable: string;
    /** Accepted, then a `failed` status webhook with 131049. */
    fails_after_send: string;
  };
}

export const DEMO_RECIPIENTS: DemoSeed['recipients'] = {
  ok: '+15550101234',
  undeliverable: '+15550100000',
  fails_after_send: '+15550109999',
};

function demoTemplates(wabaId: string): TemplateInput[] {
  return [
    {
      waba_id: wabaId,
      name: 'hello_world',
      language: 'en_US',
      category: 'UTILITY',
      status: 'APPROVED',
      components: [
        { type: 'HEADER', format: 'TEXT', text: 'Hello World' },
        {
          type: 'BODY',
          text: 'Welcome and congratulations!! This message demonstrates your ability to send a WhatsApp message notification from the Cloud API. Thank you for taking the time to test with us.',
        },
        { type: 'FOOTER', text: 'WhatsApp Business Platform sample message' },
      ],
    },
    {
      waba_id: wabaId,
      name: 'order_update',
      language: 'en_US',
      category: 'UTILITY',
      status: 'APPROVED',
      components: [
        {
          type: 'BODY',
          text: 'Hi {{1}}, your order {{2}} has shipped and is on its way.',
          example: { body_text: [['Maria', '#4521']] },
        },
        { type: 'FOOTER', text: 'Reply STOP to opt out' },
      ],
    },
    {
      waba_id: wabaId,
      name: 'appointment_reminder',
      language: 'en_US',
      category: 'UTILITY',
      status: 'APPROVED',
      components: [
        {
          type: 'HEADER',
          format: 'IMAGE',
          example: { header_handle: ['https://example.com/clinic.png'] },
        },
        {
          type: 'BODY',
          text: 'Hello {{1}}, this is a reminder of your appointment on {{2}} at {{3}}.',
          example: { body_text: [['Alex', 'May 4', '10:30']] },
        },
        {
          type: 'BUTTONS',
          buttons: [
            { type: 'QUICK_REPLY', text: 'Confirm' },
            { type: 'QUICK_REPLY', text: 'Reschedule' },
          ],
        },
      ],
    },
    {
      waba_id: wabaId,
      name: 'verification_code',
      language: 'en_US',
      category: 'AUTHENTICATION',
      status: 'APPROVED',
      components: [
        { type: 'BODY', add_security_recommendation: true },
        { type: 'FOOTER', code_expiration_minutes: 10 },
        { type: 'BUTTONS', buttons: [{ type: 'OTP', otp_type: 'COPY_CODE', text: 'Copy code' }] },
      ],
    },
    {
      waba_id: wabaId,
      name: 'seasonal_promo',
      language: 'en_US',
      category: 'MARKETING',
      status: 'PENDING',
      components: [
        {
          type: 'BODY',
          text: 'Our spring sale starts now, {{1}}: 20% off everything until Sunday.',
          example: { body_text: [['Sam']] },
        },
      ],
    },
    {
      waba_id: wabaId,
      name: 'legacy_offer',
      language: 'en_US',
      category: 'MARKETING',
      status: 'REJECTED',
      rejected_reason: 'INVALID_FORMAT',
      components: [{ type: 'BODY', text: 'CLICK NOW!!! Limited offer!!!' }],
    },
  ];
}

async function call(
  base: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${base}${path}`, {
    method,
    ...(body !== undefined && {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
  });
  const text = await response.text();
  return { status: response.status, json: text ? (JSON.parse(text) as unknown) : undefined };
}

function expectOk(result: { status: number; json: unknown }, what: string): void {
  if (result.status >= 300) {
    throw new Error(
      `seedDemo: ${what} failed with HTTP ${result.status}: ${JSON.stringify(result.json)}`,
    );
  }
}

/**
 * Registers the demo account and templates on a running simulator (given by URL or instance).
 * Idempotent: when the account exists it is updated (webhook URL, secret, token) and existing
 * templates are kept.
 */
export async function seedDemo(
  target: string | Pick<Simulator, 'url'>,
  options: DemoOptions = {},
): Promise<DemoSeed> {
  const base = (typeof target === 'string' ? target : target.url).replace(/\/+$/, '');
  const account: AccountInput = {
    ...options.behaviour,
    phone_number_id: options.phone_number_id ?? '100000000000001',
    waba_id: options.waba_id ?? '200000000000001',
    access_token: options.access_token ?? 'sim-demo-access-token',
    app_secret: options.app_secret ?? 'sim-demo-app-secret',
    display_phone_number: options.display_phone_number ?? '+1 555-010-0001',
    verified_name: options.verified_name ?? 'Convis Demo Shop',
    waba_name: 'Convis Demo',
    webhook_url: options.webhook_url ?? null,
    fail_after_send: { [DEMO_RECIPIENTS.fails_after_send]: 131049 },
  };
  const created = await call(base, 'POST', '/_sim/accounts', account);
  if (created.status === 409) {
    const { phone_number_id: id, ...patch } = account;
    expectOk(
      await call(base, 'PATCH', `/_sim/accounts/${id}`, { ...patch, token_expired: false }),
      'updating the demo account',
    );
  } else {
    expectOk(created, 'registering the demo account');
  }
  for (const template of demoTemplates(account.waba_id)) {
    const result = await call(base, 'POST', '/_sim/templates', template);
    if (result.status !== 409) expectOk(result, `creating template ${template.name}`);
  }
  const list = await call(base, 'GET', `/_sim/templates?waba_id=${account.waba_id}`);
  expectOk(list, 'listing templates');
  const templates = ((list.json as { data: Template[] }).data ?? []).map((t) => ({
    id: t.id,
    name: t.name,
    language: t.language,
    category: t.category,
    status: t.status,
  }));
  const stored = await call(base, 'GET', `/_sim/accounts/${account.phone_number_id}`);
  expectOk(stored, 'reading the demo account');
  const a = stored.json as Account;
  return {
    base_url: base,
    graph_url: `${base}/${DEMO_API_VERSION}`,
    api_version: DEMO_API_VERSION,
    phone_number_id: a.phone_number_id,
    waba_id: a.waba_id,
    access_token: a.access_token,
    app_secret: a.app_secret,
    app_id: a.app_id ?? SIM_APP_ID,
    display_phone_number: a.display_phone_number,
    verified_name: a.verified_name,
    webhook_url: a.webhook_url,
    templates,
    recipients: { ...DEMO_RECIPIENTS },
  };
}
