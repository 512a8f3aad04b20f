import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'wouter';
import {
  ARTICLE_STATUSES,
  ARTICLE_VISIBILITIES,
  CONTENT_LANGUAGES,
  TOPIC_KEYS,
  type TContentLanguage,
  type TTopicKey,
} from '@mowakaba/shared/constants';
import type { TArticle, TArticleStatus, TArticleVisibility } from '@mowakaba/shared/schemas/kb';
import { ApiError, apiRequest } from '../../lib/api-client';
import { fieldErrorsOf } from '../../lib/field-errors';
import { MarkdownPreview } from './markdown-preview';
import { articleKey, useArticle } from './use-article';

interface Draft {
  title: string;
  summary: string;
  body: string;
  tags: string;
  topic: TTopicKey;
  status: TArticleStatus;
  visibility: TArticleVisibility;
  lang: TContentLanguage;
}

function draftOf(article: TArticle): Draft {
  const { title, summary, body, topic, status, visibility, lang } = article;
  return { title, summary, body, topic, status, visibility, lang, tags: article.tags.join(', ') };
}

const tagsOf = (text: string) => text.split(',').map((tag) => tag.trim()).filter(Boolean);

/**
 * Writes an article in Markdown beside its live preview or one of its translations. Supervisors and
 * admins save and publish; agents send their change as a suggestion with a note.
 */
