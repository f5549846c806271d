import { type LogConfig } from '@hoso/config';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { hostname } from 'node:os';

let running: NodeTracerProvider | undefined;

/**
 * Starts exporting the bridge's spans over OTLP/HTTP when an endpoint is configured; the spans are made
 * through @opentelemetry/api anyway, and stay no-ops otherwise.
 */
export function startTracing(tracing: LogConfig['tracing'], version: string): void {
  if (!tracing || running) return;
  const provider = new NodeTracerProvider({
    resource: defaultResource().merge(
      resourceFromAttributes({
        'service.name': tracing.serviceName,
        'service.version': version,
        'service.instance.id': `${hostname()}/${process.pid}`,
      }),
    ),
    spanProcessors: [
      new BatchSpanProcessor(
        new OTLPTraceExporter({ url: `${tracing.endpoint.replace(/\/$/, '')}/v1/traces` }),
        { scheduledDelayMillis: 1000 },
      ),
    ],
  });
  // Also the W3C propagator and the async-context manager, for any library that traces by itself.
  provider.register();
  running = provider;
}

/** Exports the spans still buffered when the application shuts down. */
@Injectable()
export class TracingShutdown implements OnApplicationShutdown {
  async onApplicationShutdown(): Promise<void> {
    await running?.shutdown();
    running = undefined;
  }
}
