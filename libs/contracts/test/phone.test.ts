import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  checkPhoneNumber,
  formatPhoneNumber,
  isPhoneRecipient,
  parseRecipient,
  phoneCountry,
} from '../src/phone.ts';

describe('checkPhoneNumber', () => {
  it('takes possible international numbers, however they are spaced', () => {
    for (const typed of [
      '+15550101234',
      '+1 (555) 010-1234',
      '+1.555.010.1234',
      ' +44 7700 900123 ',
      '+353 86 123 4567',
    ]) {
      const check = checkPhoneNumber(typed);
      assert.equal(check.ok, true, typed);
    }
    assert.deepEqual(checkPhoneNumber('+44 7700 900123'), {
      ok: true,
      e164: '+447700900123',
      callingCode: '44',
    });
  });

  it('says why a number is refused', () => {
    const problem = (typed: string) => {
      const check = checkPhoneNumber(typed);
      return check.ok ? 'ok' : [check.problem, check.callingCode];
    };
    assert.deepEqual(problem('+1555abc'), ['not-digits', null]);
    assert.deepEqual(problem('+15550101234 call me'), ['not-digits', null]);
    assert.deepEqual(problem('5550101234'), ['no-country-code', null]);
    assert.deepEqual(problem('+999 1234 5678'), ['unknown-country-code', null]);
    assert.deepEqual(problem('+0123456789'), ['unknown-country-code', null]);
    assert.deepEqual(problem('+1555'), ['too-short', '1']);
    assert.deepEqual(problem('+'), ['too-short', null]);
    assert.deepEqual(problem('+44 7700 900123 4567'), ['too-long', '44']);
  });

  it('takes ASCII digits only', () => {
    assert.deepEqual(checkPhoneNumber('+１５５５０１０１２３４'), {
      ok: false,
      problem: 'not-digits',
      callingCode: null,
    });
  });
});

describe('parseRecipient', () => {
  it('reads a phone number into its wa_id', () => {
    assert.deepEqual(parseRecipient('+1 555-010-1234'), {
      ok: true,
      recipient: { kind: 'phone', waId: '15550101234', display: '+15550101234' },
    });
  });

  it('reads a business-scoped user id', () => {
    assert.deepEqual(parseRecipient('US.13491208655302741918'), {
      ok: true,
      recipient: { kind: 'user', userId: 'US.13491208655302741918' },
    });
    assert.equal(isPhoneRecipient('US.1349'), false);
  });

  it('refuses a number without country code and text that is neither', () => {
    assert.deepEqual(parseRecipient('(555) 010-1234'), { ok: false, problem: 'no-country-code' });
    assert.deepEqual(parseRecipient('x!'), { ok: false, problem: 'not-a-recipient' });
    // Words are not user ids: Meta's have a country code and a period first.
    for (const word of ['bad', 'john.doe', 'us.1349', 'USA.1349', 'US.', 'US.12-34'])
      assert.deepEqual(parseRecipient(word), { ok: false, problem: 'not-a-recipient' }, word);
  });
});

describe('phoneCountry', () => {
  it('names the country of a number, telling apart countries that share a calling code', () => {
    assert.equal(phoneCountry('+14155550123'), 'US');
    assert.equal(phoneCountry('+14165550123'), 'CA');
    assert.equal(phoneCountry('+4915123456789'), 'DE');
    assert.equal(phoneCountry('+5511987654321'), 'BR');
    // Fictional numbers (555) belong to no country.
    assert.equal(phoneCountry('+15550101234'), null);
  });
});

describe('formatPhoneNumber', () => {
  it('groups a number as its country writes it', () => {
    assert.equal(formatPhoneNumber('+15550101234'), '+1 555 010 1234');
    assert.equal(formatPhoneNumber('+447700900123'), '+44 7700 900123');
    assert.equal(formatPhoneNumber('+5511987654321'), '+55 11 98765 4321');
    assert.equal(formatPhoneNumber('not a number'), 'not a number');
  });
});
