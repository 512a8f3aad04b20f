import { CircleCheck, Info, TriangleAlert, X } from 'lucide-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { dismissToast, subscribeToToasts, type TToast } from './toast-store';

const ICONS = { success: CircleCheck, error: TriangleAlert, info: Info } as const;

/**
 * Where toasts appear: the inline end of the screen's bottom, in both directions. Both live
 * regions are always in the page (a region added with its message is often not read out):
 * errors go in the alert region, everything else in the polite status region.
 */
export function Toaster() {
  const [toasts, setToasts] = useState<TToast[]>([]);
  useEffect(() => subscribeToToasts(setToasts), []);
  return (
    <div className="toaster">
      <div role="alert" className="toaster__region">
        {toasts.filter((toast) => toast.kind === 'error').map((toast) => <ToastItem key={toast.id} toast={toast} />)}
      </div>
      <div role="status" className="toaster__region">
        {toasts.filter((toast) => toast.kind !== 'error').map((toast) => <ToastItem key={toast.id} toast={toast} />)}
      </div>
    </div>
  );
}

function ToastItem({ toast }: { toast: TToast }) {
  const { t } = useTranslation();
  const Icon = ICONS[toast.kind];
  return (
    <div className={`toast toast--${toast.kind}`}>
      <Icon className="icon" aria-hidden="true" />
      <p dir="auto">{toast.message}</p>
      <button type="button" className="toast__close" aria-label={t('ui.toast.close')} onClick={() => dismissToast(toast.id)}>
        <X className="icon" aria-hidden="true" />
      </button>
    </div>
  );
}
