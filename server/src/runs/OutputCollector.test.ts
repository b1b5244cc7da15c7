import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import type { INewCellOutput } from '../store/RunStore.js';
import { OutputCollector } from './OutputCollector.js';

function collector(caps?: {
  streamBytesPerCell: number;
  bytesPerStep: number;
}) {
  const written: INewCellOutput[][] = [];
  const c = new OutputCollector(o => written.push(o), caps);
  return { c, written, all: () => written.flat() };
}

const cell = (id: string, index: number) =>
  ({ event: 'cell', cell_id: id, index }) as const;
const done = (id: string, index: number) =>
  ({ event: 'cell_done', cell_id: id, index }) as const;

describe('a step’s cell outputs, collected from its lines and events', () => {
  test('lines between cell and cell_done go to that cell, one stream output per run of lines', () => {
    const { c, all } = collector();
    c.line('stdout', 'before any cell');
    c.event(cell('a', 1));
    c.line('stdout', 'one');
    c.line('stdout', 'two');
    c.line('stderr', 'warn');
    c.event(done('a', 1));
    c.line('stderr', 'cellpipe: warning: metric skipped');
    c.flush();
    assert.deepEqual(all(), [
      {
        cellId: 'a',
        cellIndex: 1,
        output: { output_type: 'stream', name: 'stdout', text: 'one\ntwo\n' }
      },
      {
        cellId: 'a',
        cellIndex: 1,
        output: { output_type: 'stream', name: 'stderr', text: 'warn\n' }
      }
    ]);
  });

  test('display events and a cell error become nbformat outputs of their cells', () => {
    const { c, all } = collector();
    c.event(cell('b', 2));
    c.event({
      event: 'display',
      cell_id: 'b',
      index: 2,
      output_type: 'execute_result',
      data: { 'text/plain': '42' },
      metadata: {}
    });
    c.event(done('b', 2));
    c.event({
      event: 'error',
      kind: 'cell',
      message: 'ZeroDivisionError: division by zero (cell 3, line 1)',
      cell_id: 'b',
      index: 2,
      ename: 'ZeroDivisionError',
      evalue: 'division by zero',
      traceback:
        'Traceback (most recent call last):\nZeroDivisionError: division by zero'
    });
    c.flush();
    assert.deepEqual(
      all().map(o => o.output),
      [
        {
          output_type: 'execute_result',
          execution_count: null,
          data: { 'text/plain': '42' },
          metadata: {}
        },
        {
          output_type: 'error',
          ename: 'ZeroDivisionError',
          evalue: 'division by zero',
          traceback: [
            'Traceback (most recent call last):',
            'ZeroDivisionError: division by zero'
          ]
        }
      ]
    );
  });

  test('a cell printing past the stream cap gets one note, then nothing more', () => {
    const { c, all } = collector({ streamBytesPerCell: 20, bytesPerStep: 1e9 });
    c.event(cell('a', 0));
    for (let i = 0; i < 10; i++) {
      c.line('stdout', `line ${i}`);
    }
    c.flush();
    const outputs = all().map(o => o.output);
    assert.equal(outputs.length, 2);
    assert.deepEqual(outputs[0], {
      output_type: 'stream',
      name: 'stdout',
      text: 'line 0\nline 1\n'
    });
    assert.match(
      (outputs[1] as { text: string }).text,
      /printed more than 20 bytes; the rest is in the step log only/
    );
  });

  test('a step past its total cap ends with a note, later outputs dropped; a retry starts over', () => {
    const { c, all, written } = collector({
      streamBytesPerCell: 1e9,
      bytesPerStep: 300
    });
    c.event(cell('a', 0));
    const big = {
      event: 'display',
      cell_id: 'a',
      index: 0,
      output_type: 'display_data',
      data: { 'text/plain': 'x'.repeat(60) },
      metadata: {}
    } as const;
    c.event(big);
    c.event(big);
    c.event(big);
    c.flush();
    assert.equal(all().length, 3);
    assert.match(JSON.stringify(all()[2].output), /passed 300 bytes/);
    c.reset();
    written.length = 0;
    c.event(cell('a', 0));
    c.event(big);
    c.flush();
    assert.equal(all()[0].output.output_type, 'display_data');
  });
});
