import { describe, expect, it } from 'vitest';
import { createLogger, maskPhoneNumbers } from '../../server/src/logger.js';

describe('phone numbers in logs', () => {
  it('masks Moroccan numbers in every written form but keeps dates, ids and small numbers', () => {
    expect(maskPhoneNumbers('call from +212612345678')).toBe('call from +212•••••••78');
    expect(maskPhoneNumbers('tel 06 12 34 56 78.')).toBe('tel 061•••••78.');
    expect(maskPhoneNumbers('00212-661-234567')).toBe('002•••••••••67');
    expect(maskPhoneNumbers('on 2026-11-22 at 10:30, 3 tickets')).toBe('on 2026-11-22 at 10:30, 3 tickets');
    expect(maskPhoneNumbers('ticket 6561f0c2a1b2c3d4e5f60718 T-2026-000123')).toBe('ticket 6561f0c2a1b2c3d4e5f60718 T-2026-000123');
  });

  it('writes JSON lines without passwords, tokens or full phone numbers', () => {
    const lines: string[] = [];
    const logger = createLogger('info', { write: (line: string) => lines.push(line) });
    logger.info(
      { body: { email: 'a@b.test', password: 'hunter2 hunter2', token: 'abc' }, caller: { from: '+212661234567' } },
      'incoming call from 0661234567',
    );
    const entry = JSON.parse(lines[0]!);
    expect(entry.body.password).toBe('[redacted]');
    expect(entry.body.token).toBe('[redacted]');
    expect(entry.caller.from).toBe('+212•••••••67');
    expect(entry.msg).toBe('incoming call from 066•••••67');
    expect(lines[0]).not.toMatch(/hunter2|661234567/);
  });

  it('masks phone numbers in the message and stack of a logged error', () => {
    const lines: string[] = [];
    const logger = createLogger('info', { write: (line: string) => lines.push(line) });
    const error = new Error("The 'To' number +212661234567 is not a valid phone number.");
    logger.warn({ err: error }, 'sending failed');
    logger.error({ error: new Error('E11000 duplicate key error dup key: { _id: "+212671112233" }') }, 'save failed');
    const [first, second] = lines.map((line) => JSON.parse(line));
    expect(first.err.message).toBe("The 'To' number +212•••••••67 is not a valid phone number.");
    expect(first.err.type).toBe('Error');
    expect(first.err.stack).toContain('+212•••••••67');
    expect(second.error.message).toContain('+212•••••••33');
    expect(lines.join('\n')).not.toMatch(/661234567|671112233/);
  });
});

describe('e-mail addresses in logs', () => {
  it('keeps only the first letter and the domain of an address, wherever it is written', () => {
    const lines: string[] = [];
    const logger = createLogger('info', { write: (line: string) => lines.push(line) });
    logger.warn({ err: new Error('550 mailbox amina.benali@example.org unavailable'), to: 'karim+asso@mail.example.ma' }, 'not sent to x_y@example.org');
    const entry = JSON.parse(lines[0]!);
    expect(entry.err.message).toBe('550 mailbox a•••@example.org unavailable');
    expect(entry.to).toBe('k•••@mail.example.ma');
    expect(entry.msg).toBe('not sent to x•••@example.org');
    expect(lines[0]).not.toMatch(/amina|karim\+asso|x_y@/);
  });
});
