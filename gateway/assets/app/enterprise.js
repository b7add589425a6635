// An enterprise's screens: its internship offers (draft, publish, close) and the nominations
// schools make to them (accept or reject, record completed placements).
import { gql, PAGE_INFO } from './api.js';
import { t } from './i18n.js';
import { esc, date, vnd, num, parseDate, dateTime } from './format.js';
import { field, select, dateField, showErrors, fieldError, formError, values, errorText, onSubmit } from './forms.js';
import { subscribe, onStatus } from './live.js';

const OFFER = 'id title description sector seats acceptedCount seatsLeft eligibleLevels startDate endDate applicationDeadline stipendVnd status publishedAt area { id name }';
export const LEVELS = ['LOWER_SECONDARY_GRADUATE', 'UPPER_SECONDARY_STUDENT', 'UPPER_SECONDARY_GRADUATE', 'COLLEGE_STUDENT'];

export const badge = (status) => `<span class="badge status-${esc(status)}">${esc(t(`status.${status}`))}</span>`;

/** A list that pages with the API's cursors: `load(after)` returns `{ nodes, pageInfo }`. */
export function pagedList(container, load, item, emptyKey) {
  container.innerHTML = `<ul class="cards"></ul><p class="muted" data-state="loading">${esc(t('loading'))}</p><div class="actions"><button type="button" class="secondary more" hidden>${esc(t('loadMore'))}</button></div>`;
  const list = container.querySelector('ul');
  const state = container.querySelector('[data-state]');
  const more = container.querySelector('.more');
  let cursor = null;
  async function page() {
    more.disabled = true;
    const result = await load(cursor);
    more.disabled = false;
    if (result.error) { state.className = 'error'; state.textContent = result.error; state.dataset.state = 'error'; return; }
    for (const node of result.nodes) list.insertAdjacentHTML('beforeend', item(node));
    cursor = result.pageInfo.endCursor;
    more.hidden = !result.pageInfo.hasNextPage;
    state.hidden = list.children.length > 0;
    state.className = 'muted';
    state.textContent = t(emptyKey);
    state.dataset.state = list.children.length ? 'loaded' : 'empty';
  }
  more.addEventListener('click', page);
  page();
  return { list, reload: () => { list.innerHTML = ''; cursor = null; return page(); } };
}

const connection = (body, name) => (body.errors ? { error: errorText(body.errors[0]) } : { nodes: body.data[name].edges.map((e) => e.node), pageInfo: body.data[name].pageInfo });

function offerItem(o) {
  const actions = {
    DRAFT: `<button type="button" data-act="publish">${esc(t('publish'))}</button><button type="button" class="secondary" data-act="edit">${esc(t('editOffer'))}</button><button type="button" class="danger" data-act="cancel">${esc(t('cancelOffer'))}</button>`,
    PUBLISHED: `<button type="button" class="secondary" data-act="close">${esc(t('closeOffer'))}</button>`,
  }[o.status] || '';
  return `<li class="card" data-offer="${esc(o.id)}"><h3>${esc(o.title)} ${badge(o.status)}</h3>
    <div class="meta"><span>${esc(o.area.name)}</span><span>${esc(t('sector'))} ${esc(o.sector)}</span>
    <span>${esc(t('seatsLeftOf', { left: num(o.seatsLeft), seats: num(o.seats) }))}</span>
    <span>${esc(t('deadline'))} ${date(o.applicationDeadline)}</span><span>${date(o.startDate)} – ${date(o.endDate)}</span>
    ${o.stipendVnd != null ? `<span>${esc(t('stipend'))} ${vnd(o.stipendVnd)}</span>` : ''}</div>
    <p class="form-error error" role="alert"></p><div class="actions">${actions}</div></li>`;
}

const MUTATIONS = {
  publish: `mutation($id: ID!) { r: publishInternshipOffer(id: $id) { ${OFFER} } }`,
  close: `mutation($id: ID!) { r: closeInternshipOffer(id: $id) { ${OFFER} } }`,
  cancel: `mutation($id: ID!) { r: cancelInternshipOffer(id: $id) { ${OFFER} } }`,
};

