// Errors of the admin API (`/_sim/...`) and of the programmatic API: a status and a message.

export class SimError extends Error {
  readonly status: number;

  constructor(status: number, message: string) {
    super(message);
    this.name = 'SimError';
    this.status = status;
  }
}
