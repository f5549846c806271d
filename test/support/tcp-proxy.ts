import { createServer, type Server, type Socket, connect } from 'node:net';

/**
 * A TCP relay on loopback in front of a real server, which a test can cut (every connection reset, new
 * ones refused) or silence (a network partition: no byte gets through, new connections hang), and
 * restore: the server looks gone to the client without stopping the shared service.
 */
export class TcpProxy {
  private readonly pairs = new Set<{ client: Socket; upstream?: Socket }>();
  private mode: 'up' | 'refusing' | 'silent' = 'up';

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static start(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
    return new Promise((resolve, reject) => {
      let proxy: TcpProxy | undefined;
      const server = createServer((client) => proxy?.accept(client, targetPort, targetHost));
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        proxy = new TcpProxy(server, (server.address() as { port: number }).port);
        resolve(proxy);
      });
    });
  }

  cut(): void {
    this.mode = 'refusing';
    for (const { client, upstream } of this.pairs) {
      client.resetAndDestroy();
      upstream?.resetAndDestroy();
    }
    this.pairs.clear();
  }

  /**
   * Open connections carry no byte, ever; new ones are accepted and never answered. A side that closes
   * still closes the other: unlike a real partition, the relay lets that through.
   */
  silence(): void {
    this.mode = 'silent';
    for (const { client, upstream } of this.pairs) {
      for (const socket of upstream ? [client, upstream] : [client]) {
        // Read and drop, so that nothing reaches the other side and no buffer fills. unpipe() paused the
        // socket, and a paused socket would never see its peer go: resume it, or its pair never closes.
        socket.unpipe();
        socket.on('data', () => undefined).resume();
      }
    }
  }

  /** New connections go through again; silenced ones stay silent, as after a partition heals for new flows. */
  restore(): void {
    this.mode = 'up';
  }

  close(): Promise<void> {
    this.cut();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket, targetPort: number, targetHost: string): void {
    if (this.mode === 'refusing') return void client.resetAndDestroy();
    client.on('error', () => undefined);
    if (this.mode === 'silent') {
      const pair = { client };
      this.pairs.add(pair);
      client.on('data', () => undefined);
      client.on('close', () => this.pairs.delete(pair));
      return;
    }
    const upstream = connect(targetPort, targetHost);
    const pair = { client, upstream };
    this.pairs.add(pair);
    upstream.on('error', () => undefined);
    for (const socket of [client, upstream]) {
      socket.on('close', () => {
        this.pairs.delete(pair);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  }
}
