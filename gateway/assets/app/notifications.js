// Notifications for everyone signed in: a nomination decided, an equipment request decided, a
// booking decided, a partnership accepted by every party (and, for the side that decides, a
// new nomination, request or booking). They come live from the hub's subscriptions
// (`nominationChanged`, `equipmentRequestChanged`, `bookingChanged`, `partnershipChanged`) for
// the organization the person acts for. The list and each subscription's last cursor are kept
// in this browser (per person and organization), so the next visit resumes with
// `after: cursor` and nothing that happened meanwhile is missed; the API keeps no
// notifications of its own. Texts are kept as a kind and its values and written in the
// person's language when shown.
import { t } from './i18n.js';
import { esc, dateTime, date, time } from './format.js';
import { subscribe } from './live.js';

const MAX = 50;
const listeners = new Set();
let state = null;
let stops = [];

const ORG = '$org: ID!, $after: String';
const SOURCES = [
  {
    field: 'nominationChanged',
    query: `subscription(${ORG}) { nominationChanged(organizationId: $org, after: $after) { cursor nominationId status
      nomination { studentRef decidedAt createdAt nominatingOrganization { id name } offer { title enterprise { id name } } } } }`,
    notice(e, org) {
      const n = e.nomination;
      if (!n) return null;
      const values = { ref: n.studentRef, title: n.offer.title, link: '/app/nominations' };
      if (n.nominatingOrganization.id === org && (e.status === 'ACCEPTED' || e.status === 'REJECTED')) {
        return { kind: e.status === 'ACCEPTED' ? 'nominationAccepted' : 'nominationRejected', who: n.offer.enterprise.name, at: n.decidedAt, ...values };
      }
      if (n.offer.enterprise.id === org && e.status === 'SUBMITTED') {
        return { kind: 'nominationNew', who: n.nominatingOrganization.name, at: n.createdAt, ...values };
      }
      return null;
    },
  },
  {
    field: 'equipmentRequestChanged',
    query: `subscription(${ORG}) { equipmentRequestChanged(organizationId: $org, after: $after) { cursor requestId status
      request { quantity decidedAt createdAt requester { id name } listing { name owner { id name } } } } }`,
    notice(e, org) {
      const r = e.request;
      if (!r) return null;
      const values = { title: r.listing.name, n: r.quantity, link: '/app/equipment-requests' };
      if (r.requester.id === org && (e.status === 'APPROVED' || e.status === 'DECLINED')) {
        return { kind: e.status === 'APPROVED' ? 'requestApproved' : 'requestDeclined', who: r.listing.owner.name, at: r.decidedAt, ...values };
      }
      if (r.listing.owner.id === org && e.status === 'PENDING') {
        return { kind: 'requestNew', who: r.requester.name, at: r.createdAt, ...values };
      }
      return null;
    },
  },
  {
    field: 'bookingChanged',
    query: `subscription(${ORG}) { bookingChanged(organizationId: $org, after: $after) { cursor bookingId status
      booking { startsAt decidedAt organization { id } facility { name owner { id name } } } } }`,
    notice(e, org) {
      const b = e.booking;
      if (!b || !b.facility || !b.organization) return null;
      // A host's decision on the person's own booking (a workshop that needs no approval
      // confirms at once: that is not news to the one who booked).
      if (b.organization.id !== org || !b.facility.owner || b.facility.owner.id === org || !b.decidedAt) return null;
      if (e.status !== 'CONFIRMED' && e.status !== 'DECLINED') return null;
      return { kind: e.status === 'CONFIRMED' ? 'bookingConfirmed' : 'bookingDeclined', who: b.facility.owner.name, title: b.facility.name,
        when: b.startsAt, at: b.decidedAt, link: '/app/bookings' };
    },
  },
  {
    field: 'partnershipChanged',
    query: `subscription(${ORG}) { partnershipChanged(organizationId: $org, after: $after) { cursor partnershipId status partnership { title } } }`,
    notice(e) {
      if (e.status !== 'ACTIVE' || !e.partnership) return null;
      return { kind: 'partnershipActive', title: e.partnership.title, link: null };
    },
  },
];

