import { decodeHeaders, encodeHeaders } from './headers';

describe('header codec', () => {
  it('should keep raw bytes, repeated names and their order', () => {
    const headers = { a: Buffer.from([0xff, 0x00, 0x7f]), trace: ['one', Buffer.from('two')], b: 'Hải Châu' };
    const decoded = decodeHeaders(encodeHeaders(headers));
    expect(Object.keys(decoded)).toEqual(['a', 'trace', 'b']);
    expect(decoded.a).toEqual(Buffer.from([0xff, 0x00, 0x7f]));
    expect(decoded.trace).toEqual([Buffer.from('one'), Buffer.from('two')]);
    expect(String(decoded.b)).toBe('Hải Châu');
  });
});
