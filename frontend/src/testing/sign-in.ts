import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { UserResponseDto } from '../app/core/api/models/user-response-dto';
import { AuthService } from '../app/core/auth/auth.service';
import { aUser, anAuthResponse } from './auth-fixtures';

/** Signs in through the real login call as a user with `role` (call after configuring TestBed). */
export async function signInAs(role: UserResponseDto['role']): Promise<void> {
  const login = TestBed.inject(AuthService).login({
    email: 'ada@example.com',
    password: 'correct horse battery',
  });
  TestBed.inject(HttpTestingController)
    .expectOne('/api/auth/login')
    .flush(anAuthResponse(1, aUser({ role })));
  await login;
}
