import { Topic } from '@hoso/contracts';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, type KafkaContext } from '@nestjs/microservices';
import { IntakeService } from './intake.service';

/** Kafka handlers for both source topics: hand each message to intake and return. */
@Controller()
export class IntakeConsumer {
  constructor(private readonly intake: IntakeService) {}

  @EventPattern(Topic.dossierEvents)
  dossierEvent(@Ctx() context: KafkaContext): Promise<void> {
    return this.intake.accept(context);
  }

  @EventPattern(Topic.documentEvents)
  documentEvent(@Ctx() context: KafkaContext): Promise<void> {
    return this.intake.accept(context);
  }
}
