export * from './data-source';
export * from './inbox/inbox-event.entity';
export * from './inbox/inbox.repository';
export * from './persistence.module';
export * from './unique-violation';
