import mongoose from 'mongoose';

// Before the first connection, state still has a scope of its own (dropped at the first connect).
const NOT_CONNECTED = {};

/**
 * One value per database the process is connected to, made by `create` on first use: for caches,
 * reserves and batches filled from the database. After the process connects again (another
 * database, as every test file does in one worker, or a restart of the app on another URI), what
 * was read from the old database is never served; it is dropped with the old connection.
 */
export function createConnectionScoped<T>(create: () => T): () => T {
  const values = new WeakMap<object, T>();
  return () => {
    const key: object = mongoose.connection.db ?? NOT_CONNECTED;
    let value = values.get(key);
    if (value === undefined) values.set(key, (value = create()));
    return value;
  };
}
