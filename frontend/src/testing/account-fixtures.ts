import type { ConnectionStepDto } from '../app/core/api/models/connection-step-dto';
import type { ConnectionTestFailedResponseDto } from '../app/core/api/models/connection-test-failed-response-dto';
import type { ConnectionTestResponseDto } from '../app/core/api/models/connection-test-response-dto';
import type { AccountResponseDto } from '../app/core/api/models/account-response-dto';

/** A connection test where every step passed. */
export function aPassedConnectionTest(
  overrides: Partial<ConnectionTestResponseDto> = {},
): ConnectionTestResponseDto {
  return {
    success: true,
    display_phone_number: '+1 555-010-0001',
    verified_name: 'Acme Support',
    quality_rating: 'GREEN',
    throughput_level: 'STANDARD',
    messaging_limit: 'TIER_2K',
    steps: [
      { key: 'token', name: 'Access token accepted', ok: true, detail: 'Meta accepted the token.' },
      {
        key: 'phone_number',
        name: 'Phone number reachable',
        ok: true,
        detail: '+1 555-010-0001 (Acme Support)',
      },
      {
        key: 'business_account',
        name: 'Number belongs to the business account',
        ok: true,
        detail: 'Phone number 106540352242922 is in WhatsApp Business Account 102290129340398.',
      },
      { key: 'quality', name: 'Quality rating', ok: true, detail: 'GREEN: high quality.' },
      { key: 'throughput', name: 'Throughput', ok: true, detail: 'STANDARD.' },
    ],
    ...overrides,
  };
}

/** A connection test that stopped at the token: Meta refused it. */
export function aFailedConnectionTest(
  failing: Partial<ConnectionStepDto> = {},
): ConnectionTestResponseDto {
  return {
    success: false,
    display_phone_number: null,
    verified_name: null,
    quality_rating: null,
    throughput_level: null,
    messaging_limit: null,
    steps: [
      {
        key: 'token',
        name: 'Access token accepted',
        ok: false,
        detail: 'Invalid OAuth access token: the token has expired.',
        ...failing,
      },
    ],
  };
}

/** The 422 body of a save whose connection test failed. */
export function aConnectionTestFailedBody(
  result: ConnectionTestResponseDto = aFailedConnectionTest(),
): ConnectionTestFailedResponseDto {
  const failed = result.steps.find((step) => !step.ok);
  return {
    status_code: 422,
    error: 'Unprocessable Entity',
    message: `The connection test failed at "${failed?.name}": ${failed?.detail}. Nothing was saved.`,
    request_id: 'req-422',
    connection_test: result,
  };
}

/** A connected WhatsApp account as the API returns it. */
export function aAccount(overrides: Partial<AccountResponseDto> = {}): AccountResponseDto {
  const id = overrides.id ?? '7f9a2c1e-3b4d-4e5f-8a6b-9c0d1e2f3a4b';
  return {
    id,
    label: 'Support line',
    phone_number_id: '106540352242922',
    waba_id: '102290129340398',
    app_id: null,
    display_phone_number: '+1 555-010-0001',
    verified_name: 'Acme Support',
    quality_rating: 'GREEN',
    throughput_level: 'STANDARD',
    messaging_limit: 'TIER_2K',
    status: 'active',
    access_token_mask: '••••a1b2',
    app_secret_mask: '••••2543',
    webhook: {
      callback_url: `https://convis.example.com/api/webhooks/whatsapp/${id}`,
      verify_token: 'wvt_9c2f0e4b7a1d4c8e9f3a6b5d2c1e0f7a',
    },
    last_check: aPassedConnectionTest(),
    last_verified_at: '2026-11-24T11:00:00.000Z',
    last_webhook_at: '2026-11-24T11:58:00.000Z',
    created_at: '2026-11-20T09:00:00.000Z',
    updated_at: '2026-11-24T11:00:00.000Z',
    ...overrides,
  };
}
