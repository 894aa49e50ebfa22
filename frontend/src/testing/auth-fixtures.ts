import type { AuthResponseDto } from '../app/core/api/models/auth-response-dto';
import type { ErrorResponseDto } from '../app/core/api/models/error-response-dto';
import type { UserResponseDto } from '../app/core/api/models/user-response-dto';

/** A signed-in user as `GET /api/auth/me` returns it. */
export function aUser(overrides: Partial<UserResponseDto> = {}): UserResponseDto {
  return {
    id: '5d7c1e2a-8b4f-4f7a-9c3d-2e1f0a9b8c7d',
    email: 'ada@example.com',
    name: 'Ada Lovelace',
    role: 'admin',
    organization: { id: '0b9f7a3e-6a53-4c0e-9a55-1f1d3f0a8c11', name: 'Acme Ltd' },
    created_at: '2026-11-24T12:00:00.000Z',
    ...overrides,
  };
}

/** A login / register / refresh response; `n` numbers the token pair. */
export function anAuthResponse(n = 1, user: UserResponseDto = aUser()): AuthResponseDto {
  return {
    access_token: `access-${n}`,
    refresh_token: `refresh-${n}`,
    token_type: 'Bearer',
    expires_in: 900,
    user,
  };
}

/** The backend's error body. */
export function anErrorBody(
  status_code: number,
  message: string,
  details?: ErrorResponseDto['details'],
): ErrorResponseDto {
  return {
    status_code,
    error: 'Error',
    message,
    request_id: 'req-123',
    ...(details ? { details } : {}),
  };
}

/** Lets pending promise callbacks (and the HTTP calls they make) run. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