export function ArticleEditor({
  article,
  canWrite,
  newArticle,
}: {
  article?: TArticle;
  canWrite: boolean;
  newArticle?: { translationOf?: TArticle; lang: TContentLanguage };
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [, navigate] = useLocation();
  const source = newArticle?.translationOf;
  const [draft, setDraft] = useState<Draft>(() =>
    article
      ? draftOf(article)
      : { title: '', summary: '', body: '', tags: source?.tags.join(', ') ?? '', topic: source?.topic ?? 'other', status: 'draft', visibility: source ? 'public' : 'public', lang: newArticle?.lang ?? 'ar' },
  );
  const [note, setNote] = useState('');
  const translations = article?.translations ?? (source ? [{ id: source.id, lang: source.lang, title: source.title, status: source.status }] : []);
  const [beside, setBeside] = useState<string>(source ? source.id : 'preview');
  const besideArticle = useArticle(beside === 'preview' ? undefined : beside);

  const set = <K extends keyof Draft>(key: K) => (value: Draft[K]) => setDraft((current) => ({ ...current, [key]: value }));
  const content = { title: draft.title, summary: draft.summary, body: draft.body, tags: tagsOf(draft.tags) };

  const save = useMutation({
    mutationFn: (status: TArticleStatus) =>
      article
        ? apiRequest<TArticle>(`/api/kb/articles/${article.id}`, {
            method: 'PATCH',
            body: { ...content, topic: draft.topic, status, visibility: draft.visibility, expectedVersion: article.version },
          })
        : apiRequest<TArticle>('/api/kb/articles', {
            method: 'POST',
            body: { ...content, topic: draft.topic, status, visibility: draft.visibility, lang: draft.lang, translationOf: source?.id },
          }),
    onSuccess: (saved) => {
      queryClient.setQueryData(articleKey(saved.id), saved);
      void queryClient.invalidateQueries({ queryKey: ['kb', 'list'] });
      setDraft(draftOf(saved));
      if (!article) navigate(`/kb/${saved.id}/edit`);
    },
  });
  const suggest = useMutation({
    mutationFn: () => apiRequest(`/api/kb/articles/${article!.id}/edit-suggestions`, { method: 'POST', body: { ...content, note } }),
    onSuccess: () => {
      setNote('');
      void queryClient.invalidateQueries({ queryKey: ['kb', 'edit-suggestions', article!.id] });
    },
  });

  const error = save.error ?? suggest.error;
  const invalid = fieldErrorsOf(error);
  const stale = error instanceof ApiError && error.status === 409;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (canWrite) save.mutate(draft.status);
    else suggest.mutate();
  };
  const fieldError = (name: string) =>
    invalid.has(name) ? (
      <small className="form-error" id={`${name}-error`}>
        {t('kbEditor.invalid')}
      </small>
    ) : null;
  const describedBy = (name: string) => ({ 'aria-invalid': invalid.has(name) || undefined, 'aria-describedby': invalid.has(name) ? `${name}-error` : undefined });

  return (
    <div className="kb-editor">
      <form className="card kb-editor__form" onSubmit={submit} aria-label={t('kbEditor.form')}>
        {!article && (
          <label>
            <span>{t('kbEditor.fields.lang')}</span>
            <select value={draft.lang} onChange={(event) => set('lang')(event.target.value as TContentLanguage)}>
              {CONTENT_LANGUAGES.map((lang) => (
                <option key={lang} value={lang}>
                  {t(`kbEditor.languages.${lang}`)}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          <span>{t('kbEditor.fields.title')}</span>
          <input dir="auto" value={draft.title} onChange={(event) => set('title')(event.target.value)} {...describedBy('title')} />
          {fieldError('title')}
        </label>
        <label>
          <span>{t('kbEditor.fields.summary')}</span>
          <input dir="auto" value={draft.summary} onChange={(event) => set('summary')(event.target.value)} {...describedBy('summary')} />
          {fieldError('summary')}
        </label>
        <label>
          <span>{t('kbEditor.fields.body')}</span>
          <textarea dir="auto" rows={18} value={draft.body} onChange={(event) => set('body')(event.target.value)} {...describedBy('body')} />
          {fieldError('body')}
        </label>
        <label>
          <span>{t('kbEditor.fields.tags')}</span>
          <input dir="auto" value={draft.tags} onChange={(event) => set('tags')(event.target.value)} {...describedBy('tags')} />
          {fieldError('tags')}
        </label>
        {canWrite && (
          <div className="kb-editor__row">
            <label>
              <span>{t('kbEditor.fields.topic')}</span>
              <select value={draft.topic} onChange={(event) => set('topic')(event.target.value as TTopicKey)}>
                {TOPIC_KEYS.map((topic) => (
                  <option key={topic} value={topic}>
                    {t(`topics.${topic}`)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              <span>{t('kbEditor.fields.status')}</span>
              <select value={draft.status} onChange={(event) => set('status')(event.target.value as TArticleStatus)}>
                {ARTICLE_STATUSES.map((status) => (
                  <option key={status} value={status}>
                    {t(`kbEditor.statuses.${status}`)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              <span>{t('kbEditor.fields.visibility')}</span>
              <select value={draft.visibility} onChange={(event) => set('visibility')(event.target.value as TArticleVisibility)}>
                {ARTICLE_VISIBILITIES.map((visibility) => (
                  <option key={visibility} value={visibility}>
                    {t(`kbEditor.visibilities.${visibility}`)}
                  </option>
                ))}
              </select>
            </label>
          </div>
        )}
        {!canWrite && (
          <label>
            <span>{t('kbEditor.note')}</span>
            <textarea dir="auto" rows={2} required value={note} onChange={(event) => setNote(event.target.value)} {...describedBy('note')} />
            {fieldError('note')}
          </label>
        )}
        {stale && (
          <p role="alert" className="notice">
            {t('kbEditor.stale')}{' '}
            <button type="button" className="button--quiet" onClick={() => article && void queryClient.invalidateQueries({ queryKey: articleKey(article.id) })}>
              {t('kbEditor.reload')}
            </button>
          </p>
        )}
        {error && !stale && invalid.size === 0 && (
          <p role="alert" className="form-error">
            {t('errors.generic')}
          </p>
        )}
        {save.isSuccess && !save.isPending && <p role="status">{t('kbEditor.saved', { version: save.data.version })}</p>}
        {suggest.isSuccess && <p role="status">{t('kbEditor.suggested')}</p>}
        <div className="editor-actions">
          {canWrite ? (
            <>
              <button type="submit" disabled={save.isPending}>
                {t('kbEditor.save')}
              </button>
              {draft.status !== 'published' && (
                <button type="button" className="button--quiet" disabled={save.isPending} onClick={() => save.mutate('published')}>
                  {t('kbEditor.publish')}
                </button>
              )}
            </>
          ) : (
            <button type="submit" disabled={suggest.isPending || !article}>
              {t('kbEditor.suggest')}
            </button>
          )}
        </div>
      </form>
      <div className="card kb-editor__beside">
        <div role="tablist" aria-label={t('kbEditor.besideLabel')} className="kb-editor__tabs">
          <button type="button" role="tab" aria-selected={beside === 'preview'} onClick={() => setBeside('preview')}>
            {t('kbEditor.preview')}
          </button>
          {translations.map((translation) => (
            <button key={translation.id} type="button" role="tab" aria-selected={beside === translation.id} onClick={() => setBeside(translation.id)}>
              {t('kbEditor.translation', { language: t(`kbEditor.languages.${translation.lang}`) })}
            </button>
          ))}
        </div>
        {beside === 'preview' ? (
          <>
            <h1 dir="auto">{draft.title}</h1>
            <MarkdownPreview source={draft.body} lang={draft.lang} label={t('kbEditor.preview')} />
          </>
        ) : besideArticle.data ? (
          <>
            <h1 dir="auto">{besideArticle.data.title}</h1>
            <MarkdownPreview source={besideArticle.data.body} lang={besideArticle.data.lang} label={t('kbEditor.translation', { language: t(`kbEditor.languages.${besideArticle.data.lang}`) })} />
          </>
        ) : (
          <p aria-busy="true">{t('common.loading')}</p>
        )}
        {article && canWrite && (
          <p className="kb-editor__add-translation">
            {CONTENT_LANGUAGES.filter((lang) => lang !== article.lang && !article.translations.some((translation) => translation.lang === lang)).map((lang) => (
              <a key={lang} href={`/kb/new?translationOf=${article.id}&lang=${lang}`} onClick={(event) => { event.preventDefault(); navigate(`/kb/new?translationOf=${article.id}&lang=${lang}`); }}>
                {t('kbEditor.addTranslation', { language: t(`kbEditor.languages.${lang}`) })}
              </a>
            ))}
          </p>
        )}
      </div>
    </div>
  );
}
