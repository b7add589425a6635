// A school's screens: find offers (server-side filters, a live "new offers" strip) and
// nominate students by reference and grade, never by name; follow its nominations; find a
// workshop, see its free time for a week and book it once or weekly; follow its bookings live.
import { gql, PAGE_INFO } from './api.js';
import { t } from './i18n.js';
import { esc, date, vnd, num, dateTime, time, weekday, parseDate, parseTime, instant, today, addDays } from './format.js';
import { field, select, dateField, timeField, showErrors, fieldError, clearErrors, formError, values, errorText } from './forms.js';
import { subscribe } from './live.js';
import { badge, pagedList, areas, LEVELS, NOMINATION, liveNominations, liveStatus, LIVE_STATUS } from './enterprise.js';
import { limits, closureDays } from './workshops.js';

const OFFER = 'id title sector seats seatsLeft eligibleLevels startDate endDate applicationDeadline stipendVnd status enterprise { name } area { name }';
const connection = (body, name) => (body.errors ? { error: errorText(body.errors[0]) } : { nodes: body.data[name].edges.map((e) => e.node), pageInfo: body.data[name].pageInfo });
const GRADES = [6, 7, 8, 9, 10, 11, 12, 13, 14, 15];

function offerItem(o, fresh = false) {
  return `<li class="card${fresh ? ' new' : ''}" data-offer="${esc(o.id)}"><h3>${esc(o.title)}${fresh ? ` <span class="badge">${esc(t('new'))}</span>` : ''}</h3>
    <div class="meta"><span>${esc(o.enterprise.name)}</span><span>${esc(o.area.name)}</span>
    <span>${esc(t('seatsLeftOf', { left: num(o.seatsLeft), seats: num(o.seats) }))}</span><span>${esc(t('deadline'))} ${date(o.applicationDeadline)}</span>
    <span>${date(o.startDate)} – ${date(o.endDate)}</span>${o.stipendVnd != null ? `<span>${esc(t('stipend'))} ${vnd(o.stipendVnd)}</span>` : ''}</div>
    <div class="actions"><button type="button" data-act="nominate" aria-expanded="false">${esc(t('nominate'))}</button></div></li>`;
}

function nominateForm() {
  return `<form class="nominate" novalidate><h3>${esc(t('nominateTitle'))}</h3><p class="muted">${esc(t('nominateHelp'))}</p>${formError()}
    <div class="row">${field(t('studentRef'), 'studentRef', { hint: t('studentRefHint'), required: true, attrs: 'autocomplete="off"' })}
    ${select(t('grade'), 'grade', GRADES.map((g) => [g, t('gradeN', { grade: g })]), 10)}</div>
    ${field(t('note'), 'note', { type: 'textarea' })}
    <div class="actions"><button type="submit">${esc(t('sendNomination'))}</button></div></form>`;
}

