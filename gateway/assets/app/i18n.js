// One dictionary per language (vi.json, en.json), with the same keys: a unit test of the hub
// (`assets::tests`) fails when a key lacks either language or the code uses a key neither has.
import vi from './vi.json' with { type: 'json' };
import en from './en.json' with { type: 'json' };

const DICTIONARIES = { vi, en };
const STORED = 'hub.app.lang';

export let lang = localStorage.getItem(STORED) === 'en' ? 'en' : 'vi';

/** The text of `key` in the person's language, with `{name}` replaced from `params`. */
export function t(key, params) {
  const text = DICTIONARIES[lang][key] ?? key;
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
}

export function setLang(next) {
  lang = next === 'en' ? 'en' : 'vi';
  localStorage.setItem(STORED, lang);
  document.documentElement.lang = lang;
}

/** Fills every `data-i18n` element of the static page. */
export function translatePage() {
  document.documentElement.lang = lang;
  for (const element of document.querySelectorAll('[data-i18n]')) element.textContent = t(element.dataset.i18n);
}
