export type TToastKind = 'success' | 'error' | 'info';

export interface TToast {
  id: number;
  kind: TToastKind;
  message: string;
}

type Listener = (toasts: TToast[]) => void;

// Successes go away by themselves; an error stays until it is closed (it may need reading twice).
const SHOWN_FOR_MS: Record<TToastKind, number | null> = { success: 5000, info: 6000, error: null };
const MOST_SHOWN = 3;

let toasts: TToast[] = [];
let nextId = 1;
const listeners = new Set<Listener>();
const emit = () => listeners.forEach((listener) => listener(toasts));

/** Removes one toast (its close button, or its time is up). */
export function dismissToast(id: number): void {
  toasts = toasts.filter((toast) => toast.id !== id);
  emit();
}

/** Shows a short message in the corner, read out by screen readers (errors at once, others politely). */
export function showToast(kind: TToastKind, message: string): void {
  const toast = { id: nextId++, kind, message };
  toasts = [...toasts.filter((shown) => shown.message !== message), toast].slice(-MOST_SHOWN);
  emit();
  const shownFor = SHOWN_FOR_MS[kind];
  if (shownFor !== null) window.setTimeout(() => dismissToast(toast.id), shownFor);
}

/** Follows the toasts shown; returns the unsubscribe. */
export function subscribeToToasts(listener: Listener): () => void {
  listeners.add(listener);
  listener(toasts);
  return () => listeners.delete(listener);
}
