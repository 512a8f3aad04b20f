import { createServer } from 'node:net';
import { connectAdmin, type AdminApi } from './admin-api.js';
import { startE2eEnvironment, type E2eEnvironment } from './browser.js';

/** A TCP port free right now on 127.0.0.1, so PUBLIC_URL can name the server's own address before it starts. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * The server on a free port in Twilio simulation mode (webhooks signed with `twilioToken`), no demo
 * data, its first admin signed in through the API and the center open all week, so callers are queued
 * rather than offered a voicemail.
 */
export async function startSimulatedCenter(options: { password: string; twilioToken: string }): Promise<{ environment: E2eEnvironment; admin: AdminApi }> {
  const port = await freePort();
  const environment = await startE2eEnvironment({
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    TWILIO_AUTH_TOKEN: options.twilioToken,
    DEMO_DATA: 'false',
    ADMIN_EMAIL: 'admin@mowakaba.test',
    ADMIN_PASSWORD: options.password,
  });
  const admin = await connectAdmin({ baseUrl: environment.baseUrl, email: 'admin@mowakaba.test', password: options.password, twilioToken: options.twilioToken });
  await admin.openAllWeek();
  return { environment, admin };
}
