import { Slots } from './slots';

describe('Slots', () => {
  it('lets `size` holders in at once and the next in as one leaves, in arrival order', async () => {
    const slots = new Slots(2);
    const order: string[] = [];
    const first = await slots.take();
    const second = await slots.take();
    const third = slots.take().then((release) => (order.push('third'), release));
    const fourth = slots.take().then((release) => (order.push('fourth'), release));
    await Promise.resolve();
    expect(order).toEqual([]);
    expect(slots.queued).toBe(2);

    first();
    first(); // a second call gives back nothing more
    (await third)();
    expect(order).toEqual(['third']);
    const releaseFourth = await fourth;
    expect(order).toEqual(['third', 'fourth']);
    expect(slots.queued).toBe(0);

    second();
    releaseFourth();
    // Both slots are free again: two holders get in at once.
    await Promise.all([slots.take(), slots.take()]);
    expect(slots.queued).toBe(0);
  });
});
