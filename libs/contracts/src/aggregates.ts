import { type AggregateKind, type ContractEvent, type EventAbout, EVENT_TYPES } from './event-types';

// What an accepted event is about, as the inbox keys it: "dossier:<code>" or "document:<id>".

export const aggregateKey = (kind: AggregateKind, id: string): string => `${kind}:${id}`;
export const dossierAggregate = (code: string): string => aggregateKey('dossier', code);
export const documentAggregate = (id: string): string => aggregateKey('document', id);

/** The dossier code or document id an event's data names (the field its type's `key` gives). */
export function subjectOf(event: ContractEvent): string {
  // Every data class of an aggregate kind has its key field, a string (the contract classes check it).
  return (event.data as unknown as Record<string, string>)[EVENT_TYPES[event.type].key]!;
}

/** The aggregate an event is about: its dossier (one-stop events), or its document. */
export function aggregateOf(event: ContractEvent): string {
  return aggregateKey(EVENT_TYPES[event.type].aggregate, subjectOf(event));
}

/** The kind and the code or id of an aggregate key. */
export function splitAggregate(aggregate: string): [AggregateKind, string] {
  const at = aggregate.indexOf(':');
  return [aggregate.slice(0, at) as AggregateKind, aggregate.slice(at + 1)];
}

export const isDossierEvent = (event: ContractEvent): event is EventAbout<'dossier'> =>
  EVENT_TYPES[event.type].aggregate === 'dossier';
export const isDocumentEvent = (event: ContractEvent): event is EventAbout<'document'> =>
  EVENT_TYPES[event.type].aggregate === 'document';
