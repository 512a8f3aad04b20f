import { useTranslation } from 'react-i18next';
import { Link, useSearch } from 'wouter';
import { CONTENT_LANGUAGES, type TContentLanguage } from '@mowakaba/shared/constants';
import type { TUser } from '@mowakaba/shared/schemas/users';
import { ArticleEditor } from '../modules/kb/article-editor';
import { EditSuggestionsPanel } from '../modules/kb/edit-suggestions-panel';
import { useArticle } from '../modules/kb/use-article';
import { VersionHistory } from '../modules/kb/version-history';

const isEditor = (user: TUser) => user.role === 'supervisor' || user.role === 'admin';

/** Editing an existing article (agents: suggesting a change), with its history and suggestions. */
export function KbEditorPage({ articleId, user }: { articleId: string; user: TUser }) {
  const { t } = useTranslation();
  const article = useArticle(articleId);
  if (article.isError) return <p role="alert">{t('kb.notFound')}</p>;
  if (!article.data) return <p aria-busy="true">{t('common.loading')}</p>;
  return (
    <section className="kb-editor-page">
      <h1>{isEditor(user) ? t('kbEditor.editTitle') : t('kbEditor.suggestTitle')}</h1>
      <Link href={`/kb/${articleId}`}>{t('kbEditor.backToArticle')}</Link>
      {/* Keyed by version: a restore or a reload starts the draft from the article as it now is. */}
      <ArticleEditor key={`${article.data.id}:${article.data.version}`} article={article.data} canWrite={isEditor(user)} />
      <EditSuggestionsPanel articleId={articleId} canDecide={isEditor(user)} />
      <VersionHistory article={article.data} canRestore={isEditor(user)} onRestored={() => undefined} />
    </section>
  );
}

/** A new article, or a translation of one shown beside it (supervisors and admins). */
export function KbNewArticlePage({ user }: { user: TUser }) {
  const { t } = useTranslation();
  const params = new URLSearchParams(useSearch());
  const translationOf = params.get('translationOf') ?? undefined;
  const lang = (CONTENT_LANGUAGES.find((candidate) => candidate === params.get('lang')) ?? 'ar') as TContentLanguage;
  const source = useArticle(translationOf);
  if (!isEditor(user)) return <p role="alert">{t('kbEditor.forbidden')}</p>;
  if (translationOf && !source.data) return <p aria-busy="true">{t('common.loading')}</p>;
  return (
    <section className="kb-editor-page">
      <h1>{source.data ? t('kbEditor.translateTitle', { title: source.data.title }) : t('kbEditor.newTitle')}</h1>
      <ArticleEditor key={translationOf ?? 'new'} canWrite newArticle={{ translationOf: source.data, lang }} />
    </section>
  );
}
