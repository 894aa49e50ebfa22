import { createServer, type Server } from 'node:net';
import { ConfigError } from '../config/app-config.js';
import { describeStartFailure, listenFailure, StartFailure } from './start-failure.js';

/** What Node reports when `port` is taken: a real listen on a port in use. */
async function listenError(port: number): Promise<unknown> {
  const second = createServer();
  return new Promise((resolve) => {
    second.once('error', resolve);
    second.listen(port, '127.0.0.1', () => second.close(() => resolve(undefined)));
  });
}

describe('start failures', () => {
  let taken: Server;
  let port: number;
  beforeAll(async () => {
    taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    port = (taken.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => taken.close(() => resolve())));

  it('names the port in use and the variable to change', async () => {
    const failure = listenFailure(await listenError(port), 'The API', {
      host: '127.0.0.1',
      port,
      portVariable: 'PORT',
      hostVariable: 'HOST',
    });

    expect(failure).toBeInstanceOf(StartFailure);
    expect(describeStartFailure(failure)).toBe(
      `Could not start: The API cannot listen on 127.0.0.1:${port}: the port is in use by another program. ` +
        'Set PORT to a free port, or stop the program using it.',
    );
  });

  it('leaves errors it cannot explain as they are, and prints their stack', () => {
    const bug = new TypeError('x is not a function');
    expect(listenFailure(bug, 'The API', { host: 'h', port: 1, portVariable: 'PORT' })).toBe(bug);
    expect(describeStartFailure(bug)).toMatch(
      /^Could not start, unexpected error: TypeError: x is not a function\n\s+at /,
    );
  });

  it('says something even when the failure carries nothing', () => {
    expect(describeStartFailure(undefined)).toBe(
      'Could not start, unexpected error: it came with no reason; the log above (LOG_LEVEL=debug shows more) has the last step.',
    );
  });

  it('prints configuration errors as they are written', () => {
    expect(describeStartFailure(new ConfigError('PORT must be a whole number.'))).toBe(
      'Configuration error: PORT must be a whole number.',
    );
  });
});
