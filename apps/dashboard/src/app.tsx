import { useEffect, useState } from 'preact/hooks';
import { ApiError, get, signIn, token } from './api';
import { Failure } from './components/parts';
import { language, setLanguage, t } from './i18n';
import { AgencyPage } from './pages/agency';
import { ArchiveAgencyPage, ArchiveFilePage, ArchivePage } from './pages/archive';
import { EFilePage } from './pages/efile';
import { OperatorPage } from './pages/operator';
import { OverviewPage } from './pages/overview';
import { href, route } from './route';
import { finishSignIn, returnedFromProvider, startSignIn, whySignInFailed } from './sso';
import { type Principal, type SignInOptions } from './types';
import { useApi } from './use-api';

export function App() {
  const who = useApi(() => (token.value ? get<Principal>('whoami') : Promise.resolve(null)), [token.value]);
  const { page, arg } = route.value;
  const principal = who.data;

  return (
    <>
      <header>
        <div>
          <h1>{t('title')}</h1>
          <p class="muted">{t('subtitle')}</p>
        </div>
        <nav>
          <a href={href('')} aria-current={page === '' || page === 'agency' || page === 'efile'}>
            {t('overview')}
          </a>
          <a href={href('archive')} aria-current={page.startsWith('archive')}>
            {t('archive')}
          </a>
          <a href={href('operator')} aria-current={page === 'operator'}>
            {t('operator')}
          </a>
          <button
            type="button"
            class="lang"
            onClick={() => setLanguage(language.value === 'vi' ? 'en' : 'vi')}
            aria-label="Language"
          >
            {language.value === 'vi' ? 'English' : 'Tiếng Việt'}
          </button>
          {principal && (
            <span class="muted">
              {principal.name} ({t(`role_${principal.role}`)}){' '}
              <button type="button" class="link" onClick={() => signIn(null)}>
                {t('signOut')}
              </button>
            </span>
          )}
        </nav>
      </header>
      {!principal ? (
        <SignIn error={who.error} />
      ) : page === 'agency' ? (
        <AgencyPage code={arg} />
      ) : page === 'efile' ? (
        <EFilePage fileCode={arg} />
      ) : page === 'archive' ? (
        <ArchivePage />
      ) : page === 'archive-agency' ? (
        <ArchiveAgencyPage code={arg} />
      ) : page === 'archive-file' ? (
        <ArchiveFilePage code={arg} />
      ) : page === 'operator' ? (
        <OperatorPage principal={principal} />
      ) : (
        <OverviewPage />
      )}
    </>
  );
}

/**
 * Signing in, once per tab: at the OpenID provider when the bridge names one (and on the way back from it),
 * or with an access token an administrator gave.
 */
function SignIn({ error }: { error?: ApiError }) {
  const [value, setValue] = useState('');
  const [refused, setRefused] = useState(false);
  const [ssoFailure, setSsoFailure] = useState<string | null>(null);
  const options = useApi(() => get<SignInOptions>('sign-in'), []);
  const oidc = options.data?.oidc ?? null;
  useEffect(() => {
    if (!oidc || !returnedFromProvider()) return;
    finishSignIn(oidc).then(signIn, (failure: unknown) => setSsoFailure(whySignInFailed(failure)));
  }, [oidc]);
  const submit = async (e: Event) => {
    e.preventDefault();
    signIn(value.trim());
    const ok = await get('whoami').then(
      () => true,
      () => false,
    );
    setRefused(!ok);
  };
  return (
    <main class="sign-in">
      {oidc && (
        <section>
          <button
            type="button"
            onClick={() =>
              void startSignIn(oidc).catch((failure: unknown) => setSsoFailure(whySignInFailed(failure)))
            }
          >
            {t('signInSso')}
          </button>
          {ssoFailure && (
            <p class="error">
              {t('ssoFailed')} {ssoFailure}
            </p>
          )}
        </section>
      )}
      <form onSubmit={(e) => void submit(e)}>
        <p>{t(oidc ? 'signInTokenInstead' : 'signInHint')}</p>
        <label>
          {t('token')}
          <input
            type="password"
            name="token"
            value={value}
            onInput={(e) => setValue(e.currentTarget.value)}
          />
        </label>
        <button type="submit">{t('signIn')}</button>
        {refused && <p class="error">{t('badToken')}</p>}
        {error && error.status !== 401 && <Failure error={error} />}
      </form>
    </main>
  );
}
