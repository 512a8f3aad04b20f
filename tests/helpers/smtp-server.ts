import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll } from 'vitest';

export interface ReceivedMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
}

/** A real SMTP server on a local port that keeps what it receives and refuses mailboxes named `refused…`. */
export function useLocalSmtpServer() {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (address.address.startsWith('refused')) {
        const refusal = Object.assign(new Error(`mailbox ${address.address} unavailable`), { responseCode: 550 });
        callback(refusal);
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({
          ...parseMail(Buffer.concat(chunks).toString('utf8')),
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((recipient) => recipient.address),
        });
        callback();
      });
    },
  });
  const smtp = { url: '', received };
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    smtp.url = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return smtp;
}

/** Decodes what a mail client would show: the subject and the text and HTML parts, whatever their transfer encoding. */
function parseMail(raw: string): Omit<ReceivedMail, 'from' | 'to'> {
  const decodeWords = (header: string) =>
    header.replace(/=\?utf-8\?([BQ])\?([^?]*)\?=\s*/gi, (_match, encoding: string, data: string) =>
      encoding.toUpperCase() === 'B' ? Buffer.from(data, 'base64').toString('utf8') : decodeQuotedPrintable(data.replace(/_/g, ' ')),
    );
  const subject = decodeWords(/^Subject: (.*(?:\r\n[ \t].*)*)/m.exec(raw)?.[1]?.replace(/\r\n[ \t]/g, ' ') ?? '');
  const part = (type: string) => {
    const match = new RegExp(`Content-Type: ${type}[^\\r]*\\r\\n((?:[\\w-]+: [^\\r]*\\r\\n)*)\\r\\n([\\s\\S]*?)\\r\\n--`, 'i').exec(raw);
    if (!match) return '';
    const encoding = /Content-Transfer-Encoding: (\S+)/i.exec(match[1]!)?.[1]?.toLowerCase();
    if (encoding === 'base64') return Buffer.from(match[2]!.replace(/\s/g, ''), 'base64').toString('utf8');
    if (encoding === 'quoted-printable') return decodeQuotedPrintable(match[2]!);
    return match[2]!;
  };
  return { subject, text: part('text/plain').replace(/\r\n/g, '\n'), html: part('text/html') };
}

function decodeQuotedPrintable(text: string): string {
  const bytes = text.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_match, hex: string) => `%${hex}`);
  return decodeURIComponent(bytes.replace(/%(?![0-9A-F]{2})/gi, '%25'));
}
