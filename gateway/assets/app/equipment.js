// Equipment: an organization's own listings (donations and loans) and the form to post one;
// finding equipment with the server-side filters and requesting it (schools, colleges and
// centres); the requests, live (`equipmentRequestChanged`), on both sides: the owner approves
// or declines, records the hand-over (or corrects it) and the returns, in parts; the
// requester cancels before the hand-over. Each request shows its ledger as a timeline, with
// corrected hand-over records kept and marked.
import { gql, PAGE_INFO } from './api.js';
import { t } from './i18n.js';
import { esc, date, vnd, num, dateTime, parseDate, today } from './format.js';
import { field, select, dateField, showErrors, fieldError, clearErrors, formError, values, errorText } from './forms.js';
import { subscribe } from './live.js';
import { pagedList, liveStatus, LIVE_STATUS } from './enterprise.js';

const LISTING = 'id kind name category description quantity quantityPromised quantityAvailable condition estimatedValueVnd totalValueVnd availableFrom availableUntil status owner { id name }';
const REQUEST = `id status quantity purpose returnBy decisionNote decidedAt handedOverQuantity returnedQuantity overdue createdAt updatedAt
  requester { id name } listing { id kind name owner { id name } }
  handovers { id quantity handedOverOn handedOverBy receivedBy condition notes correctsId current recordedAt }
  returns { id quantity returnedOn receivedBy condition notes recordedAt }`;
const KINDS = ['LOAN', 'DONATION'];
const CONDITIONS = ['NEW', 'GOOD', 'FAIR', 'NEEDS_REPAIR'];

const connection = (body, name) => (body.errors ? { error: errorText(body.errors[0]) } : { nodes: body.data[name].edges.map((e) => e.node), pageInfo: body.data[name].pageInfo });
const badge = (status) => `<span class="badge equipment-status status-${esc(status)}">${esc(t(`equipment.status.${status}`))}</span>`;
const kindBadge = (kind) => `<span class="badge kind-${esc(kind)}">${esc(t(`equipment.kind.${kind}`))}</span>`;
const condition = (c) => t(`equipment.condition.${c}`);
const conditionSelect = (value = 'GOOD') => select(t('equipment.condition'), 'condition', CONDITIONS.map((c) => [c, condition(c)]), value);

/** The API's errors at their fields, with this screen's own words for its fields. */
function showErrs(form, errors) {
  showErrors(form, errors);
  for (const error of errors) {
    const name = (error?.extensions?.field || '').split('.').pop();
    const key = `equipment.fieldError.${name}`;
    const slot = name && form.querySelector(`[data-error-for="${name}"]`);
    if (slot && t(key) !== key) slot.textContent = t(key);
  }
}

/** Checks the dd/mm/yyyy fields of a form; returns the API's days, or null after marking them. */
function days(form, names, optional = []) {
  const v = values(form);
  const out = {};
  let wrong = false;
  for (const name of names) {
    if (optional.includes(name) && !(v[name] || '').trim()) { out[name] = null; continue; }
    out[name] = parseDate(v[name]);
    if (!out[name]) { fieldError(form, name, t('fieldError.date')); wrong = true; }
  }
  if (wrong) { form.querySelector('[aria-invalid=true]')?.focus(); return null; }
  return out;
}

// ---- Listings ----------------------------------------------------------------------------

function listingItem(l, { organization, requestable = false } = {}) {
  const own = organization && l.owner.id === organization.id;
  return `<li class="card" data-listing="${esc(l.id)}" data-kind="${esc(l.kind)}"><h3>${esc(l.name)} ${kindBadge(l.kind)}${l.status === 'WITHDRAWN' ? ` ${badge('WITHDRAWN')}` : ''}</h3>
    <div class="meta"><span>${esc(l.owner.name)}</span><span>${esc(l.category)}</span><span>${esc(condition(l.condition))}</span>
    <span>${esc(t('equipment.availableOf', { left: num(l.quantityAvailable), all: num(l.quantity) }))}</span>
    <span>${esc(t('equipment.unitValue', { value: vnd(l.estimatedValueVnd) }))}</span>
    <span>${esc(t('equipment.availableFrom', { from: date(l.availableFrom) }))}${l.availableUntil ? ` – ${date(l.availableUntil)}` : ''}</span></div>
    ${l.description ? `<p>${esc(l.description)}</p>` : ''}${formError()}
    <div class="actions">${requestable && !own ? `<button type="button" data-act="request" aria-expanded="false">${esc(t('equipment.request'))}</button>` : ''}
    ${own && l.status === 'AVAILABLE' ? `<button type="button" class="danger" data-act="withdraw">${esc(t('equipment.withdrawListing'))}</button>` : ''}</div></li>`;
}

