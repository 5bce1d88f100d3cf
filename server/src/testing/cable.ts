/**
 * A network cable between a client and a server, for tests: a TCP forwarder on 127.0.0.1 port 0 whose
 * target can change (a server process restarted on another port) and that can be unplugged (every open
 * connection is cut, new ones are refused at once: the far side looks unreachable) and plugged back.
 */
import net from 'node:net';

export interface Cable {
  /** http://127.0.0.1:<port> of the forwarder. */
  url: string;
  /** Cuts every open connection and resets new ones until `plug()`. */
  unplug(): void;
  /** Forwards again (to `target` when given: "http://host:port"). */
  plug(target?: string): void;
  /** Sees every chunk after it was forwarded ('up': client → server, 'down': the answers); null = none. */
  tap(fn: ((direction: 'up' | 'down', chunk: Buffer) => void) | null): void;
  close(): Promise<void>;
}

export async function startCable(target: string): Promise<Cable> {
  let to = new URL(target);
  let plugged = true;
  const open = new Set<net.Socket>();
  let tap: ((direction: 'up' | 'down', chunk: Buffer) => void) | null = null;
  const server = net.createServer((client) => {
    if (!plugged) return client.resetAndDestroy();
    const upstream = net.connect(Number(to.port), to.hostname);
    open.add(client).add(upstream);
    const done = () => {
      open.delete(client);
      open.delete(upstream);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', done).on('close', done);
    upstream.on('error', done).on('close', done);
    client.on('data', (chunk: Buffer) => {
      upstream.write(chunk);
      tap?.('up', chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      client.write(chunk);
      tap?.('down', chunk);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  const cutAll = () => {
    for (const s of open) s.destroy();
    open.clear();
  };
  return {
    url: `http://127.0.0.1:${port}`,
    unplug() {
      plugged = false;
      cutAll();
    },
    plug(next) {
      if (next) to = new URL(next);
      plugged = true;
    },
    tap(fn) {
      tap = fn;
    },
    async close() {
      cutAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
