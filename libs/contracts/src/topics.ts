/** The Kafka topics agreed with the partner systems and the archive (docs/events.md section 1). */
export const Topic = {
  dossierEvents: 'motcua.dossier.events.v1',
  documentEvents: 'qlvb.document.events.v1',
  efileAssembled: 'hoso.efile.assembled.v1',
  efileAlerts: 'hoso.efile.alerts.v1',
  deadLetter: 'hoso.bridge.dlq.v1',
  /** Raw edXML messages (QCVN 102:2016/BTTTT) from a document system, one MIME message each (docs/edxml.md). */
  edxmlMessages: 'qlvb.edxml.v1',
  /** The agency archive's answers to the submission packages it was sent (docs/events.md section 9). */
  archiveReceipts: 'hoso.archive.receipts.v1',
} as const;

export type TopicName = (typeof Topic)[keyof typeof Topic];

/** The topics the bridge consumes. */
export const SOURCE_TOPICS = [Topic.dossierEvents, Topic.documentEvents] as const;