function listingForm() {
  return `<form class="card" id="listing-form" novalidate><h2>${esc(t('equipment.newListing'))}</h2>${formError()}
    <fieldset><legend>${esc(t('equipment.kind'))}</legend>
      ${KINDS.map((k) => `<label><input type="radio" name="kind" value="${k}" ${k === 'LOAN' ? 'checked' : ''}> ${esc(t(`equipment.kind.${k}`))}</label>`).join('')}</fieldset>
    <div class="row">${field(t('equipment.name'), 'name', { required: true })}${field(t('equipment.category'), 'category', { required: true, hint: t('equipment.categoryHint') })}</div>
    ${field(t('equipment.description'), 'description', { type: 'textarea' })}
    <div class="row">${field(t('equipment.quantity'), 'quantity', { type: 'number', required: true, attrs: 'min="1"', value: 1 })}
    ${conditionSelect()}
    ${field(t('equipment.estimatedValueVnd'), 'estimatedValueVnd', { type: 'number', required: true, hint: t('equipment.valueHint'), attrs: 'min="0" step="1000"' })}</div>
    <div class="row">${dateField(t('equipment.availableFromField'), 'availableFrom', date(today()))}${dateField(t('equipment.availableUntil'), 'availableUntil')}</div>
    <div class="actions"><button type="submit">${esc(t('equipment.post'))}</button></div></form>`;
}

function myListings(view, { organization }) {
  view.innerHTML = `<h1>${esc(t('equipment.listingsTitle'))}</h1>
    ${organization.verified ? '' : `<p class="card error" role="note">${esc(t('equipment.notVerified'))}</p>`}
    <div class="actions"><button type="button" id="new-listing" aria-expanded="false">${esc(t('equipment.newListing'))}</button></div>
    <div id="listing-form-slot"></div><p class="ok" role="status" id="listing-posted"></p>
    <h2>${esc(t('equipment.yourListings'))}</h2><div id="listing-list"></div>`;
  const query = `query($filter: EquipmentListingFilter, $after: String) { equipmentListings(filter: $filter, first: 20, after: $after) { edges { node { ${LISTING} } } ${PAGE_INFO} } }`;
  const paged = pagedList(view.querySelector('#listing-list'),
    async (after) => connection(await gql(query, { filter: { ownerId: organization.id }, after }), 'equipmentListings'),
    (l) => listingItem(l, { organization }), 'equipment.noListings');
  const slot = view.querySelector('#listing-form-slot');
  const toggle = view.querySelector('#new-listing');
  toggle.addEventListener('click', () => {
    if (slot.firstElementChild) { slot.innerHTML = ''; toggle.setAttribute('aria-expanded', 'false'); return; }
    slot.innerHTML = listingForm();
    toggle.setAttribute('aria-expanded', 'true');
    slot.querySelector('input[name=name]').focus();
  });
  slot.addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = event.target;
    clearErrors(form);
    const v = values(form);
    const when = days(form, ['availableFrom', 'availableUntil'], ['availableUntil']);
    if (!when) return;
    const input = {
      kind: v.kind, name: v.name.trim(), category: v.category.trim(), description: v.description.trim() || null,
      quantity: Number(v.quantity), condition: v.condition, estimatedValueVnd: v.estimatedValueVnd === '' ? null : Number(v.estimatedValueVnd),
      availableFrom: when.availableFrom, availableUntil: when.availableUntil,
    };
    if (input.estimatedValueVnd == null) { fieldError(form, 'estimatedValueVnd', t('equipment.fieldError.estimatedValueVnd')); return; }
    const body = await gql(`mutation($input: CreateEquipmentListingInput!) { createEquipmentListing(input: $input) { ${LISTING} } }`, { input });
    if (body.errors) { showErrs(form, body.errors); return; }
    const l = body.data.createEquipmentListing;
    slot.innerHTML = '';
    toggle.setAttribute('aria-expanded', 'false');
    view.querySelector('#listing-posted').textContent = t('equipment.posted', { name: l.name });
    paged.list.insertAdjacentHTML('afterbegin', listingItem(l, { organization }));
    const state = paged.list.parentElement.querySelector('[data-state]');
    if (state) { state.hidden = true; state.dataset.state = 'loaded'; }
  });
  paged.list.addEventListener('click', async (event) => {
    const button = event.target.closest('button[data-act=withdraw]');
    if (!button) return;
    const card = button.closest('[data-listing]');
    button.disabled = true;
    const body = await gql(`mutation($id: ID!) { withdrawEquipmentListing(id: $id) { ${LISTING} } }`, { id: card.dataset.listing });
    if (body.errors) { showErrs(card, body.errors); button.disabled = false; return; }
    card.outerHTML = listingItem(body.data.withdrawEquipmentListing, { organization });
  });
}

