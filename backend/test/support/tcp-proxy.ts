import { createConnection, createServer, type Socket } from 'node:net';
import { once } from 'node:events';
import { type AddressInfo } from 'node:net';

/**
 * A TCP proxy in front of the test PostgreSQL that can freeze: connections stay open but no
 * byte passes either way, as with a hung database host. The shared server itself is never
 * touched (other test files use it).
 */
export interface TcpProxy {
  readonly port: number;
  /** Client connections open right now (the app's pool connections through the proxy). */
  readonly openConnections: number;
  /** Client connections the app closed while frozen (nothing else closes them then). */
  readonly closedWhileFrozen: number;
  /** From now on nothing is forwarded; new connections are accepted and held. */
  freeze(): void;
  /** Forwards everything held back, in order, and carries on. */
  thaw(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let frozen = false;
  const held: Array<() => void> = [];
  const sockets = new Set<Socket>();
  let clients = 0;
  let closedWhileFrozen = 0;

  /** Forwards `from` to `to`, holding chunks back while frozen. */
  const forward = (from: Socket, to: Socket): void => {
    from.on('data', (chunk: Buffer) => {
      if (frozen) held.push(() => to.write(chunk));
      else to.write(chunk);
    });
    from.on('close', () => to.destroy());
    from.on('error', () => to.destroy());
  };

  const server = createServer((client) => {
    clients++;
    client.once('close', () => {
      clients--;
      if (frozen) closedWhileFrozen++;
    });
    const upstream = createConnection(target);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
    }
    forward(client, upstream);
    forward(upstream, client);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');

  return {
    port: (server.address() as AddressInfo).port,
    get openConnections() {
      return clients;
    },
    get closedWhileFrozen() {
      return closedWhileFrozen;
    },
    freeze() {
      frozen = true;
    },
    thaw() {
      frozen = false;
      for (const send of held.splice(0)) send();
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, 'close');
    },
  };
}
