import { Inject, Injectable } from '@nestjs/common';
import { type AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';

/**
 * Timing of the live-event stream and of the LISTEN connection behind it. Read on every use
 * (each new SSE connection, each reconnect), so tests can shorten them on a running app with
 * `app.get(EventsSettings)`. Production has no reason to change them.
 */
@Injectable()
export class EventsSettings {
  /**
   * `: ping` comment on every open stream: proxies keep it open, and a console that hears
   * nothing for 2.5 intervals knows within seconds that it lost the connection.
   */
  heartbeatMs = 2_000;
  /** Sent as `retry:` first: how long an EventSource-style client waits before reconnecting. */
  clientRetryMs = 3_000;
  /** First delay before reconnecting a lost LISTEN connection; doubles per failure (with jitter). */
  reconnectBaseMs = 500;
  reconnectMaxMs = 30_000;
  /**
   * The LISTEN connection runs `SELECT 1` this often: a connection that died silently (NAT or
   * firewall timeout, failover) is found in seconds rather than when TCP keepalive gives up.
   */
  livenessCheckMs = 30_000;
  /**
   * A stream ends after this long and the client reconnects with its current token. The guard
   * checks the token and the user once, when the stream opens: this bounds how long a removed
   * user or a revoked session keeps receiving events to one access-token lifetime.
   */
  maxStreamMs: number;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.maxStreamMs = config.jwt.accessTtlSeconds * 1000;
  }
}
