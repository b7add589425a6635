// Partnerships and engagements, for enterprises, schools, colleges and centres: the
// partnerships the organization is a party to (propose, accept, terminate, renew), each
// one's yearly commitments against what was delivered, and the engagements it took part in
// (record one, confirm one another organization named it in).
import { gql, PAGE_INFO } from './api.js';
import { t } from './i18n.js';
import { esc, date, vnd, num, parseDate, today } from './format.js';
import { field, select, dateField, showErrors, fieldError, clearErrors, formError, values, errorText, onSubmit } from './forms.js';
import { pagedList } from './enterprise.js';

export const connection = (body, name) => (body.errors ? { error: errorText(body.errors[0]) } : { nodes: body.data[name].edges.map((e) => e.node), pageInfo: body.data[name].pageInfo });
/** A status of this part of the app (partnerships, reports, invitations), in the person's language. */
export const badge = (status) => `<span class="badge pb-status status-${esc(status)}">${esc(t(`pb.status.${status}`))}</span>`;
export const isAdmin = (viewer) => viewer.roles.includes('ORG_ADMIN');
const year = () => Number(today().slice(0, 4));

const KINDS = ['MOU', 'TRAINING_COOPERATION', 'INTERNSHIP_PROGRAMME', 'EQUIPMENT_SPONSORSHIP', 'CAREER_COUNSELLING', 'SCHOLARSHIP', 'OTHER'];
const COMMITMENTS = ['INTERNSHIP_SEATS', 'CAREER_TALKS', 'ENGAGEMENTS', 'EQUIPMENT_VALUE_VND', 'OTHER'];
const ENGAGEMENTS = ['CAREER_DAY', 'COMPANY_VISIT', 'GUEST_TALK', 'COUNSELLING_SESSION', 'WORKSHOP_EXPERIENCE', 'JOB_SHADOWING'];
const GRADES = [6, 7, 8, 9, 10, 11, 12, 13, 14, 15];
const PARTNER_KINDS = ['ENTERPRISE', 'BUSINESS_ASSOCIATION', 'LOWER_SECONDARY_SCHOOL', 'UPPER_SECONDARY_SCHOOL', 'MULTI_LEVEL_SCHOOL', 'VOCATIONAL_CENTRE', 'INTERMEDIATE_SCHOOL', 'COLLEGE', 'UNIVERSITY'];

const PARTNERSHIP = `id kind title summary signedOn validFrom validTo status terminationReason
  parties { acceptedAt isProposer organization { id name } }
  commitmentProgress(year: $year) { promised delivered unattributed commitment { kind perYear valueVndPerYear description } }`;

/** A commitment's figure: VND for equipment value, a count otherwise. */
const amount = (kind, value) => (value == null ? t('pb.notTracked') : kind === 'EQUIPMENT_VALUE_VND' ? vnd(value) : num(value));

function progressTable(p, shownYear) {
  if (!p.commitmentProgress.length) return `<p class="muted">${esc(t('pb.noCommitments'))}</p>`;
  const rows = p.commitmentProgress.map((c) => `<tr><th scope="row">${esc(t(`pb.commitment.${c.commitment.kind}`))}${c.commitment.description ? `<br><span class="muted">${esc(c.commitment.description)}</span>` : ''}</th>
    <td>${amount(c.commitment.kind, c.promised)}</td><td>${amount(c.commitment.kind, c.delivered)}</td><td>${amount(c.commitment.kind, c.unattributed)}</td></tr>`).join('');
  return `<table><caption>${esc(t('pb.progressIn', { year: shownYear }))}</caption>
    <thead><tr><th scope="col">${esc(t('pb.commitmentCol'))}</th><th scope="col">${esc(t('pb.promised'))}</th><th scope="col">${esc(t('pb.delivered'))}</th><th scope="col">${esc(t('pb.unattributed'))}</th></tr></thead>
    <tbody>${rows}</tbody></table><p class="hint muted">${esc(t('pb.unattributedHelp'))}</p>`;
}