function findOffers(view, { navigate }) {
  view.innerHTML = `<h1>${esc(t('findOffersTitle'))}</h1>
    <section class="card" id="new-offers" aria-labelledby="new-offers-title"><h2 id="new-offers-title">${esc(t('newOffers'))}
      <span class="live"><span class="dot" id="live-dot"></span><span id="live-status">${esc(t('connecting'))}</span></span></h2>
      <ul aria-live="polite"></ul><p class="muted" id="new-offers-empty">${esc(t('newOffersEmpty'))}</p></section>
    <form class="card" id="offer-filter" role="search"><div class="row">
      ${field(t('searchText'), 'text')}${field(t('sector'), 'sector', { hint: t('sectorFilterHint'), attrs: 'inputmode="numeric"' })}
      ${select(t('area'), 'areaId', [['', t('anyArea')]])}
      ${select(t('level'), 'level', [['', t('anyLevel')], ...LEVELS.map((l) => [l, t(`level.${l}`)])])}</div>
      <label><input type="checkbox" name="openForNominations" checked> ${esc(t('openOnly'))}</label>
      <div class="actions"><button type="submit">${esc(t('search'))}</button></div></form>
    <div id="offer-results"></div>`;
  const filterForm = view.querySelector('#offer-filter');
  areas().then((list) => { const box = filterForm.querySelector('select[name=areaId]'); for (const [id, name] of list) box.add(new Option(name, id)); });
  const filter = () => {
    const v = values(filterForm);
    const f = { openForNominations: filterForm.querySelector('[name=openForNominations]').checked ? true : null };
    for (const name of ['text', 'sector', 'areaId', 'level']) if (v[name] && v[name].trim()) f[name] = v[name].trim();
    return f;
  };
  const query = `query($filter: InternshipOfferFilter, $after: String) { internshipOffers(filter: $filter, first: 10, after: $after) { edges { node { ${OFFER} } } ${PAGE_INFO} } }`;
  const results = pagedList(view.querySelector('#offer-results'), async (after) => {
    const body = await gql(query, { filter: filter(), after });
    if (body.errors) showErrors(filterForm, body.errors);
    return connection(body, 'internshipOffers');
  }, (o) => offerItem(o), 'noOffersFound');
  filterForm.addEventListener('submit', (event) => { event.preventDefault(); clearErrors(filterForm); results.reload(); });

  results.list.parentElement.addEventListener('click', (event) => {
    const button = event.target.closest('button[data-act=nominate]');
    if (!button) return;
    const card = button.closest('[data-offer]');
    const open = card.querySelector('form.nominate');
    if (open) { open.remove(); button.setAttribute('aria-expanded', 'false'); return; }
    card.insertAdjacentHTML('beforeend', nominateForm());
    button.setAttribute('aria-expanded', 'true');
    card.querySelector('input[name=studentRef]').focus();
  });
  results.list.parentElement.addEventListener('submit', async (event) => {
    if (!event.target.matches('form.nominate')) return;
    event.preventDefault();
    const form = event.target;
    const card = form.closest('[data-offer]');
    const v = values(form);
    const input = { offerId: card.dataset.offer, studentRef: v.studentRef.trim(), grade: Number(v.grade), note: v.note.trim() || null };
    const body = await gql(`mutation($input: NominateStudentInput!) { nominateStudent(input: $input) { id status studentRef offer { seatsLeft } } }`, { input });
    if (body.errors) { showErrors(form, body.errors); return; }
    const n = body.data.nominateStudent;
    form.outerHTML = `<p class="ok" role="status">${esc(t('nominated', { ref: n.studentRef }))} ${badge(n.status)}</p>`;
  });

  // The live strip: offers published from now on, newest first, also added to the results.
  const strip = view.querySelector('#new-offers ul');
  const stopStatus = liveStatus(view);
  const stop = subscribe('internshipOfferPublished',
    `subscription($filter: InternshipOfferFilter, $after: String) { internshipOfferPublished(filter: $filter, after: $after) { cursor offer { ${OFFER} } } }`,
    { filter: {} }, (event) => {
      const o = event.offer;
      strip.insertAdjacentHTML('afterbegin', `<li data-new-offer="${esc(o.id)}"><b>${esc(o.title)}</b> · ${esc(o.enterprise.name)} · ${esc(t('deadline'))} ${date(o.applicationDeadline)}</li>`);
      view.querySelector('#new-offers-empty').hidden = true;
      if (!results.list.querySelector(`[data-offer="${CSS.escape(o.id)}"]`)) results.list.insertAdjacentHTML('afterbegin', offerItem(o, true));
    }, () => results.reload());
  void navigate;
  return () => { stop(); stopStatus(); };
}

