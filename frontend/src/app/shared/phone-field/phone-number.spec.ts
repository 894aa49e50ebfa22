import { FormControl } from '@angular/forms';
import { countryByIso, countryOfNumber } from './countries';
import { composePhoneNumber, internationalPhoneValidator, phoneErrorMessage } from './phone-number';

describe('composePhoneNumber', () => {
  const uk = countryByIso('GB');
  const italy = countryByIso('IT');

  it('keeps international numbers, dropping separators', () => {
    expect(composePhoneNumber('+44 (7700) 900-123', null)).toBe('+447700900123');
    expect(composePhoneNumber('0044 7700 900123', null)).toBe('+447700900123');
  });

  it("puts the country's code before national numbers, without the trunk 0", () => {
    expect(composePhoneNumber('07700 900123', uk)).toBe('+447700900123');
    expect(composePhoneNumber('06 1234 5678', italy)).toBe('+390612345678');
  });

  it('leaves what is not a number as typed, for the validator', () => {
    expect(composePhoneNumber('call me', uk)).toBe('call me');
    expect(composePhoneNumber('7700900123', null)).toBe('7700900123');
  });
});

describe('internationalPhoneValidator', () => {
  const errors = (value: string) => internationalPhoneValidator(new FormControl(value));

  it('accepts possible international numbers', () => {
    expect(errors('+15550101234')).toBeNull();
    expect(errors('+44 7700 900123')).toBeNull();
    expect(errors('')).toBeNull();
  });

  it('explains what is wrong', () => {
    expect(errors('+1555abc')).toEqual({
      format: 'Use digits only (spaces, dashes and brackets are fine), after a +.',
    });
    expect(errors('5550101234')).toEqual({
      format: 'Start with + and the country code, or choose the country.',
    });
    expect(errors('+0123456789')).toEqual({ format: 'A country code never starts with 0.' });
    expect(errors('+999 1234 5678')).toEqual({
      format: 'No country has the code this number starts with: check the digits after +.',
    });
    expect(errors('+1555')).toEqual({
      phoneNumber: { problem: 'too-short', callingCode: '1', incomplete: true },
    });
    expect(errors('+1234567890123456')).toEqual({
      phoneNumber: { problem: 'too-long', callingCode: '1', incomplete: false },
    });
  });

  it('accepts exactly the numbers the API accepts (its phone rule, not any 8 to 15 digits)', () => {
    for (const typed of ['+15550101234', '+44 7700 900123', '+3537700900123', '+447700900']) {
      expect({ typed, errors: errors(typed) }).toEqual({ typed, errors: null });
    }
    // 10 digits after +44: more than 8 to 15 digits allows, but no UK number is that long.
    expect(errors('+4477009001')).toEqual({
      phoneNumber: { problem: 'invalid-length', callingCode: '44', incomplete: true },
    });
  });
});

describe('phoneErrorMessage', () => {
  it('says what is wrong with the length, for the country code typed', () => {
    const message = (problem: 'too-short' | 'too-long' | 'invalid-length') =>
      phoneErrorMessage({ problem, callingCode: '44', incomplete: problem !== 'too-long' });
    expect(message('too-short')).toBe('Too short: +44 numbers have more digits.');
    expect(message('too-long')).toBe('Too long: +44 numbers have fewer digits.');
    expect(message('invalid-length')).toBe(
      'Check the number: +44 numbers do not have this many digits.',
    );
  });
});

describe('countryOfNumber', () => {
  it('finds the country of a calling code', () => {
    expect(countryOfNumber('447700900123')?.iso).toBe('GB');
    expect(countryOfNumber('15550101234')?.iso).toBe('US');
    expect(countryOfNumber('353861234567')?.iso).toBe('IE');
    expect(countryOfNumber('999')).toBeNull();
  });
});
