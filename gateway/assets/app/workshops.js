// A college's or centre's workshops: publish one (name, trade, capacity, equipment, whether
// bookings wait for a decision, how much notice and how far ahead it takes bookings, and its
// opening hours per weekday) and edit it; its coming closure days (Tết, a public holiday,
// maintenance), added and removed; withdraw it with a reason (its coming bookings are
// cancelled) and reopen it. A weekday left out of the opening hours is closed.
import { gql, PAGE_INFO } from './api.js';
import { t } from './i18n.js';
import { esc, date, parseDate, parseTime } from './format.js';
import { field, dateField, timeField, showErrors, fieldError, clearErrors, formError, values, serverText, onSubmit } from './forms.js';
import { pagedList } from './enterprise.js';
import { connection, isAdmin } from './partnerships.js';

const WEEKDAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'];
const FACILITY = `id name trade capacity approvalRequired equipment status withdrawalReason minimumNoticeHours maximumAdvanceDays
  openingHours { weekday spans { opens closes } } closures { id from to reason }`;

function hours(f) {
  const open = new Map(f.openingHours.map((h) => [h.weekday, h]));
  const spans = (h) => h.spans.map((s) => `${s.opens}–${s.closes}`).join(', ');
  return `<dl class="facts hours">${WEEKDAYS.map((d) => `<dt>${esc(t(`pb.weekday.${d}`))}</dt><dd>${open.has(d) ? esc(spans(open.get(d))) : esc(t('pb.closed'))}</dd>`).join('')}</dl>`;
}

/** A closure's days as people read them: one day, or the first and last. */
export const closureDays = (c) => (c.from === c.to ? date(c.from) : `${date(c.from)} – ${date(c.to)}`);

/** How much notice a workshop asks and how far ahead it takes bookings. */
export function limits(f) {
  const notice = f.minimumNoticeHours > 0 ? t('pb.noticeHours', { n: f.minimumNoticeHours }) : t('pb.noticeAny');
  const advance = f.maximumAdvanceDays != null ? t('pb.advanceDays', { n: f.maximumAdvanceDays }) : t('pb.advanceAny');
  return `<span>${esc(notice)}</span><span>${esc(advance)}</span>`;
}

function closures(f, admin) {
  if (!f.closures.length) return `<p class="muted">${esc(t('pb.noClosures'))}</p>`;
  return `<ul class="plain closures">${f.closures.map((c) => `<li data-closure="${esc(c.id)}"><span id="closure-${esc(c.id)}"><b>${esc(closureDays(c))}</b>: ${esc(c.reason)}</span>
    ${admin ? ` <button type="button" class="secondary small" data-act="remove-closure" aria-describedby="closure-${esc(c.id)}">${esc(t('pb.removeClosure'))}</button>` : ''}</li>`).join('')}</ul>`;
}

function facilityItem(f, admin) {
  const withdrawn = f.status === 'WITHDRAWN';
  const actions = withdrawn
    ? `<button type="button" data-act="reopen">${esc(t('pb.reopenWorkshop'))}</button>`
    : `<button type="button" class="secondary" data-act="edit" aria-expanded="false">${esc(t('pb.editWorkshop'))}</button>
       <button type="button" class="secondary" data-act="closure" aria-expanded="false">${esc(t('pb.addClosureDays'))}</button>
       <button type="button" class="danger" data-act="withdraw" aria-expanded="false">${esc(t('pb.withdrawWorkshop'))}</button>`;
  return `<li class="card" data-facility="${esc(f.id)}"><h3>${esc(f.name)} <span class="badge status-${esc(f.status)}">${esc(t(`pb.facilityStatus.${f.status}`))}</span></h3>
    <div class="meta"><span>${esc(f.trade)}</span><span>${esc(t('capacityN', { n: f.capacity }))}</span><span>${esc(t(f.approvalRequired ? 'approvalRequired' : 'confirmedAtOnce'))}</span>${limits(f)}</div>
    ${withdrawn ? `<p class="note">${esc(t('pb.withdrawnBecause', { reason: f.withdrawalReason || '' }))}</p>` : ''}
    ${f.equipment.length ? `<p class="muted">${esc(t('pb.equipment'))}: ${f.equipment.map(esc).join(', ')}</p>` : ''}
    <h4>${esc(t('pb.openingHours'))}</h4>${hours(f)}
    <h4>${esc(t('pb.closureDays'))}</h4>${closures(f, admin)}${formError()}
    ${admin ? `<div class="actions">${actions}</div>` : ''}</li>`;
}