function myNominationItem(n) {
  return `<li class="card" data-nomination="${esc(n.id)}" data-offer="${esc(n.offer.id)}"><h3>${esc(n.offer.title)}</h3>
    <div class="meta"><span>${esc(n.offer.enterprise.name)}</span><span>${esc(t('studentRef'))}: <b>${esc(n.studentRef)}</b></span>
    <span>${esc(t('grade'))} ${esc(n.grade)}</span><span>${dateTime(n.createdAt)}</span></div>
    <p>${badge(n.status)}${n.decidedAt ? ` <span class="muted">${dateTime(n.decidedAt)}</span>` : ''}</p>${formError()}
    ${n.status === 'SUBMITTED' ? `<div class="actions"><button type="button" class="danger" data-act="withdraw">${esc(t('withdraw'))}</button></div>` : ''}</li>`;
}

function myNominations(view, { organization }) {
  view.innerHTML = `<h1>${esc(t('myNominationsTitle'))}</h1>${LIVE_STATUS()}<div id="nomination-list"></div>`;
  const query = `query($after: String) { nominations(first: 20, after: $after) { edges { node { ${NOMINATION} } } ${PAGE_INFO} } }`;
  const paged = pagedList(view.querySelector('#nomination-list'), async (after) => connection(await gql(query, { after }), 'nominations'), myNominationItem, 'noNominations');
  paged.list.addEventListener('click', async (event) => {
    const button = event.target.closest('button[data-act=withdraw]');
    if (!button) return;
    const card = button.closest('[data-nomination]');
    const body = await gql(`mutation($id: ID!) { withdrawNomination(id: $id) { ${NOMINATION} } }`, { id: card.dataset.nomination });
    if (body.errors) { showErrors(card, body.errors); return; }
    card.outerHTML = myNominationItem(body.data.withdrawNomination);
  });
  return liveNominations(view, organization, paged, myNominationItem);
}

const BOOKING = 'id startsAt endsAt participants purpose status seriesId decisionNote cancellationReason facility { id name owner { name } } organization { name }';

export function bookingItem(b, actions = '') {
  return `<li class="card" data-booking="${esc(b.id)}"><h3>${esc(b.facility ? b.facility.name : '')} ${badge(b.status)}</h3>
    <div class="meta"><span>${weekday(b.startsAt)} ${date(b.startsAt)}</span><span>${time(b.startsAt)}–${time(b.endsAt)}</span>
    <span>${esc(t('participantsN', { n: b.participants }))}</span><span>${esc(b.organization ? b.organization.name : '')}</span></div>
    <p>${esc(b.purpose)}</p>${b.decisionNote ? `<p class="muted">${esc(b.decisionNote)}</p>` : ''}
    ${b.cancellationReason ? `<p class="note">${esc(t('cancelledBecause', { reason: b.cancellationReason }))}</p>` : ''}${formError()}${actions}</li>`;
}
export { BOOKING };

/**
 * The free time of a facility for the seven days from `day`, drawn as a week: one column a
 * day (two a row on a phone), each free stretch a button that fills the booking form.
 */
async function freeTime(container, facilityId, day, onPick) {
  container.innerHTML = `<p class="muted">${esc(t('loading'))}</p>`;
  const body = await gql(`query($id: ID!, $from: DateTime!, $to: DateTime!) { facilityAvailability(facilityId: $id, from: $from, to: $to) { startsAt endsAt } }`,
    { id: facilityId, from: instant(day, '00:00'), to: instant(addDays(day, 7), '00:00') });
  if (body.errors) { container.innerHTML = `<p class="error">${esc(errorText(body.errors[0]))}</p>`; return; }
  const days = Array.from({ length: 7 }, (_, i) => addDays(day, i));
  const slots = new Map(days.map((d) => [date(d), []]));
  for (const slot of body.data.facilityAvailability) slots.get(date(slot.startsAt))?.push(slot);
  container.innerHTML = `<ol class="week" aria-label="${esc(t('freeTimeWeek'))}">${days.map((d) => {
    const free = slots.get(date(d));
    const noon = instant(d, '12:00');
    return `<li><h4>${esc(weekday(noon))} ${esc(date(d))}</h4>${free.length
      ? `<ul>${free.map((f) => `<li><button type="button" class="slot" data-day="${esc(date(d))}" data-from="${esc(time(f.startsAt))}" data-to="${esc(time(f.endsAt))}"
          aria-label="${esc(t('pickSlot', { day: `${weekday(noon)} ${date(d)}`, from: time(f.startsAt), to: time(f.endsAt) }))}">${esc(time(f.startsAt))}–${esc(time(f.endsAt))}</button></li>`).join('')}</ul>`
      : `<p class="muted">${esc(t('noFreeTimeDay'))}</p>`}</li>`;
  }).join('')}</ol>`;
  container.querySelector('.week').addEventListener('click', (event) => {
    const slot = event.target.closest('button.slot');
    if (slot) onPick(slot.dataset);
  });
}

