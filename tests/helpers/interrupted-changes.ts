import { finishInterruptedChanges } from '../../server/src/jobs/interrupted-changes-job.js';
import { changeFinishers } from '../../server/src/change-finishers.js';
import type { EventPublisher } from '../../server/src/realtime/event-publisher.js';
import type { AppDependencies } from '../../server/src/app-env.js';
import type { Config } from '../../server/src/config.js';
import type { RealtimeHub } from '../../server/src/realtime/realtime-hub.js';
import { getStorage } from '../../server/src/platform/storage/index.js';
import type { OrderedLists, Storage } from '../../server/src/platform/storage/storage.js';
import { createTestApp } from './test-app.js';

/** `storage` as it is, except that every write to its ordered lists fails while `failing()` says so. */
function withListWritesFailing(storage: Storage, failing: () => boolean): Storage {
  const writes = new Set<keyof OrderedLists>(['add', 'remove', 'replace']);
  const lists = new Proxy(storage.lists, {
    get(target, name: keyof OrderedLists) {
      const member = target[name];
      if (typeof member !== 'function') return member;
      return (...args: unknown[]) => (writes.has(name) && failing() ? Promise.reject(new Error('the node died')) : (member as (...a: unknown[]) => unknown).apply(target, args));
    },
  });
  return new Proxy(storage, { get: (target, name, receiver) => (name === 'lists' ? lists : Reflect.get(target, name, receiver)) });
}

/**
 * A test app (on `base`'s environment and dependencies: a Twilio one) whose publisher fails every
 * append to the change feed while `state.interrupted` is set, and whose storage fails every write to
 * the lists kept from records (the call log's pages…) while `state.listWritesFail` is, as a node dying
 * right after a record's write leaves it; `recover(seconds)` runs the recovery pass as if that many
 * seconds had passed.
 */
export function createInterruptibleApp(base: { environment?: Record<string, string>; extra?: (config: Config, hub: RealtimeHub) => Partial<AppDependencies> } = {}) {
  const state = { interrupted: false, listWritesFail: false };
  const testApp = createTestApp(base.environment ?? {}, undefined, (config, hub) => {
    const given = base.extra?.(config, hub);
    return {
      ...given,
      storage: withListWritesFailing(given?.storage ?? getStorage(), () => state.listWritesFail),
      publisher: {
        publish: (event, payload, rooms) => hub.publish(event, payload, rooms),
        recordChanges: (drafts) => (state.interrupted ? Promise.reject(new Error('the node died')) : hub.recordChanges(drafts)),
      } satisfies EventPublisher,
    };
  });
  const recover = (secondsLater: number) => finishInterruptedChanges(changeFinishers(testApp.modules), new Date(Date.now() + secondsLater * 1000));
  return { ...testApp, state, recover };
}
