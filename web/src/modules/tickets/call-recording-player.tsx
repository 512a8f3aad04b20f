import { useState } from 'react';
import { useTranslation } from 'react-i18next';

export interface TimelineRecording {
  /** The server's path to the audio (staff only); never Twilio's URL. */
  url: string;
  durationSeconds: number | null;
  kind: 'conversation' | 'voicemail';
  simulated: boolean;
}

/** The browser's own audio player (keyboard and screen-reader ready) for a call's recording. */
export function CallRecordingPlayer({ recording }: { recording: TimelineRecording }) {
  const { t } = useTranslation();
  const [failed, setFailed] = useState(false);
  const label = t(recording.kind === 'voicemail' ? 'recording.voicemail' : 'recording.label');
  return (
    <figure className="recording">
      <figcaption>
        {label}
        {recording.durationSeconds !== null && ` · ${t('recording.duration', { seconds: recording.durationSeconds })}`}
        {recording.simulated && <span className="badge badge--muted">{t('recording.simulated')}</span>}
      </figcaption>
      {failed ? (
        <p role="alert" className="form-error">
          {t('recording.unavailable')}
        </p>
      ) : (
        // Loaded only when played: every fetch is traced server-side as an access to personal data.
        <audio controls preload="none" src={recording.url} aria-label={label} onError={() => setFailed(true)} />
      )}
    </figure>
  );
}
