// Injected failures: the next `count` matching Graph calls fail the chosen way.
import { shortId } from './ids.ts';
import type { Fault, FaultEndpoint, FaultInput } from './types.ts';

export interface CallContext {
  endpoint: FaultEndpoint | undefined;
  /** The phone number the call is for, when there is one. */
  phoneNumberId: string | undefined;
}

export class FaultQueue {
  #faults: Fault[] = [];

  add(input: FaultInput): Fault {
    const count = input.count ?? 1;
    const fault: Fault = {
      ...input,
      id: shortId('fault'),
      count,
      remaining: count,
      created_at: new Date().toISOString(),
    };
    this.#faults.push(fault);
    return fault;
  }

  /** The first fault matching this call (oldest first), consuming one of its uses. */
  take(call: CallContext): Fault | undefined {
    const fault = this.#faults.find(
      (f) =>
        f.remaining > 0 &&
        (f.phone_number_id === undefined || f.phone_number_id === call.phoneNumberId) &&
        (f.endpoint === undefined || f.endpoint === call.endpoint),
    );
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining === 0) this.#faults = this.#faults.filter((f) => f !== fault);
    return { ...fault };
  }

  list(): Fault[] {
    return this.#faults.map((f) => ({ ...f }));
  }

  clear(): void {
    this.#faults = [];
  }
}
