import { createHmac } from 'node:crypto';
import { isValidSignature, secretsEqual } from './webhook-signature.js';

const sign = (body: Buffer | string, secret: string) =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

describe('webhook signature', () => {
  // Meta escapes `/` and non-ASCII: the signature covers those exact bytes.
  const raw = Buffer.from('{"text":"caf\\u00e9 \\/ ok"}');

  it('accepts the HMAC-SHA256 of the raw bytes, in either hex case', () => {
    expect(isValidSignature(raw, sign(raw, 's3cret'), 's3cret')).toBe(true);
    expect(
      isValidSignature(
        raw,
        sign(raw, 's3cret').toUpperCase().replace('SHA256', 'sha256'),
        's3cret',
      ),
    ).toBe(true);
  });

  it('refuses a re-serialised body, another secret, a missing, truncated or malformed header', () => {
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(raw.toString())));
    expect(isValidSignature(raw, sign(reserialised, 's3cret'), 's3cret')).toBe(false);
    expect(isValidSignature(raw, sign(raw, 'other'), 's3cret')).toBe(false);
    expect(isValidSignature(raw, undefined, 's3cret')).toBe(false);
    expect(isValidSignature(raw, '', 's3cret')).toBe(false);
    expect(isValidSignature(raw, sign(raw, 's3cret').slice(0, -2), 's3cret')).toBe(false);
    expect(isValidSignature(raw, sign(raw, 's3cret').replace('sha256=', 'sha1='), 's3cret')).toBe(
      false,
    );
    expect(isValidSignature(raw, `sha256=${'z'.repeat(64)}`, 's3cret')).toBe(false);
  });

  it('compares verify tokens of any length', () => {
    expect(secretsEqual('abc', 'abc')).toBe(true);
    expect(secretsEqual('abc', 'abcd')).toBe(false);
    expect(secretsEqual('', 'abc')).toBe(false);
  });
});
