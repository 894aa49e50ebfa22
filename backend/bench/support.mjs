// What both benchmarks need: Meta-shaped deliveries, a registered organization with one
// connected account, JSON POSTs and free ports.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';

/**
 * Node's flags for a backend, as `npm start` and the Dockerfile run it: V8 otherwise sizes the
 * young generation by the machine's memory and keeps about 130 MB of it once startup has grown it.
 */
export const BACKEND_NODE_FLAGS = ['--max-semi-space-size=16'];

/**
 * A `field: "messages"` webhook delivery for one business number, as Meta sends it (its JSON
 * text): `value` adds the `statuses` or `messages` (and `contacts`) of the change.
 */
export function messagesDelivery({ wabaId, phoneNumberId }, value) {
  return JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: wabaId,
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550000000', phone_number_id: phoneNumberId },
              ...value,
            },
          },
        ],
      },
    ],
  });
}

/**
 * Registers an organization through the API and connects `number` (on the simulator) to it;
 * returns the account id and the organization id.
 */
export async function seedAccount(api, number) {
  const register = await post(`${api}/api/auth/register`, {
    email: `bench-${Date.now()}@example.com`,
    password: 'quiet lantern orbit 42',
    name: 'Bench',
    organization_name: 'Bench Co',
  });
  const account = await post(
    `${api}/api/whatsapp/accounts`,
    {
      label: 'Bench',
      phone_number_id: number.phoneNumberId,
      waba_id: number.wabaId,
      access_token: number.accessToken,
      app_secret: number.appSecret,
    },
    { Authorization: `Bearer ${register.access_token}` },
  );
  return { accountId: account.id, organizationId: register.user.organization.id };
}

/** POSTs JSON and returns the JSON answer; throws with the answer's text when it is not 2xx. */
export async function post(url, body, headers = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${url} answered ${response.status}: ${await response.text()}`);
  return response.json();
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Adds figures to the run's summary (`npm run bench` prints them in one table at the end):
 * `{ figure, value, target, ok }` rows appended to the JSON file BENCH_RESULTS names, if any.
 */
export function recordFigures(rows) {
  const file = process.env.BENCH_RESULTS;
  if (!file) return;
  const earlier = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : [];
  writeFileSync(file, JSON.stringify([...earlier, ...rows], null, 2));
}
