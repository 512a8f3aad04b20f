import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EmbeddedDatabaseError, ensureEmbeddedDatabaseBinary } from '../../server/src/database/embedded-database.js';

describe('building the embedded database', () => {
  it('says in one sentence what to install or set when Go is missing', async () => {
    const outputDir = await mkdtemp(join(tmpdir(), 'mowakaba-nogo-'));
    try {
      expect(() => ensureEmbeddedDatabaseBinary({ outputDir, goCandidates: ['/nonexistent/go'] })).toThrow(
        new EmbeddedDatabaseError(
          'No database is configured: set MONGODB_URI to a MongoDB server, or install Go 1.24 or newer so the embedded database (FerretDB) can be built.',
        ),
      );
    } finally {
      await rm(outputDir, { recursive: true, force: true });
    }
  });
});
