import { getInputProps, getSelectProps, getTextareaProps, type FieldMetadata } from '@conform-to/react';
import type { TFunction } from '~/i18n';
import type { ReactNode } from 'react';
import { useTranslation } from '~/i18n/react';

/**
 * Messages are i18n keys, optionally with parameters: `auth.wait|{"seconds":4}` (numbers are
 * shown with separators, and `count` chooses the plural: see app/i18n).
 */
export function translateMessage(t: TFunction, message: string) {
  const [key, params] = message.split('|', 2);
  try {
    return t(key, params ? (JSON.parse(params) as Record<string, unknown>) : undefined);
  } catch {
    return t(key);
  }
}

export function ErrorList({ id, errors }: { id?: string; errors?: string[] | null }) {
  const { t } = useTranslation();
  if (!errors?.length) return null;
  return (
    <ul id={id} className="field-errors" role="alert">
      {errors.map((e) => (
        <li key={e}>{translateMessage(t, e)}</li>
      ))}
    </ul>
  );
}

type Meta = FieldMetadata<unknown>;

/**
 * A field the server sent back with a message carries `autofocus`: without JavaScript the
 * browser focuses (and scrolls to) the first such field of the answered page, so a failed
 * submit lands at its first error. With JavaScript, conform focuses it.
 */
const focusIfInvalid = (meta: Meta) => (meta.errors?.length ? true : undefined);

interface FieldProps {
  meta: Meta;
  label: ReactNode;
  hint?: ReactNode;
}

export function TextField({
  meta,
  label,
  hint,
  type = 'text',
  autoFocus,
  ...rest
}: FieldProps & {
  type?: 'text' | 'number' | 'password' | 'date' | 'datetime-local' | 'email' | 'tel' | 'search';
  step?: string;
  min?: string | number;
  max?: string | number;
  autoComplete?: string;
  inputMode?: 'decimal' | 'numeric' | 'text' | 'tel';
  placeholder?: string;
  autoFocus?: boolean;
  /** the id of a <datalist> of suggestions (free text still allowed) */
  list?: string;
}) {
  const props = getInputProps(meta as FieldMetadata<string>, { type, ariaAttributes: true });
  return (
    <div className="field">
      <label htmlFor={meta.id}>{label}</label>
      <input {...props} {...rest} key={props.key} autoFocus={focusIfInvalid(meta) ?? autoFocus} />
      {hint ? <small className="hint">{hint}</small> : null}
      <ErrorList id={meta.errorId} errors={meta.errors} />
    </div>
  );
}

export function TextAreaField({ meta, label, hint }: FieldProps) {
  const props = getTextareaProps(meta as FieldMetadata<string>);
  return (
    <div className="field">
      <label htmlFor={meta.id}>{label}</label>
      <textarea {...props} key={props.key} rows={3} autoFocus={focusIfInvalid(meta)} />
      {hint ? <small className="hint">{hint}</small> : null}
      <ErrorList id={meta.errorId} errors={meta.errors} />
    </div>
  );
}

export interface Option {
  value: string;
  label: string;
}

export function SelectField({
  meta,
  label,
  hint,
  options,
  placeholder,
}: FieldProps & { options: Option[]; placeholder?: string }) {
  const { t } = useTranslation();
  const props = getSelectProps(meta as FieldMetadata<string>);
  return (
    <div className="field">
      <label htmlFor={meta.id}>{label}</label>
      <select {...props} key={props.key} autoFocus={focusIfInvalid(meta)}>
        <option value="">{placeholder ?? t('form.choose')}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {hint ? <small className="hint">{hint}</small> : null}
      <ErrorList id={meta.errorId} errors={meta.errors} />
    </div>
  );
}

/** A group of checkboxes submitting an array under one name (villages served, species). */
export function CheckboxGroup({ meta, label, options }: FieldProps & { options: Option[] }) {
  const initial = meta.initialValue;
  const selected = new Set(Array.isArray(initial) ? initial.map(String) : initial ? [String(initial)] : []);
  const invalid = !!meta.errors?.length;
  return (
    <fieldset
      className="field checkbox-group"
      aria-invalid={invalid || undefined}
      aria-describedby={invalid ? meta.errorId : undefined}
    >
      <legend>{label}</legend>
      {options.map((o) => (
        <label key={o.value} className="checkbox">
          <input type="checkbox" name={meta.name} value={o.value} defaultChecked={selected.has(o.value)} />
          {o.label}
        </label>
      ))}
      <ErrorList id={meta.errorId} errors={meta.errors} />
    </fieldset>
  );
}

/**
 * A tick that appears only when the server asks for it (a message on this field): the user
 * says "yes, I mean it" — a payment that looks like one already recorded — before it is sent.
 */
export function ConfirmField({ meta, label }: FieldProps) {
  if (!meta.errors?.length) return null;
  return (
    <div className="field confirm-field" aria-invalid>
      <ErrorList id={meta.errorId} errors={meta.errors} />
      <label className="checkbox">
        <input type="checkbox" name={meta.name} value="on" aria-describedby={meta.errorId} autoFocus />
        {label}
      </label>
    </div>
  );
}

export function FormErrors({ errors, id }: { errors?: string[] | null; id?: string }) {
  if (!errors?.length) return null;
  return (
    // focused like an invalid field (see focusIfInvalid): the message is what the user must read
    <div className="form-errors" tabIndex={-1} autoFocus>
      <ErrorList id={id} errors={errors} />
    </div>
  );
}
