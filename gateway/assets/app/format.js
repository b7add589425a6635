// What people read: dates dd/MM/yyyy and times in Hải Phòng (UTC+7, no daylight saving),
// money in VND with Vietnamese thousands separators.
import { lang } from './i18n.js';

export const ZONE = 'Asia/Ho_Chi_Minh';
const OFFSET_MS = 7 * 3600 * 1000;

export const esc = (value) => String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));

export const vnd = (amount) => (amount == null ? '' : `${new Intl.NumberFormat('vi-VN').format(amount)} ₫`);
export const num = (n) => new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-GB').format(n);

/** The Hải Phòng wall clock of an instant, as UTC fields of a shifted Date. */
const wall = (iso) => new Date(new Date(iso).getTime() + OFFSET_MS);
const two = (n) => String(n).padStart(2, '0');

/** `2026-12-01` (a Date of the API) or an instant, as 01/12/2026. */
export function date(value) {
  if (!value) return '';
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) { const [y, m, d] = value.split('-'); return `${d}/${m}/${y}`; }
  const w = wall(value);
  return `${two(w.getUTCDate())}/${two(w.getUTCMonth() + 1)}/${w.getUTCFullYear()}`;
}

export function time(iso) { const w = wall(iso); return `${two(w.getUTCHours())}:${two(w.getUTCMinutes())}`; }
export const dateTime = (iso) => (iso ? `${date(iso)} ${time(iso)}` : '');

const WEEKDAYS = { vi: ['CN', 'Th 2', 'Th 3', 'Th 4', 'Th 5', 'Th 6', 'Th 7'], en: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] };
export const weekday = (iso) => WEEKDAYS[lang][wall(iso).getUTCDay()];

/** Today in Hải Phòng, as yyyy-mm-dd. */
export function today() { return wall(new Date().toISOString()).toISOString().slice(0, 10); }

/** A day typed as dd/mm/yyyy, as the API's yyyy-mm-dd; null when it is not a real day. */
export function parseDate(text) {
  const match = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s*$/.exec(text || '');
  if (!match) return null;
  const [, d, m, y] = match.map(Number);
  const check = new Date(Date.UTC(y, m - 1, d));
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d) return null;
  return `${y}-${two(m)}-${two(d)}`;
}

/** A time typed as HH:mm (24 hours); null otherwise. */
export function parseTime(text) {
  const match = /^\s*(\d{1,2})[:h.](\d{2})\s*$/.exec(text || '');
  if (!match || Number(match[1]) > 23 || Number(match[2]) > 59) return null;
  return `${two(match[1])}:${match[2]}`;
}

/** A Hải Phòng day and time as the API's instant (`…T08:00:00+07:00`). */
export const instant = (day, hhmm) => `${day}T${hhmm}:00+07:00`;

/** yyyy-mm-dd plus `days`. */
export function addDays(day, days) {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
