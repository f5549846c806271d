import { MessagingModule } from '@hoso/messaging';
import { PersistenceModule } from '@hoso/persistence';
import { Module } from '@nestjs/common';
import { IntakeConsumer } from './intake.consumer';
import { IntakeMetrics } from './intake.metrics';
import { IntakeService } from './intake.service';

@Module({
  imports: [PersistenceModule, MessagingModule],
  providers: [IntakeConsumer, IntakeService, IntakeMetrics],
})
export class IntakeModule {}
