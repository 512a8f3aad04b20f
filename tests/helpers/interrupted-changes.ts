import { finishInterruptedChanges } from '../../server/src/jobs/interrupted-changes-job.js';
import { changeFinishers } from '../../server/src/change-finishers.js';
import type { EventPublisher } from '../../server/src/realtime/event-publisher.js';
import type { AppDependencies } from '../../server/src/app-env.js';
import type { Config } from '../../server/src/config.js';
import type { RealtimeHub } from '../../server/src/realtime/realtime-hub.js';
import { createTestApp } from './test-app.js';

/**
 * A test app (on `base`'s environment and dependencies: a Twilio one) whose publisher fails every append to the change feed while `state.interrupted` is
 * set, as a node dying right after a record's write leaves it; `recover(seconds)` runs the recovery
 * pass as if that many seconds had passed.
 */
export function createInterruptibleApp(base: { environment?: Record<string, string>; extra?: (config: Config, hub: RealtimeHub) => Partial<AppDependencies> } = {}) {
  const state = { interrupted: false };
  const testApp = createTestApp(base.environment ?? {}, undefined, (config, hub) => ({
    ...base.extra?.(config, hub),
    publisher: {
      publish: (event, payload, rooms) => hub.publish(event, payload, rooms),
      recordChanges: (drafts) => (state.interrupted ? Promise.reject(new Error('the node died')) : hub.recordChanges(drafts)),
    } satisfies EventPublisher,
  }));
  const recover = (secondsLater: number) => finishInterruptedChanges(changeFinishers(testApp.modules.publisher), new Date(Date.now() + secondsLater * 1000));
  return { ...testApp, state, recover };
}
