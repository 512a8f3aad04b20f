import type mongoose from 'mongoose';

/**
 * Drops every collection of a database, keeping the database itself. On the embedded database,
 * dropping a whole database removes its file while a connection may still hold it, and a late
 * write then creates a new file of the same name over the old one's write-ahead log: the server
 * died of it (SIGBUS) during a test run. Dropped collections leave nothing of the sort behind.
 */
export async function emptyDatabase(db: mongoose.mongo.Db): Promise<void> {
  const collections = await db.listCollections({}, { nameOnly: true }).toArray();
  for (const { name } of collections) {
    if (!name.startsWith('system.')) await db.collection(name).drop().catch(() => undefined);
  }
}
