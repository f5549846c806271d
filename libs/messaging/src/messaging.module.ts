import { Module } from '@nestjs/common';
import { KafkaProbe } from './kafka-probe';
import { TopicProvisioner } from './topic-provisioner';

@Module({
  providers: [KafkaProbe, TopicProvisioner],
  exports: [KafkaProbe, TopicProvisioner],
})
export class MessagingModule {}
