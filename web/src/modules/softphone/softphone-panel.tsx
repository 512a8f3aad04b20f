import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TCall } from '@mowakaba/shared/schemas/calls';
import { CallerName, CallerNumber } from '../calls/caller-name';
import { useWaitingCalls } from '../calls/use-calls';
import { useTeams } from '../teams/use-teams';
import { ElapsedTime } from '../ui/elapsed-time';
import { useKeepFocusInside } from '../ui/use-keep-focus-inside';
import { DispositionForm } from './disposition-form';
import { useSoftphone } from './softphone-provider';

/**
 * The softphone, always on screen: a waiting caller offered to this agent rings here with their
 * association's name, until the ring timeout sends them to the next agent; then answer (which opens
 * their ticket) or decline, hold, mute, transfer to a team, hang up; then the disposition form. The
 * same panel over a Twilio line or a simulated one.
 */
export function SoftphonePanel() {
  const { t } = useTranslation();
  const phone = useSoftphone();
  const waiting = useWaitingCalls();
  const ringing = phone.stage === 'idle' ? waiting.data?.find((call) => call.offer?.agentId === phone.userId) : undefined;
  const others = (waiting.data?.length ?? 0) - (ringing ? 1 : 0);
  const panel = useRef<HTMLElement>(null);
  useKeepFocusInside(panel, [phone.stage, phone.notice ?? '', ringing?.callSid ?? '', phone.actionError ?? '', String(phone.pending)].join(' '));

  return (
    <section ref={panel} className={`softphone card softphone--${phone.stage}${ringing ? ' softphone--ringing' : ''}`} aria-labelledby="softphone-title">
      <h2 id="softphone-title" tabIndex={-1}>
        {t('softphone.title')}
        {phone.line?.kind === 'simulated' && <span className="badge">{t('softphone.simulated')}</span>}
      </h2>
      {phone.lineError && <p role="alert">{t('softphone.lineError')}</p>}
      {phone.stage === 'idle' && phone.notice && (
        <p role="status" className="softphone__notice">
          {t(`softphone.notice.${phone.notice}`)}{' '}
          <button type="button" onClick={phone.dismissNotice}>
            {t('softphone.dismissNotice')}
          </button>
        </p>
      )}
      {phone.stage === 'idle' && !ringing && <p className="softphone__idle">{t('softphone.idle')}</p>}
      {phone.stage === 'idle' && !ringing && others > 0 && <p className="softphone__waiting">{t('softphone.moreWaiting', { count: others })}</p>}
      {ringing && <RingingCall call={ringing} />}
      {phone.stage === 'connecting' && <ConnectingCall />}
      {phone.stage === 'in-call' && phone.call && <CallControls call={phone.call} />}
      {phone.stage === 'wrap-up' && phone.call && <DispositionForm call={phone.call} />}
      {phone.actionError && (
        <p role="alert" className="form-error">
          {t(phone.actionError === 'conflict' ? 'softphone.conflict' : 'softphone.failed')}
        </p>
      )}
      {phone.actionError && (phone.stage === 'connecting' || phone.stage === 'in-call') && (
        // Whatever the server says of the call, the agent can always put it down and take the next one.
        <button type="button" className="softphone__leave" onClick={phone.leave}>
          {t('softphone.leave')}
        </button>
      )}
    </section>
  );
}

function CallerLine({ call }: { call: TCall }) {
  const { t } = useTranslation();
  return (
    <p className="softphone__caller">
      <strong className="softphone__name">
        <CallerName associationId={call.associationId} />
      </strong>{' '}
      <CallerNumber call={call} />
      {call.topic && <small> · {t(`topics.${call.topic}`)}</small>}
    </p>
  );
}

function RingingCall({ call }: { call: TCall }) {
  const { t } = useTranslation();
  const phone = useSoftphone();
  return (
    <div className="softphone__ringing" role="status" aria-live="polite">
      <p className="softphone__state">{t('softphone.ringing')}</p>
      <CallerLine call={call} />
      <p>
        {t('calls.waitingFor')} <ElapsedTime since={call.queuedAt ?? call.createdAt} />
      </p>
      <div className="softphone__controls">
        <button type="button" className="button--answer" onClick={() => phone.answer(call.callSid)} disabled={!phone.line || phone.pending}>
          {t('softphone.answer')}
        </button>
        <button type="button" onClick={() => phone.decline(call.callSid)} disabled={phone.pending}>
          {t('softphone.decline')}
        </button>
      </div>
    </div>
  );
}

function ConnectingCall() {
  const { t } = useTranslation();
  const phone = useSoftphone();
  return (
    <div>
      <p className="softphone__state" role="status">
        {t('softphone.connecting')}
      </p>
      {phone.call && <CallerLine call={phone.call} />}
      <button type="button" className="button--hangup" onClick={phone.hangUp} disabled={phone.pending}>
        {t('softphone.hangUp')}
      </button>
    </div>
  );
}

function CallControls({ call }: { call: TCall }) {
  const { t, i18n } = useTranslation();
  const phone = useSoftphone();
  const teams = useTeams();
  const [teamId, setTeamId] = useState('');
  // The conversation's clock starts when this panel first sees the call connected.
  const connectedAt = useRef(Date.now());
  const hangUp = useRef<HTMLButtonElement>(null);
  useEffect(() => hangUp.current?.focus(), []);
  const language = i18n.language as 'ar' | 'fr' | 'en';
  return (
    <div>
      <p className="softphone__state" role="status">
        {call.onHold ? t('softphone.onHold') : t('softphone.inCall')} <ElapsedTime since={connectedAt.current} label={t('softphone.talkTime')} />
      </p>
      <CallerLine call={call} />
      <div className="softphone__controls">
        {call.onHold ? (
          <button type="button" onClick={phone.resume} disabled={phone.pending}>
            {t('softphone.resume')}
          </button>
        ) : (
          <button type="button" onClick={phone.hold} disabled={phone.pending}>
            {t('softphone.hold')}
          </button>
        )}
        <button type="button" aria-pressed={phone.muted} onClick={phone.toggleMute}>
          {phone.muted ? t('softphone.unmute') : t('softphone.mute')}
        </button>
        <button type="button" ref={hangUp} className="button--hangup" onClick={phone.hangUp} disabled={phone.pending}>
          {t('softphone.hangUp')}
        </button>
      </div>
      {call.direction === 'inbound' && (
        <form
          className="softphone__transfer"
          onSubmit={(event) => {
            event.preventDefault();
            if (teamId) phone.transfer(teamId);
          }}
        >
          <label>
            <span>{t('softphone.transferTo')}</span>
            <select value={teamId} onChange={(event) => setTeamId(event.target.value)}>
              <option value="">—</option>
              {(teams.data?.items ?? []).map((team) => (
                <option key={team.id} value={team.id}>
                  {team.name[language] ?? team.name.fr}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" disabled={!teamId || phone.pending}>
            {t('softphone.transfer')}
          </button>
        </form>
      )}
    </div>
  );
}
