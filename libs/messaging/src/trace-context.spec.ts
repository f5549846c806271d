import { SpanKind, trace } from '@opentelemetry/api';
import { decodeHeaders } from './headers';
import { efileOf, sipDossier } from '@test/fixtures';
import { alertMessage, efileMessage } from './outbound/bridge-events';
import { contextOfHeaders, traceHeadersOf, traceOfSubjects, tracer } from './trace-context';

const PARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

// No tracer provider here: spans are not recorded, and the trace must still be passed on.
describe('W3C trace context on Kafka headers', () => {
  it('should continue the traceparent of a message, as a Buffer or a list, with tracing off', () => {
    for (const headers of [{ traceparent: Buffer.from(PARENT) }, { traceparent: [Buffer.from(PARENT)] }]) {
      const span = tracer.startSpan('process', { kind: SpanKind.CONSUMER }, contextOfHeaders(headers));
      expect(traceHeadersOf(span)).toEqual({ traceparent: PARENT });
    }
  });

  it('should pass on nothing for a message without a trace, or with a malformed one', () => {
    for (const headers of [{}, { traceparent: Buffer.from('00-not-a-trace-01') }]) {
      expect(trace.getSpanContext(contextOfHeaders(headers))).toBeUndefined();
      expect(traceHeadersOf(tracer.startSpan('process', {}, contextOfHeaders(headers)))).toEqual({});
    }
  });

  it("should give an output its dossier's trace first, then its documents', and none when the group has neither", () => {
    const traces = new Map([
      ['DOC-1', { traceparent: 'doc' }],
      ['D-1', { traceparent: 'dossier' }],
    ]);
    expect(traceOfSubjects(traces, ['D-1', 'DOC-1'])).toEqual({ traceparent: 'dossier' });
    expect(traceOfSubjects(traces, ['D-2', null, 'DOC-1'])).toEqual({ traceparent: 'doc' });
    expect(traceOfSubjects(traces, ['D-2'])).toEqual({});
    expect(traceOfSubjects(undefined, ['D-1'])).toEqual({});
  });

  it('should write the trace on e-files and alerts beside their CloudEvents headers', () => {
    const { events, dossierCode } = sipDossier('tc01', 'http://127.0.0.1:1/');
    const efile = efileOf(events, dossierCode, '000.00.20.H17.2026.01.HT');
    const alert = {
      kind: 'overdue' as const,
      dossierCode,
      agencyCode: '000.00.20.H17',
      fileCode: null,
      detail: 'still being processed',
      raisedAt: '2026-03-07T08:00:00+07:00',
    };
    for (const message of [
      efileMessage('e', efile, new Date(), { traceparent: PARENT }),
      alertMessage('a', alert, { traceparent: PARENT }),
    ])
      expect(decodeHeaders(message.kafkaHeaders)).toEqual({
        'content-type': Buffer.from('application/cloudevents+json; charset=UTF-8'),
        traceparent: Buffer.from(PARENT),
      });
    expect(Object.keys(decodeHeaders(efileMessage('e', efile, new Date()).kafkaHeaders))).toEqual([
      'content-type',
    ]);
  });
});
