import { describe, expect, it } from 'vitest';
import { CALL_RESULTS } from '@mowakaba/shared/schemas/calls';
import { getStorage } from '../../server/src/platform/storage/index.js';
import { associationHistoryList } from '../../server/src/modules/associations/association-history-pages.js';
import { rebuildAssociationHistory } from '../../server/src/modules/associations/association-history-rebuild.js';
import { CALL_LOG_DAYS, callLogList } from '../../server/src/modules/calls/call-log-pages.js';
import { rebuildCallLog } from '../../server/src/modules/calls/call-log-rebuild.js';
import { CallArchiveModel } from '../../server/src/modules/calls/call.model.js';
import { archiveEndedCall } from '../../server/src/modules/calls/calls.service.js';
import { createSignedInUser, jsonRequest } from '../helpers/factories.js';
import { postAssociation, postTicket } from '../helpers/fixtures.js';
import { json } from '../helpers/json.js';
import { callParams, CENTER_NUMBER, createTwilioTestApp, newCallSid, newMessageSid, postSigned, queueCall, TEST_ACCOUNT_SID, type TwilioTestApp } from '../helpers/twilio.js';
import { useTestDatabase } from '../helpers/test-database.js';

useTestDatabase();

/** A history as stored: each key with the summary kept beside it (tickets), or null (read from the record). */
async function readEntries(list: string) {
  const entries: Array<{ key: string; value: string | null }> = [];
  for (;;) {
    const page = await getStorage().lists.readEntries(list, { limit: 100, after: entries.at(-1)?.key, direction: 'ascending' });
    entries.push(...page);
    if (page.length < 100) return entries;
  }
}

async function readList(list: string): Promise<string[]> {
  const keys: string[] = [];
  for (;;) {
    const page = await getStorage().lists.read(list, { limit: 100, after: keys.at(-1), direction: 'ascending' });
    keys.push(...page);
    if (page.length < 100) return keys;
  }
}

/** The call log's lists of every day that has calls. */
const callLogLists = (days: string[]) => days.flatMap((day) => [callLogList(day), ...CALL_RESULTS.map((result) => callLogList(day, result))]);

/** Every history and call-log list these associations can have, as stored (the call log's with each call's summary). */
async function snapshot(associationIds: string[]) {
  const days = await readList(CALL_LOG_DAYS);
  const lists = associationIds.map(associationHistoryList);
  const histories = Object.fromEntries(await Promise.all(associationIds.map(async (id) => [id, await readEntries(associationHistoryList(id))] as const)));
  const callLog = Object.fromEntries(await Promise.all(callLogLists(days).map(async (list) => [list, await readEntries(list)] as const)));
  return { days, lists: Object.fromEntries(await Promise.all(lists.map(async (list) => [list, await readList(list)] as const))), histories, callLog };
}