/** The form, empty or (with `f`) filled with a workshop to edit. */
function facilityForm(f = null) {
  const open = new Map((f ? f.openingHours : []).map((h) => [h.weekday, h]));
  const days = WEEKDAYS.map((d) => {
    const spans = open.has(d) ? open.get(d).spans : [];
    const [first, second] = spans;
    // A new workshop opens on weekdays 07:30-17:00 until told otherwise. A day's second span
    // (after a lunch break) is optional; spans past the second are kept as they are.
    const isOpen = f ? spans.length > 0 : !['SATURDAY', 'SUNDAY'].includes(d);
    const kept = esc(JSON.stringify(spans.slice(2)));
    return `<div class="weekday" data-weekday="${d}" data-kept-spans="${kept}"><label class="check"><input type="checkbox" name="open-${d}" ${isOpen ? 'checked' : ''}> ${esc(t(`pb.weekday.${d}`))}</label>
      <div class="row">${timeField(t('pb.opens'), `opens-${d}`, first ? first.opens : '07:30')}${timeField(t('pb.closes'), `closes-${d}`, first ? first.closes : '17:00')}</div>
      <div class="row">${timeField(t('pb.opensAfterBreak'), `opens2-${d}`, second ? second.opens : '')}${timeField(t('pb.closesAfterBreak'), `closes2-${d}`, second ? second.closes : '')}</div></div>`;
  }).join('');
  return `<form class="card facility-form" novalidate><h2>${esc(t(f ? 'pb.editWorkshopTitle' : 'pb.newWorkshopTitle'))}</h2>${formError()}
    ${field(t('pb.workshopName'), 'facilityName', { required: true, value: f ? f.name : '' })}
    <div class="row">${field(t('pb.trade'), 'trade', { required: true, value: f ? f.trade : '', hint: t('pb.tradeHint') })}
    ${field(t('pb.capacity'), 'capacity', { type: 'number', required: true, attrs: 'min="1" max="1000"', value: f ? f.capacity : '' })}</div>
    ${field(t('pb.equipmentLines'), 'equipment', { type: 'textarea', hint: t('pb.equipmentHint'), value: f ? f.equipment.join('\n') : '' })}
    <label class="check"><input type="checkbox" name="approvalRequired" ${!f || f.approvalRequired ? 'checked' : ''}> ${esc(t('pb.approvalRequiredLabel'))}</label>
    <div class="row">${field(t('pb.minimumNotice'), 'minimumNoticeHours', { type: 'number', attrs: 'min="0" max="720" inputmode="numeric"', value: f ? f.minimumNoticeHours : 0, hint: t('pb.minimumNoticeHint') })}
    ${field(t('pb.maximumAdvance'), 'maximumAdvanceDays', { type: 'number', attrs: 'min="1" max="730" inputmode="numeric"', value: f && f.maximumAdvanceDays != null ? f.maximumAdvanceDays : '', hint: t('pb.maximumAdvanceHint') })}</div>
    <fieldset><legend>${esc(t('pb.openingHours'))}</legend><p class="hint muted">${esc(t('pb.openingHoursHint'))}</p>${days}
      <p class="field-error" id="openingHours-error" data-error-for="openingHours"></p></fieldset>
    <div class="actions"><button type="submit">${esc(t(f ? 'pb.saveWorkshop' : 'pb.publishWorkshop'))}</button></div></form>`;
}