const keyOf = (viewer, organization) => `hub.app.notices.${viewer.subject}.${organization.id}`;

function save() {
  if (!state) return;
  try { localStorage.setItem(state.key, JSON.stringify({ items: state.items, cursors: state.cursors })); } catch (_) { /* storage full or off: live only */ }
}

function changed() { save(); for (const listener of listeners) listener(); }

/** The number of notifications not yet seen. */
export const unread = () => (state ? state.items.filter((n) => !n.read).length : 0);
/** Calls `listener` whenever the list changes; returns the function that stops it. */
export function onChange(listener) { listeners.add(listener); return () => listeners.delete(listener); }
/** Whether notifications are kept for the organization acted for (not for departments). */
export const active = () => !!state;

/** Starts the notifications of `organization` (stopping any earlier ones). */
export function start(viewer, organization) {
  stop();
  if (!organization || organization.kind === 'DEPARTMENT') { changed(); return; }
  const key = keyOf(viewer, organization);
  let kept = null;
  try { kept = JSON.parse(localStorage.getItem(key) || 'null'); } catch (_) { kept = null; }
  state = { key, items: kept?.items || [], cursors: kept?.cursors || {} };
  for (const source of SOURCES) {
    stops.push(subscribe(source.field, source.query, { org: organization.id }, (event) => {
      state.cursors[source.field] = event.cursor;
      const notice = source.notice(event, organization.id);
      const id = `${source.field}:${event.cursor}`;
      if (notice && !state.items.some((n) => n.id === id)) {
        state.items.unshift({ id, read: false, ...notice, at: notice.at || new Date().toISOString() });
        state.items.length = Math.min(state.items.length, MAX);
      }
      changed();
    }, null, state.cursors[source.field] || null));
  }
  changed();
}

/** Ends the subscriptions (signing out, switching organization). */
export function stop() {
  for (const end of stops) end();
  stops = [];
  state = null;
}

function markRead() {
  if (!state || !state.items.some((n) => !n.read)) return;
  for (const n of state.items) n.read = true;
  changed();
}

/** One notification in the person's language. */
export function noticeText(n) {
  return t(`notice.${n.kind}`, { who: n.who || '', title: n.title || '', ref: n.ref || '', n: n.n ?? '', when: n.when ? `${date(n.when)} ${time(n.when)}` : '' });
}

/** The header link's content: the word and, when some are unread, their count. */
export function linkHtml() {
  const count = unread();
  return `${esc(t('notice.title'))}${count ? ` <span class="notice-count">${count}<span class="visually-hidden"> ${esc(t('notice.unread'))}</span></span>` : ''}`;
}

function item(n, fresh) {
  const text = esc(noticeText(n));
  return `<li class="card notice${fresh ? ' new' : ''}" data-notice="${esc(n.id)}">
    <p>${n.link ? `<a href="${esc(n.link)}" data-route-link>${text}</a>` : text}</p>
    <p class="muted">${esc(dateTime(n.at))}${fresh ? ` · <b>${esc(t('new'))}</b>` : ''}</p></li>`;
}

/** The list, newest first. What was unread when shown is marked seen, and stays highlighted
 * while the screen is open. */
function screen(view, { navigate }) {
  view.innerHTML = '<div id="notices-screen"></div>';
  const box = view.firstElementChild;
  const fresh = new Set();
  const draw = () => {
    const items = state ? state.items : [];
    for (const n of items) if (!n.read) fresh.add(n.id);
    box.innerHTML = `<h1>${esc(t('notice.title'))}</h1><p class="muted">${esc(t('notice.help'))}</p>
      ${items.length ? `<ul class="cards" id="notice-list">${items.map((n) => item(n, fresh.has(n.id))).join('')}</ul>` : `<p class="muted" id="notice-list">${esc(t('notice.none'))}</p>`}`;
    markRead();
  };
  draw();
  const stopListening = onChange(() => { if (box.isConnected && state && state.items.some((n) => !n.read)) draw(); });
  box.addEventListener('click', (event) => {
    const link = event.target.closest('a[data-route-link]');
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    navigate(link.getAttribute('href'));
  });
  return stopListening;
}

export const route = { title: 'notice.title', render: screen, hidden: true };