function partnershipItem(p, organization, admin, shownYear) {
  const mine = p.parties.find((party) => party.organization && party.organization.id === organization.id);
  const parties = p.parties.map((party) => `<li>${esc(party.organization ? party.organization.name : '')} — ${esc(party.acceptedAt ? t('pb.acceptedOn', { at: date(party.acceptedAt) }) : t('pb.notAcceptedYet'))}</li>`).join('');
  const live = p.status === 'PROPOSED' || p.status === 'ACTIVE';
  const actions = admin ? [
    p.status === 'PROPOSED' && mine && !mine.acceptedAt ? `<button type="button" data-act="accept">${esc(t('pb.acceptPartnership'))}</button>` : '',
    p.status === 'ACTIVE' || p.status === 'EXPIRED' ? `<button type="button" class="secondary" data-act="renew" aria-expanded="false">${esc(t('pb.renew'))}</button>` : '',
    live ? `<button type="button" class="danger" data-act="terminate" aria-expanded="false">${esc(t('pb.terminate'))}</button>` : '',
  ].join('') : '';
  return `<li class="card" data-partnership="${esc(p.id)}"><h3>${esc(p.title)} ${badge(p.status)}</h3>
    <div class="meta"><span>${esc(t(`pb.partnershipKind.${p.kind}`))}</span><span>${date(p.validFrom)} – ${date(p.validTo)}</span>
    ${p.signedOn ? `<span>${esc(t('pb.signedOn'))} ${date(p.signedOn)}</span>` : ''}</div>
    ${p.summary ? `<p>${esc(p.summary)}</p>` : ''}
    <h4>${esc(t('pb.parties'))}</h4><ul class="plain">${parties}</ul>
    ${p.terminationReason ? `<p><b>${esc(t('pb.terminationReason'))}:</b> ${esc(p.terminationReason)}</p>` : ''}
    ${progressTable(p, shownYear)}${formError()}<div class="actions">${actions}</div></li>`;
}

/** Finds organizations by name and lists them as checkboxes named `name`; checked ones stay. */
function organizationPicker(legend, name, hint, own) {
  return `<fieldset class="picker" data-picker="${name}"><legend>${esc(legend)}</legend><p class="hint muted">${esc(hint)}</p>
    <div class="row">${field(t('pb.findOrganization'), `${name}Search`, { attrs: 'autocomplete="off"' })}</div>
    <div class="actions"><button type="button" class="secondary" data-act="find">${esc(t('search'))}</button></div>
    <ul class="plain" data-found data-own="${esc(own)}"></ul><p class="field-error" id="${name}-error" data-error-for="${name}"></p></fieldset>`;
}

async function findOrganizations(picker) {
  const name = picker.dataset.picker;
  const text = picker.querySelector(`input[name=${name}Search]`).value.trim();
  const found = picker.querySelector('[data-found]');
  const body = await gql('query($filter: OrganizationFilter) { organizations(filter: $filter, first: 20) { edges { node { id name kind } } } }', { filter: { text: text || null, kinds: PARTNER_KINDS } });
  if (body.errors) { fieldError(picker, name, errorText(body.errors[0])); return; }
  const kept = [...found.querySelectorAll('li')].filter((li) => li.querySelector('input').checked);
  const keptIds = new Set(kept.map((li) => li.querySelector('input').value));
  const fresh = body.data.organizations.edges.map((e) => e.node).filter((o) => o.id !== found.dataset.own && !keptIds.has(o.id));
  found.innerHTML = '';
  for (const li of kept) found.append(li);
  found.insertAdjacentHTML('beforeend', fresh.map((o) => `<li><label><input type="checkbox" name="${name}" value="${esc(o.id)}"> ${esc(o.name)}</label> <span class="muted">(${esc(t(`kind.${o.kind}`))})</span></li>`).join(''));
  if (!found.children.length) found.innerHTML = `<li class="muted">${esc(t('pb.nothingFound'))}</li>`;
}

function wirePickers(form) {
  form.addEventListener('click', (event) => {
    const button = event.target.closest('[data-picker] button[data-act=find]');
    if (button) findOrganizations(button.closest('[data-picker]'));
  });
  form.addEventListener('keydown', (event) => {
    // Enter in a search box searches instead of sending the whole form.
    if (event.key === 'Enter' && event.target.matches('[data-picker] input[type=text]')) { event.preventDefault(); findOrganizations(event.target.closest('[data-picker]')); }
  });
}

