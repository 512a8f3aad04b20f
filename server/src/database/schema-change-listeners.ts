import type mongoose from 'mongoose';

const WRITES = ['updateOne', 'updateMany', 'findOneAndUpdate', 'replaceOne', 'deleteOne', 'deleteMany', 'findOneAndDelete'] as const;

/**
 * Hooks every write made through `schema`'s model in this process and returns a way to be told of
 * them, so in-process caches of that collection can drop their copy at once. Call before the model
 * is compiled. Writes by other nodes are not seen: caches also expire.
 */
export function listenToSchemaChanges(schema: mongoose.Schema): (listener: () => void) => void {
  const listeners = new Set<() => void>();
  const notify = () => listeners.forEach((listener) => listener());
  schema.post('save', notify);
  schema.post('insertMany', notify);
  schema.post([...WRITES], notify);
  return (listener) => {
    listeners.add(listener);
  };
}
