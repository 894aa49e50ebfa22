import { randomBytes } from 'node:crypto';
import { passwordProblem } from './password-strength.js';

const ada = { email: 'ada.lovelace@example.com', name: 'Ada Lovelace' };

describe('passwordProblem', () => {
  it.each(['password123', 'qwertyuiop', '12345678', 'P@ssw0rd!', 'iloveyou2'])(
    'refuses the common password %s, saying why',
    (password) => {
      const problem = passwordProblem(password, ada);
      expect(problem).toMatch(/^password is too easy to guess\. \S/);
    },
  );

  it('names the reason and a way out for a common password', () => {
    expect(passwordProblem('password123')).toBe(
      'password is too easy to guess. This is a commonly used password. Add more words that are less common.',
    );
  });

  it.each(['        ', '\t\t\t\t\t\t\t\t', ' \u00a0 \u3000    '])(
    'refuses a password of white space only (%j)',
    (password) => {
      expect(passwordProblem(password, ada)).toBe('password must not be only spaces');
    },
  );

  it('refuses the email itself, in any case, and a password that contains it', () => {
    expect(passwordProblem('ada.lovelace@example.com', ada)).toBe(
      'password must not contain the user’s email address',
    );
    expect(passwordProblem('ADA.Lovelace@Example.com', ada)).toBe(
      'password must not contain the user’s email address',
    );
    expect(passwordProblem('my ada.lovelace@example.com!', ada)).toBe(
      'password must not contain the user’s email address',
    );
  });

  it('refuses the name itself, a password that contains it, and one built on its parts', () => {
    expect(passwordProblem('Ada Lovelace', ada)).toBe('password must not contain the user’s name');
    expect(passwordProblem('AdaLovelace#1815', ada)).toBe(
      'password must not contain the user’s name',
    );
    expect(passwordProblem('Lovelace!Ada', ada)).toMatch(
      /^password is too easy to guess\. It contains the user’s name or email\. Add more words/,
    );
  });

  it('does not refuse words that merely contain a short name', () => {
    expect(
      passwordProblem('rainbow harbor 1987 kite', { email: 'bo@example.com', name: 'Bo' }),
    ).toBe(undefined);
  });

  it('judges the same password differently for someone it does not describe', () => {
    expect(passwordProblem('Lovelace!Ada', { email: 'bo@example.com', name: 'Bo' })).toBe(
      undefined,
    );
  });

  it.each([
    'correct horse battery',
    'violet canal ledger 42',
    'Sturdy-Lantern-7f3a!',
    // Long random passwords from a password manager.
    'xV9#qLm2$Tz8!pR4wK7&nB3^hJ6*cF1@dG5%sY0(eU'.repeat(3),
  ])('accepts a strong password (%s)', (password) => {
    expect(passwordProblem(password, ada)).toBeUndefined();
  });

  it('judges a long random password quickly (registration is public)', () => {
    passwordProblem('warm up', ada);
    const started = performance.now();
    expect(passwordProblem(randomBytes(96).toString('base64'), ada)).toBeUndefined();
    // 1–2 s of CPU without the length bound; a generous limit for a loaded test machine.
    expect(performance.now() - started).toBeLessThan(500);
  });
});
