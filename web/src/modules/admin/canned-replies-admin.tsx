import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CONTENT_LANGUAGES, TOPIC_KEYS, type TContentLanguage, type TTopicKey } from '@mowakaba/shared/constants';
import type { TCannedReply, TCreateCannedReplyRequest } from '@mowakaba/shared/schemas/canned-replies';
import { apiRequest } from '../../lib/api-client';
import { DataTable } from '../ui/data-table';
import { SaveError } from '../ui/field-error';
import { describedBy, FormField } from '../ui/form-field';
import { Button } from '../ui/button';
import { SelectField } from '../ui/select-field';
import { TextInput } from '../ui/text-input';

const cannedKeys = { all: ['canned-replies'] as const };

/** Canned replies per language and topic, with variables: supervisors and admins write them. */
export function CannedRepliesAdmin({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation();
  const replies = useQuery({ queryKey: [...cannedKeys.all, 'admin'], queryFn: () => apiRequest<{ items: TCannedReply[] }>('/api/canned-replies') });
  const [editing, setEditing] = useState<TCannedReply | 'new' | null>(null);
  const columns = useMemo(
    () =>
      [
        { id: 'title', header: t('admin.canned.titleField'), cell: ({ row }) => <span dir="auto">{row.original.title}</span> },
        { id: 'language', header: t('admin.canned.language'), cell: ({ row }) => t(`kbEditor.languages.${row.original.language}`) },
        { id: 'topic', header: t('admin.canned.topic'), cell: ({ row }) => (row.original.topic ? t(`topics.${row.original.topic}`) : t('admin.canned.anyTopic')) },
        { id: 'body', header: t('admin.canned.body'), cell: ({ row }) => <span className="truncate" dir="auto">{row.original.body}</span> },
      ] satisfies ColumnDef<TCannedReply, unknown>[],
    [t],
  );
  return (
    <section className="admin-section" aria-labelledby="admin-canned-title">
      <div className="section-header">
        <h2 id="admin-canned-title">{t('admin.canned.title')}</h2>
        {canEdit && (
          <Button type="button" onClick={() => setEditing('new')}>
            {t('admin.canned.create')}
          </Button>
        )}
      </div>
      {editing && <CannedReplyForm key={editing === 'new' ? 'new' : editing.id} reply={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />}
      <DataTable
        label={t('admin.canned.title')}
        columns={columns}
        rows={replies.data?.items ?? []}
        getRowId={(reply) => reply.id}
        onRowOpen={canEdit ? (reply) => setEditing(reply) : undefined}
        emptyText={replies.isPending ? t('common.loading') : t('admin.canned.empty')}
      />
    </section>
  );
}

function CannedReplyForm({ reply, onDone }: { reply: TCannedReply | null; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [title, setTitle] = useState(reply?.title ?? '');
  const [body, setBody] = useState(reply?.body ?? '');
  const [language, setLanguage] = useState<TContentLanguage>(reply?.language ?? 'ar');
  const [topic, setTopic] = useState<TTopicKey | ''>(reply?.topic ?? '');
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: cannedKeys.all });
    onDone();
  };
  const save = useMutation({
    mutationFn: (input: TCreateCannedReplyRequest) =>
      reply ? apiRequest<TCannedReply>(`/api/canned-replies/${reply.id}`, { method: 'PATCH', body: input }) : apiRequest<TCannedReply>('/api/canned-replies', { method: 'POST', body: input }),
    onSuccess: refresh,
  });
  const remove = useMutation({ mutationFn: () => apiRequest<void>(`/api/canned-replies/${reply!.id}`, { method: 'DELETE' }), onSuccess: refresh });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({ title, body, language, topic: topic || null });
  };
  const formTitle = reply ? t('admin.canned.edit') : t('admin.canned.create');
  return (
    <form className="card form-grid admin-form" onSubmit={submit} aria-label={formTitle}>
      <h3 className="form-grid__wide">{formTitle}</h3>
      <TextInput id="canned-title" label={t('admin.canned.titleField')} error={save.error} path="title" dir="auto" required value={title} onChange={(event) => setTitle(event.target.value)} />
      <SelectField id="canned-language" label={t('admin.canned.language')} error={save.error} path="language" value={language} onChange={(event) => setLanguage(event.target.value as TContentLanguage)}>
        {CONTENT_LANGUAGES.map((option) => (
          <option key={option} value={option}>
            {t(`kbEditor.languages.${option}`)}
          </option>
        ))}
      </SelectField>
      <SelectField id="canned-topic" label={t('admin.canned.topic')} error={save.error} path="topic" value={topic} onChange={(event) => setTopic(event.target.value as TTopicKey | '')}>
        <option value="">{t('admin.canned.anyTopic')}</option>
        {TOPIC_KEYS.map((option) => (
          <option key={option} value={option}>
            {t(`topics.${option}`)}
          </option>
        ))}
      </SelectField>
      <FormField id="canned-body" label={t('admin.canned.body')} hint={t('admin.canned.variables')} error={save.error} path="body" wide>
        <textarea className="control" id="canned-body" dir="auto" rows={5} required value={body} onChange={(event) => setBody(event.target.value)} aria-describedby={describedBy('canned-body')} />
      </FormField>
      <SaveError error={save.error ?? remove.error} />
      <div className="form-actions form-grid__wide">
        <Button type="submit" disabled={save.isPending}>
          {t('associationPage.save')}
        </Button>
        <Button type="button" variant="secondary" onClick={onDone}>
          {t('associationPage.cancel')}
        </Button>
        {reply && (
          <Button type="button" variant="danger" disabled={remove.isPending} onClick={() => remove.mutate()}>
            {t('admin.canned.delete')}
          </Button>
        )}
      </div>
    </form>
  );
}