// ---- Finding and requesting ----------------------------------------------------------------

function requestForm(kind) {
  return `<form class="request" novalidate><h3>${esc(t('equipment.requestTitle'))}</h3>${formError()}
    <div class="row">${field(t('equipment.quantity'), 'quantity', { type: 'number', attrs: 'min="1"', value: 1 })}
    ${kind === 'LOAN' ? dateField(t('equipment.returnBy'), 'returnBy') : ''}</div>
    ${field(t('equipment.purpose'), 'purpose', { type: 'textarea', hint: t('equipment.purposeHint') })}
    <div class="actions"><button type="submit">${esc(t('equipment.sendRequest'))}</button></div></form>`;
}

function findEquipment(view, { organization }) {
  view.innerHTML = `<h1>${esc(t('equipment.findTitle'))}</h1>
    <form class="card" id="equipment-filter" role="search"><div class="row">
      ${field(t('equipment.searchText'), 'text')}${field(t('equipment.category'), 'category')}
      ${select(t('equipment.kind'), 'kind', [['', t('equipment.anyKind')], ...KINDS.map((k) => [k, t(`equipment.kind.${k}`)])])}
      ${select(t('equipment.condition'), 'condition', [['', t('equipment.anyCondition')], ...CONDITIONS.map((c) => [c, condition(c)])])}</div>
      <div class="actions"><button type="submit">${esc(t('search'))}</button></div></form>
    <div id="equipment-results"></div>`;
  const filterForm = view.querySelector('#equipment-filter');
  const filter = () => {
    const v = values(filterForm);
    const f = {};
    for (const name of ['text', 'category', 'kind', 'condition']) if (v[name] && v[name].trim()) f[name] = v[name].trim();
    return f;
  };
  const query = `query($filter: EquipmentListingFilter, $after: String) { equipmentListings(filter: $filter, first: 10, after: $after) { edges { node { ${LISTING} } } ${PAGE_INFO} } }`;
  const results = pagedList(view.querySelector('#equipment-results'), async (after) => {
    const body = await gql(query, { filter: filter(), after });
    if (body.errors) showErrs(filterForm, body.errors);
    return connection(body, 'equipmentListings');
  }, (l) => listingItem(l, { organization, requestable: true }), 'equipment.noneFound');
  filterForm.addEventListener('submit', (event) => { event.preventDefault(); clearErrors(filterForm); results.reload(); });
  const box = results.list.parentElement;
  box.addEventListener('click', (event) => {
    const button = event.target.closest('button[data-act=request]');
    if (!button) return;
    const card = button.closest('[data-listing]');
    const open = card.querySelector('form.request');
    if (open) { open.remove(); button.setAttribute('aria-expanded', 'false'); return; }
    card.insertAdjacentHTML('beforeend', requestForm(card.dataset.kind));
    button.setAttribute('aria-expanded', 'true');
    card.querySelector('form.request input[name=quantity]').focus();
  });
  box.addEventListener('submit', async (event) => {
    if (!event.target.matches('form.request')) return;
    event.preventDefault();
    const form = event.target;
    const card = form.closest('[data-listing]');
    clearErrors(form);
    const loan = card.dataset.kind === 'LOAN';
    const when = loan ? days(form, ['returnBy']) : {};
    if (!when) return;
    const v = values(form);
    const input = { listingId: card.dataset.listing, quantity: Number(v.quantity), purpose: v.purpose.trim(), returnBy: loan ? when.returnBy : null };
    const body = await gql(`mutation($input: RequestEquipmentInput!) { requestEquipment(input: $input) { id status quantity } }`, { input });
    if (body.errors) { showErrs(form, body.errors); return; }
    const r = body.data.requestEquipment;
    form.outerHTML = `<p class="ok" role="status">${esc(t('equipment.requested', { n: r.quantity }))} ${badge(r.status)}</p>`;
  });
}

