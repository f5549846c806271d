/** The CloudEvent attributes the inbox needs, with `data` as JSON text. */
export interface CloudEventAttributes {
  id: string;
  source: string;
  type: string;
  subject?: string;
  time?: string;
  data: string;
}

/** Reads a structured-mode (JSON value) or binary-mode (ce_* headers) CloudEvent; undefined when it is neither. */
export function readCloudEvent(
  value: Buffer | null,
  headers: Record<string, unknown>,
): CloudEventAttributes | undefined {
  const header = (name: string): string | undefined => {
    const v = headers[name];
    return typeof v === 'string' ? v : Buffer.isBuffer(v) ? v.toString('utf8') : undefined;
  };
  const [id, source, type] = [header('ce_id'), header('ce_source'), header('ce_type')];
  if (id && source && type) {
    const data = value?.toString('utf8') ?? 'null';
    return { id, source, type, subject: header('ce_subject'), time: header('ce_time'), data };
  }
  try {
    const parsed = JSON.parse(value?.toString('utf8') ?? '') as Record<string, unknown>;
    const { id, source, type, subject, time } = parsed;
    if (typeof id !== 'string' || typeof source !== 'string' || typeof type !== 'string') return undefined;
    return {
      id,
      source,
      type,
      subject: typeof subject === 'string' ? subject : undefined,
      time: typeof time === 'string' ? time : undefined,
      data: JSON.stringify(parsed.data ?? null),
    };
  } catch {
    return undefined;
  }
}
