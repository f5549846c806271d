import { httpConfig } from '@hoso/config';
import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import { type ConfigType } from '@nestjs/config';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { type ConsumerReport } from '@hoso/contracts';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { ConsumerMonitor } from './consumer-monitor';
import { KafkaHealthIndicator } from './kafka.health';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly kafka: KafkaHealthIndicator,
    private readonly monitor: ConsumerMonitor,
    @Inject(httpConfig.KEY) private readonly http: ConfigType<typeof httpConfig>,
  ) {}

  /** The process is up and serving; never fails because a dependency is down. */
  @Get('live')
  @ApiOperation({ summary: 'The process is up and serving; never fails because a dependency is down' })
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  /** Ready to do its job: the database and the Kafka brokers answer, and the consumer has partitions. */
  @Get('ready')
  @ApiOperation({
    summary:
      'Ready to do its job: the database and the Kafka brokers answer, and the consumer has partitions',
  })
  @HealthCheck()
  ready() {
    const timeout = this.http.healthCheckTimeoutMs;
    return this.health.check([
      () => this.database.pingCheck('database', { timeout }),
      () => this.kafka.isReachable('kafka', timeout),
      () => this.kafka.isConsuming('consumer'),
    ]);
  }

  /** Per source partition: committed and end offsets, lag, whether it moves; dead letters and backlogs. */
  @Get('consumers')
  @ApiOperation({
    summary: 'Per source partition: committed and end offsets, lag, whether it moves; backlogs',
  })
  @ApiOkResponse({
    description: 'the latest sample',
    schema: { $ref: '#/components/schemas/ConsumerReport' },
  })
  @ApiServiceUnavailableResponse({ description: 'the consumer offsets cannot be read' })
  consumers(): Promise<ConsumerReport> {
    return this.monitor.sample().catch((error: unknown) => {
      throw new ServiceUnavailableException(`Cannot read the consumer offsets: ${String(error)}`);
    });
  }
}
