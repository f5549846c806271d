import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseSimulatedFilePath, simulatedFile } from '@hoso/simulator';

/** The simulated partners' document store over HTTP on 127.0.0.1: the binaries their events point to. */
export class SimulatedFileStore {
  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(port = 0): Promise<SimulatedFileStore> {
    const server = createServer((request, response) => {
      const file = parseSimulatedFilePath(new URL(request.url ?? '/', 'http://store').pathname);
      if (!file || request.method !== 'GET') return void response.writeHead(404).end();
      const bytes = simulatedFile(file.fileName, file.size, file.kind);
      response
        .writeHead(200, { 'content-type': 'application/pdf', 'content-length': bytes.length })
        .end(bytes);
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    // It serves while its owner has work; it never keeps the process alive by itself.
    server.unref();
    return new SimulatedFileStore(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}
