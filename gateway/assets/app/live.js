// Live views: one graphql-transport-ws connection on /graphql/ws (the browser sends the
// session cookie with the upgrade), any number of subscriptions on it. Each subscription keeps
// the cursor of the last event it received; after a drop the app reconnects and subscribes
// again with `after: cursor`, so the hub sends what happened meanwhile, once and in order. A
// subscription that had received nothing yet has no cursor to resume from (the API gives none
// before the first event), so its view is asked to reload what it shows instead.
import { actingFor } from './api.js';
import { lang } from './i18n.js';

const subscriptions = new Map();
let socket = null;
let retry = null;
let attempts = 0;
let nextId = 0;
const listeners = new Set();
export let connected = false;

function setConnected(value) { connected = value; for (const listener of listeners) listener(value); }
export function onStatus(listener) { listeners.add(listener); listener(connected); return () => listeners.delete(listener); }

function send(message) { if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message)); }

function start(id) {
  const s = subscriptions.get(id);
  if (s.started && !s.cursor && s.onResync) s.onResync();
  s.started = true;
  send({ id, type: 'subscribe', payload: { query: s.query, variables: { ...s.variables, after: s.cursor } } });
}

function connect() {
  clearTimeout(retry);
  const url = new URL('/graphql/ws', window.location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  const ws = new WebSocket(url, 'graphql-transport-ws');
  socket = ws;
  // `locale`: the hub writes this connection's messages in the app's language.
  ws.onopen = () => ws.send(JSON.stringify({ type: 'connection_init', payload: actingFor() ? { organization: actingFor(), locale: lang } : { locale: lang } }));
  ws.onmessage = (message) => {
    const msg = JSON.parse(message.data);
    if (msg.type === 'connection_ack') {
      attempts = 0;
      setConnected(true);
      for (const id of subscriptions.keys()) start(id);
    } else if (msg.type === 'ping') {
      ws.send(JSON.stringify({ type: 'pong' }));
    } else if (msg.type === 'next' && subscriptions.has(msg.id)) {
      const s = subscriptions.get(msg.id);
      const data = msg.payload && msg.payload.data && msg.payload.data[s.field];
      if (data) { s.cursor = data.cursor || s.cursor; s.onEvent(data); }
      const errors = msg.payload && msg.payload.errors;
      if (errors && errors.length) s.ended = errors[0].extensions && errors[0].extensions.code;
    } else if (msg.type === 'complete' && subscriptions.has(msg.id)) {
      // A `LAGGED` error (or the hub ending the stream) completes it; subscribing again from
      // the cursor resumes it. Any other error would only repeat, so the view stays as it is.
      const s = subscriptions.get(msg.id);
      const again = !s.ended || s.ended === 'LAGGED';
      s.ended = null;
      if (again) setTimeout(() => { if (subscriptions.has(msg.id)) start(msg.id); }, 1000);
    }
  };
  ws.onclose = (event) => {
    if (socket !== ws) return;
    socket = null;
    setConnected(false);
    if (event.code === 4403 || event.code === 4401) { window.dispatchEvent(new CustomEvent('hub:signed-out')); return; }
    if (subscriptions.size) retry = setTimeout(connect, Math.min(10000, 500 * 2 ** attempts++));
  };
}

/**
 * Subscribes to `query` (its root field `field` returns events with a `cursor`), calling
 * `onEvent` with each event, and `onResync` when it resubscribes with no cursor to resume
 * from; `cursor`, when known (kept from an earlier visit), resumes after it from the start.
 * Returns the function that ends it.
 */
export function subscribe(field, query, variables, onEvent, onResync = null, cursor = null) {
  const id = `s${++nextId}`;
  subscriptions.set(id, { field, query, variables, onEvent, onResync, cursor, started: false });
  if (!socket) connect(); else if (socket.readyState === WebSocket.OPEN && connected) start(id);
  return () => {
    subscriptions.delete(id);
    send({ id, type: 'complete' });
    if (!subscriptions.size && socket) { const ws = socket; socket = null; ws.close(); setConnected(false); }
  };
}

/** Closes the connection (signing out, or acting for another organization). */
export function reset() {
  subscriptions.clear();
  clearTimeout(retry);
  if (socket) { const ws = socket; socket = null; ws.close(); }
  setConnected(false);
}
