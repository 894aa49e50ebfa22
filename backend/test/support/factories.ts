import { randomUUID } from 'node:crypto';
import { type TestApp } from './test-app.js';

export interface SignedInUser {
  readonly id: string;
  readonly email: string;
  readonly password: string;
  readonly organizationId: string;
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly auth: { Authorization: string };
}

/** Registers a new organization with its admin through the public API. */
export async function registerAdmin(
  t: TestApp,
  overrides: { organization?: string } = {},
): Promise<SignedInUser> {
  const email = `admin-${randomUUID().slice(0, 8)}@example.com`;
  const password = 'correct horse battery';
  const response = await t.http
    .post('/api/auth/register')
    .send({
      email,
      password,
      name: 'Ada Admin',
      organization_name: overrides.organization ?? 'Acme',
    })
    .expect(201);
  return signedIn(response.body as AuthBody, password);
}

/** Adds a member (or admin) to the admin's organization and signs them in. */
export async function addMember(
  t: TestApp,
  admin: SignedInUser,
  role: 'admin' | 'member' = 'member',
): Promise<SignedInUser> {
  const email = `${role}-${randomUUID().slice(0, 8)}@example.com`;
  const password = 'member password 1';
  await t.http
    .post('/api/users')
    .set(admin.auth)
    .send({ email, password, name: 'Mo Member', role })
    .expect(201);
  const login = await t.http.post('/api/auth/login').send({ email, password }).expect(200);
  return signedIn(login.body as AuthBody, password);
}

interface AuthBody {
  access_token: string;
  refresh_token: string;
  user: { id: string; email: string; organization: { id: string } };
}

function signedIn(body: AuthBody, password: string): SignedInUser {
  return {
    id: body.user.id,
    email: body.user.email,
    password,
    organizationId: body.user.organization.id,
    accessToken: body.access_token,
    refreshToken: body.refresh_token,
    auth: { Authorization: `Bearer ${body.access_token}` },
  };
}
