import type { PersonalDataExport } from './personal-data.service.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text: unknown) => String(text ?? '').replace(/[&<>"']/g, (character) => ESCAPES[character]!);

/** Headings in the three languages of the center: the person reading may read any of them. */
const HEADINGS = {
  title: 'المعطيات الشخصية · Données personnelles · Personal data',
  association: 'الجمعية · Association',
  contacts: 'الأشخاص · Contacts',
  tickets: 'الطلبات · Demandes · Tickets',
  calls: 'المكالمات · Appels · Calls',
  messages: 'الرسائل · Messages',
  sentEmails: 'الرسائل الإلكترونية المرسلة · E-mails envoyés · E-mails sent',
} as const;

function table(headers: string[], rows: unknown[][]): string {
  if (rows.length === 0) return '<p>—</p>';
  return `<table><thead><tr>${headers.map((header) => `<th>${escapeHtml(header)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((row) => `<tr>${row.map((cell) => `<td dir="auto">${escapeHtml(cell)}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

/**
 * A readable, self-contained HTML page of a data-subject export (to print or send to the person),
 * every value escaped. The JSON export is the complete one; this is its summary.
 */
export function renderPersonalDataSummary(data: PersonalDataExport): string {
  const subject = data.subject.kind === 'association' ? data.association?.name.fr ?? data.subject.id : 'phone' in data.subject ? data.subject.phone : data.subject.email;
  const association = data.association
    ? table(
        ['nom / الاسم', 'référence', 'région', 'ville', 'notes'],
        [[`${data.association.name.ar} · ${data.association.name.fr}`, data.association.registrationRef, data.association.region, data.association.city, data.association.notes]],
      )
    : '';
  return `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>${escapeHtml(HEADINGS.title)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;line-height:1.4}table{border-collapse:collapse;width:100%;margin-block-end:1.5rem}th,td{border:1px solid #999;padding:.3rem .5rem;text-align:start;vertical-align:top}th{background:#eee}</style>
</head><body>
<h1>${escapeHtml(HEADINGS.title)}</h1>
<p>${escapeHtml(subject)} · ${escapeHtml(data.exportedAt)}</p>
${association ? `<h2>${HEADINGS.association}</h2>${association}` : ''}
<h2>${HEADINGS.contacts}</h2>
${table(['nom', 'rôle', 'téléphones', 'e-mails'], data.contacts.map((contact) => [contact.name, contact.role, contact.phones.join(', '), contact.emails.join(', ')]))}
<h2>${HEADINGS.tickets} (${data.tickets.length})</h2>
${table(
  ['référence', 'date', 'canal', 'statut', 'objet', 'description', 'échanges'],
  data.tickets.map(({ ticket, entries }) => [
    ticket.reference,
    ticket.createdAt,
    ticket.channel,
    ticket.status,
    ticket.subject,
    ticket.description,
    entries.filter((entry) => entry.body).map((entry) => `${entry.createdAt} ${entry.kind}: ${entry.body}`).join('\n'),
  ]),
)}
<h2>${HEADINGS.calls} (${data.calls.length})</h2>
${table(['date', 'de', 'vers', 'résultat', 'notes'], data.calls.map((call) => [call.createdAt, call.from, call.to, call.result ?? '', call.notes]))}
<h2>${HEADINGS.messages} (${data.messages.length})</h2>
${table(['date', 'sens', 'canal', 'texte'], data.messages.map((message) => [message.createdAt, message.direction, message.channel, message.body]))}
<h2>${HEADINGS.sentEmails} (${data.sentEmails.length})</h2>
${table(['date', 'à', 'objet', 'état', 'demande'], data.sentEmails.map((email) => [email.sentAt, email.to, email.subject, email.status, email.ticketReference]))}
</body></html>`;
}