/** A whole number typed in `name`, `empty` when left blank; undefined (and marked) otherwise. */
function wholeNumber(form, v, name, empty) {
  const text = (v[name] || '').trim();
  if (!text) return empty;
  if (/^\d+$/.test(text)) return Number(text);
  fieldError(form, name, t(`fieldError.${name}`));
  return undefined;
}

/** The form's input for the API, or null after marking what is wrong. */
function readForm(form) {
  const v = values(form);
  const openingHours = [];
  let right = true;
  for (const d of WEEKDAYS) {
    if (!form.querySelector(`[name=open-${d}]`).checked) continue;
    const opens = parseTime(v[`opens-${d}`]);
    // "24:00" is the API's midnight at the end of the day.
    const closes = v[`closes-${d}`].trim() === '24:00' ? '24:00' : parseTime(v[`closes-${d}`]);
    if (!opens) { fieldError(form, `opens-${d}`, t('fieldError.time')); right = false; }
    if (!closes) { fieldError(form, `closes-${d}`, t('fieldError.time')); right = false; }
    const spans = [{ opens, closes }];
    // The span after a break, when both its times are given.
    if (v[`opens2-${d}`].trim() || v[`closes2-${d}`].trim()) {
      const opens2 = parseTime(v[`opens2-${d}`]);
      const closes2 = v[`closes2-${d}`].trim() === '24:00' ? '24:00' : parseTime(v[`closes2-${d}`]);
      if (!opens2) { fieldError(form, `opens2-${d}`, t('fieldError.time')); right = false; }
      if (!closes2) { fieldError(form, `closes2-${d}`, t('fieldError.time')); right = false; }
      spans.push({ opens: opens2, closes: closes2 });
    }
    const kept = JSON.parse(form.querySelector(`[data-weekday=${d}]`).dataset.keptSpans || '[]');
    openingHours.push({ weekday: d, spans: [...spans, ...kept] });
  }
  // Blank notice is none; blank advance is no limit (on an edit, it removes the limit).
  const minimumNoticeHours = wholeNumber(form, v, 'minimumNoticeHours', 0);
  const maximumAdvanceDays = wholeNumber(form, v, 'maximumAdvanceDays', null);
  if (minimumNoticeHours === undefined || maximumAdvanceDays === undefined) right = false;
  if (!right) { form.querySelector('[aria-invalid=true]')?.focus(); return null; }
  return {
    name: v.facilityName.trim(), trade: v.trade.trim(), capacity: Number(v.capacity), openingHours,
    approvalRequired: form.querySelector('[name=approvalRequired]').checked,
    equipment: v.equipment.split('\n').map((line) => line.trim()).filter(Boolean),
    minimumNoticeHours, maximumAdvanceDays,
  };
}

/** The API names `input.name` and `input.openingHours.2.closes`; the form names them its own way. */
function placeErrors(form, errors, input) {
  showErrors(form, errors.map((e) => {
    const path = (e.extensions?.field || '').split('.');
    let name = path[path.length - 1];
    if (name === 'name') name = 'facilityName';
    const at = path.indexOf('openingHours');
    if (at >= 0) {
      const day = input.openingHours[Number(path[at + 1])];
      name = day && (name === 'opens' || name === 'closes') ? `${name}-${day.weekday}` : 'openingHours';
    }
    return { ...e, extensions: { ...e.extensions, field: name } };
  }));
}

/** Closure days: from, to (blank for one day) and the reason schools will read. */
function closureForm() {
  return `<form class="record closure-form" novalidate><h4>${esc(t('pb.addClosureTitle'))}</h4>${formError()}
    <div class="row">${dateField(t('pb.closedFrom'), 'closureFrom')}
    ${field(t('pb.closedTo'), 'closureTo', { hint: t('pb.closedToHint'), attrs: 'inputmode="numeric" autocomplete="off" placeholder="dd/mm/yyyy"' })}</div>
    ${field(t('pb.closureReason'), 'closureReason', { required: true, hint: t('pb.closureReasonHint') })}
    <div class="actions"><button type="submit">${esc(t('pb.addClosure'))}</button></div></form>`;
}

