import { Controller, Get, Global, Header, Module } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Registry, collectDefaultMetrics } from 'prom-client';

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

/** One metrics registry per application (not prom-client's global one), exposed at GET /metrics. */
@Global()
@Module({
  providers: [
    {
      provide: Registry,
      useFactory: () => {
        const registry = new Registry();
        collectDefaultMetrics({ register: registry });
        return registry;
      },
    },
  ],
  controllers: [MetricsController],
  exports: [Registry],
})
export class MetricsModule {}
