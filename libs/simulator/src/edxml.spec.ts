import { adaptEdxml } from '@hoso/edxml';
import { decodeCloudEvent } from '@hoso/messaging';
import { DEFAULT_SIMULATION, simulate } from './simulate';

describe('a simulation with its outgoing documents as edXML', () => {
  const options = {
    ...DEFAULT_SIMULATION,
    seed: 5,
    agencies: 2,
    dossiers: 6,
    namedOnly: 1,
    malformed: 0,
    nfd: 0.3,
  };
  const asEvents = simulate({ ...options, edxml: 0 });
  const asEdxml = simulate({ ...options, edxml: 1 });

  it('should send the same stream, the documents edXML can carry as edXML messages', () => {
    expect(asEdxml.messages).toHaveLength(asEvents.messages.length);
    const edxml = asEdxml.messages.filter((m) => m.topic === 'edxml' && m.expect === 'accepted');
    expect(edxml.length).toBeGreaterThan(options.agencies * options.dossiers * 0.5);
    expect(asEdxml.truth).toEqual({
      ...asEvents.truth,
      options: { ...asEvents.truth.options, edxml: 1 },
      counts: { ...asEvents.truth.counts, edxml: edxml.length },
    });
    expect(asEvents.truth.counts.edxml).toBe(0);
  });

  it('should send edXML that the adapter reads back as the events it replaces', async () => {
    for (const [i, message] of asEdxml.messages.entries()) {
      if (message.topic !== 'edxml') continue;
      const adapted = await adaptEdxml(message.value, undefined, { maxBytes: 1 << 24 });
      if (!adapted.ok || adapted.kind !== 'document') throw new Error(JSON.stringify(adapted));
      const original = asEvents.messages[i]!;
      const decoded = decodeCloudEvent(original.value, original.headers);
      if (!decoded.ok) throw new Error(decoded.message);
      const sent = {
        time: decoded.event.attributes.time,
        data: decoded.event.data as Record<string, unknown>,
      };
      const [event] = adapted.events;
      // What edXML cannot carry: the clerk's id (its name stands in).
      const without = ({ createdBy: _c, ...rest }: Record<string, unknown>) => rest;
      expect(event!.time).toBe(sent.time);
      expect(without(JSON.parse(JSON.stringify(event!.data)) as Record<string, unknown>)).toEqual(
        without({ ...sent.data, ...JSON.parse(JSON.stringify(sent.data).normalize('NFC')) } as Record<
          string,
          unknown
        >),
      );
    }
  });
});
