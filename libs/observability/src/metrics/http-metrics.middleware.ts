import { Injectable, type NestMiddleware } from '@nestjs/common';
import { type IncomingMessage, type ServerResponse } from 'node:http';
import { Histogram, Registry } from 'prom-client';

const HTTP_SECONDS = 'hoso_http_request_duration_seconds';

/** What Express adds to a request once it has routed it. */
type ExpressRequest = IncomingMessage & { route?: { path?: unknown }; baseUrl?: string };

/** Every HTTP answer's duration, by method, route template (never the raw path: ids would explode it) and status. */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  private readonly seconds: Histogram<'method' | 'route' | 'status'>;

  constructor(registry: Registry) {
    // Nest makes an instance for each route set it applies a middleware to; they share the one histogram.
    const existing = registry.getSingleMetric(HTTP_SECONDS) as typeof this.seconds | undefined;
    this.seconds =
      existing ??
      new Histogram({
        name: HTTP_SECONDS,
        help: 'HTTP requests by method, route template and status, and how long they took to answer.',
        labelNames: ['method', 'route', 'status'],
        buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
        registers: [registry],
      });
  }

  use(req: ExpressRequest, res: ServerResponse, next: () => void): void {
    const end = this.seconds.startTimer({ method: req.method ?? 'GET' });
    res.once('finish', () => {
      // Express knows the matched route only once it has routed; the dashboard's files and misses have none.
      const template = req.route?.path;
      const route = typeof template === 'string' ? `${req.baseUrl ?? ''}${template}` : 'unmatched';
      end({ route, status: String(res.statusCode) });
    });
    next();
  }
}
