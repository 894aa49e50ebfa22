import { GraphApiError } from './graph-api.error.js';

const meta = (code: number, details = 'details') => ({
  error: {
    message: `(#${code}) message`,
    type: 'OAuthException',
    code,
    error_data: { messaging_product: 'whatsapp', details },
    fbtrace_id: 'AbCdEf',
  },
});

describe('GraphApiError', () => {
  it.each([
    [130429, 400, true],
    [131056, 400, true],
    [131000, 500, true],
    [4, 400, true],
    [131026, 400, false],
    [190, 401, false],
    [132001, 404, false],
    [132000, 400, false],
    [131047, 400, false],
    [100, 400, false],
  ])(
    'maps Meta code %i (HTTP %i) to retryable=%s with a plain explanation',
    (code, status, retryable) => {
      const error = GraphApiError.fromResponse(status, meta(code), undefined);
      expect(error).toMatchObject({
        code,
        httpStatus: status,
        retryable,
        details: 'details',
        fbtraceId: 'AbCdEf',
      });
      expect(error.explanation.length).toBeGreaterThan(10);
      expect(error.fix.length).toBeGreaterThan(10);
    },
  );

  it('treats any 5xx and 429 as retryable, whatever the code', () => {
    expect(GraphApiError.fromResponse(503, undefined, undefined).retryable).toBe(true);
    expect(GraphApiError.fromResponse(429, meta(100), 2)).toMatchObject({
      retryable: true,
      retryAfterSeconds: 2,
    });
  });

  it('explains the closed 24-hour window and the fix', () => {
    const error = GraphApiError.fromResponse(400, meta(131047), undefined);
    expect(error.title).toBe('Customer service window closed');
    expect(error.fix).toMatch(/template/);
  });

  it('gives unknown codes a generic, non-retryable meaning', () => {
    expect(GraphApiError.fromResponse(400, meta(999_999), undefined)).toMatchObject({
      retryable: false,
      title: 'Meta error',
    });
  });
});
