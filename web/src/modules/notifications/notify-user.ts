import i18next from 'i18next';
import { shownText } from '../associations/association-name';

let audioContext: AudioContext | undefined;

function chime(): void {
  try {
    audioContext ??= new AudioContext();
    const oscillator = audioContext.createOscillator();
    const gain = audioContext.createGain();
    oscillator.frequency.value = 880;
    gain.gain.setValueAtTime(0.15, audioContext.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.001, audioContext.currentTime + 0.4);
    oscillator.connect(gain).connect(audioContext.destination);
    oscillator.start();
    oscillator.stop(audioContext.currentTime + 0.4);
  } catch {
    // No audio output: the desktop notification is enough.
  }
}

/** Asks once for permission to show desktop notifications (from a user gesture). */
export function askNotificationPermission(): void {
  if ('Notification' in window && Notification.permission === 'default') void Notification.requestPermission();
}

const TITLES = { ticket: 'notifications.ticketAssigned', call: 'notifications.incomingCall', alert: 'staffingAlerts.notificationTitle' } as const;

/** A desktop notification and a short sound, for a new call, a ticket given to this agent or a dashboard alert raised. */
export function notifyUser(kind: keyof typeof TITLES, reference: string, text: string): void {
  chime();
  if (!('Notification' in window) || Notification.permission !== 'granted' || document.hasFocus()) return;
  new Notification(i18next.t(TITLES[kind], { reference }), { body: shownText(text, i18next.t), tag: reference });
}
