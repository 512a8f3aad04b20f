import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { apiRequest } from '../../lib/api-client';
import { ThumbsDown, ThumbsUp } from 'lucide-react';
import { Button } from '../ui/button';

/** "Was this helpful?": unhelpful votes show supervisors what the articles miss. */
export function ArticleFeedback({ articleId }: { articleId: string }) {
  const { t } = useTranslation();
  const vote = useMutation({
    mutationFn: (helpful: boolean) => apiRequest(`/api/kb/articles/${articleId}/feedback`, { method: 'POST', body: { helpful } }),
  });
  if (vote.isSuccess) return <p role="status">{t('portal.feedback.thanks')}</p>;
  return (
    <div className="portal-feedback" role="group" aria-label={t('portal.feedback.question')}>
      <span>{t('portal.feedback.question')}</span>
      <Button variant="secondary" icon={ThumbsUp} onClick={() => vote.mutate(true)} disabled={vote.isPending}>
        {t('portal.feedback.yes')}
      </Button>
      <Button variant="secondary" icon={ThumbsDown} onClick={() => vote.mutate(false)} disabled={vote.isPending}>
        {t('portal.feedback.no')}
      </Button>
    </div>
  );
}