const checked = (form, name) => [...form.querySelectorAll(`input[name=${name}]:checked`)].map((c) => c.value);

function commitmentRow() {
  return `<div class="row commitment">${select(t('pb.commitmentKind'), 'commitmentKind', [['', t('pb.chooseCommitment')], ...COMMITMENTS.map((k) => [k, t(`pb.commitment.${k}`)])])}
    ${field(t('pb.perYear'), 'perYear', { type: 'number', attrs: 'min="1"', hint: t('pb.perYearHint') })}
    ${field(t('pb.valueVndPerYear'), 'valueVndPerYear', { type: 'number', attrs: 'min="0" step="1000000"', hint: t('pb.valueHint') })}
    ${field(t('pb.commitmentDescription'), 'description')}</div>`;
}

function commitmentsOf(form) {
  return [...form.querySelectorAll('.commitment')].map((row) => {
    const get = (n) => row.querySelector(`[name=${n}]`).value.trim();
    const kind = get('commitmentKind');
    if (!kind) return null;
    return kind === 'EQUIPMENT_VALUE_VND'
      ? { kind, valueVndPerYear: get('valueVndPerYear') === '' ? null : Number(get('valueVndPerYear')), description: get('description') || null }
      : { kind, perYear: get('perYear') === '' ? null : Number(get('perYear')), description: get('description') || null };
  }).filter(Boolean);
}

/** Reads the form's dd/mm/yyyy dates into `input`; marks the wrong ones and says whether all were right. */
function readDates(form, v, input, names, optional = []) {
  let right = true;
  for (const name of names) {
    if (optional.includes(name) && !v[name].trim()) { input[name] = null; continue; }
    input[name] = parseDate(v[name]);
    if (!input[name]) { fieldError(form, name, t('fieldError.date')); right = false; }
  }
  return right;
}

const PROPOSE = `mutation($input: ProposePartnershipInput!, $year: Int!) { r: proposePartnership(input: $input) { ${PARTNERSHIP} } }`;

function proposeForm(organization) {
  return `<form class="card" id="partnership-form" novalidate><h2>${esc(t('pb.proposeTitle'))}</h2>${formError()}
    ${select(t('pb.kind'), 'kind', KINDS.map((k) => [k, t(`pb.partnershipKind.${k}`)]), 'MOU')}
    ${field(t('pb.title'), 'title', { required: true })}
    ${field(t('pb.summary'), 'summary', { type: 'textarea' })}
    <div class="row">${dateField(t('pb.validFrom'), 'validFrom')}${dateField(t('pb.validTo'), 'validTo')}${dateField(t('pb.signedOnOptional'), 'signedOn')}</div>
    ${organizationPicker(t('pb.otherParties'), 'partyIds', t('pb.partiesHint'), organization.id)}
    <fieldset><legend>${esc(t('pb.commitments'))}</legend><div class="commitments">${commitmentRow()}</div>
      <div class="actions"><button type="button" class="secondary" data-act="add-commitment">${esc(t('pb.addCommitment'))}</button></div></fieldset>
    <div class="row">${field(t('pb.documentUrl'), 'documentUrl', { type: 'url', attrs: 'placeholder="https://"' })}${field(t('pb.documentSha256'), 'documentSha256', { hint: t('pb.documentSha256Hint') })}</div>
    <div class="actions"><button type="submit">${esc(t('pb.sendProposal'))}</button></div></form>`;
}

