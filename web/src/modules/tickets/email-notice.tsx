import { useTranslation } from 'react-i18next';
import type { TTicketEntry } from '@mowakaba/shared/schemas/tickets';

interface EmailNoticeData {
  /** The requester's address, masked by the server: `a•••@example.org`. */
  to: string;
  status: 'sent' | 'simulated' | 'failed';
  errorCode: string | null;
}

/** The e-mail a public reply sent to tell a portal requester, if it did. */
export function emailNoticeOf(entry: TTicketEntry): EmailNoticeData | null {
  const email = entry.data?.email as EmailNoticeData | undefined;
  return email && typeof email.to === 'string' ? email : null;
}

/** Where the requester was told of the reply by e-mail, and whether the e-mail left. */
export function EmailNotice({ email }: { email: EmailNoticeData }) {
  const { t } = useTranslation();
  return (
    <span className={`delivery delivery--${email.status}`} data-email-status={email.status}>
      {t('replyNotice.emailTo')} <bdi dir="ltr">{email.to}</bdi> · {t(`delivery.${email.status}`)}
      {email.status === 'failed' && email.errorCode && (
        <>
          {' · '}
          <bdi dir="ltr">{t('delivery.errorCode', { code: email.errorCode })}</bdi>
        </>
      )}
    </span>
  );
}
