import {
  type CheckedEvent,
  EFILE_ALERT_TYPE,
  EFILE_ASSEMBLED_TYPE,
  type EFileAlert,
  type EFileAssembled,
  formatVnDateTime,
} from '@hoso/contracts';
import { type NewOutboxMessage } from '@hoso/persistence';
import { encodeStructured } from '../cloudevents/codec';
import { encodeHeaders } from '../headers';

/** The CloudEvent of one e-file revision: id <fileCode>#<revision>, key and subject the file code. */
export function efileMessage(
  topic: string,
  efile: EFileAssembled,
  at: Date,
  trace: Record<string, string> = {},
): NewOutboxMessage {
  return message(topic, efile.fileCode, trace, {
    specversion: '1.0',
    id: `${efile.fileCode}#${efile.revision}`,
    source: `urn:hoso-bridge:${efile.organId}`,
    type: EFILE_ASSEMBLED_TYPE,
    time: formatVnDateTime(at.getTime()),
    subject: efile.fileCode,
    datacontenttype: 'application/json',
    data: efile,
  });
}

/** The CloudEvent of an alert: id <kind>:<dossierCode>, key and subject the dossier code. */
export function alertMessage(
  topic: string,
  alert: EFileAlert,
  trace: Record<string, string> = {},
): NewOutboxMessage {
  return message(topic, alert.dossierCode, trace, {
    specversion: '1.0',
    id: `${alert.kind}:${alert.dossierCode}`,
    source: `urn:hoso-bridge:${alert.agencyCode ?? 'unknown'}`,
    type: EFILE_ALERT_TYPE,
    time: alert.raisedAt,
    subject: alert.dossierCode,
    datacontenttype: 'application/json',
    data: alert,
  });
}

/** `trace`: the W3C traceparent (and tracestate) of the event that led to it, as Kafka headers. */
function message(
  topic: string,
  key: string,
  trace: Record<string, string>,
  event: Record<string, unknown>,
): NewOutboxMessage {
  const { value, headers } = encodeStructured(event);
  return {
    topic,
    orderingKey: key,
    kafkaKey: Buffer.from(key),
    kafkaValue: value,
    kafkaHeaders: encodeHeaders({ ...headers, ...trace }),
  };
}

/**
 * A document event the edXML adapter made (docs/edxml.md), for the document system's own topic: keyed by
 * the document id, so its events stay in order; `headers` say where it came from and continue its trace.
 */
export function documentEventMessage(
  topic: string,
  event: CheckedEvent,
  headers: Record<string, string>,
): NewOutboxMessage {
  const { type, id, source, time, subject, data } = event;
  return message(topic, subject ?? id, headers, {
    specversion: '1.0',
    id,
    source,
    type,
    time,
    subject,
    datacontenttype: 'application/json',
    data,
  });
}
