import {
  Controller,
  Get,
  Global,
  Header,
  type MiddlewareConsumer,
  Module,
  type NestModule,
} from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { buildInfo } from '../build-info';
import { TracingShutdown } from '../tracing/tracing';
import { HttpMetricsMiddleware } from './http-metrics.middleware';

@ApiTags('metrics')
@Controller('metrics')
class MetricsController {
  constructor(private readonly registry: Registry) {}

  /** Prometheus text format. */
  @Get()
  @ApiOperation({ summary: 'The metrics, in the Prometheus text format' })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'every metric of this instance', schema: { type: 'string' } })
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  metrics(): Promise<string> {
    return this.registry.metrics();
  }
}

/**
 * One metrics registry per application (not prom-client's global one), exposed at GET /metrics, with the
 * process's own metrics, what is running (build_info) and every HTTP answer's duration; it also flushes
 * the traces at shutdown.
 */
@Global()
@Module({
  providers: [
    {
      provide: Registry,
      useFactory: () => {
        const registry = new Registry();
        collectDefaultMetrics({ register: registry });
        new Gauge({
          name: 'hoso_build_info',
          help: 'Always 1: the version of hoso-bridge and of Node.js this instance runs.',
          labelNames: ['version', 'nodejs'],
          registers: [registry],
        }).set({ version: buildInfo().version, nodejs: process.version }, 1);
        return registry;
      },
    },
    TracingShutdown,
  ],
  controllers: [MetricsController],
  exports: [Registry],
})
export class MetricsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes('*path');
  }
}