async function readCallLog(app: TwilioTestApp, cookie: string, filter = '') {
  const items: unknown[] = [];
  let cursor: string | null = null;
  do {
    const response = await app.request(`/api/calls?limit=3${filter}${cursor ? `&cursor=${cursor}` : ''}`, { headers: { Cookie: cookie } });
    const page = await json(response);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

async function readHistory(app: TwilioTestApp, cookie: string, associationId: string) {
  const items: unknown[] = [];
  let cursor: string | null = null;
  do {
    const response = await app.request(`/api/associations/${associationId}/timeline?limit=4${cursor ? `&cursor=${cursor}` : ''}`, { headers: { Cookie: cookie } });
    const page = await json(response);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

describe('association history and call log pages', () => {
  it('after random concurrent and redelivered writes and a merge, the maintained pages equal a rebuild', async () => {
    const { app } = createTwilioTestApp({ mode: 'simulated' });
    const supervisor = await createSignedInUser(app, 'supervisor');
    const phones = ['0661717171', '0662727272', '0663737373'];
    const associations = await Promise.all(phones.map((phone, index) => postAssociation(app, supervisor.cookie, { contacts: [{ name: `Contact ${index}`, role: '', phones: [phone], emails: [] }] })));
    const e164 = phones.map((phone) => `+212${phone.slice(1)}`);
    let seed = 5;
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
    const pick = <T,>(items: T[]) => items[Math.floor(next() * items.length)]!;

    for (let round = 0; round < 3; round += 1) {
      const work: Array<Promise<unknown>> = [];
      for (let n = 0; n < 6; n += 1) {
        const which = Math.floor(next() * 3);
        const kind = next();
        if (kind < 0.35) {
          work.push(postTicket(app, supervisor.cookie, { associationId: associations[which].id, subject: `round ${round}` }));
        } else if (kind < 0.7) {
          const sid = newCallSid();
          work.push(
            (async () => {
              await queueCall(app, sid, e164[which]!);
              const ending = pick([{ QueueResult: 'hangup', QueueTime: '4' }, null]);
              if (ending) {
                const params = callParams(sid, e164[which]!, ending);
                // Twilio sometimes delivers a callback twice.
                await Promise.all([postSigned(app, '/webhooks/twilio/voice/queue-result?lang=ar', params), postSigned(app, '/webhooks/twilio/voice/queue-result?lang=ar', params)]);
              }
            })(),
          );
        } else {
          const params = { MessageSid: newMessageSid(), AccountSid: TEST_ACCOUNT_SID, From: e164[which]!, To: CENTER_NUMBER, Body: `سلام ${round}`, NumMedia: '0' };
          work.push(Promise.all([postSigned(app, '/webhooks/twilio/messaging', params), postSigned(app, '/webhooks/twilio/messaging', params)]));
        }
      }
      await Promise.all(work);
    }
    // Tickets change after they were paged: a status, a priority, a subject; some twice at once.
    const created = (await readEntries(associationHistoryList(associations[0].id))).filter((entry) => entry.key.split('|')[1] === '2');
    const edited = created.slice(0, 4);
    expect(edited.length).toBeGreaterThan(0);
    for (const entry of edited) {
      const ticketId = entry.key.split('|')[2]!;
      const edit = (body: Record<string, unknown>) => app.request(`/api/tickets/${ticketId}`, jsonRequest('PATCH', { version: 0, ...body }, supervisor.cookie));
      const answers = await Promise.all([edit({ priority: 'urgent' }), edit({ subject: 'موضوع معدل' })]);
      expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
    }
    // Calls change after they were paged, outside the Twilio callbacks: notes and a disposition, twice at once.
    const loggedCalls = (await readCallLog(app, supervisor.cookie)) as Array<{ callSid: string }>;
    const noted = loggedCalls.slice(0, 3).map((call) => call.callSid);
    for (const callSid of noted) {
      await Promise.all([
        app.request(`/api/calls/${callSid}`, jsonRequest('PATCH', { notes: `ملاحظة ${callSid.slice(-4)}` }, supervisor.cookie)),
        app.request(`/api/calls/${callSid}`, jsonRequest('PATCH', { disposition: 'information-given' }, supervisor.cookie)),
      ]);
    }
    const merged = await app.request(`/api/associations/${associations[0].id}/merge`, jsonRequest('POST', { sourceId: associations[1].id }, supervisor.cookie));
    expect(merged.status).toBe(200);

    // Ended calls move to the archive; a rebuild reads them there.
    const ended = (await readCallLog(app, supervisor.cookie, '&result=abandoned')) as Array<{ callSid: string }>;
    for (const { callSid } of ended.slice(0, 2)) await archiveEndedCall({ payload: { callSid } });
    expect(await CallArchiveModel.countDocuments()).toBe(Math.min(2, ended.length));
    expect(ended.length).toBeGreaterThan(0);

    const ids = associations.map((association) => association.id as string);
    const maintained = await snapshot(ids);
    expect(maintained.lists[associationHistoryList(ids[1]!)]).toEqual([]);
    const historyBefore = await Promise.all(ids.map((id) => readHistory(app, supervisor.cookie, id)));
    const shownTickets = historyBefore[0]!.filter((item) => (item as { kind: string }).kind === 'ticket') as Array<{ ticket: { priority: string; subject: string } }>;
    expect(shownTickets.filter((item) => item.ticket.priority === 'urgent' || item.ticket.subject === 'موضوع معدل')).toHaveLength(edited.length);
    // Tickets and calls carry their summaries in the history; messages are read by `_id`.
    expect(maintained.histories[ids[0]!]!.filter((entry) => entry.key.split('|')[1] !== '0').every((entry) => entry.value !== null)).toBe(true);
    // The merged history holds the two associations' tickets, calls and messages; some calls were abandoned.
    expect(new Set(historyBefore[0]!.map((item) => (item as { kind: string }).kind))).toEqual(new Set(['ticket', 'call', 'message']));
    expect(Object.entries(maintained.callLog).some(([list, keys]) => list.endsWith(':abandoned') && keys.length > 0)).toBe(true);
    // Every call in the log carries its summary, and the log shows the notes and merge made after paging.
    expect(Object.values(maintained.callLog).flat().every((entry) => entry.value !== null)).toBe(true);
    const logBefore = (await readCallLog(app, supervisor.cookie)) as Array<{ callSid: string; notes: string; disposition: string | null; associationId: string | null }>;
    expect(logBefore.filter((call) => noted.includes(call.callSid)).map((call) => [call.notes, call.disposition])).toEqual(
      noted.map((callSid) => [`ملاحظة ${callSid.slice(-4)}`, 'information-given']),
    );
    expect(logBefore.some((call) => call.associationId === ids[1])).toBe(false);
    const abandonedBefore = await readCallLog(app, supervisor.cookie, '&result=abandoned');

    await rebuildAssociationHistory();
    await rebuildCallLog();
    expect(await snapshot(ids)).toEqual(maintained);
    expect(await Promise.all(ids.map((id) => readHistory(app, supervisor.cookie, id)))).toEqual(historyBefore);
    expect(await readCallLog(app, supervisor.cookie)).toEqual(logBefore);

    // Pages written before summaries (bare keys) still read, each call by `_id`.
    for (const [list, entries] of Object.entries(maintained.callLog)) await getStorage().lists.replace(list, entries.map((entry) => entry.key));
    expect(await readCallLog(app, supervisor.cookie)).toEqual(logBefore);
    expect(await readCallLog(app, supervisor.cookie, '&result=abandoned')).toEqual(abandonedBefore);
  }, 120_000);
});