// ---- Requests and their ledger ---------------------------------------------------------------

/** What a card shows of a request, to tell whether a live event changes it. */
const versionOf = (r) => `${r.status}:${r.handedOverQuantity}:${r.returnedQuantity}:${r.handovers.length}:${r.returns.length}`;

/** The request's history, oldest first: asked, decided, each hand-over record (a corrected one
 * struck through, a correction saying so), each return, a cancellation. */
function timeline(r) {
  const entries = [{ at: r.createdAt, text: t('equipment.timeline.requested', { who: r.requester.name, n: r.quantity }) }];
  if (r.decidedAt) {
    const declined = r.status === 'DECLINED';
    entries.push({ at: r.decidedAt, text: t(declined ? 'equipment.timeline.declined' : 'equipment.timeline.approved', { who: r.listing.owner.name }), note: r.decisionNote });
  }
  for (const h of r.handovers) {
    entries.push({
      at: h.recordedAt, corrected: !h.current, correction: !!h.correctsId,
      text: t(h.correctsId ? 'equipment.timeline.handoverCorrection' : 'equipment.timeline.handover',
        { n: h.quantity, day: date(h.handedOverOn), by: h.handedOverBy, to: h.receivedBy, condition: condition(h.condition) }),
      note: h.notes,
    });
  }
  for (const back of r.returns) {
    entries.push({ at: back.recordedAt, text: t('equipment.timeline.returned', { n: back.quantity, day: date(back.returnedOn), to: back.receivedBy, condition: condition(back.condition) }), note: back.notes });
  }
  if (r.status === 'CANCELLED') entries.push({ at: r.updatedAt, text: t('equipment.timeline.cancelled') });
  entries.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  return `<ol class="timeline" aria-label="${esc(t('equipment.timeline'))}">${entries.map((e) => `<li class="${e.corrected ? 'corrected' : ''}${e.correction ? ' correction' : ''}">
    <span class="muted">${esc(dateTime(e.at))}</span> ${e.corrected ? `<del>${esc(e.text)}</del> <b>${esc(t('equipment.timeline.replaced'))}</b>` : esc(e.text)}
    ${e.note ? `<br><span class="muted">${esc(e.note)}</span>` : ''}</li>`).join('')}</ol>`;
}

function handoverForm(r, current = null) {
  const h = current || {};
  return `<form class="record" data-form="${current ? 'correct' : 'handover'}" ${current ? `data-corrects="${esc(current.id)}"` : ''} novalidate>
    <h4>${esc(t(current ? 'equipment.correctTitle' : 'equipment.handoverTitle'))}</h4>${formError()}
    <div class="row">${field(t('equipment.quantity'), 'quantity', { type: 'number', attrs: 'min="1"', value: h.quantity ?? r.quantity })}
    ${dateField(t('equipment.handedOverOn'), 'handedOverOn', date(h.handedOverOn || today()))}</div>
    <div class="row">${field(t('equipment.handedOverBy'), 'handedOverBy', { value: h.handedOverBy || '' })}${field(t('equipment.receivedBy'), 'receivedBy', { value: h.receivedBy || '' })}
    ${conditionSelect(h.condition || 'GOOD')}</div>
    ${field(t('equipment.notes'), 'notes', { type: 'textarea', value: h.notes || '' })}
    <div class="actions"><button type="submit">${esc(t(current ? 'equipment.saveCorrection' : 'equipment.recordHandover'))}</button></div></form>`;
}

function returnForm(r) {
  return `<form class="record" data-form="return" novalidate><h4>${esc(t('equipment.returnTitle'))}</h4>${formError()}
    <div class="row">${field(t('equipment.quantity'), 'quantity', { type: 'number', attrs: 'min="1"', value: r.handedOverQuantity - r.returnedQuantity })}
    ${dateField(t('equipment.returnedOn'), 'returnedOn', date(today()))}
    ${field(t('equipment.receivedBackBy'), 'receivedBy')}${conditionSelect()}</div>
    ${field(t('equipment.notes'), 'notes', { type: 'textarea' })}
    <div class="actions"><button type="submit">${esc(t('equipment.recordReturn'))}</button></div></form>`;
}