function partnerships(view, { organization, viewer }) {
  const admin = isAdmin(viewer);
  const shownYear = year();
  view.innerHTML = `<h1>${esc(t('pb.partnershipsTitle'))}</h1><p class="muted">${esc(t('pb.partnershipsHelp'))}</p>
    ${admin ? `<div class="actions"><button type="button" id="propose" aria-expanded="false">${esc(t('pb.propose'))}</button></div><div id="propose-slot"></div>` : ''}
    <div id="partnership-list"></div>`;
  const query = `query($filter: PartnershipFilter, $after: String, $year: Int!) { partnerships(filter: $filter, first: 20, after: $after) { edges { node { ${PARTNERSHIP} } } ${PAGE_INFO} } }`;
  const item = (p) => partnershipItem(p, organization, admin, shownYear);
  const { list } = pagedList(view.querySelector('#partnership-list'),
    async (after) => connection(await gql(query, { filter: { organizationId: organization.id }, after, year: shownYear }), 'partnerships'), item, 'pb.noPartnerships');
  if (admin) {
    const toggle = view.querySelector('#propose');
    toggle.addEventListener('click', () => {
      const slot = view.querySelector('#propose-slot');
      if (slot.innerHTML) { slot.innerHTML = ''; toggle.setAttribute('aria-expanded', 'false'); return; }
      toggle.setAttribute('aria-expanded', 'true');
      slot.innerHTML = proposeForm(organization);
      const form = slot.querySelector('form');
      wirePickers(form);
      form.querySelector('[data-act=add-commitment]').addEventListener('click', () => form.querySelector('.commitments').insertAdjacentHTML('beforeend', commitmentRow()));
      onSubmit(form, async (v) => {
        const input = { kind: v.kind, title: v.title.trim(), summary: v.summary.trim() || null, partyIds: checked(form, 'partyIds'), commitments: commitmentsOf(form),
          documentUrl: v.documentUrl.trim() || null, documentSha256: v.documentSha256.trim() || null };
        if (!readDates(form, v, input, ['validFrom', 'validTo', 'signedOn'], ['signedOn'])) { form.querySelector('[aria-invalid=true]')?.focus(); return; }
        const body = await gql(PROPOSE, { input, year: shownYear });
        if (body.errors) { showErrors(form, body.errors); return; }
        slot.innerHTML = `<p class="ok card" role="status">${esc(t('pb.proposed'))}</p>`;
        toggle.setAttribute('aria-expanded', 'false');
        list.insertAdjacentHTML('afterbegin', item(body.data.r));
        list.parentElement.querySelector('[data-state]').hidden = true;
      });
      form.querySelector('select[name=kind]').focus();
    });
  }
  list.addEventListener('click', async (event) => {
    const button = event.target.closest('button[data-act]');
    if (!button) return;
    const card = button.closest('[data-partnership]');
    const id = card.dataset.partnership;
    if (button.dataset.act === 'accept') {
      button.disabled = true;
      const body = await gql(`mutation($id: ID!, $year: Int!) { r: acceptPartnership(id: $id) { ${PARTNERSHIP} } }`, { id, year: shownYear });
      if (body.errors) { showErrors(card, body.errors); button.disabled = false; return; }
      card.outerHTML = item(body.data.r);
      return;
    }
    // Terminating and renewing ask for more: a small form under the card.
    const open = card.querySelector('form.follow-up');
    if (open) { const was = open.dataset.act; open.remove(); card.querySelectorAll('[aria-expanded]').forEach((b) => b.setAttribute('aria-expanded', 'false')); if (was === button.dataset.act) return; }
    button.setAttribute('aria-expanded', 'true');
    card.insertAdjacentHTML('beforeend', button.dataset.act === 'terminate'
      ? `<form class="follow-up" data-act="terminate" novalidate>${formError()}${field(t('pb.reason'), 'reason', { type: 'textarea', required: true })}
        <div class="actions"><button type="submit" class="danger">${esc(t('pb.confirmTerminate'))}</button></div></form>`
      : `<form class="follow-up" data-act="renew" novalidate>${formError()}<div class="row">${dateField(t('pb.validFrom'), 'validFrom')}${dateField(t('pb.validTo'), 'validTo')}</div>
        <div class="actions"><button type="submit">${esc(t('pb.sendRenewal'))}</button></div></form>`);
    card.querySelector('form.follow-up textarea, form.follow-up input').focus();
  });
  list.addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = event.target;
    const card = form.closest('[data-partnership]');
    clearErrors(form);
    const v = values(form);
    if (form.dataset.act === 'terminate') {
      const body = await gql(`mutation($id: ID!, $reason: String!, $year: Int!) { r: terminatePartnership(id: $id, reason: $reason) { ${PARTNERSHIP} } }`, { id: card.dataset.partnership, reason: v.reason.trim(), year: shownYear });
      if (body.errors) { showErrors(form, body.errors); return; }
      card.outerHTML = item(body.data.r);
      return;
    }
    const input = {};
    if (!readDates(form, v, input, ['validFrom', 'validTo'])) return;
    const body = await gql(`mutation($id: ID!, $input: RenewPartnershipInput!, $year: Int!) { r: renewPartnership(id: $id, input: $input) { ${PARTNERSHIP} } }`, { id: card.dataset.partnership, input, year: shownYear });
    if (body.errors) { showErrors(form, body.errors); return; }
    form.outerHTML = `<p class="ok" role="status">${esc(t('pb.renewalProposed'))}</p>`;
    list.insertAdjacentHTML('afterbegin', item(body.data.r));
  });
}

