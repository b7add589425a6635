// The app's one way to the hub: POST /graphql with the session cookie. `X-Hub-Csrf` is the
// hub's CSRF defence for cookie-authenticated POSTs; `X-Hub-Organization` says which of the
// person's organizations they act for (chosen in the header).
import { lang } from './i18n.js';

let organization = null;

export function actFor(id) { organization = id; }
export const actingFor = () => organization;

/** The response body `{ data, errors }`; a network failure becomes an error with code NETWORK. */
export async function gql(query, variables = {}) {
  const headers = { 'Content-Type': 'application/json', 'X-Hub-Csrf': '1', 'Accept-Language': lang };
  if (organization) headers['X-Hub-Organization'] = organization;
  let response;
  try {
    response = await fetch('/graphql', { method: 'POST', credentials: 'same-origin', headers, body: JSON.stringify({ query, variables }) });
  } catch (_) {
    return { errors: [{ message: 'network', extensions: { code: 'NETWORK' } }] };
  }
  if (response.status === 401) {
    window.dispatchEvent(new CustomEvent('hub:signed-out'));
    return { errors: [{ message: 'signed out', extensions: { code: 'UNAUTHENTICATED' } }] };
  }
  try { return await response.json(); } catch (_) { return { errors: [{ message: 'bad answer', extensions: { code: 'INTERNAL' } }] }; }
}

/** Whether the hub holds a session for this browser (the cookie itself is HttpOnly). */
export async function session() {
  try { return await (await fetch('/auth/session', { credentials: 'same-origin' })).json(); } catch (_) { return { signedIn: false }; }
}

export const PAGE_INFO = 'pageInfo { hasNextPage endCursor }';