function withdrawForm() {
  return `<form class="record withdraw-form" novalidate><h4>${esc(t('pb.withdrawTitle'))}</h4><p class="muted">${esc(t('pb.withdrawHelp'))}</p>${formError()}
    ${field(t('pb.withdrawReason'), 'withdrawReason', { required: true })}
    <div class="actions"><button type="submit" class="danger">${esc(t('pb.withdrawConfirm'))}</button></div></form>`;
}

/**
 * The API's words for these forms' errors, at the field it names (renamed by `names`); a
 * closure over live bookings is `CONFLICT` naming them, shown at the first day.
 */
function placeServerErrors(form, errors, names, conflictAt = null) {
  showErrors(form, errors.map((e) => {
    const name = (e.extensions?.field || '').split('.').pop();
    const at = e.extensions?.code === 'CONFLICT' && conflictAt ? conflictAt : names[name] || name;
    return { ...e, extensions: { ...e.extensions, field: at } };
  }), serverText);
}

function workshops(view, { organization, viewer }) {
  const admin = isAdmin(viewer);
  view.innerHTML = `<h1>${esc(t('pb.workshopsTitle'))}</h1><p class="muted">${esc(t('pb.workshopsHelp'))}</p>
    ${admin ? `<div class="actions"><button type="button" id="new-workshop" aria-expanded="false">${esc(t('pb.newWorkshop'))}</button></div><div id="workshop-slot"></div>` : ''}
    <div id="workshop-list"></div>`;
  const query = `query($filter: FacilityFilter, $after: String) { facilities(filter: $filter, first: 20, after: $after) { edges { node { ${FACILITY} } } ${PAGE_INFO} } }`;
  const item = (f) => facilityItem(f, admin);
  const { list } = pagedList(view.querySelector('#workshop-list'),
    async (after) => connection(await gql(query, { filter: { ownerId: organization.id }, after }), 'facilities'), item, 'pb.noWorkshops');
  const known = new Map();
  const remember = (f) => { known.set(f.id, f); return f; };
  /** Draws a workshop's card again, with what was done said under it. */
  const redraw = (card, f, said) => {
    card.outerHTML = item(remember(f));
    const drawn = list.querySelector(`[data-facility="${CSS.escape(f.id)}"]`);
    drawn.insertAdjacentHTML('beforeend', `<p class="ok" role="status">${esc(said)}</p>`);
    return drawn;
  };
  const current = async (id) => {
    if (known.has(id)) return known.get(id);
    const body = await gql(`query($id: ID!) { facility(id: $id) { ${FACILITY} } }`, { id });
    return body.data && body.data.facility ? remember(body.data.facility) : null;
  };
  if (admin) {
    const toggle = view.querySelector('#new-workshop');
    toggle.addEventListener('click', () => {
      const slot = view.querySelector('#workshop-slot');
      if (slot.innerHTML) { slot.innerHTML = ''; toggle.setAttribute('aria-expanded', 'false'); return; }
      toggle.setAttribute('aria-expanded', 'true');
      slot.innerHTML = facilityForm();
      const form = slot.querySelector('form');
      onSubmit(form, async () => {
        const input = readForm(form);
        if (!input) return;
        const body = await gql(`mutation($input: CreateFacilityInput!) { r: createFacility(input: $input) { ${FACILITY} } }`, { input });
        if (body.errors) { placeErrors(form, body.errors, input); return; }
        slot.innerHTML = `<p class="ok card" role="status">${esc(t('pb.workshopPublished', { name: body.data.r.name }))}</p>`;
        toggle.setAttribute('aria-expanded', 'false');
        list.insertAdjacentHTML('afterbegin', item(remember(body.data.r)));
        list.parentElement.querySelector('[data-state]').hidden = true;
      });
      form.querySelector('input[name=facilityName]').focus();
    });
  }

  // Each of a card's forms opens under it, one at a time; its button closes it again.
  const forms = {
    edit: { make: (f) => facilityForm(f), focus: 'facilityName', submit: edit },
    closure: { make: () => closureForm(), focus: 'closureFrom', submit: addClosure },
    withdraw: { make: () => withdrawForm(), focus: 'withdrawReason', submit: withdraw },
  };
  async function edit(form, card, f) {
    const input = readForm(form);
    if (!input) return;
    const body = await gql(`mutation($id: ID!, $input: UpdateFacilityInput!) { r: updateFacility(id: $id, input: $input) { ${FACILITY} } }`, { id: f.id, input });
    if (body.errors) { placeErrors(form, body.errors, input); return; }
    redraw(card, body.data.r, t('pb.workshopSaved'));
  }
  async function addClosure(form, card, f) {
    const v = values(form);
    const from = parseDate(v.closureFrom);
    const to = v.closureTo.trim() ? parseDate(v.closureTo) : null;
    if (!from) fieldError(form, 'closureFrom', t('fieldError.date'));
    if (v.closureTo.trim() && !to) fieldError(form, 'closureTo', t('fieldError.date'));
    if (!from || (v.closureTo.trim() && !to)) { form.querySelector('[aria-invalid=true]')?.focus(); return; }
    const body = await gql(`mutation($id: ID!, $input: FacilityClosureInput!) { addFacilityClosure(facilityId: $id, input: $input) { id } }`,
      { id: f.id, input: { from, to, reason: v.closureReason.trim() } });
    if (body.errors) {
      placeServerErrors(form, body.errors, { from: 'closureFrom', to: 'closureTo', reason: 'closureReason' }, 'closureFrom');
      return;
    }
    const fresh = await gql(`query($id: ID!) { facility(id: $id) { ${FACILITY} } }`, { id: f.id });
    if (fresh.data && fresh.data.facility) redraw(card, fresh.data.facility, t('pb.closureAdded'));
  }
  async function withdraw(form, card, f) {
    const body = await gql(`mutation($id: ID!, $reason: String!) { withdrawFacility(id: $id, reason: $reason) { cancelledCount facility { ${FACILITY} } } }`,
      { id: f.id, reason: values(form).withdrawReason.trim() });
    if (body.errors) { placeServerErrors(form, body.errors, { reason: 'withdrawReason' }); return; }
    const done = body.data.withdrawFacility;
    redraw(card, done.facility, t('pb.workshopWithdrawn', { n: done.cancelledCount }));
  }

  list.addEventListener('click', async (event) => {
    const button = event.target.closest('button[data-act]');
    if (!button) return;
    const card = button.closest('[data-facility]');
    const act = button.dataset.act;
    const f = await current(card.dataset.facility);
    if (!f) return;
    if (act === 'remove-closure') {
      const body = await gql(`mutation($id: ID!) { r: removeFacilityClosure(id: $id) { ${FACILITY} } }`, { id: button.closest('[data-closure]').dataset.closure });
      if (body.errors) { showErrors(card, body.errors, serverText); return; }
      redraw(card, body.data.r, t('pb.closureRemoved'));
      return;
    }
    if (act === 'reopen') {
      const body = await gql(`mutation($id: ID!) { r: reopenFacility(id: $id) { ${FACILITY} } }`, { id: f.id });
      if (body.errors) { showErrors(card, body.errors, serverText); return; }
      redraw(card, body.data.r, t('pb.workshopReopened'));
      return;
    }
    const kind = forms[act];
    if (!kind) return;
    const open = card.querySelector(':scope > form');
    const wasThis = open && open.dataset.kind === act;
    if (open) open.remove();
    for (const other of card.querySelectorAll('button[aria-expanded]')) other.setAttribute('aria-expanded', 'false');
    if (wasThis) return;
    button.setAttribute('aria-expanded', 'true');
    card.insertAdjacentHTML('beforeend', kind.make(f));
    const form = card.querySelector(':scope > form');
    form.dataset.kind = act;
    form.addEventListener('submit', (e) => { e.preventDefault(); clearErrors(form); kind.submit(form, card, f); });
    form.querySelector(`[name=${kind.focus}]`).focus();
  });
}

export const routes = { workshops: { title: 'pb.nav.workshops', render: workshops } };
