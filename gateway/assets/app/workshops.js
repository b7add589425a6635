// A college's or centre's workshops: publish one (name, trade, capacity, equipment, whether
// bookings wait for a decision, and its opening hours per weekday) and edit it. The API takes
// one opening span per weekday; a weekday left out is closed.
import { gql, PAGE_INFO } from './api.js';
import { t } from './i18n.js';
import { esc, parseTime } from './format.js';
import { field, timeField, showErrors, fieldError, clearErrors, formError, values } from './forms.js';
import { pagedList } from './enterprise.js';
import { connection, isAdmin } from './partnerships.js';

const WEEKDAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'];
const FACILITY = 'id name trade capacity approvalRequired equipment openingHours { weekday spans { opens closes } }';

function hours(f) {
  const open = new Map(f.openingHours.map((h) => [h.weekday, h]));
  const spans = (h) => h.spans.map((s) => `${s.opens}–${s.closes}`).join(', ');
  return `<dl class="facts hours">${WEEKDAYS.map((d) => `<dt>${esc(t(`pb.weekday.${d}`))}</dt><dd>${open.has(d) ? esc(spans(open.get(d))) : esc(t('pb.closed'))}</dd>`).join('')}</dl>`;
}

function facilityItem(f, admin) {
  return `<li class="card" data-facility="${esc(f.id)}"><h3>${esc(f.name)}</h3>
    <div class="meta"><span>${esc(f.trade)}</span><span>${esc(t('capacityN', { n: f.capacity }))}</span><span>${esc(t(f.approvalRequired ? 'approvalRequired' : 'confirmedAtOnce'))}</span></div>
    ${f.equipment.length ? `<p class="muted">${esc(t('pb.equipment'))}: ${f.equipment.map(esc).join(', ')}</p>` : ''}
    <h4>${esc(t('pb.openingHours'))}</h4>${hours(f)}
    ${admin ? `<div class="actions"><button type="button" class="secondary" data-act="edit" aria-expanded="false">${esc(t('pb.editWorkshop'))}</button></div>` : ''}</li>`;
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
    <fieldset><legend>${esc(t('pb.openingHours'))}</legend><p class="hint muted">${esc(t('pb.openingHoursHint'))}</p>${days}
      <p class="field-error" id="openingHours-error" data-error-for="openingHours"></p></fieldset>
    <div class="actions"><button type="submit">${esc(t(f ? 'pb.saveWorkshop' : 'pb.publishWorkshop'))}</button></div></form>`;
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
  if (!right) { form.querySelector('[aria-invalid=true]')?.focus(); return null; }
  return {
    name: v.facilityName.trim(), trade: v.trade.trim(), capacity: Number(v.capacity), openingHours,
    approvalRequired: form.querySelector('[name=approvalRequired]').checked,
    equipment: v.equipment.split('\n').map((line) => line.trim()).filter(Boolean),
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
  if (admin) {
    const toggle = view.querySelector('#new-workshop');
    toggle.addEventListener('click', () => {
      const slot = view.querySelector('#workshop-slot');
      if (slot.innerHTML) { slot.innerHTML = ''; toggle.setAttribute('aria-expanded', 'false'); return; }
      toggle.setAttribute('aria-expanded', 'true');
      slot.innerHTML = facilityForm();
      const form = slot.querySelector('form');
      form.addEventListener('submit', async (event) => {
        event.preventDefault();
        clearErrors(form);
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
  list.addEventListener('click', async (event) => {
    const button = event.target.closest('button[data-act=edit]');
    if (!button) return;
    const card = button.closest('[data-facility]');
    const open = card.querySelector('form');
    if (open) { open.remove(); button.setAttribute('aria-expanded', 'false'); return; }
    let f = known.get(card.dataset.facility);
    if (!f) {
      const body = await gql(`query($id: ID!) { facility(id: $id) { ${FACILITY} } }`, { id: card.dataset.facility });
      if (!body.data || !body.data.facility) return;
      f = remember(body.data.facility);
    }
    button.setAttribute('aria-expanded', 'true');
    card.insertAdjacentHTML('beforeend', facilityForm(f));
    const form = card.querySelector('form');
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      clearErrors(form);
      const input = readForm(form);
      if (!input) return;
      const body = await gql(`mutation($id: ID!, $input: UpdateFacilityInput!) { r: updateFacility(id: $id, input: $input) { ${FACILITY} } }`, { id: f.id, input });
      if (body.errors) { placeErrors(form, body.errors, input); return; }
      card.outerHTML = item(remember(body.data.r));
      const saved = list.querySelector(`[data-facility="${CSS.escape(f.id)}"]`);
      saved.insertAdjacentHTML('beforeend', `<p class="ok" role="status">${esc(t('pb.workshopSaved'))}</p>`);
    });
    form.querySelector('input[name=facilityName]').focus();
  });
}

export const routes = { workshops: { title: 'pb.nav.workshops', render: workshops } };
