import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import type {
  DeploymentEvent,
  IEventEnvelope,
  RunEvent
} from '../contract/wire.js';
import { logEvent, runSummary } from '../testing/runEvents.js';
import { channelFilter, isChannel, storeChannel } from './channels.js';
import { parseClientMessage } from './clientMessages.js';

const envelope = (
  event: RunEvent | DeploymentEvent,
  runId: string | null
): IEventEnvelope => ({
  seq: 1,
  runId,
  at: '',
  event
});

describe('channels', () => {
  test('valid channels are runs, deployments and run:<1..100 of [A-Za-z0-9_-]>', () => {
    for (const ok of [
      'runs',
      'deployments',
      'run:a',
      'run:A-b_9',
      `run:${'x'.repeat(100)}`
    ]) {
      assert.ok(isChannel(ok), ok);
    }
    const bad = [
      'run:',
      'run',
      'runs ',
      'deployment',
      'deployments:x',
      'run:a b',
      'run:é',
      'run:a/b',
      ''
    ];
    for (const value of [...bad, `run:${'x'.repeat(101)}`, 7, null]) {
      assert.ok(!isChannel(value), String(value));
    }
  });

  test('runs carries run.created/updated/deleted; run:<id> everything of that run', () => {
    const created = envelope(
      { type: 'run.created', run: runSummary('a') },
      'a'
    );
    const deleted = envelope({ type: 'run.deleted', runId: 'a' }, 'a');
    const log = envelope(logEvent('a', 1), 'a');
    const other = envelope(logEvent('b', 1), 'b');
    const runs = channelFilter('runs');
    const runA = channelFilter('run:a');
    assert.deepEqual(
      [created, deleted, log, other].map(e => [runs(e), runA(e)]),
      [
        [true, true],
        [true, true],
        [false, true],
        [false, false]
      ]
    );
    assert.deepEqual(storeChannel('run:a'), { runId: 'a' });
    assert.equal(storeChannel('runs'), 'runs');
  });

  test('deployments carries deployment events only; they are on no run channel', () => {
    const deleted = envelope({ type: 'deployment.deleted', name: 'm' }, null);
    const created = envelope(
      { type: 'run.created', run: runSummary('a') },
      'a'
    );
    const deployments = channelFilter('deployments');
    assert.deepEqual(
      [deleted, created].map(e => [
        deployments(e),
        channelFilter('runs')(e),
        channelFilter('run:a')(e)
      ]),
      [
        [true, false, false],
        [false, true, true]
      ]
    );
    assert.equal(storeChannel('deployments'), 'deployments');
  });

  test('client messages: subscribe and unsubscribe are parsed, bad fields named', () => {
    const parse = (value: unknown) =>
      parseClientMessage(Buffer.from(JSON.stringify(value)));
    assert.deepEqual(parse({ type: 'subscribe', channel: 'runs', since: 3 }), {
      message: { type: 'subscribe', channel: 'runs', since: 3 }
    });
    assert.deepEqual(parse({ type: 'unsubscribe', channel: 'run:x' }), {
      message: { type: 'unsubscribe', channel: 'run:x' }
    });
    const problem = (value: unknown) =>
      (parse(value) as { problem: string }).problem;
    assert.match(problem({ type: 'subscribe', channel: 'run:' }), /channel/);
    assert.match(problem({ type: 'unsubscribe' }), /channel/);
    for (const since of [-1, 1.5, '3', null]) {
      const message = { type: 'subscribe', channel: 'runs', since };
      assert.match(problem(message), /"since"/, String(since));
    }
    assert.match(problem({ type: 'dance' }), /unsupported message/);
  });
});
