import { type AccountBehaviour, createSimulator, type Simulator } from '@convis/graph-simulator';
import { randomInt } from 'node:crypto';

export type { Simulator };

/** A Graph API simulator of this test file's own, on a free port. */
export function startSimulator(): Promise<Simulator> {
  return createSimulator({ port: 0, defaults: { webhook_url: null } });
}

/** Environment pointing the backend at the simulator, with fast retries for tests. */
export function simulatorEnv(
  simulator: Simulator,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    GRAPH_API_BASE_URL: simulator.url,
    GRAPH_API_TIMEOUT_MS: '1000',
    GRAPH_API_RETRY_BASE_MS: '5',
    GRAPH_API_RETRY_MAX_MS: '2000',
    ...extra,
  };
}

export interface SimulatedNumber {
  readonly phone_number_id: string;
  readonly waba_id: string;
  readonly access_token: string;
  readonly app_secret: string;
}

/**
 * Registers a business phone number at the simulator, with ids unique to this call, and how
 * Meta treats it (`behaviour`, for example `{ mps: 1000 }` for a HIGH throughput number).
 */
export function addNumber(
  simulator: Simulator,
  overrides: Partial<SimulatedNumber> = {},
  behaviour: AccountBehaviour = {},
): SimulatedNumber {
  const n = randomInt(1_000_000, 9_999_999);
  const number = {
    phone_number_id: `10${n}00001`,
    waba_id: `20${n}00001`,
    access_token: `EAAtest${n}token`,
    app_secret: `app-secret-${n}`,
    ...overrides,
  };
  simulator.addAccount({ ...behaviour, ...number, verified_name: 'Test Shop' });
  return number;
}