function ownerActions(r) {
  if (r.status === 'PENDING') {
    return `<form class="record" data-form="decide" novalidate>${field(t('equipment.decisionNote'), 'note')}
      <div class="actions"><button type="submit" name="decision" value="APPROVE">${esc(t('equipment.approve'))}</button>
      <button type="submit" class="danger" name="decision" value="DECLINE">${esc(t('equipment.decline'))}</button></div></form>`;
  }
  if (r.status === 'APPROVED') return handoverForm(r);
  if (r.status === 'HANDED_OVER') {
    const current = r.handovers.find((h) => h.current);
    return `${r.listing.kind === 'LOAN' ? returnForm(r) : ''}
      ${current ? `<div class="actions"><button type="button" class="secondary" data-act="correct" aria-expanded="false">${esc(t('equipment.correctHandover'))}</button></div><div class="correct-slot"></div>` : ''}`;
  }
  return '';
}

/** The requests drawn, by id: a correction form starts from the standing record. */
const shown = new Map();

function requestItem(r, side) {
  shown.set(r.id, r);
  const owner = side === 'OWNER';
  const out = r.handedOverQuantity - r.returnedQuantity;
  const actions = owner ? ownerActions(r)
    : (r.status === 'PENDING' || r.status === 'APPROVED' ? `<div class="actions"><button type="button" class="danger" data-act="cancel">${esc(t('equipment.cancelRequest'))}</button></div>` : '');
  return `<li class="card" data-request="${esc(r.id)}" data-version="${esc(versionOf(r))}"><h3>${esc(r.listing.name)} ${kindBadge(r.listing.kind)} ${badge(r.status)}${r.overdue ? ` <span class="badge status-overdue">${esc(t('equipment.overdue'))}</span>` : ''}</h3>
    <div class="meta"><span>${esc(owner ? r.requester.name : r.listing.owner.name)}</span><span>${esc(t('equipment.unitsN', { n: num(r.quantity) }))}</span>
    ${r.returnBy ? `<span>${esc(t('equipment.dueBack', { day: date(r.returnBy) }))}</span>` : ''}
    ${r.handedOverQuantity ? `<span>${esc(t('equipment.handedOverN', { n: num(r.handedOverQuantity) }))}</span>` : ''}
    ${r.listing.kind === 'LOAN' && r.handedOverQuantity ? `<span>${esc(t('equipment.outN', { n: num(out), back: num(r.returnedQuantity) }))}</span>` : ''}</div>
    <p>${esc(r.purpose)}</p>${timeline(r)}${formError()}${actions}</li>`;
}

const SIDES = { REQUESTER: 'equipment.sentRequests', OWNER: 'equipment.receivedRequests' };

