import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../lib/api-client';
import { useSignIn } from '../modules/auth/use-session';
import { LogIn } from 'lucide-react';
import { Brand } from '../modules/ui/brand';
import { Button } from '../modules/ui/button';
import { LanguageSwitch } from '../modules/ui/language-switch';
import { TextInput } from '../modules/ui/text-input';

export function SignInPage() {
  const { t } = useTranslation();
  const signIn = useSignIn();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    signIn.mutate({ email, password });
  };

  const error = signIn.error;
  let errorText: string | undefined;
  if (error instanceof ApiError && error.code === 'rate_limited') {
    errorText = t('signIn.rateLimited', { minutes: Math.ceil((error.retryAfterSeconds ?? 60) / 60) });
  } else if (error instanceof ApiError && error.status === 401) {
    errorText = t('signIn.failed');
  } else if (error) {
    errorText = error instanceof ApiError && error.code === 'network_error' ? t('errors.network') : t('errors.generic');
  }

  return (
    <main className="sign-in">
      <header className="sign-in__header">
        <h1>
          <Brand />
        </h1>
        <p>{t('app.tagline')}</p>
        <LanguageSwitch />
      </header>
      <form className="card" onSubmit={submit} aria-labelledby="sign-in-title">
        <h2 id="sign-in-title">{t('signIn.title')}</h2>
        <TextInput id="sign-in-email" label={t('signIn.email')} type="email" name="email" dir="ltr" autoComplete="username" required value={email} onChange={(event) => setEmail(event.target.value)} />
        <TextInput
          id="sign-in-password"
          label={t('signIn.password')}
          type="password"
          name="password"
          dir="ltr"
          autoComplete="current-password"
          required
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
        {errorText && (
          <p role="alert" className="form-error">
            {errorText}
          </p>
        )}
        <Button type="submit" icon={LogIn} iconMirrored loading={signIn.isPending}>
          {signIn.isPending ? t('signIn.submitting') : t('signIn.submit')}
        </Button>
      </form>
    </main>
  );
}
