import { X } from 'lucide-react';
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from './button';
import { useKeepFocusInside } from './use-keep-focus-inside';

interface DialogProps {
  title: string;
  onClose: () => void;
  children: ReactNode;
  className?: string;
  /** Changes when the dialog swaps its content (a step, a result): focus stays inside instead of falling to the page. */
  contentKey?: string;
}

/**
 * A modal dialog, open while it is rendered: the page behind is inert (focus cannot leave),
 * Escape and the close button close it, and focus goes back to what opened it.
 */
export function Dialog({ title, onClose, children, className, contentKey = '' }: DialogProps) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useKeepFocusInside(dialog, contentKey);
  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dialog.current?.showModal();
    // Unmounting removes the dialog without closing it, so the browser would not give focus back itself.
    return () => opener?.focus();
  }, []);
  return (
    <dialog ref={dialog} className={['ui-dialog', className ?? ''].filter(Boolean).join(' ')} aria-labelledby={titleId} onClose={onClose}>
      <div className="ui-dialog__header">
        <h2 id={titleId}>{title}</h2>
        <Button variant="ghost" small icon={X} aria-label={t('ui.dialog.close')} onClick={() => dialog.current?.close()} />
      </div>
      {children}
    </dialog>
  );
}