function offers(view, { organization, navigate }) {
  view.innerHTML = `<h1>${esc(t('enterpriseOffersTitle'))}</h1>
    ${organization.verified ? '' : `<p class="card error" role="note">${esc(t('notVerified'))}</p>`}
    <div class="actions"><button type="button" id="new-offer">${esc(t('newOffer'))}</button></div><h2>${esc(t('yourOffers'))}</h2><div id="offer-list"></div>`;
  view.querySelector('#new-offer').addEventListener('click', () => navigate('/app/new-offer'));
  const query = `query($filter: InternshipOfferFilter, $after: String) { internshipOffers(filter: $filter, first: 20, after: $after) { edges { node { ${OFFER} } } ${PAGE_INFO} } }`;
  const { list } = pagedList(view.querySelector('#offer-list'),
    async (after) => connection(await gql(query, { filter: { enterpriseId: organization.id }, after }), 'internshipOffers'), offerItem, 'noOffers');
  list.addEventListener('click', async (event) => {
    const button = event.target.closest('button[data-act]');
    if (!button) return;
    const card = button.closest('[data-offer]');
    if (button.dataset.act === 'edit') { navigate(`/app/offer/${encodeURIComponent(card.dataset.offer)}`); return; }
    button.disabled = true;
    const body = await gql(MUTATIONS[button.dataset.act], { id: card.dataset.offer });
    if (body.errors) { showErrors(card, body.errors); button.disabled = false; return; }
    card.outerHTML = offerItem(body.data.r);
  });
}

let areaOptions = null;
/** Today's wards, communes and special zones, for the area fields (loaded once). */
export async function areas() {
  if (!areaOptions) {
    const body = await gql('{ areas { id name level } }');
    areaOptions = body.data ? body.data.areas.filter((a) => a.level !== 'CITY').map((a) => [a.id, a.name]) : [];
  }
  return areaOptions;
}

const levelLabel = (level) => t(`level.${level}`);

/** The offer form: a new offer, or (with `offer`) a draft being edited. */
async function offerForm(view, navigate, offer = null) {
  const heading = t(offer ? 'editOfferTitle' : 'newOfferTitle');
  view.innerHTML = `<h1>${esc(heading)}</h1><p class="muted">${esc(t('loading'))}</p>`;
  const areaList = await areas();
  const o = offer || {};
  const levels = new Set(o.eligibleLevels || []);
  view.innerHTML = `<h1>${esc(heading)}</h1>
    <form class="card" id="offer-form" novalidate>${formError()}
      ${field(t('offerTitle'), 'title', { required: true, value: o.title || '' })}
      ${field(t('description'), 'description', { type: 'textarea', required: true, value: o.description || '' })}
      <div class="row">${field(t('sector'), 'sector', { hint: t('sectorHint'), required: true, attrs: 'inputmode="numeric"', value: o.sector || '' })}
      ${select(t('area'), 'areaId', [['', t('chooseArea')], ...areaList], o.area ? o.area.id : '')}</div>
      <div class="row">${field(t('seats'), 'seats', { type: 'number', required: true, attrs: 'min="1"', value: o.seats ?? '' })}
      ${field(t('stipendVnd'), 'stipendVnd', { type: 'number', hint: t('stipendHint'), attrs: 'min="0" step="100000"', value: o.stipendVnd ?? '' })}</div>
      <fieldset><legend>${esc(t('eligibleLevels'))}</legend>
        ${LEVELS.map((l) => `<label><input type="checkbox" name="eligibleLevels" value="${l}" ${levels.has(l) ? 'checked' : ''}> ${esc(levelLabel(l))}</label>`).join('')}
        <p class="field-error" id="levels-error" data-error-for="eligibleLevels"></p></fieldset>
      <div class="row">${dateField(t('startDate'), 'startDate', date(o.startDate))}${dateField(t('endDate'), 'endDate', date(o.endDate))}${dateField(t('applicationDeadline'), 'applicationDeadline', date(o.applicationDeadline))}</div>
      <div class="actions"><button type="submit" name="then" value="publish">${esc(t('saveAndPublish'))}</button>
      <button type="submit" class="secondary" name="then" value="draft">${esc(t('saveDraft'))}</button></div>
    </form>`;
  const form = view.querySelector('#offer-form');
  onSubmit(form, async (v, _status, submitter) => {
    const input = {
      title: v.title.trim(), description: v.description.trim(), sector: v.sector.trim(), areaId: v.areaId,
      seats: Number(v.seats), eligibleLevels: [...form.querySelectorAll('input[name=eligibleLevels]:checked')].map((c) => c.value),
      stipendVnd: v.stipendVnd === '' ? null : Number(v.stipendVnd),
    };
    let wrong = false;
    for (const name of ['startDate', 'endDate', 'applicationDeadline']) {
      input[name] = parseDate(v[name]);
      if (!input[name]) { fieldError(form, name, t('fieldError.date')); wrong = true; }
    }
    if (!input.areaId) { fieldError(form, 'areaId', t('fieldError.areaId')); wrong = true; }
    if (wrong) { form.querySelector('[aria-invalid=true]')?.focus(); return; }
    const then = submitter ? submitter.value : 'draft';
    const saved = offer
      ? await gql(`mutation($id: ID!, $input: UpdateInternshipOfferInput!) { r: updateInternshipOffer(id: $id, input: $input) { id } }`, { id: offer.id, input })
      : await gql(`mutation($input: CreateInternshipOfferInput!) { r: createInternshipOffer(input: $input) { id } }`, { input });
    if (saved.errors) { showErrors(form, saved.errors); return; }
    // Saved as a draft: from now on the form edits that draft, so a failed publish is not a second offer.
    if (!offer) { offer = { id: saved.data.r.id }; history.replaceState(null, '', `/app/offer/${encodeURIComponent(offer.id)}`); }
    if (then === 'publish') {
      const published = await gql(MUTATIONS.publish, { id: saved.data.r.id });
      if (published.errors) { showErrors(form, published.errors); return; }
    }
    navigate('/app/offers');
  });
}

