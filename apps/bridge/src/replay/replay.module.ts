import { MessagingModule } from '@hoso/messaging';
import { Module } from '@nestjs/common';
import { CorrelationModule } from '../correlation/correlation.module';
import { HttpKitModule } from '../http';
import { Rebuild } from './rebuild';
import { ReplayController } from './replay.controller';

/** Rebuilding the state from the source topics, as jobs the admin API starts and shows. */
@Module({
  imports: [HttpKitModule, MessagingModule, CorrelationModule],
  controllers: [ReplayController],
  providers: [Rebuild],
})
export class ReplayModule {}
