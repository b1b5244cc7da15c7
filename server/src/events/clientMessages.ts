import type { RawData } from 'ws';

import type { Channel, ClientMessage } from '../contract/wire.js';
import * as z from '../spec/zodMini.js';
import { isChannel } from './channels.js';

const channelSchema = z.custom<Channel>(isChannel);

const clientMessageSchema: z.ZodMiniType<ClientMessage> = z.discriminatedUnion(
  'type',
  [
    z.object({ type: z.literal('ping'), id: z.optional(z.string()) }),
    z.object({
      type: z.literal('subscribe'),
      channel: channelSchema,
      since: z.optional(z.int().check(z.nonnegative()))
    }),
    z.object({ type: z.literal('unsubscribe'), channel: channelSchema })
  ]
);

const UNSUPPORTED =
  'unsupported message; expected {"type":"ping","id"?}, ' +
  '{"type":"subscribe","channel","since"?} or {"type":"unsubscribe","channel"}';

/** What to tell the client about the first thing wrong with a message. */
const PROBLEMS: Record<string, string> = {
  channel:
    'invalid channel; expected "runs" or "run:<id>" ' +
    '(id: 1 to 100 of A-Z a-z 0-9 _ -)',
  since: '"since" must be a non-negative integer sequence number',
  id: '"id" must be a string'
};

export type ParseResult = { message: ClientMessage } | { problem: string };

/** Parses one text frame from a client into a valid ClientMessage. */
export function parseClientMessage(data: RawData): ParseResult {
  let json: unknown;
  try {
    json = JSON.parse(rawDataToString(data));
  } catch {
    return { problem: 'message is not valid JSON' };
  }
  const result = clientMessageSchema.safeParse(json);
  if (!result.success) {
    const field = result.error.issues[0]?.path[0];
    const problem = typeof field === 'string' ? PROBLEMS[field] : undefined;
    return { problem: problem ?? UNSUPPORTED };
  }
  return { message: result.data };
}

function rawDataToString(data: RawData): string {
  if (Array.isArray(data)) {
    return Buffer.concat(data).toString('utf8');
  }
  return Buffer.isBuffer(data)
    ? data.toString('utf8')
    : Buffer.from(data).toString('utf8');
}
