import { RotateCw, TriangleAlert } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { Button } from './button';

/** Something could not be loaded: what happened, in words, and a way to try again when there is one. */
export function ErrorState({ title, text, onRetry }: { title: string; text?: string; onRetry?: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="state state--error" role="alert">
      <TriangleAlert className="state__icon" aria-hidden="true" />
      <p className="state__title">{title}</p>
      {text && <p className="state__text">{text}</p>}
      {onRetry && (
        <Button variant="secondary" icon={RotateCw} onClick={onRetry}>
          {t('ui.retry')}
        </Button>
      )}
    </div>
  );
}
