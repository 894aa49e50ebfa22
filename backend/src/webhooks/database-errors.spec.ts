import { describeError, isTransientDatabaseError } from './database-errors.js';

const pgError = (code: string, message = 'boom') => Object.assign(new Error(message), { code });
/** Drizzle wraps the driver's error, with the query and its parameters in the message. */
const wrapped = (cause: Error) =>
  Object.assign(new Error('Failed query: insert into … params: secret'), { cause });

describe('database errors', () => {
  it.each([
    [
      'connection refused',
      Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
    ],
    ['deadlock', pgError('40P01')],
    ['serialization failure', pgError('40001')],
    ['admin shutdown', pgError('57P01')],
    ['connection failure', pgError('08006')],
    ['read-only server', pgError('25006')],
    ['lost connection', new Error('Connection terminated unexpectedly')],
    ['wrapped deadlock', wrapped(pgError('40P01'))],
  ])('retries the whole event after a %s', (_name, error) => {
    expect(isTransientDatabaseError(error)).toBe(true);
  });

  it.each([
    ['check violation', pgError('23514')],
    ['undefined table', pgError('42P01')],
    ['bad value', new RangeError('Invalid time value')],
    ['wrapped constraint', wrapped(pgError('23505'))],
  ])('treats a %s as the item’s own failure', (_name, error) => {
    expect(isTransientDatabaseError(error)).toBe(false);
  });

  it("describes the driver's error, never the query and its parameters", () => {
    expect(describeError(wrapped(pgError('23514', 'violates check')))).toBe(
      '23514: violates check',
    );
    expect(describeError(new Error('plain'))).toBe('plain');
  });
});
