import { csvOf, spreadsheetText, vietnameseNumberWords } from './text';

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

describe('spreadsheetText', () => {
  it.each(['=HYPERLINK("http://x","y")', '+1+1', '-2+3', '@SUM(A1)', '\tlead', '\rlead'])(
    'should keep %j text, with an apostrophe in front',
    (text) => {
      expect(spreadsheetText(text)).toBe(`'${text}`);
      expect(csvOf([[text]])).toContain(`'${text.replace(/"/g, '""')}`);
    },
  );

  it('should leave numbers, empty cells and ordinary text as they are', () => {
    expect([spreadsheetText(-2), spreadsheetText(null), spreadsheetText('UBND phường Hải Châu')]).toEqual([
      -2,
      null,
      'UBND phường Hải Châu',
    ]);
    expect(csvOf([['a', -2, null, 'x=1']])).toBe('\uFEFFa,-2,,x=1\r\n');
  });
});