function workshops(view) {
  view.innerHTML = `<h1>${esc(t('workshopsTitle'))}</h1><div id="facility-list"></div>`;
  const query = `query($after: String) { facilities(first: 20, after: $after) { edges { node { id name trade capacity approvalRequired minimumNoticeHours maximumAdvanceDays
    owner { name } openingHours { weekday spans { opens closes } } closures { id from to reason } } } ${PAGE_INFO} } }`;
  const paged = pagedList(view.querySelector('#facility-list'), async (after) => connection(await gql(query, { after }), 'facilities'), (f) => `<li class="card" data-facility="${esc(f.id)}">
      <h3>${esc(f.name)}</h3><div class="meta"><span>${esc(f.owner ? f.owner.name : '')}</span><span>${esc(f.trade)}</span>
      <span>${esc(t('capacityN', { n: f.capacity }))}</span><span>${esc(t(f.approvalRequired ? 'approvalRequired' : 'confirmedAtOnce'))}</span>${limits(f)}</div>
      ${f.closures.length ? `<ul class="plain closures">${f.closures.map((c) => `<li>${esc(t('closedOn', { days: closureDays(c), reason: c.reason }))}</li>`).join('')}</ul>` : ''}
      <div class="actions"><button type="button" data-act="book" aria-expanded="false">${esc(t('book'))}</button></div></li>`, 'noFacilities');
  paged.list.addEventListener('click', (event) => {
    const button = event.target.closest('button[data-act=book]');
    if (!button) return;
    const card = button.closest('[data-facility]');
    const open = card.querySelector('.booking');
    if (open) { open.remove(); button.setAttribute('aria-expanded', 'false'); return; }
    button.setAttribute('aria-expanded', 'true');
    card.insertAdjacentHTML('beforeend', bookingForm());
    const form = card.querySelector('form.booking');
    const week = card.querySelector('.week');
    const start = today();
    // Picking a free stretch fills the day and times (the person may narrow them).
    const pick = ({ day, from, to }) => {
      for (const [name, value] of [['day', day], ['from', from], ['to', to]]) form.querySelector(`input[name=${name}]`).value = value;
      form.querySelector('input[name=participants]').focus();
    };
    freeTime(week, card.dataset.facility, start, pick);
    form.querySelector('input[name=day]').addEventListener('change', (e) => { const d = parseDate(e.target.value); if (d) freeTime(week, card.dataset.facility, d, pick); });
    form.addEventListener('submit', (e) => { e.preventDefault(); book(form, card.dataset.facility, card.querySelector('.result')); });
    form.querySelector('input[name=day]').focus();
  });
}

function bookingForm() {
  return `<div class="booking"><h3>${esc(t('freeTimeWeek'))}</h3><div class="week"></div>
    <form class="booking" novalidate>${formError()}
      <div class="row">${dateField(t('day'), 'day')}${timeField(t('from'), 'from')}${timeField(t('to'), 'to')}
      ${field(t('participants'), 'participants', { type: 'number', attrs: 'min="1"' })}</div>
      ${field(t('purpose'), 'purpose', { type: 'textarea' })}
      <fieldset><legend>${esc(t('repeat'))}</legend>
        <label><input type="radio" name="repeat" value="once" checked> ${esc(t('once'))}</label>
        <label><input type="radio" name="repeat" value="weekly"> ${esc(t('weekly'))}</label>
        ${dateField(t('until'), 'until')}</fieldset>
      <fieldset><legend>${esc(t('onConflict'))}</legend>
        <label><input type="radio" name="onConflict" value="SKIP" checked> ${esc(t('conflictSkip'))}</label>
        <label><input type="radio" name="onConflict" value="FAIL"> ${esc(t('conflictFail'))}</label></fieldset>
      <div class="actions"><button type="submit">${esc(t('bookNow'))}</button></div></form><div class="result" role="status"></div></div>`;
}