const ENGAGEMENT = 'id kind heldOn twoWay notes recordedBy { id name } organizations { id name } awaitingConfirmation { id name } partnership { id title } reach { grade students }';

function engagementItem(e, organization) {
  const waiting = e.awaitingConfirmation.some((o) => o.id === organization.id);
  const students = e.reach.reduce((sum, r) => sum + r.students, 0);
  return `<li class="card" data-engagement="${esc(e.id)}"><h3>${esc(t(`pb.engagement.${e.kind}`))} · ${date(e.heldOn)}</h3>
    <div class="meta"><span>${esc(t('pb.recordedBy'))} ${esc(e.recordedBy ? e.recordedBy.name : '')}</span>
    <span>${esc(t('pb.studentsReached', { n: num(students) }))}</span>${e.twoWay ? `<span>${esc(t('pb.twoWay'))}</span>` : ''}
    ${e.partnership ? `<span>${esc(t('pb.underPartnership'))} ${esc(e.partnership.title)}</span>` : ''}</div>
    <p>${esc(t('pb.involved'))}: ${e.organizations.map((o) => esc(o.name)).join(', ')}</p>
    ${e.reach.length ? `<p class="muted">${e.reach.map((r) => esc(t('pb.gradeReach', { grade: r.grade, n: num(r.students) }))).join(' · ')}</p>` : ''}
    ${e.notes ? `<p>${esc(e.notes)}</p>` : ''}
    ${e.awaitingConfirmation.length ? `<p class="muted">${esc(t('pb.awaiting'))}: ${e.awaitingConfirmation.map((o) => esc(o.name)).join(', ')}</p>` : `<p class="ok">${esc(t('pb.confirmedByAll'))}</p>`}
    ${formError()}${waiting ? `<div class="actions"><button type="button" data-act="confirm">${esc(t('pb.confirmEngagement'))}</button></div>` : ''}</li>`;
}

function reachRow() {
  return `<div class="row reach">${select(t('grade'), 'reachGrade', GRADES.map((g) => [g, t('gradeN', { grade: g })]), 10)}
    ${field(t('pb.students'), 'students', { type: 'number', attrs: 'min="1"' })}</div>`;
}

async function engagementForm(slot, organization) {
  const body = await gql('query($filter: PartnershipFilter) { partnerships(filter: $filter, first: 50) { edges { node { id title status } } } }', { filter: { organizationId: organization.id } });
  const usable = body.data ? body.data.partnerships.edges.map((e) => e.node).filter((p) => p.status === 'ACTIVE' || p.status === 'EXPIRED') : [];
  slot.innerHTML = `<form class="card" id="engagement-form" novalidate><h2>${esc(t('pb.recordTitle'))}</h2>${formError()}
    <div class="row">${select(t('pb.engagementKind'), 'kind', ENGAGEMENTS.map((k) => [k, t(`pb.engagement.${k}`)]), 'CAREER_DAY')}${dateField(t('pb.heldOn'), 'heldOn')}</div>
    ${select(t('pb.partnership'), 'partnershipId', [['', t('pb.noPartnership')], ...usable.map((p) => [p.id, p.title])])}
    ${organizationPicker(t('pb.otherOrganizations'), 'organizationIds', t('pb.otherOrganizationsHint'), organization.id)}
    <fieldset><legend>${esc(t('pb.reach'))}</legend><div class="reaches">${reachRow()}</div><p class="field-error" data-error-for="reach" id="reach-error"></p>
      <div class="actions"><button type="button" class="secondary" data-act="add-reach">${esc(t('pb.addGrade'))}</button></div></fieldset>
    <label class="check"><input type="checkbox" name="twoWay"> ${esc(t('pb.twoWayLabel'))}</label>
    ${field(t('pb.notes'), 'notes', { type: 'textarea' })}
    <div class="actions"><button type="submit">${esc(t('pb.recordEngagement'))}</button></div></form>`;
  const form = slot.querySelector('form');
  wirePickers(form);
  form.querySelector('[data-act=add-reach]').addEventListener('click', () => form.querySelector('.reaches').insertAdjacentHTML('beforeend', reachRow()));
  form.querySelector('select[name=kind]').focus();
  return form;
}

