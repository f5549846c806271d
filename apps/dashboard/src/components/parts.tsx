import { type ApiError } from '../api';
import { t } from '../i18n';

/** One headline figure. */
export function Figure(props: {
  id: string;
  label: string;
  value: string;
  strong?: boolean;
  warn?: boolean;
}) {
  return (
    <div class={`figure${props.strong ? ' strong' : ''}${props.warn ? ' warn' : ''}`} data-figure={props.id}>
      <div class="label">{props.label}</div>
      <div class="value">{props.value}</div>
    </div>
  );
}

/** When the figures on screen were read. */
export function Updated({ at }: { at?: Date }) {
  if (!at) return <span class="muted">{t('loading')}</span>;
  return (
    <span class="muted updated">
      {t('updatedAt')} {at.toLocaleTimeString('vi-VN')}
    </span>
  );
}

/** What went wrong with the last request, in words an operator can act on. */
export function Failure({ error }: { error?: ApiError }) {
  if (!error) return null;
  const text = error.status === 0 ? t('unreachable') : `${error.status}: ${error.message}`;
  return (
    <p class="error" role="alert">
      {text}
    </p>
  );
}
