import { useTranslation } from '~/i18n/react';

/** A photo of a printed weigh ticket, taken with the phone's camera (the server checks its bytes). */
export function PhotoField({
  id,
  label,
  hint,
  error,
}: {
  id: string;
  label: string;
  hint: string;
  error: string | null;
}) {
  const { t } = useTranslation();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name="photo"
        type="file"
        accept="image/jpeg,image/png,image/webp"
        capture="environment"
        aria-invalid={error ? true : undefined}
        autoFocus={error ? true : undefined}
      />
      <small className="hint">{hint}</small>
      {error ? (
        <ul className="field-errors" role="alert">
          <li>{t(error)}</li>
        </ul>
      ) : null}
    </div>
  );
}

/** The photo's refusal in an action's answer: too large as a whole post, or refused by its bytes. */
export function photoErrorOf(actionData: unknown): string | null {
  if (!actionData || typeof actionData !== 'object') return null;
  if ('photoTooLarge' in actionData) return 'delivery.photoTooLarge';
  const result = (actionData as { result?: { error?: Record<string, string[] | undefined> } }).result;
  return result?.error?.photo?.[0] ?? null;
}
