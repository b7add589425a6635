// The shell: signed out, a sign-in button; signed in, a header with the organization the
// person acts for (switchable when they belong to several), the language, and navigation by
// that organization's kind. Screens live in one module per kind of organization; each route
// is a path under /app, so every screen has a link of its own.
import { gql, session, actFor } from './api.js';
import { t, setLang, lang, translatePage } from './i18n.js';
import { esc } from './format.js';
import { reset as resetLive } from './live.js';
import * as enterprise from './enterprise.js';
import * as school from './school.js';
import * as college from './college.js';
import * as officer from './officer.js';
import { route as profile } from './profile.js';
import * as notices from './notifications.js';
import * as equipment from './equipment.js';
import * as figures from './figures.js';
import { sectionsOf, members } from './sections.js';
import { acceptForm, wireAcceptForm } from './members.js';

const $ = (id) => document.getElementById(id);
const CHOSEN = 'hub.app.organization';

const PERSONAS = {
  ENTERPRISE: enterprise, BUSINESS_ASSOCIATION: enterprise,
  LOWER_SECONDARY_SCHOOL: school, UPPER_SECONDARY_SCHOOL: school, MULTI_LEVEL_SCHOOL: school,
  VOCATIONAL_CENTRE: college, INTERMEDIATE_SCHOOL: college, COLLEGE: college, UNIVERSITY: college,
  DEPARTMENT: officer,
};

const VIEWER = `query Viewer { viewer { subject roles
  actingFor { id kind name verified remit }
  memberships { role organization { id kind name verified remit } } } }`;

let viewer = null;
let cleanup = null;

function organizations() {
  const list = viewer.memberships.filter((m) => m.organization).map((m) => m.organization);
  if (viewer.actingFor && !list.some((o) => o.id === viewer.actingFor.id)) list.unshift(viewer.actingFor);
  return list;
}

function persona() { return viewer && viewer.actingFor && PERSONAS[viewer.actingFor.kind]; }

/** Screens in modules of their own, added to a persona's. */
const EXTRA = new Map([
  [enterprise, { ...equipment.ownerRoutes, ...figures.routes }],
  [school, equipment.schoolRoutes],
  [college, equipment.schoolRoutes],
]);

/** A persona's screens: its own and its organization kind's sections; every organization but a
 * department also has its profile, its members and its notifications (reached from the header). */
function routesOf(p) {
  const sections = sectionsOf(viewer.actingFor);
  if (p === officer) return { ...p.routes, ...sections };
  return { ...p.routes, ...EXTRA.get(p), ...sections, profile, members, notifications: notices.route };
}

function renderNotices() {
  const link = $('notices');
  link.hidden = !viewer || !notices.active();
  link.innerHTML = notices.linkHtml();
}

export function navigate(path, replace = false) {
  if (replace) history.replaceState(null, '', path); else history.pushState(null, '', path);
  render();
}

function renderHeader() {
  const list = organizations();
  const acting = $('acting');
  acting.hidden = !list.length;
  const selectBox = $('organization');
  selectBox.innerHTML = list.map((o) => `<option value="${esc(o.id)}" ${viewer.actingFor && o.id === viewer.actingFor.id ? 'selected' : ''}>${esc(o.name)}</option>`).join('');
  selectBox.disabled = list.length < 2;
  $('language').textContent = lang === 'vi' ? 'English' : 'Tiếng Việt';
  $('language').lang = lang === 'vi' ? 'en' : 'vi';
  $('signout').hidden = false;
  renderNotices();
  const p = persona();
  const nav = $('nav');
  nav.hidden = !p;
  nav.setAttribute('aria-label', t('navigation'));
  if (!p) { nav.innerHTML = ''; return; }
  nav.innerHTML = Object.entries(routesOf(p))
    .filter(([, route]) => !route.hidden)
    .map(([name, route]) => `<a href="/app/${name}" data-route="${name}">${esc(t(route.title))}</a>`).join('');
}

