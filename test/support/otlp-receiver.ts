import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';

/** A span as OTLP/HTTP JSON carries it (ids in hex), flattened out of its resource and scope. */
export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: Record<string, unknown>;
  links: Array<{ traceId: string; spanId: string }>;
  status?: { code?: number; message?: string };
  service: unknown;
}

interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
  boolValue?: boolean;
  doubleValue?: number;
}
type OtlpAttributes = Array<{ key: string; value: OtlpValue }> | undefined;

const valueOf = (v: OtlpValue): unknown => v.stringValue ?? v.intValue ?? v.boolValue ?? v.doubleValue;
const attributesOf = (list: OtlpAttributes) =>
  Object.fromEntries((list ?? []).map((a) => [a.key, valueOf(a.value)]));

interface OtlpTraces {
  resourceSpans?: Array<{
    resource?: { attributes?: OtlpAttributes };
    scopeSpans?: Array<{
      spans?: Array<
        Omit<ReceivedSpan, 'attributes' | 'links' | 'service'> & {
          attributes?: OtlpAttributes;
          links?: Array<{ traceId: string; spanId: string }>;
        }
      >;
    }>;
  }>;
}

/** A local OTLP/HTTP receiver (POST /v1/traces, JSON encoding): what an OpenTelemetry Collector would get. */
export class OtlpReceiver {
  readonly spans: ReceivedSpan[] = [];

  private readonly server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (
        req.method !== 'POST' ||
        req.url !== '/v1/traces' ||
        !/json/.test(req.headers['content-type'] ?? '')
      ) {
        res.writeHead(415).end();
        return;
      }
      this.receive(JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpTraces);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });

  static async start(): Promise<OtlpReceiver> {
    const receiver = new OtlpReceiver();
    await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  private receive(body: OtlpTraces): void {
    for (const resource of body.resourceSpans ?? [])
      for (const scope of resource.scopeSpans ?? [])
        for (const span of scope.spans ?? [])
          this.spans.push({
            ...span,
            attributes: attributesOf(span.attributes),
            links: (span.links ?? []).map(({ traceId, spanId }) => ({ traceId, spanId })),
            service: attributesOf(resource.resource?.attributes)['service.name'],
          });
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
