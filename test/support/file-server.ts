import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the server answers one path; by default 200 with the bytes. */
export interface Served {
  bytes: Buffer;
  /** Answer with this status (and no bytes) instead. */
  status?: number;
  /** Send the headers, then never the body. */
  stall?: boolean;
  /** Redirect to this path. */
  redirectTo?: string;
}

/** A document store on 127.0.0.1 serving binaries over HTTP, as the partner systems' file URIs do. */
export class FileServer {
  readonly files = new Map<string, Served>();
  readonly requests: string[] = [];
  /** The Authorization header of each request, in order (undefined when none was sent). */
  readonly authorizations: Array<string | undefined> = [];
  private server!: Server;
  url = '';

  static async start(binaries: ReadonlyMap<string, Buffer> = new Map()): Promise<FileServer> {
    const fileServer = new FileServer();
    for (const [path, bytes] of binaries) fileServer.files.set(path, { bytes });
    await fileServer.listen();
    return fileServer;
  }

  private async listen(): Promise<void> {
    this.server = createServer((request, response) => {
      const path = decodeURI(request.url ?? '/');
      this.requests.push(path);
      this.authorizations.push(request.headers.authorization);
      const served = this.files.get(path);
      if (!served) response.writeHead(404).end('not found');
      else if (served.redirectTo) response.writeHead(302, { location: served.redirectTo }).end();
      else if (served.status) response.writeHead(served.status).end();
      else {
        response.writeHead(200, { 'content-type': 'application/pdf', 'content-length': served.bytes.length });
        if (served.stall) response.flushHeaders();
        else response.end(served.bytes);
      }
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}
