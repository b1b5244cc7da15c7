import {
  artifactFileName,
  elapsedMs,
  formatBytes,
  formatDuration,
  formatParameters
} from '../ui/format';

describe('formatting run facts', () => {
  it.each([
    [null, '—'],
    [850, '850 ms'],
    [1234, '1.2 s'],
    [12_345, '12 s'],
    [245_000, '4 m 05 s'],
    [3_725_000, '1 h 02 m']
  ])('duration %p ms reads %p', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it.each([
    [0, '0 B'],
    [512, '512 B'],
    [1536, '1.5 KB'],
    [23 * 1024 * 1024, '23 MB'],
    [5 * 1024 ** 3, '5.0 GB']
  ])('size %p reads %p', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });

  it('counts a running item from its start, with the clock passed in', () => {
    const started = Date.parse('2025-01-01T10:00:00Z');
    const running = {
      startedAt: '2025-01-01T10:00:00Z',
      finishedAt: null,
      durationMs: null
    };
    expect(elapsedMs(running, started + 4000)).toBe(4000);
    expect(elapsedMs({ ...running, durationMs: 10 }, started + 4000)).toBe(10);
    expect(elapsedMs({ ...running, startedAt: null }, started)).toBeNull();
  });

  it('lists parameters as Python assignments', () => {
    expect(formatParameters({ lr: 0.1, name: 'x', flag: false })).toBe(
      "lr=0.1, name='x', flag=False"
    );
  });
});

describe('naming downloaded artifacts', () => {
  it.each([
    ['npy', 'p-train-x.npy'],
    ['pandas-pickle', 'p-train-x.pkl'],
    ['joblib', 'p-train-x.joblib'],
    ['bytes', 'p-train-x.bin'],
    ['unknown', 'p-train-x']
  ])('a %s artifact is saved as %p', (format, name) => {
    expect(artifactFileName('p', { step: 'train', name: 'x', format })).toBe(
      name
    );
  });

  it('keeps path separators out of the name', () => {
    expect(
      artifactFileName('a/b', { step: 's', name: 'c:d', format: 'pickle' })
    ).toBe('a_b-s-c_d.pkl');
  });
});
