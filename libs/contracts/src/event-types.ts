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

/** The two things partner events are about: the inbox keys each event by one of them. */
export type AggregateKind = 'dossier' | 'document';

interface EventTypeSpec {
  data: new () => object;
  topic: keyof typeof Topic;
  /** What the event is about, and the field of its data that names it (also its CloudEvent subject). */
  aggregate: AggregateKind;
  key: 'dossierCode' | 'documentId';
  /** The national-portal status code a dossier event stands for. */
  status: number | null;
}

const ON_DOSSIER = { topic: 'dossierEvents', aggregate: 'dossier', key: 'dossierCode' } as const;
const ON_DOCUMENT = {
  topic: 'documentEvents',
  aggregate: 'document',
  key: 'documentId',
  status: null,
} as const;

/**
 * Every CloudEvents `type` in the contract (docs/events.md sections 3 and 4): the class of its `data`, the
 * topic it travels on, what it is about and, for dossier events, the national-portal status code.
 */
export const EVENT_TYPES = {
  'vn.motcua.dossier.received.v1': { ...ON_DOSSIER, data: DossierReceived, status: 2 },
  'vn.motcua.dossier.supplement-requested.v1': { ...ON_DOSSIER, data: DossierSupplementRequested, status: 5 },
  'vn.motcua.dossier.supplemented.v1': { ...ON_DOSSIER, data: DossierSupplemented, status: 4 },
  'vn.motcua.dossier.transferred.v1': { ...ON_DOSSIER, data: DossierTransferred, status: 4 },
  'vn.motcua.dossier.resolved.v1': { ...ON_DOSSIER, data: DossierResolved, status: 9 },
  'vn.motcua.dossier.result-returned.v1': { ...ON_DOSSIER, data: DossierResultReturned, status: 10 },
  'vn.motcua.dossier.refused.v1': { ...ON_DOSSIER, data: DossierRefused, status: 3 },
  'vn.motcua.dossier.withdrawn.v1': { ...ON_DOSSIER, data: DossierWithdrawn, status: 7 },
  'vn.motcua.dossier.stopped.v1': { ...ON_DOSSIER, data: DossierStopped, status: 8 },
  'vn.qlvb.document.issued.v1': { ...ON_DOCUMENT, data: DocumentIssued },
  'vn.qlvb.document.received.v1': { ...ON_DOCUMENT, data: DocumentReceived },
  'vn.qlvb.document.linked.v1': { ...ON_DOCUMENT, data: DocumentLinked },
  'vn.qlvb.document.revoked.v1': { ...ON_DOCUMENT, data: DocumentRevoked },
} as const satisfies Record<string, EventTypeSpec>;

export type EventType = keyof typeof EVENT_TYPES;

/** The `data` class of each event type. */
export type EventData<T extends EventType> = InstanceType<(typeof EVENT_TYPES)[T]['data']>;

/** The types of the events about one kind of aggregate. */
export type EventTypeAbout<K extends AggregateKind> = {
  [T in EventType]: (typeof EVENT_TYPES)[T]['aggregate'] extends K ? T : never;
}[EventType];

/** An event's type with its data, one member per type, so that narrowing on `type` types `data`. */
export type ContractEvent<T extends EventType = EventType> = { [U in T]: { type: U; data: EventData<U> } }[T];

/** An event about a dossier, or one about a document. */
export type EventAbout<K extends AggregateKind> = ContractEvent<EventTypeAbout<K>>;

/** A type guard for one event type, as in `events.filter(ofType('vn.qlvb.document.issued.v1'))`. */
export const ofType =
  <T extends EventType>(type: T) =>
  <E extends ContractEvent>(event: E): event is Extract<E, { type: T }> =>
    event.type === type;

export const EVENT_TYPE_NAMES = Object.keys(EVENT_TYPES) as EventType[];

export function isEventType(type: string): type is EventType {
  return Object.hasOwn(EVENT_TYPES, type);
}
