/**
 * An in-memory `navigator.locks` (jsdom has none): exclusive locks granted in request order, like
 * the browser's, shared by every "tab" a spec creates in one window.
 */
export class FakeLockManager implements Pick<LockManager, 'request'> {
  private readonly queues = new Map<string, Promise<unknown>>();
  /** How many callbacks have been granted a lock, by name. */
  readonly granted = new Map<string, number>();

  request<T>(name: string, callback: LockGrantedCallback<T>): Promise<Awaited<T>>;
  request<T>(
    name: string,
    _options: LockOptions,
    callback: LockGrantedCallback<T>,
  ): Promise<Awaited<T>>;
  request<T>(
    name: string,
    optionsOrCallback: LockOptions | LockGrantedCallback<T>,
    maybeCallback?: LockGrantedCallback<T>,
  ): Promise<Awaited<T>> {
    const callback = typeof optionsOrCallback === 'function' ? optionsOrCallback : maybeCallback;
    if (!callback) throw new TypeError('A lock callback is required.');
    const previous = this.queues.get(name) ?? Promise.resolve();
    const run = previous.then(() => {
      this.granted.set(name, (this.granted.get(name) ?? 0) + 1);
      return callback({ name, mode: 'exclusive' });
    }) as Promise<Awaited<T>>;
    this.queues.set(
      name,
      run.then(
        () => undefined,
        () => undefined,
      ),
    );
    return run;
  }
}
