import { finishInterruptedChanges } from '../../server/src/jobs/interrupted-changes-job.js';
import { changeFinishers } from '../../server/src/change-finishers.js';
import type { EventPublisher } from '../../server/src/realtime/event-publisher.js';
import type { AppDependencies } from '../../server/src/app-env.js';
import type { Config } from '../../server/src/config.js';
import type { RealtimeHub } from '../../server/src/realtime/realtime-hub.js';
import { getStorage } from '../../server/src/platform/storage/index.js';
import type { ChangeJournal, OrderedLists, Storage, VersionedChange } from '../../server/src/platform/storage/storage.js';
import { createTestApp } from './test-app.js';

/** What a test makes fail: every append to the feed, every write to the lists kept from records, the versioned writes and journal notes it picks. */
interface Interruptions {
  interrupted: boolean;
  listWritesFail: boolean;
  versionedWriteFails?: (collection: string, change: VersionedChange) => boolean;
  journalOpenFails?: (kind: string) => boolean;
}

/**
 * `storage` as it is, except that every write to its ordered lists fails while `state.listWritesFail`
 * is set, and a versioned write or a journal note fails before it is made when `state.versionedWriteFails`
 * or `state.journalOpenFails` picks it.
 */
function withWritesFailing(storage: Storage, state: Interruptions): Storage {
  const failing = () => state.listWritesFail;
  const writes = new Set<keyof OrderedLists>(['add', 'remove', 'replace']);
  const lists = new Proxy(storage.lists, {
    get(target, name: keyof OrderedLists) {
      const member = target[name];
      if (typeof member !== 'function') return member;
      return (...args: unknown[]) => (writes.has(name) && failing() ? Promise.reject(new Error('the node died')) : (member as (...a: unknown[]) => unknown).apply(target, args));
    },
  });
  const updateVersioned: Storage['updateVersioned'] = (collection, id, decide, options) =>
    storage.updateVersioned(
      collection,
      id,
      (current) => {
        const change = decide(current);
        if (change && state.versionedWriteFails?.(collection, change)) throw new Error('the node died');
        return change;
      },
      options,
    );
  const journal: ChangeJournal = {
    open: (kind, recordId, detail) => (state.journalOpenFails?.(kind) ? Promise.reject(new Error('the node died')) : storage.journal.open(kind, recordId, detail)),
    close: (change) => storage.journal.close(change),
    readOpenedBefore: (before, limit) => storage.journal.readOpenedBefore(before, limit),
  };
  const replaced: Partial<Record<keyof Storage, unknown>> = { lists, updateVersioned, journal };
  return new Proxy(storage, { get: (target, name, receiver) => (name in replaced ? replaced[name as keyof Storage] : Reflect.get(target, name, receiver)) });
}

/**
 * A test app (on `base`'s environment and dependencies: a Twilio one) whose publisher fails every
 * append to the change feed while `state.interrupted` is set, and whose storage fails every write to
 * the lists kept from records (the call log's pages…) while `state.listWritesFail` is, and each versioned
 * write and journal note `state.versionedWriteFails` and `state.journalOpenFails` pick, as a node dying right after a record's write leaves it; `recover(seconds)` runs the recovery pass as if that many
 * seconds had passed.
 */
export function createInterruptibleApp(base: { environment?: Record<string, string>; extra?: (config: Config, hub: RealtimeHub) => Partial<AppDependencies> } = {}) {
  const state: Interruptions = { interrupted: false, listWritesFail: false };
  const testApp = createTestApp(base.environment ?? {}, undefined, (config, hub) => {
    const given = base.extra?.(config, hub);
    return {
      ...given,
      storage: withWritesFailing(given?.storage ?? getStorage(), state),
      publisher: {
        publish: (event, payload, rooms) => hub.publish(event, payload, rooms),
        recordChanges: (drafts) => (state.interrupted ? Promise.reject(new Error('the node died')) : hub.recordChanges(drafts)),
      } satisfies EventPublisher,
    };
  });
  const recover = (secondsLater: number) => finishInterruptedChanges(changeFinishers(testApp.modules), new Date(Date.now() + secondsLater * 1000));
  return { ...testApp, state, recover };
}
