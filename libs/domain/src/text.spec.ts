import { vietnameseNumberWords } from './text';

describe('vietnameseNumberWords', () => {
  it.each([
    [0, 'Không'],
    [5, 'Năm'],
    [10, 'Mười'],
    [15, 'Mười lăm'],
    [21, 'Hai mươi mốt'],
    [24, 'Hai mươi bốn'],
    [105, 'Một trăm lẻ năm'],
    [228, 'Hai trăm hai mươi tám'],
    [1005, 'Một nghìn không trăm lẻ năm'],
    [2_000_011, 'Hai triệu không trăm mười một'],
    [1_000_000, 'Một triệu'],
    [12_345, 'Mười hai nghìn ba trăm bốn mươi lăm'],
  ])('writes %d as "%s"', (n, words) => {
    expect(vietnameseNumberWords(n)).toBe(words);
  });

  it('refuses what has no words here', () => {
    expect(() => vietnameseNumberWords(-1)).toThrow(RangeError);
    expect(() => vietnameseNumberWords(1.5)).toThrow(RangeError);
  });
});
