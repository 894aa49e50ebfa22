import { safeReturnUrl } from './return-url';

describe('safeReturnUrl', () => {
  it('keeps in-app paths with their query', () => {
    expect(safeReturnUrl('/campaigns?page=2')).toBe('/campaigns?page=2');
  });

  it.each([
    undefined,
    null,
    '',
    'https://evil.example',
    '//evil.example',
    '/\\evil.example',
    '/login',
    '/register?x=1',
    '/',
  ])('falls back to the dashboard for %s', (returnUrl) => {
    expect(safeReturnUrl(returnUrl)).toBe('/dashboard');
  });
});