async function book(form, facilityId, result) {
  clearErrors(form);
  result.innerHTML = '';
  const v = values(form);
  const day = parseDate(v.day);
  const from = parseTime(v.from);
  const to = parseTime(v.to);
  const weekly = v.repeat === 'weekly';
  const until = parseDate(v.until);
  let wrong = false;
  if (!day) { fieldError(form, 'day', t('fieldError.date')); wrong = true; }
  if (!from) { fieldError(form, 'from', t('fieldError.time')); wrong = true; }
  if (!to) { fieldError(form, 'to', t('fieldError.time')); wrong = true; }
  if (weekly && !until) { fieldError(form, 'until', t('fieldError.date')); wrong = true; }
  if (wrong) { form.querySelector('[aria-invalid=true]')?.focus(); return; }
  const input = {
    facilityId, startsAt: instant(day, from), endsAt: instant(day, to), participants: Number(v.participants), purpose: v.purpose.trim(),
    recurrence: weekly ? { until } : null, onConflict: v.onConflict,
  };
  const body = await gql(`mutation($input: BookFacilityInput!) { bookFacility(input: $input) { bookings { ${BOOKING} } skipped { startsAt endsAt reason } } }`, { input });
  if (body.errors) {
    // The API names the instants; the form names them by what the person typed.
    const renamed = body.errors.map((e) => ({ ...e, extensions: { ...e.extensions, field: { startsAt: 'day', endsAt: 'to', recurrence: 'until' }[(e.extensions?.field || '').split('.').pop()] || e.extensions?.field } }));
    showErrors(form, renamed);
    return;
  }
  const { bookings, skipped } = body.data.bookFacility;
  result.innerHTML = `<p class="ok">${esc(t('booked', { n: bookings.length }))}</p><ul class="cards">${bookings.map((b) => bookingItem(b)).join('')}</ul>
    ${skipped.length ? `<div class="card skipped"><h3>${esc(t('skippedN', { n: skipped.length }))}</h3><ul>${skipped.map((s) => `<li data-skipped>${weekday(s.startsAt)} ${date(s.startsAt)} ${time(s.startsAt)}–${time(s.endsAt)}: ${esc(s.reason)}</li>`).join('')}</ul></div>` : ''}`;
  form.reset();
}

/** Bookings of one organization, live: a change to any of them reloads the list. */
export function liveBookings(view, organization, filter, titleKey, actions) {
  view.innerHTML = `<h1>${esc(t(titleKey))}</h1>${LIVE_STATUS()}<div id="booking-list"></div>`;
  const query = `query($filter: BookingFilter, $after: String) { bookings(filter: $filter, first: 30, after: $after) { edges { node { ${BOOKING} } } ${PAGE_INFO} } }`;
  const paged = pagedList(view.querySelector('#booking-list'), async (after) => connection(await gql(query, { filter: filter(), after }), 'bookings'), (b) => bookingItem(b, actions(b)), 'noBookings');
  const stopStatus = liveStatus(view);
  let pending = null;
  const stop = subscribe('bookingChanged', 'subscription($org: ID!, $after: String) { bookingChanged(organizationId: $org, after: $after) { cursor bookingId status } }',
    { org: organization.id }, () => { clearTimeout(pending); pending = setTimeout(() => paged.reload(), 150); }, () => paged.reload());
  return { paged, stop: () => { stop(); stopStatus(); clearTimeout(pending); } };
}

