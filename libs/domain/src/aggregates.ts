// What an accepted event is about, as the inbox keys it: "dossier:<code>" or "document:<id>".

export const dossierAggregate = (code: string) => `dossier:${code}`;
export const documentAggregate = (id: string) => `document:${id}`;

/** The aggregate an event is about: its dossier (one-stop events), or its document. */
export function aggregateOf(type: string, data: object): string {
  return type.startsWith('vn.motcua.')
    ? dossierAggregate((data as { dossierCode: string }).dossierCode)
    : documentAggregate((data as { documentId: string }).documentId);
}

/** The kind and the code or id of an aggregate key. */
export function splitAggregate(aggregate: string): ['dossier' | 'document', string] {
  const at = aggregate.indexOf(':');
  return [aggregate.slice(0, at) as 'dossier' | 'document', aggregate.slice(at + 1)];
}
