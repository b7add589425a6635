// Form pieces every screen uses: labelled fields, and errors shown next to the field the
// API names in `extensions.field`, in the person's language.
import { t, lang } from './i18n.js';
import { esc } from './format.js';

let fieldCount = 0;

/** A labelled input; `name` is the API's field name, so its error lands under it. */
export function field(label, name, { type = 'text', value = '', hint = '', required = false, attrs = '' } = {}) {
  const id = `f-${name}-${++fieldCount}`;
  const describedBy = `${id}-error${hint ? ` ${id}-hint` : ''}`;
  const control = type === 'textarea'
    ? `<textarea id="${id}" name="${name}" rows="3" aria-describedby="${describedBy}" ${required ? 'required' : ''} ${attrs}>${esc(value)}</textarea>`
    : `<input id="${id}" name="${name}" type="${type}" value="${esc(value)}" aria-describedby="${describedBy}" ${required ? 'required' : ''} ${attrs}>`;
  return `<div class="field"><label for="${id}">${esc(label)}</label>${control}
    ${hint ? `<p class="hint" id="${id}-hint">${esc(hint)}</p>` : ''}<p class="field-error" id="${id}-error" data-error-for="${name}"></p></div>`;
}

/** A labelled select of `[value, text]` options. */
export function select(label, name, options, value = '') {
  const id = `f-${name}-${++fieldCount}`;
  const items = options.map(([v, text]) => `<option value="${esc(v)}" ${String(v) === String(value) ? 'selected' : ''}>${esc(text)}</option>`).join('');
  return `<div class="field"><label for="${id}">${esc(label)}</label><select id="${id}" name="${name}" aria-describedby="${id}-error">${items}</select>
    <p class="field-error" id="${id}-error" data-error-for="${name}"></p></div>`;
}

/** A date typed dd/mm/yyyy (the browsers' own date pickers follow their language, not ours). */
export const dateField = (label, name, value = '') => field(label, name, { value, hint: t('dateHint'), attrs: 'inputmode="numeric" autocomplete="off" placeholder="dd/mm/yyyy"' });
export const timeField = (label, name, value = '') => field(label, name, { value, hint: t('timeHint'), attrs: 'inputmode="numeric" autocomplete="off" placeholder="HH:mm"' });

export function clearErrors(form) {
  for (const p of form.querySelectorAll('.field-error, .form-error')) p.textContent = '';
  for (const c of form.querySelectorAll('[aria-invalid]')) c.removeAttribute('aria-invalid');
}

/** The message of one API error for a person: known codes and fields in their language. */
export function errorText(error) {
  const code = error?.extensions?.code || 'INTERNAL';
  const fieldName = (error?.extensions?.field || '').split('.').pop();
  const specific = fieldName && t(`fieldError.${fieldName}`);
  if (specific && specific !== `fieldError.${fieldName}`) return specific;
  if (code === 'BAD_USER_INPUT') return lang === 'en' && error.message ? error.message : t('error.BAD_USER_INPUT');
  const known = t(`error.${code}`);
  return known === `error.${code}` ? t('error.INTERNAL') : known;
}

/**
 * Like `errorText`, but where the dictionary has no text for the field, the API's own words
 * for a refusal (`BAD_USER_INPUT`, `CONFLICT`), which the hub writes in the person's language
 * (the app sends `Accept-Language`): for refusals that name what is in the way, such as the
 * bookings a closure would fall on.
 */
export function serverText(error) {
  const code = error?.extensions?.code;
  const fieldName = (error?.extensions?.field || '').split('.').pop();
  const specific = fieldName && t(`fieldError.${fieldName}`);
  if (specific && specific !== `fieldError.${fieldName}`) return specific;
  const words = (error?.message || '').trim();
  if (!words || (code !== 'BAD_USER_INPUT' && code !== 'CONFLICT')) return errorText(error);
  return `${words.charAt(0).toUpperCase()}${words.slice(1)}${/[.!?]$/.test(words) ? '' : '.'}`;
}

/** Marks one field as wrong, with `message`, and returns whether the form has that field. */
export function fieldError(form, name, message) {
  const slot = form.querySelector(`[data-error-for="${name}"]`);
  if (!slot) return false;
  slot.textContent = message;
  const control = form.querySelector(`#${slot.id.replace(/-error$/, '')}`);
  if (control) control.setAttribute('aria-invalid', 'true');
  return true;
}

/** Shows the API's errors: each next to its field when the form has it, the rest on top. */
export function showErrors(form, errors, text = errorText) {
  clearErrors(form);
  let first = null;
  for (const error of errors) {
    const name = (error?.extensions?.field || '').split('.').pop();
    if (name && fieldError(form, name, text(error))) {
      first = first || form.querySelector(`[data-error-for="${name}"]`);
    } else {
      const slot = form.querySelector('.form-error');
      if (slot) slot.textContent = text(error);
      first = first || slot;
    }
  }
  const control = first && first.id ? form.querySelector(`#${first.id.replace(/-error$/, '')}`) : null;
  if (control) control.focus();
}

/**
 * Calls `handle(values, status, submitter)` on each submit of `form`, once the page stays put
 * and the form's earlier errors and status line (`[role=status]`, if it has one) are cleared;
 * `submitter` is the button that sent it.
 */
export function onSubmit(form, handle) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    const status = form.querySelector('[role=status]');
    if (status) status.textContent = '';
    await handle(values(form), status, event.submitter);
  });
}

export const formError = () => '<p class="form-error error" role="alert"></p>';

/** A form's fields by name. */
export const values = (form) => Object.fromEntries(new FormData(form).entries());