const newOffer = (view, { navigate }) => offerForm(view, navigate);

async function editOffer(view, { navigate, path }) {
  const body = await gql(`query($id: ID!) { internshipOffer(id: $id) { ${OFFER} } }`, { id: path[0] || '' });
  const offer = body.data && body.data.internshipOffer;
  if (!offer || offer.status !== 'DRAFT') {
    view.innerHTML = `<h1>${esc(t('editOfferTitle'))}</h1><p class="card error" role="alert">${esc(body.errors ? errorText(body.errors[0]) : t('onlyDraftsEdited'))}</p>`;
    return;
  }
  await offerForm(view, navigate, offer);
}

function nominationItem(n) {
  const decide = n.status === 'SUBMITTED'
    ? `<button type="button" data-decision="ACCEPT">${esc(t('accept'))}</button><button type="button" class="danger" data-decision="REJECT">${esc(t('reject'))}</button>` : '';
  const complete = n.status === 'ACCEPTED'
    ? `<form class="complete" novalidate>${field(t('hours'), 'hours', { type: 'number', attrs: 'min="1"' })}<button type="submit">${esc(t('recordCompleted'))}</button></form>` : '';
  return `<li class="card" data-nomination="${esc(n.id)}" data-offer="${esc(n.offer.id)}"><h3>${esc(n.offer.title)}</h3>
    <div class="meta"><span>${esc(t('studentRef'))}: <b>${esc(n.studentRef)}</b></span><span>${esc(t('grade'))} ${esc(n.grade)}</span>
    <span>${esc(n.nominatingOrganization.name)}</span><span>${dateTime(n.createdAt)}</span>
    <span data-seats>${esc(t('seatsLeftOf', { left: num(n.offer.seatsLeft), seats: num(n.offer.seats) }))}</span>${n.hours != null ? `<span>${esc(t('hoursDone', { hours: n.hours }))}</span>` : ''}</div>
    ${n.note ? `<p>${esc(n.note)}</p>` : ''}<p>${badge(n.status)}</p>${formError()}<div class="actions">${decide}</div>${complete}</li>`;
}

export const NOMINATION = 'id studentRef grade note status hours createdAt decidedAt nominatingOrganization { id name } offer { id title seats seatsLeft enterprise { id name } }';

