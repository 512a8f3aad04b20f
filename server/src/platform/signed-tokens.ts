import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

// A token is 32 random bytes followed by their HMAC for one purpose, both in base64url (43 characters
// each): a guessed or forged token is refused without a database read, so guesses cost the server
// nothing, and a socket handshake can check a token before its address's wait (see socket-server.ts).
const NONCE_LENGTH = 43;

const signatureOf = (purpose: string, nonce: string, secret: string) => createHmac('sha256', secret).update(`${purpose}:${nonce}`).digest('base64url');

/** A new random token bearing the server's signature for `purpose` (`session-token`, `wallboard-token`). */
export function newSignedToken(purpose: string, secret: string): string {
  const nonce = randomBytes(32).toString('base64url');
  return `${nonce}${signatureOf(purpose, nonce, secret)}`;
}

/** Whether `token` bears the server's signature for `purpose`; compared as text, not decoded (base64url decoding ignores stray characters and unused low bits). */
export function isSignedToken(token: string, purpose: string, secret: string): boolean {
  if (token.length !== NONCE_LENGTH * 2) return false;
  const signature = Buffer.from(token.slice(NONCE_LENGTH));
  const expected = Buffer.from(signatureOf(purpose, token.slice(0, NONCE_LENGTH), secret));
  return signature.length === expected.length && timingSafeEqual(signature, expected);
}
