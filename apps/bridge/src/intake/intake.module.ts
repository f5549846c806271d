import { PersistenceModule } from '@hoso/persistence';
import { Module } from '@nestjs/common';
import { IntakeConsumer } from './intake.consumer';
import { IntakeService } from './intake.service';

@Module({
  imports: [PersistenceModule],
  controllers: [IntakeConsumer],
  providers: [IntakeService],
})
export class IntakeModule {}
