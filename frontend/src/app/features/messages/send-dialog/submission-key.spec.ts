import { SubmissionKeys, newIdempotencyKey } from './submission-key';

describe('SubmissionKeys', () => {
  let counter: number;
  let keys: SubmissionKeys;

  beforeEach(() => {
    counter = 0;
    keys = new SubmissionKeys(() => `key-${++counter}`);
  });

  it('reuses the key while the same message is sent again without a definite answer', () => {
    expect(keys.keyFor({ text: 'Hi' })).toBe('key-1');
    expect(keys.keyFor({ text: 'Hi' })).toBe('key-1');
  });

  it('uses a new key for another message or after a definite answer', () => {
    keys.keyFor({ text: 'Hi' });
    expect(keys.keyFor({ text: 'Hi!' })).toBe('key-2');
    keys.settle();
    expect(keys.keyFor({ text: 'Hi!' })).toBe('key-3');
  });
});

describe('newIdempotencyKey', () => {
  const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

  it('makes UUID v4s, also without crypto.randomUUID', () => {
    expect(newIdempotencyKey()).toMatch(UUID_V4);
    const original = Object.getOwnPropertyDescriptor(crypto, 'randomUUID');
    try {
      Object.defineProperty(crypto, 'randomUUID', { value: undefined, configurable: true });
      const key = newIdempotencyKey();
      expect(key).toMatch(UUID_V4);
      expect(newIdempotencyKey()).not.toBe(key);
    } finally {
      if (original) Object.defineProperty(crypto, 'randomUUID', original);
      else Reflect.deleteProperty(crypto, 'randomUUID');
    }
  });
});
