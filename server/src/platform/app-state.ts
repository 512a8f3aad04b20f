import { AsyncLocalStorage } from 'node:async_hooks';
import mongoose from 'mongoose';
import { systemClock, type Clock } from './clock.js';
import type { Storage } from './storage/storage.js';

/**
 * The state one app (one node) keeps in memory: caches, reserves, copies of indexes. Two apps in one
 * process (the two-node tests) each have their own; what one app caches is never served by the other.
 */
export interface AppScope {
  readonly clock: Clock;
  /** Runs `task` as this app: the state `defineAppState` hands out inside it (and in what it starts) is this app's. */
  run<T>(task: () => T): T;
  /** Drops this app's state; later invalidations no longer visit it. */
  stop(): void;
}

interface ScopeValues {
  clock: Clock;
  /** The storage seam this app writes through, when it was given one (`getStorage()` answers it). */
  storage?: Storage;
  values: Map<AppState<unknown>, unknown>;
}

const currentScope = new AsyncLocalStorage<ScopeValues>();
const liveScopes = new Set<ScopeValues>();
// Code run outside any app (scripts, seeds, a test calling a service directly) has one scope per
// database connection: what was read from a database a test file dropped is never served to the next.
let outsideAnyApp: { database: object | undefined; scope: ScopeValues } | undefined;

/** The state of a new app; `createModules` makes one per app. */
export function createAppScope(clock: Clock = systemClock, storage?: Storage): AppScope {
  const scope: ScopeValues = { clock, storage, values: new Map() };
  liveScopes.add(scope);
  return {
    clock,
    run: (task) => currentScope.run(scope, task),
    stop() {
      liveScopes.delete(scope);
      scope.values.clear();
    },
  };
}

function scopeOutsideAnyApp(): ScopeValues {
  const database = mongoose.connection.db;
  if (outsideAnyApp && outsideAnyApp.database === database) return outsideAnyApp.scope;
  if (outsideAnyApp) liveScopes.delete(outsideAnyApp.scope);
  const scope: ScopeValues = { clock: systemClock, values: new Map() };
  outsideAnyApp = { database, scope };
  liveScopes.add(scope);
  return scope;
}

/** The storage of the app the caller runs in, if it was given one. */
export function storageOfCurrentApp(): Storage | undefined {
  return currentScope.getStore()?.storage;
}

export interface AppState<T> {
  /** The calling app's value, made on its first use. */
  (): T;
  /** Visits the value of every live app of this process that made one: for invalidations of what this process wrote. */
  forEach(visit: (value: T) => void): void;
}

/**
 * A piece of module state held once per app instead of once per process: `create` runs on the
 * app's first use, with the app's clock.
 */
export function defineAppState<T>(create: (clock: Clock) => T): AppState<T> {
  const state = (() => {
    const scope = currentScope.getStore() ?? scopeOutsideAnyApp();
    if (!scope.values.has(state)) scope.values.set(state, create(scope.clock));
    return scope.values.get(state) as T;
  }) as AppState<T>;
  state.forEach = (visit) => {
    for (const scope of liveScopes) if (scope.values.has(state)) visit(scope.values.get(state) as T);
  };
  return state;
}