/**
 * The link a calendar program subscribes to (`/calendar/organizations/<id>.ics?token=…`): the
 * bookings the organization made or hosts. The hub keeps only a hash of the secret, so the
 * link is shown once, when an administrator makes it; making another stops the old one.
 */
export function calendarFeed(container, organization, viewer) {
  const admin = viewer.roles.includes('ORG_ADMIN');
  container.innerHTML = `<section class="card" aria-labelledby="feed-title"><h2 id="feed-title">${esc(t('feedTitle'))}</h2>
    <p class="muted">${esc(t(admin ? 'feedHelp' : 'feedAdminOnly'))}</p>${formError()}
    ${admin ? `<div class="actions"><button type="button" class="secondary" data-act="feed">${esc(t('feedMake'))}</button></div><div class="feed-link"></div>` : ''}</section>`;
  if (!admin) return;
  const section = container.querySelector('section');
  section.querySelector('[data-act=feed]').addEventListener('click', async (event) => {
    const body = await gql('mutation($id: ID!) { rotateCalendarToken(organizationId: $id) { token organizationId } }', { id: organization.id });
    if (body.errors) { showErrors(section, body.errors); return; }
    const secret = body.data.rotateCalendarToken;
    const url = `${location.origin}/calendar/organizations/${secret.organizationId}.ics?token=${encodeURIComponent(secret.token)}`;
    event.target.textContent = t('feedMakeAgain');
    const slot = section.querySelector('.feed-link');
    slot.innerHTML = `${field(t('feedLink'), 'feedUrl', { value: url, hint: t('feedShownOnce'), attrs: 'readonly' })}
      <div class="actions"><button type="button" data-act="copy">${esc(t('copy'))}</button><span class="ok" role="status"></span></div>`;
    slot.querySelector('[data-act=copy]').addEventListener('click', async () => {
      const input = slot.querySelector('input');
      input.select();
      let copied = false;
      try { await navigator.clipboard.writeText(url); copied = true; } catch (_) { copied = document.execCommand('copy'); }
      slot.querySelector('[role=status]').textContent = copied ? t('copied') : t('copyByHand');
    });
  });
}

/** "Cancel this session" on a live booking: the booking school's or the host's people may. */
export const cancelAction = (b) => (b.status === 'PENDING' || b.status === 'CONFIRMED'
  ? `<div class="actions"><button type="button" class="danger" data-act="cancel">${esc(t('cancelSession'))}</button></div>` : '');

/** Cancels one session when its button is pressed; the card changes at once (the live list says so too when the event arrives). */
export function cancelOnPress(list, actions) {
  list.addEventListener('click', async (event) => {
    const button = event.target.closest('button[data-act=cancel]');
    if (!button) return;
    const card = button.closest('[data-booking]');
    const body = await gql(`mutation($id: ID!) { cancelBooking(id: $id) { ${BOOKING} } }`, { id: card.dataset.booking });
    if (body.errors) showErrors(card, body.errors); else card.outerHTML = bookingItem(body.data.cancelBooking, actions(body.data.cancelBooking));
  });
}

function myBookings(view, { organization, viewer }) {
  const from = instant(today(), '00:00');
  const { paged, stop } = liveBookings(view, organization, () => ({ organizationId: organization.id, from }), 'myBookingsTitle', cancelAction);
  view.insertAdjacentHTML('beforeend', '<div id="calendar-feed"></div>');
  calendarFeed(view.querySelector('#calendar-feed'), organization, viewer);
  cancelOnPress(paged.list, cancelAction);
  return stop;
}

export const routes = {
  offers: { title: 'nav.findOffers', render: findOffers },
  nominations: { title: 'nav.myNominations', render: myNominations },
  workshops: { title: 'nav.workshops', render: workshops },
  bookings: { title: 'nav.myBookings', render: myBookings },
};
export const home = 'offers';
