import {
  type Context,
  defaultTextMapSetter,
  ROOT_CONTEXT,
  type Span,
  trace,
  type TextMapGetter,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { headerText } from './headers';
import { type MessageHeaders } from './message';

// W3C Trace Context on Kafka headers (traceparent, tracestate). Its own propagator, not the global one, so
// an e-file carries its event's trace even when tracing is off (spans are then not recorded, only passed).
const w3c = new W3CTraceContextPropagator();

const headerGetter: TextMapGetter<MessageHeaders> = {
  keys: (headers) => Object.keys(headers),
  get: headerText,
};

/** The bridge's tracer: a no-op until tracing is started (OTEL_EXPORTER_OTLP_ENDPOINT). */
export const tracer = trace.getTracer('hoso-bridge');

/** The trace a message's headers continue (none: a new one starts). */
export const contextOfHeaders = (headers: MessageHeaders): Context =>
  w3c.extract(ROOT_CONTEXT, headers, headerGetter);

/** The W3C headers that continue this span's trace; none when there is no trace to continue. */
export function traceHeadersOf(span: Span): Record<string, string> {
  const carrier: Record<string, string> = {};
  w3c.inject(trace.setSpan(ROOT_CONTEXT, span), carrier, defaultTextMapSetter);
  return carrier;
}

/** The W3C headers that continue the trace a message's headers carry (none for none or a malformed one). */
export function traceHeadersOfMessage(headers: MessageHeaders): Record<string, string> {
  const carrier: Record<string, string> = {};
  w3c.inject(contextOfHeaders(headers), carrier, defaultTextMapSetter);
  return carrier;
}

/** The trace headers of the newest event of an intake group about each subject (dossier code, document id). */
export type TracesBySubject = ReadonlyMap<string, Record<string, string>>;

/** The trace an output continues: that of its first subject the group has an event about (the dossier first). */
export const traceOfSubjects = (
  traces: TracesBySubject | undefined,
  subjects: ReadonlyArray<string | null | undefined>,
): Record<string, string> => {
  for (const subject of subjects) {
    const found = subject ? traces?.get(subject) : undefined;
    if (found) return found;
  }
  return {};
};
