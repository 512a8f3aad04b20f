import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { VOICE_LANGUAGES, VOICE_PROMPTS, type TPhoneMenuKey, type TVoiceLanguage, type TVoiceSettings } from '@mowakaba/shared/schemas/calls';
import { apiRequest } from '../../lib/api-client';
import { TeamOptions } from '../teams/team-options';
import { FieldError } from '../ui/field-error';
import { TopicOptions } from '../ui/topic-options';
import { useVoiceSettings, voiceSettingsKey } from './use-voice-settings';
import { SettingsIssue } from './settings-issue';
import { SettingsSaveFooter } from './settings-save-footer';
import { Button } from '../ui/button';
import { LoadingState } from '../ui/loading-state';
import { SelectField } from '../ui/select-field';

const DIGITS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0'] as const;

/** Per language, only the prompts whose field holds more than blanks. */
function withoutEmptyFields<T extends Record<TVoiceLanguage, Partial<Record<string, string>>>>(fields: T): T {
  return Object.fromEntries(
    VOICE_LANGUAGES.map((language) => [language, Object.fromEntries(Object.entries(fields[language]).filter(([, value]) => value && value.trim() !== ''))]),
  ) as T;
}

/** The recorded prompts per language and the topic menu's keys: admins change them, supervisors read them. */
export function VoiceMenuAdmin({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation();
  const settings = useVoiceSettings();
  return (
    <section className="admin-section" aria-labelledby="admin-voice-title">
      <h2 id="admin-voice-title">{t('adminSettings.voice.title')}</h2>
      <p>{t('adminSettings.voice.intro')}</p>
      {settings.data ? <VoiceMenuForm settings={settings.data} canEdit={canEdit} /> : <LoadingState label={t('common.loading')} />}
    </section>
  );
}

function VoiceMenuForm({ settings, canEdit }: { settings: TVoiceSettings; canEdit: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [language, setLanguage] = useState<TVoiceLanguage>('ar');
  const [prompts, setPrompts] = useState(settings.prompts);
  const [promptTexts, setPromptTexts] = useState(settings.promptTexts);
  const [menu, setMenu] = useState<TPhoneMenuKey[]>(settings.menu);
  const save = useMutation({
    mutationFn: () => {
      // An emptied field means "read the standard text": the recording or text is dropped, not saved empty.
      const cleaned = withoutEmptyFields(prompts);
      const texts = withoutEmptyFields(promptTexts);
      return apiRequest<TVoiceSettings>('/api/voice/settings', { method: 'PUT', body: { ...settings, prompts: cleaned, promptTexts: texts, menu } });
    },
    onSuccess: (saved) => queryClient.setQueryData(voiceSettingsKey, saved),
  });
  const setKey = (index: number, change: Partial<TPhoneMenuKey>) => setMenu(menu.map((key, at) => (at === index ? { ...key, ...change } : key)));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <form className="card admin-form voice-form" onSubmit={submit} aria-label={t('adminSettings.voice.title')}>
      <h3>{t('adminSettings.voice.prompts')}</h3>
      <p className="hint">{t('adminSettings.voice.promptsHint')}</p>
      <SelectField id="voice-prompts-language" label={t('adminSettings.voice.language')} value={language} onChange={(event) => setLanguage(event.target.value as TVoiceLanguage)}>
        {VOICE_LANGUAGES.map((option) => (
          <option key={option} value={option}>
            {t(`adminSettings.voice.languages.${option}`)}
          </option>
        ))}
      </SelectField>
      {language === 'zgh' && <p className="notice">{t('adminSettings.voice.tamazightHint')}</p>}
      <p className="hint">{t(language === 'zgh' ? 'voicePromptText.hintTamazight' : 'voicePromptText.hint')}</p>
      <div className="form-grid">
        {VOICE_PROMPTS.map((prompt) => (
          <div key={prompt} className="voice-form__prompt">
            <label>
              <span id={`voice-prompt-${prompt}`}>{t(`adminSettings.voice.promptNames.${prompt}`)}</span>
              <input
                className="control"
                type="url"
                dir="ltr"
                inputMode="url"
                placeholder="https://"
                disabled={!canEdit}
                value={prompts[language][prompt] ?? ''}
                onChange={(event) => setPrompts({ ...prompts, [language]: { ...prompts[language], [prompt]: event.target.value } })}
              />
              <FieldError error={save.error} path={`prompts.${language}.${prompt}`} />
            </label>
            {/* Its own label, the prompt's name as its description: a search by the prompt's name finds the recording field alone. */}
            <label>
              <span className="voice-form__text-label">{t('voicePromptText.label')}</span>
              <textarea
                className="control"
                rows={2}
                maxLength={600}
                dir={language === 'ar' ? 'rtl' : 'ltr'}
                lang={language === 'zgh' ? 'zgh-Latn' : language}
                disabled={!canEdit}
                placeholder={t('voicePromptText.placeholder')}
                aria-describedby={`voice-prompt-${prompt}`}
                value={promptTexts[language][prompt] ?? ''}
                onChange={(event) => setPromptTexts({ ...promptTexts, [language]: { ...promptTexts[language], [prompt]: event.target.value } })}
              />
              <SettingsIssue error={save.error} path={`promptTexts.${language}.${prompt}`} />
            </label>
          </div>
        ))}
      </div>

      <h3>{t('adminSettings.voice.menu')}</h3>
      <p className="hint">{t('adminSettings.voice.menuHint')}</p>
      <ol className="menu-keys" aria-label={t('adminSettings.voice.menu')}>
        {menu.map((key, index) => (
          <li key={index} className="menu-keys__row" aria-label={t('adminSettings.voice.keyNamed', { digit: key.digit })}>
            {/* The row's refusals (a key used twice, a team gone) are told once, under the row, in the rule's own words. */}
            <SelectField id={`menu-key-${index}-digit`} label={t('adminSettings.voice.key')} disabled={!canEdit} value={key.digit} onChange={(event) => setKey(index, { digit: event.target.value })}>
              {DIGITS.map((digit) => (
                <option key={digit} value={digit}>
                  {digit}
                </option>
              ))}
            </SelectField>
            <SelectField id={`menu-key-${index}-topic`} label={t('adminSettings.voice.topic')} disabled={!canEdit} value={key.topic} onChange={(event) => setKey(index, { topic: event.target.value as TPhoneMenuKey['topic'] })}>
              <TopicOptions />
            </SelectField>
            <SelectField id={`menu-key-${index}-team`} label={t('adminSettings.voice.team')} disabled={!canEdit} value={key.teamId ?? ''} onChange={(event) => setKey(index, { teamId: event.target.value || null })}>
              <option value="">{t('adminSettings.voice.skilledTeam')}</option>
              <TeamOptions />
            </SelectField>
            {canEdit && menu.length > 1 && (
              <Button type="button" variant="secondary" aria-label={t('adminSettings.voice.removeKey', { digit: key.digit })} onClick={() => setMenu(menu.filter((_, at) => at !== index))}>
                {t('adminSettings.remove')}
              </Button>
            )}
            <SettingsIssue error={save.error} path={`menu.${index}`} />
          </li>
        ))}
      </ol>
      {canEdit && menu.length < DIGITS.length && (
        <Button
          type="button"
          variant="secondary"
          onClick={() => setMenu([...menu, { digit: DIGITS.find((digit) => !menu.some((key) => key.digit === digit))!, topic: 'other', teamId: null }])}
        >
          {t('adminSettings.voice.addKey')}
        </Button>
      )}
      <SettingsSaveFooter save={save} canEdit={canEdit} />
    </form>
  );
}