/** Shows the screen the path names (or the persona's first one). */
function render() {
  if (cleanup) { cleanup(); cleanup = null; }
  const view = $('view');
  const p = persona();
  if (!p) {
    view.innerHTML = `<section class="card"><h1>${esc(t('noOrganizationTitle'))}</h1><p>${esc(t('noOrganization'))}</p></section>${acceptForm()}`;
    wireAcceptForm(view.querySelector('#accept-form'));
    return;
  }
  const routes = routesOf(p);
  const [name, ...rest] = location.pathname.replace(/^\/app\/?/, '').split('/').filter(Boolean);
  const route = routes[name] ? name : p.home;
  if (route !== name) history.replaceState(null, '', `/app/${route}`);
  for (const a of document.querySelectorAll('#nav a, #notices')) {
    if (a.dataset.route === route) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  }
  document.title = `${t(routes[route].title)} · ${t('appName')}`;
  view.innerHTML = '';
  view.dataset.route = route;
  const stop = routes[route].render(view, { viewer, organization: viewer.actingFor, navigate, path: rest });
  // Live screens return the function that ends their subscriptions.
  cleanup = typeof stop === 'function' ? stop : null;
}

async function loadViewer() {
  const body = await gql(VIEWER);
  if (!body.data || !body.data.viewer) {
    // The chosen organization may no longer be the person's: forget it and ask again.
    if (sessionStorage.getItem(CHOSEN)) { sessionStorage.removeItem(CHOSEN); actFor(null); return loadViewer(); }
    return false;
  }
  viewer = body.data.viewer;
  return true;
}

function showSignedOut(message) {
  notices.stop();
  resetLive();
  viewer = null;
  $('signin').hidden = false;
  $('view').innerHTML = '';
  $('nav').hidden = true;
  $('acting').hidden = true;
  $('signout').hidden = true;
  $('notices').hidden = true;
  $('signin-message').textContent = message || '';
  // Back to the same screen after signing in.
  $('signin-button').href = `/auth/login?return_to=${encodeURIComponent(location.pathname.startsWith('/app') ? location.pathname : '/app')}`;
}

async function start() {
  translatePage();
  $('language').textContent = lang === 'vi' ? 'English' : 'Tiếng Việt';
  actFor(sessionStorage.getItem(CHOSEN));
  // The session and the viewer side by side, so the first screen's data is the second round.
  const [state, known] = await Promise.all([session(), loadViewer()]);
  if (!state.signedIn) { showSignedOut(); return; }
  if (!known) { showSignedOut(t('sessionEnded')); return; }
  $('signin').hidden = true;
  notices.start(viewer, viewer.actingFor);
  renderHeader();
  render();
}

$('language').addEventListener('click', () => {
  setLang(lang === 'vi' ? 'en' : 'vi');
  translatePage();
  if (viewer) { renderHeader(); render(); } else $('language').textContent = lang === 'vi' ? 'English' : 'Tiếng Việt';
});
$('organization').addEventListener('change', async (event) => {
  sessionStorage.setItem(CHOSEN, event.target.value);
  actFor(event.target.value);
  notices.stop();
  resetLive();
  if (await loadViewer()) { notices.start(viewer, viewer.actingFor); renderHeader(); navigate('/app', true); }
});
notices.onChange(() => { if (viewer) renderNotices(); });
$('notices').addEventListener('click', (event) => {
  if (event.ctrlKey || event.metaKey || event.shiftKey) return;
  event.preventDefault();
  navigate('/app/notifications');
  $('main').focus();
});
$('nav').addEventListener('click', (event) => {
  const link = event.target.closest('a[data-route]');
  if (!link || event.ctrlKey || event.metaKey || event.shiftKey) return;
  event.preventDefault();
  navigate(link.getAttribute('href'));
  $('main').focus();
});
window.addEventListener('popstate', () => { if (viewer) render(); });
window.addEventListener('hub:signed-out', () => showSignedOut(t('sessionEnded')));
// A renamed organization: the header's switcher shows the new name.
window.addEventListener('hub:organization-changed', async () => { if (await loadViewer()) renderHeader(); });
start();
