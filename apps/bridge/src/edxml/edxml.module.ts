import { MessagingModule } from '@hoso/messaging';
import { PersistenceModule } from '@hoso/persistence';
import { Module } from '@nestjs/common';
import { HttpKitModule } from '../http';
import { IntakeModule } from '../intake/intake.module';
import { EdxmlConsumer } from './edxml.consumer';
import { EdxmlController } from './edxml.controller';
import { EdxmlFeed } from './edxml-feed';
import { EdxmlMetrics } from './edxml.metrics';

/** The edXML adapter: document systems' edXML messages, from their topic or over HTTP, as document events. */
@Module({
  imports: [PersistenceModule, MessagingModule, HttpKitModule, IntakeModule],
  controllers: [EdxmlConsumer, EdxmlController],
  providers: [EdxmlFeed, EdxmlMetrics],
  exports: [EdxmlFeed],
})
export class EdxmlModule {}
