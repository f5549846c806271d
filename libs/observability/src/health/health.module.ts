import { MessagingModule } from '@hoso/messaging';
import { PersistenceModule } from '@hoso/persistence';
import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { ConsumerMonitor } from './consumer-monitor';
import { KafkaHealthIndicator } from './kafka.health';

@Module({
  imports: [TerminusModule.forRoot({ errorLogStyle: 'json' }), MessagingModule, PersistenceModule],
  controllers: [HealthController],
  providers: [KafkaHealthIndicator, ConsumerMonitor],
})
export class HealthModule {}
