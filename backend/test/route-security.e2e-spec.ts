import { JwtService } from '@nestjs/jwt';
import { type OpenAPIObject } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import { createOpenApiDocument } from '../src/openapi/openapi.js';
import { addMember, registerAdmin, type SignedInUser } from './support/factories.js';
import { rawRequest, type RawResponse } from './support/raw-http.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/** Routes that may be called without a token; every other route must answer 401 without one. */
const PUBLIC_OPERATIONS = [
  'checkHealth',
  'login',
  'logout',
  // Meta's webhooks: authenticated by signature and verify token instead.
  'receiveAccountWebhook',
  'receiveWebhook',
  'refreshSession',
  'registerOrganization',
  'verifyAccountWebhook',
  'verifyWebhook',
];

interface Operation {
  readonly method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  readonly path: string;
  readonly operationId: string;
  readonly secured: boolean;
  /** `x-required-roles`: who may call it (undefined on public routes). */
  readonly roles: readonly string[] | undefined;
}

function operationsOf(document: OpenAPIObject): Operation[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    (['get', 'post', 'put', 'patch', 'delete'] as const).flatMap((method) => {
      const op = item[method];
      if (!op) return [];
      return [
        {
          method,
          // Any UUID will do: authentication is checked before the record is looked up.
          path: path.replace(/\{[^}]+\}/g, randomUUID()),
          operationId: op.operationId ?? `${method} ${path}`,
          secured: (op.security ?? []).some((s) => 'bearer' in s),
          roles: (op as { 'x-required-roles'?: string[] })['x-required-roles'],
        },
      ];
    }),
  );
}

describe('every route is behind the JWT guard unless public', () => {
  let t: TestApp;
  let operations: Operation[];
  let admin: SignedInUser;
  let member: SignedInUser;
  beforeAll(async () => {
    t = await createTestApp();
    operations = operationsOf(createOpenApiDocument(t.app));
    admin = await registerAdmin(t);
    member = await addMember(t, admin);
    await t.app.listen(0, '127.0.0.1');
    baseUrl = await t.app.getUrl();
  });
  afterAll(() => t.close());
  let baseUrl: string;

  const call = (op: Operation) => t.http[op.method](op.path).send({});
  /** The same call as `user`, over a real socket (the event stream answers with headers only). */
  const callAs = (op: Operation, user: SignedInUser): Promise<RawResponse> =>
    rawRequest(baseUrl, {
      method: op.method.toUpperCase(),
      path: op.path,
      headers: { ...user.auth, 'content-type': 'application/json' },
      body: '{}',
    });

  it('documents exactly the expected public routes as public', () => {
    const open = operations
      .filter((op) => !op.secured)
      .map((op) => op.operationId)
      .sort();
    expect(open).toEqual(PUBLIC_OPERATIONS);
    expect(operations.filter((op) => op.secured).length).toBeGreaterThan(0);
  });

  it('answers 401 on every secured route without a token', async () => {
    for (const op of operations.filter((o) => o.secured)) {
      const response = await call(op);
      expect({ op: op.operationId, status: response.status }).toEqual({
        op: op.operationId,
        status: 401,
      });
      expect(response.body).toMatchObject({ status_code: 401, error: 'Unauthorized' });
    }
  });

  it('answers 401 with an expired, a forged or a malformed token', async () => {
    const jwt = new JwtService();
    const claims = { org: admin.organizationId, role: 'admin' };
    const base = {
      subject: admin.id,
      issuer: 'convis-whatsapp',
      audience: 'access',
      algorithm: 'HS256' as const,
    };
    const expired = await jwt.signAsync(
      {
        ...claims,
        iat: Math.floor(Date.now() / 1000) - 3600,
        exp: Math.floor(Date.now() / 1000) - 60,
      },
      { ...base, secret: t.config.jwt.accessSecret },
    );
    const forged = await jwt.signAsync(claims, {
      ...base,
      secret: 'an attacker guessing the secret',
      expiresIn: 600,
    });
    const unsigned = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(
      JSON.stringify({ sub: admin.id, ...claims, aud: 'access', iss: 'convis-whatsapp' }),
    ).toString('base64url')}.`;

    for (const op of operations.filter((o) => o.secured)) {
      for (const [kind, token] of [
        ['expired', expired],
        ['forged', forged],
        ['alg none', unsigned],
        ['garbage', 'abc'],
      ]) {
        const response = await call(op).set('Authorization', `Bearer ${token}`);
        expect({ op: op.operationId, kind, status: response.status }).toEqual({
          op: op.operationId,
          kind,
          status: 401,
        });
      }
    }
  });

  it('documents who may call every secured route, and only there', () => {
    for (const op of operations) {
      expect({ op: op.operationId, roles: op.roles?.length ? 'set' : 'none' }).toEqual({
        op: op.operationId,
        roles: op.secured ? 'set' : 'none',
      });
    }
  });

  // The role model: admins connect, change and remove WhatsApp accounts (their secrets decide
  // which webhooks are believed) and manage members; members send, read and reply, and edit
  // contacts and their consent. Erasing a contact (it cannot be undone) and changing what every
  // contact's STOP does are admins' too.
  it('keeps accounts, members, contact erasure and consent keywords admin-only', () => {
    const adminOnly = operations.filter((o) => o.roles && !o.roles.includes('member'));
    expect(adminOnly.map((o) => o.operationId).sort()).toEqual([
      'createAccount',
      'createUser',
      'deleteAccount',
      'deleteContact',
      'deleteUser',
      'listUsers',
      'testAccount',
      'updateAccount',
      'updateConsentSettings',
      'updateUser',
      'verifyAccount',
    ]);
  });

  it('answers 403 to a member on every admin route, and never on the others', async () => {
    for (const op of operations.filter((o) => o.secured)) {
      const response = await callAs(op, member);
      const allowed = op.roles!.includes('member');
      expect({ op: op.operationId, forbidden: response.status === 403 }).toEqual({
        op: op.operationId,
        forbidden: !allowed,
      });
      if (!allowed) {
        expect(response.json).toMatchObject({
          status_code: 403,
          error: 'Forbidden',
          message: 'Only admin users may do this.',
        });
      }
    }
    await t.http.get('/api/auth/me').set(member.auth).expect(200);
  });

  it('lets an admin through on every route', async () => {
    for (const op of operations.filter((o) => o.secured)) {
      const response = await callAs(op, admin);
      expect({ op: op.operationId, refused: [401, 403].includes(response.status) }).toEqual({
        op: op.operationId,
        refused: false,
      });
    }
  });
});
