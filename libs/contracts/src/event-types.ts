import {
  DossierReceived,
  DossierRefused,
  DossierResolved,
  DossierResultReturned,
  DossierStopped,
  DossierSupplemented,
  DossierSupplementRequested,
  DossierTransferred,
  DossierWithdrawn,
} from './motcua/dossier-events';
import { DocumentIssued, DocumentLinked, DocumentReceived, DocumentRevoked } from './qlvb/document-events';
import { type Topic } from './topics';

type TopicKey = keyof typeof Topic;

/**
 * Every CloudEvents `type` in the contract: the class of its `data`, the topic it travels on and, for
 * dossier events, the national-portal status code it stands for.
 */
export const EVENT_TYPES = {
  'vn.motcua.dossier.received.v1': { data: DossierReceived, topic: 'dossierEvents', status: 2 },
  'vn.motcua.dossier.supplement-requested.v1': {
    data: DossierSupplementRequested,
    topic: 'dossierEvents',
    status: 5,
  },
  'vn.motcua.dossier.supplemented.v1': { data: DossierSupplemented, topic: 'dossierEvents', status: 4 },
  'vn.motcua.dossier.transferred.v1': { data: DossierTransferred, topic: 'dossierEvents', status: 4 },
  'vn.motcua.dossier.resolved.v1': { data: DossierResolved, topic: 'dossierEvents', status: 9 },
  'vn.motcua.dossier.result-returned.v1': { data: DossierResultReturned, topic: 'dossierEvents', status: 10 },
  'vn.motcua.dossier.refused.v1': { data: DossierRefused, topic: 'dossierEvents', status: 3 },
  'vn.motcua.dossier.withdrawn.v1': { data: DossierWithdrawn, topic: 'dossierEvents', status: 7 },
  'vn.motcua.dossier.stopped.v1': { data: DossierStopped, topic: 'dossierEvents', status: 8 },
  'vn.qlvb.document.issued.v1': { data: DocumentIssued, topic: 'documentEvents', status: null },
  'vn.qlvb.document.received.v1': { data: DocumentReceived, topic: 'documentEvents', status: null },
  'vn.qlvb.document.linked.v1': { data: DocumentLinked, topic: 'documentEvents', status: null },
  'vn.qlvb.document.revoked.v1': { data: DocumentRevoked, topic: 'documentEvents', status: null },
} as const satisfies Record<string, { data: new () => object; topic: TopicKey; status: number | null }>;

export type EventType = keyof typeof EVENT_TYPES;

/** The `data` class of each event type. */
export type EventData<T extends EventType> = InstanceType<(typeof EVENT_TYPES)[T]['data']>;

export function isEventType(type: string): type is EventType {
  return Object.hasOwn(EVENT_TYPES, type);
}
