import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/src/config.js';

const PRODUCTION = { NODE_ENV: 'production', SESSION_SECRET: 'a-session-secret-of-at-least-32-characters' };

describe('the configuration', () => {
  it('loads the demo data by default, but not in production', () => {
    expect(loadConfig({}).DEMO_DATA).toBe(true);
    expect(loadConfig({ DEMO_DATA: 'false' }).DEMO_DATA).toBe(false);
    expect(loadConfig(PRODUCTION).DEMO_DATA).toBe(false);
  });

  it('refuses a production start with the demo accounts or the README’s example admin password', () => {
    expect(() => loadConfig({ ...PRODUCTION, DEMO_DATA: 'true' })).toThrow(/DEMO_DATA must be false in production/);
    expect(() => loadConfig({ ...PRODUCTION, ADMIN_EMAIL: 'admin@center.ma', ADMIN_PASSWORD: 'mowakaba-admin-2026' })).toThrow(/ADMIN_PASSWORD is the README example password/);
    expect(loadConfig({ ...PRODUCTION, ADMIN_EMAIL: 'admin@center.ma', ADMIN_PASSWORD: 'a long and private passphrase' }).ADMIN_EMAIL).toBe('admin@center.ma');
  });

  it('names each bad variable', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/SESSION_SECRET is required in production/);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
  });
});
