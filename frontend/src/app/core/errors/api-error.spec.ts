import { HttpErrorResponse } from '@angular/common/http';
import { anErrorBody } from '../../../testing/auth-fixtures';
import { apiFieldErrors, describeError } from './api-error';

function httpError(status: number, error: unknown = null): HttpErrorResponse {
  return new HttpErrorResponse({ status, statusText: 'Status', error, url: '/api/x' });
}

describe('describeError', () => {
  it("uses the server's message for client errors", () => {
    expect(
      describeError(httpError(409, anErrorBody(409, 'This email is already registered.'))),
    ).toBe('This email is already registered.');
  });

  it('says the server cannot be reached on network failures', () => {
    expect(describeError(httpError(0))).toBe(
      "Can't reach the server. Check your connection and try again.",
    );
  });

  it('gives a generic message with the request id for server errors', () => {
    expect(describeError(httpError(500, anErrorBody(500, 'Internal server error')))).toBe(
      'Something went wrong on the server. Please try again (reference req-123).',
    );
  });

  it('never shows the text of a non-HTTP error', () => {
    expect(describeError(new TypeError('x is undefined'))).toBe(
      'Something unexpected went wrong. Please reload the page and try again.',
    );
  });

  it('falls back to the status when the body is not ours', () => {
    expect(describeError(httpError(429, '<html>'))).toBe(
      'Too many attempts. Please wait a moment and try again.',
    );
    expect(describeError(httpError(404, '<html>'))).toBe('The request failed (404 Status).');
  });
});

describe('apiFieldErrors', () => {
  it('groups the messages of a 400 by field', () => {
    const error = httpError(
      400,
      anErrorBody(400, 'Validation failed', [
        { field: 'email', messages: ['email must be an email'] },
        { field: 'password', messages: ['too short'] },
        { field: 'email', messages: ['email is taken'] },
      ]),
    );

    expect(Object.fromEntries(apiFieldErrors(error))).toEqual({
      email: ['email must be an email', 'email is taken'],
      password: ['too short'],
    });
  });

  it('is empty for errors without details', () => {
    expect(apiFieldErrors(httpError(401, anErrorBody(401, 'No'))).size).toBe(0);
    expect(apiFieldErrors(new Error('boom')).size).toBe(0);
  });
});
