import { LoaderCircle, type LucideIcon } from 'lucide-react';
import type { ButtonHTMLAttributes, ReactNode } from 'react';

export type TButtonVariant = 'primary' | 'secondary' | 'danger' | 'ghost';

interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: TButtonVariant;
  small?: boolean;
  /** An icon before the text (decorative: the text names the button). */
  icon?: LucideIcon;
  /** The icon points somewhere (an arrow): it turns around in Arabic. */
  iconMirrored?: boolean;
  /** Work under way: the button is disabled, shows a spinner and says it is busy. */
  loading?: boolean;
  children?: ReactNode;
}

/** The app's button: one look per intent, an optional icon, a busy state. */
export function Button({ variant = 'primary', small, icon: Icon, iconMirrored, loading, disabled, className, type = 'button', children, ...rest }: ButtonProps) {
  const classes = ['button', `button--${variant}`, small ? 'button--small' : '', className ?? ''].filter(Boolean).join(' ');
  return (
    <button type={type} className={classes} disabled={disabled || loading} aria-busy={loading || undefined} {...rest}>
      {loading ? <LoaderCircle className="icon icon--spin" aria-hidden="true" /> : Icon && <Icon className={iconMirrored ? 'icon icon--mirrored' : 'icon'} aria-hidden="true" />}
      {children}
    </button>
  );
}