/** The requests screen for `sides` (an enterprise's: OWNER; a school's: REQUESTER then OWNER). */
function requestsScreen(sides) {
  return (view, { organization }) => {
    view.innerHTML = `<h1>${esc(t('equipment.requestsTitle'))}</h1>${LIVE_STATUS()}
      ${sides.map((side) => `<section aria-labelledby="heading-${side}"><h2 id="heading-${side}">${esc(t(SIDES[side]))}</h2><div id="requests-${side}"></div></section>`).join('')}`;
    const query = `query($filter: EquipmentRequestFilter, $after: String) { equipmentRequests(filter: $filter, first: 20, after: $after) { edges { node { ${REQUEST} } } ${PAGE_INFO} } }`;
    const lists = {};
    for (const side of sides) {
      const container = view.querySelector(`#requests-${side}`);
      lists[side] = pagedList(container, async (after) => connection(await gql(query, { filter: { side }, after }), 'equipmentRequests'), (r) => requestItem(r, side), 'equipment.noRequests');
      container.addEventListener('click', (event) => clicked(event, side));
      container.addEventListener('submit', (event) => submitted(event, side));
    }
    const redraw = (card, r, side) => { card.outerHTML = requestItem(r, side); };
    const mutate = async (card, side, mutation, variables, name) => {
      const body = await gql(mutation, variables);
      if (body.errors) return body.errors;
      redraw(card, body.data[name], side);
      return null;
    };
    async function clicked(event, side) {
      const button = event.target.closest('button[data-act]');
      if (!button) return;
      const card = button.closest('[data-request]');
      if (button.dataset.act === 'cancel') {
        button.disabled = true;
        const errors = await mutate(card, side, `mutation($id: ID!) { r: cancelEquipmentRequest(id: $id) { ${REQUEST} } }`, { id: card.dataset.request }, 'r');
        if (errors) { showErrs(card, errors); button.disabled = false; }
      } else if (button.dataset.act === 'correct') {
        const slot = card.querySelector('.correct-slot');
        if (slot.firstElementChild) { slot.innerHTML = ''; button.setAttribute('aria-expanded', 'false'); return; }
        const r = shown.get(card.dataset.request);
        slot.innerHTML = handoverForm(r, r.handovers.find((h) => h.current));
        button.setAttribute('aria-expanded', 'true');
        slot.querySelector('input[name=quantity]').focus();
      }
    }
    async function submitted(event, side) {
      const form = event.target.closest('form[data-form]');
      if (!form) return;
      event.preventDefault();
      const card = form.closest('[data-request]');
      const id = card.dataset.request;
      clearErrors(form);
      const v = values(form);
      let errors = null;
      if (form.dataset.form === 'decide') {
        const decision = event.submitter ? event.submitter.value : 'APPROVE';
        errors = await mutate(card, side, `mutation($id: ID!, $decision: RequestDecision!, $note: String) { r: decideEquipmentRequest(id: $id, decision: $decision, note: $note) { ${REQUEST} } }`,
          { id, decision, note: v.note.trim() || null }, 'r');
      } else if (form.dataset.form === 'handover' || form.dataset.form === 'correct') {
        const when = days(form, ['handedOverOn']);
        if (!when) return;
        const input = { requestId: id, quantity: Number(v.quantity), handedOverOn: when.handedOverOn, handedOverBy: v.handedOverBy.trim(), receivedBy: v.receivedBy.trim(),
          condition: v.condition, notes: v.notes.trim() || null, correctsId: form.dataset.corrects || null };
        errors = await mutate(card, side, `mutation($input: RecordHandoverInput!) { r: recordHandover(input: $input) { ${REQUEST} } }`, { input }, 'r');
      } else if (form.dataset.form === 'return') {
        const when = days(form, ['returnedOn']);
        if (!when) return;
        const input = { requestId: id, quantity: Number(v.quantity), returnedOn: when.returnedOn, receivedBy: v.receivedBy.trim(), condition: v.condition, notes: v.notes.trim() || null };
        errors = await mutate(card, side, `mutation($input: RecordReturnInput!) { r: recordReturn(input: $input) { ${REQUEST} } }`, { input }, 'r');
      }
      if (errors) showErrs(form, errors);
    }
    const stopStatus = liveStatus(view);
    const stop = subscribe('equipmentRequestChanged',
      `subscription($org: ID!, $after: String) { equipmentRequestChanged(organizationId: $org, after: $after) { cursor requestId status request { ${REQUEST} } } }`,
      { org: organization.id }, (event) => {
        const r = event.request;
        if (!r) return;
        const side = r.requester.id === organization.id && lists.REQUESTER ? 'REQUESTER' : 'OWNER';
        if (!lists[side]) return;
        const card = lists[side].list.querySelector(`[data-request="${CSS.escape(r.id)}"]`);
        if (card) {
          // The person's own change is drawn already; redrawing would lose what they type next.
          if (card.dataset.version !== versionOf(r)) redraw(card, r, side);
        } else if (r.status === 'PENDING') {
          lists[side].list.insertAdjacentHTML('afterbegin', requestItem(r, side));
          const state = lists[side].list.parentElement.querySelector('[data-state]');
          if (state) { state.hidden = true; state.dataset.state = 'loaded'; }
        }
      }, () => { for (const side of sides) lists[side].reload(); });
    return () => { stop(); stopStatus(); };
  };
}

export const ownerRoutes = {
  equipment: { title: 'equipment.nav.listings', render: myListings },
  'equipment-requests': { title: 'equipment.nav.requests', render: requestsScreen(['OWNER']) },
};

export const schoolRoutes = {
  'find-equipment': { title: 'equipment.nav.find', render: findEquipment },
  'equipment-requests': { title: 'equipment.nav.requests', render: requestsScreen(['REQUESTER', 'OWNER']) },
  equipment: { title: 'equipment.nav.listings', render: myListings },
};
