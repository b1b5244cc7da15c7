import type { ILogLine } from '../api/wire';
import { searchLines, splitMatches, stripAnsi } from '../runs/logSearch';

function log(seq: number, line: string): ILogLine {
  return { step: 's', seq, stream: 'stdout', line, at: '' };
}

describe('searching the log of a step', () => {
  const lines = [
    log(1, 'epoch 1 loss=0.9'),
    log(2, '\u001b[31mError\u001b[0m: bad LOSS'),
    log(3, 'done')
  ];

  it('keeps only the lines containing the query, case-insensitively', () => {
    expect(searchLines(lines, 'loss').map(m => m.line.seq)).toEqual([1, 2]);
  });

  it('ignores ANSI colour codes when matching', () => {
    expect(searchLines(lines, 'error:').map(m => m.line.seq)).toEqual([2]);
    expect(searchLines(lines, '[31m')).toEqual([]);
  });

  it('cuts matching lines into segments to highlight', () => {
    expect(searchLines(lines, 'LOSS')[1].segments).toEqual([
      { text: 'Error: bad ', hit: false },
      { text: 'LOSS', hit: true }
    ]);
  });

  it('finds nothing for an empty query (the view then shows every line)', () => {
    expect(searchLines(lines, '')).toEqual([]);
  });

  it('splits every occurrence', () => {
    expect(splitMatches('abcabc', 'b')).toEqual([
      { text: 'a', hit: false },
      { text: 'b', hit: true },
      { text: 'ca', hit: false },
      { text: 'b', hit: true },
      { text: 'c', hit: false }
    ]);
    expect(splitMatches('', 'x')).toEqual([{ text: '', hit: false }]);
  });

  it('strips cursor and OSC sequences too', () => {
    expect(stripAnsi('a\u001b[2Kb\u001b]0;title\u0007c')).toBe('abc');
  });
});
