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

/** A persona's screens; every organization but a department also has its profile and members. */
function routesOf(p) {
  const sections = sectionsOf(viewer.actingFor);
  return p === officer ? { ...p.routes, ...sections } : { ...p.routes, ...sections, profile, members };
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
  for (const a of $('nav').querySelectorAll('a')) {
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
  resetLive();
  viewer = null;
  $('signin').hidden = false;
  $('view').innerHTML = '';
  $('nav').hidden = true;
  $('acting').hidden = true;
  $('signout').hidden = true;
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
  resetLive();
  if (await loadViewer()) { renderHeader(); navigate('/app', true); }
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