/** A live status line: "Trực tiếp" once the subscriptions are on; returns the function that
 * stops following it. */
export function liveStatus(view) {
  return onStatus((on) => {
    const status = view.querySelector('#live-status');
    if (!status) return;
    status.textContent = t(on ? 'live' : 'connecting');
    status.dataset.state = on ? 'connected' : 'connecting';
    view.querySelector('#live-dot').className = on ? 'dot on' : 'dot';
  });
}
export const LIVE_STATUS = () => `<p class="live"><span class="dot" id="live-dot"></span><span id="live-status">${esc(t('connecting'))}</span></p>`;

/**
 * Nominations, live (`nominationChanged`): a changed one is drawn again where it is, a new one
 * comes on top, and every card of the offer shows the seats left as the change left them.
 * Returns the function that ends the subscription.
 */
export function liveNominations(view, organization, paged, item) {
  const stopStatus = liveStatus(view);
  const stop = subscribe('nominationChanged',
    `subscription($org: ID!, $after: String) { nominationChanged(organizationId: $org, after: $after) { cursor nominationId offerId status seats seatsLeft nomination { ${NOMINATION} } } }`,
    { org: organization.id }, (event) => {
      const card = paged.list.querySelector(`[data-nomination="${CSS.escape(event.nominationId)}"]`);
      if (event.nomination) {
        // A card already showing this status stays (the person's own decision, drawn from the
        // mutation's answer), so nothing typed into it is lost.
        if (card && !card.querySelector(`.badge.status-${event.nomination.status}`)) card.outerHTML = item(event.nomination);
        else if (event.status === 'SUBMITTED') paged.list.insertAdjacentHTML('afterbegin', item(event.nomination));
      }
      for (const seats of paged.list.querySelectorAll(`[data-offer="${CSS.escape(event.offerId)}"] [data-seats]`)) {
        seats.textContent = t('seatsLeftOf', { left: num(event.seatsLeft), seats: num(event.seats) });
      }
      const state = paged.list.parentElement.querySelector('[data-state]');
      if (state && paged.list.children.length) { state.hidden = true; state.dataset.state = 'loaded'; }
    }, () => paged.reload());
  return () => { stop(); stopStatus(); };
}

function nominations(view, { organization }) {
  view.innerHTML = `<h1>${esc(t('nominationsToOffersTitle'))}</h1>${LIVE_STATUS()}<div id="nomination-list"></div>`;
  const query = `query($after: String) { nominations(first: 20, after: $after) { edges { node { ${NOMINATION} } } ${PAGE_INFO} } }`;
  const paged = pagedList(view.querySelector('#nomination-list'), async (after) => connection(await gql(query, { after }), 'nominations'), nominationItem, 'noNominations');
  const { list } = paged;
  list.addEventListener('click', async (event) => {
    const button = event.target.closest('button[data-decision]');
    if (!button) return;
    const card = button.closest('[data-nomination]');
    button.disabled = true;
    const body = await gql(`mutation($id: ID!, $decision: NominationDecision!) { decideNomination(id: $id, decision: $decision) { ${NOMINATION} } }`, { id: card.dataset.nomination, decision: button.dataset.decision });
    if (body.errors) { showErrors(card, body.errors); button.disabled = false; return; }
    card.outerHTML = nominationItem(body.data.decideNomination);
  });
  list.addEventListener('submit', async (event) => {
    event.preventDefault();
    const card = event.target.closest('[data-nomination]');
    const hours = Number(values(event.target).hours);
    const body = await gql(`mutation($id: ID!, $hours: Int!) { completeNomination(id: $id, hours: $hours) { ${NOMINATION} } }`, { id: card.dataset.nomination, hours });
    if (body.errors) { showErrors(card, body.errors); return; }
    card.outerHTML = nominationItem(body.data.completeNomination);
  });
  return liveNominations(view, organization, paged, nominationItem);
}

export const routes = {
  offers: { title: 'nav.offers', render: offers },
  'new-offer': { title: 'nav.newOffer', render: newOffer },
  offer: { title: 'nav.editOffer', render: editOffer, hidden: true },
  nominations: { title: 'nav.nominations', render: nominations },
};
export const home = 'offers';