function engagements(view, { organization }) {
  view.innerHTML = `<h1>${esc(t('pb.engagementsTitle'))}</h1><p class="muted">${esc(t('pb.engagementsHelp'))}</p>
    <div class="actions"><button type="button" id="record" aria-expanded="false">${esc(t('pb.record'))}</button></div><div id="record-slot"></div>
    <div id="engagement-list"></div>`;
  const query = `query($filter: EngagementFilter, $after: String) { engagements(filter: $filter, first: 20, after: $after) { edges { node { ${ENGAGEMENT} } } ${PAGE_INFO} } }`;
  const item = (e) => engagementItem(e, organization);
  const { list } = pagedList(view.querySelector('#engagement-list'),
    async (after) => connection(await gql(query, { filter: { organizationId: organization.id }, after }), 'engagements'), item, 'pb.noEngagements');
  const toggle = view.querySelector('#record');
  toggle.addEventListener('click', async () => {
    const slot = view.querySelector('#record-slot');
    if (slot.innerHTML) { slot.innerHTML = ''; toggle.setAttribute('aria-expanded', 'false'); return; }
    toggle.setAttribute('aria-expanded', 'true');
    const form = await engagementForm(slot, organization);
    onSubmit(form, async (v) => {
      const input = { kind: v.kind, organizationIds: checked(form, 'organizationIds'), partnershipId: v.partnershipId || null, twoWay: form.querySelector('[name=twoWay]').checked, notes: v.notes.trim() || null,
        reach: [...form.querySelectorAll('.reach')].map((row) => ({ grade: Number(row.querySelector('[name=reachGrade]').value), students: Number(row.querySelector('[name=students]').value) })).filter((r) => r.students > 0) };
      if (!readDates(form, v, input, ['heldOn'])) { form.querySelector('[aria-invalid=true]')?.focus(); return; }
      const body = await gql(`mutation($input: RecordEngagementInput!) { r: recordEngagement(input: $input) { ${ENGAGEMENT} } }`, { input });
      if (body.errors) {
        // `reach.0.students` and the like: shown under the students reached.
        showErrors(form, body.errors.map((e) => (/reach/.test(e.extensions?.field || '') ? { ...e, extensions: { ...e.extensions, field: 'reach' } } : e)));
        return;
      }
      slot.innerHTML = `<p class="ok card" role="status">${esc(t('pb.recorded'))}</p>`;
      toggle.setAttribute('aria-expanded', 'false');
      list.insertAdjacentHTML('afterbegin', item(body.data.r));
      list.parentElement.querySelector('[data-state]').hidden = true;
    });
  });
  list.addEventListener('click', async (event) => {
    const button = event.target.closest('button[data-act=confirm]');
    if (!button) return;
    const card = button.closest('[data-engagement]');
    button.disabled = true;
    const body = await gql(`mutation($id: ID!) { r: confirmEngagement(id: $id) { ${ENGAGEMENT} } }`, { id: card.dataset.engagement });
    if (body.errors) { showErrors(card, body.errors); button.disabled = false; return; }
    card.outerHTML = item(body.data.r);
  });
}

export const routes = {
  partnerships: { title: 'pb.nav.partnerships', render: partnerships },
  engagements: { title: 'pb.nav.engagements', render: engagements },
};
