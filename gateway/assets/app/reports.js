// Yearly reports and the plan's indicators. A school, college or centre drafts and submits its
// yearly report (and, returned with an officer's note, edits and submits it again); a school
// reports its indicator figures, with the reason when it corrects one. An officer of
// Education and Training accepts or returns submitted reports and reads and sets targets.
import { gql, PAGE_INFO } from './api.js';
import { t, lang } from './i18n.js';
import { esc, date, dateTime, num, parseDate, today } from './format.js';
import { field, select, dateField, showErrors, fieldError, clearErrors, formError, values, errorText, onSubmit } from './forms.js';
import { pagedList, areas } from './enterprise.js';
import { connection, badge, isAdmin } from './partnerships.js';

const REPORT = 'id year status summary documentUrl dueOn submittedAt late decidedAt returnReason updatedAt organization { id name }';
const thisYear = () => Number(today().slice(0, 4));
/** The school year under way, numbered by the year it ends in (school years start in September). */
const schoolYear = () => { const [y, m] = today().split('-').map(Number); return m >= 9 ? y + 1 : y; };
const schoolYearName = (y) => `${y - 1}-${y}`;
const percent = (value) => (value == null ? '—' : `${new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 1 }).format(value)} %`);
const indicatorName = (i) => (lang === 'en' ? i.nameEn : i.nameVi);

function reportItem(r, admin) {
  const editable = r.status === 'DRAFT' || r.status === 'RETURNED';
  return `<li class="card" data-report="${esc(r.id)}" data-year="${r.year}"><h3>${esc(t('pb.reportOf', { year: r.year }))} ${badge(r.status)}</h3>
    <div class="meta">${r.dueOn ? `<span>${esc(t('pb.dueOn'))} ${date(r.dueOn)}</span>` : ''}${r.submittedAt ? `<span>${esc(t('pb.submittedAt'))} ${dateTime(r.submittedAt)}</span>` : ''}
    ${r.late ? `<span class="error">${esc(t('pb.late'))}</span>` : ''}${r.decidedAt ? `<span>${esc(t('pb.decidedAt'))} ${dateTime(r.decidedAt)}</span>` : ''}</div>
    ${r.returnReason ? `<p class="note"><b>${esc(t('pb.officerNote'))}:</b> ${esc(r.returnReason)}</p>` : ''}
    <p class="summary">${esc(r.summary)}</p>${r.documentUrl ? `<p><a href="${esc(r.documentUrl)}" rel="noopener">${esc(t('pb.signedDocument'))}</a></p>` : ''}
    ${formError()}<div class="actions">${editable ? `<button type="button" class="secondary" data-act="edit">${esc(t('pb.editReport'))}</button>` : ''}
    ${editable && admin && r.status === 'DRAFT' ? `<button type="button" data-act="submit">${esc(t('pb.submitReport'))}</button>` : ''}</div></li>`;
}

const SUBMIT = `mutation($id: ID!) { r: submitAnnualReport(id: $id) { ${REPORT} } }`;

function annualReport(view, { organization, viewer }) {
  const admin = isAdmin(viewer);
  const years = Array.from({ length: 5 }, (_, i) => thisYear() - i);
  view.innerHTML = `<h1>${esc(t('pb.annualReportTitle'))}</h1><p class="muted">${esc(t('pb.annualReportHelp'))}</p>
    <form class="card" id="report-form" novalidate><h2>${esc(t('pb.writeReport'))}</h2>${formError()}
      ${select(t('pb.reportYear'), 'year', years.map((y) => [y, String(y)]), thisYear())}
      ${field(t('pb.reportSummary'), 'summary', { type: 'textarea', required: true, attrs: 'rows="8"' })}
      ${field(t('pb.documentUrl'), 'documentUrl', { type: 'url', attrs: 'placeholder="https://"' })}
      <div class="actions">${admin ? `<button type="submit" name="then" value="submit">${esc(t('pb.saveAndSubmit'))}</button>` : ''}
      <button type="submit" class="secondary" name="then" value="draft">${esc(t('pb.saveReportDraft'))}</button></div>
      ${admin ? '' : `<p class="muted">${esc(t('pb.adminSubmits'))}</p>`}<p class="ok" role="status"></p></form>
    <h2>${esc(t('pb.yourReports'))}</h2><div id="report-list"></div>`;
  const form = view.querySelector('#report-form');
  const query = `query($filter: AnnualReportFilter, $after: String) { annualReports(filter: $filter, first: 20, after: $after) { edges { node { ${REPORT} } } ${PAGE_INFO} } }`;
  const item = (r) => reportItem(r, admin);
  const { list, reload } = pagedList(view.querySelector('#report-list'),
    async (after) => connection(await gql(query, { filter: { organizationId: organization.id }, after }), 'annualReports'), item, 'pb.noReports');
  const replace = (r) => {
    const card = list.querySelector(`[data-report="${CSS.escape(r.id)}"]`);
    if (card) card.outerHTML = item(r); else { list.insertAdjacentHTML('afterbegin', item(r)); list.parentElement.querySelector('[data-state]').hidden = true; }
  };
  onSubmit(form, async (v, status, submitter) => {
    const input = { year: Number(v.year), summary: v.summary.trim(), documentUrl: v.documentUrl.trim() || null };
    const saved = await gql(`mutation($input: AnnualReportDraftInput!) { r: saveAnnualReportDraft(input: $input) { ${REPORT} } }`, { input });
    if (saved.errors) { showErrors(form, saved.errors); return; }
    replace(saved.data.r);
    if (submitter && submitter.value === 'submit') {
      const sent = await gql(SUBMIT, { id: saved.data.r.id });
      if (sent.errors) { showErrors(form, sent.errors); return; }
      replace(sent.data.r);
      status.textContent = t('pb.reportSubmitted');
    } else status.textContent = t('pb.reportSaved');
  });
  list.addEventListener('click', async (event) => {
    const button = event.target.closest('button[data-act]');
    if (!button) return;
    const card = button.closest('[data-report]');
    if (button.dataset.act === 'edit') {
      // The report's text goes into the form above, for its year.
      form.querySelector('[name=year]').value = card.dataset.year;
      form.querySelector('[name=summary]').value = card.querySelector('.summary').textContent;
      const link = card.querySelector('a');
      form.querySelector('[name=documentUrl]').value = link ? link.getAttribute('href') : '';
      form.querySelector('[name=summary]').focus();
      return;
    }
    button.disabled = true;
    const body = await gql(SUBMIT, { id: card.dataset.report });
    if (body.errors) { showErrors(card, body.errors); button.disabled = false; return; }
    card.outerHTML = item(body.data.r);
  });
}

const LEVELS = {
  LOWER_SECONDARY_SCHOOL: ['LOWER_SECONDARY'], UPPER_SECONDARY_SCHOOL: ['UPPER_SECONDARY'], MULTI_LEVEL_SCHOOL: ['LOWER_SECONDARY', 'UPPER_SECONDARY'],
};
const INDICATOR = 'code nameVi nameEn counts schoolLevel';
const MEASUREMENT = `id year schoolYear version numerator denominator value evidence correctionReason reportedAt indicator { ${INDICATOR} }`;

function measurementItem(m) {
  return `<li class="card" data-measurement="${esc(m.id)}"><h3>${esc(indicatorName(m.indicator))}</h3>
    <div class="meta"><span>${esc(t('pb.schoolYear'))} ${esc(m.schoolYear)}</span><span><b>${percent(m.value)}</b> (${num(m.numerator)}/${num(m.denominator)})</span>
    <span>${esc(t('pb.version', { n: m.version }))}</span><span>${dateTime(m.reportedAt)}</span></div>
    ${m.correctionReason ? `<p><b>${esc(t('pb.correctionReason'))}:</b> ${esc(m.correctionReason)}</p>` : ''}${m.evidence ? `<p class="muted">${esc(t('pb.evidence'))}: ${esc(m.evidence)}</p>` : ''}</li>`;
}

async function indicators(view, { organization }) {
  const levels = LEVELS[organization.kind] || [];
  view.innerHTML = `<h1>${esc(t('pb.indicatorsTitle'))}</h1><p class="muted">${esc(t('pb.indicatorsHelp'))}</p>
    <div id="measure-slot"><p class="muted" data-state="loading">${esc(t('loading'))}</p></div><h2>${esc(t('pb.reportedFigures'))}</h2><div id="measurement-list"></div>`;
  const query = `query($filter: MeasurementFilter, $after: String) { measurements(filter: $filter, first: 20, after: $after) { edges { node { ${MEASUREMENT} } } ${PAGE_INFO} } }`;
  // The figures start loading before the indicators are awaited: one round for both.
  const { list } = pagedList(view.querySelector('#measurement-list'),
    async (after) => connection(await gql(query, { filter: { organizationId: organization.id }, after }), 'measurements'), measurementItem, 'pb.noMeasurements');
  const body = await gql(`{ indicators { ${INDICATOR} } }`);
  const slot = view.querySelector('#measure-slot');
  if (body.errors) { slot.innerHTML = `<p class="error" data-state="error" role="alert">${esc(errorText(body.errors[0]))}</p>`; return; }
  const mine = body.data.indicators.filter((i) => levels.includes(i.schoolLevel));
  const current = schoolYear();
  slot.innerHTML = `<form class="card" id="measurement-form" novalidate><h2>${esc(t('pb.reportFigure'))}</h2>${formError()}
    ${select(t('pb.indicator'), 'indicator', mine.map((i) => [i.code, indicatorName(i)]))}
    ${select(t('pb.schoolYear'), 'year', [current, current - 1, current - 2].map((y) => [y, schoolYearName(y)]), current)}
    <p class="hint muted" id="counts-hint"></p>
    <div class="row">${field(t('pb.numerator'), 'numerator', { type: 'number', attrs: 'min="0"', required: true })}${field(t('pb.denominator'), 'denominator', { type: 'number', attrs: 'min="1"', required: true })}</div>
    ${field(t('pb.evidence'), 'evidence')}
    ${field(t('pb.correctionReason'), 'correctionReason', { type: 'textarea', hint: t('pb.correctionHint') })}
    <div class="actions"><button type="submit">${esc(t('pb.sendFigure'))}</button></div><p class="ok" role="status"></p></form>`;
  const form = slot.querySelector('form');
  const hint = () => {
    const chosen = mine.find((i) => i.code === form.querySelector('[name=indicator]').value);
    form.querySelector('#counts-hint').textContent = chosen ? t(`pb.counts.${chosen.counts}`) : '';
  };
  form.querySelector('[name=indicator]').addEventListener('change', hint);
  hint();
  onSubmit(form, async (v, status) => {
    const input = { indicator: v.indicator, organizationId: organization.id, year: Number(v.year), numerator: Number(v.numerator), denominator: Number(v.denominator),
      evidence: v.evidence.trim() || null, correctionReason: v.correctionReason.trim() || null };
    if (v.numerator === '') { fieldError(form, 'numerator', t('pb.enterNumber')); return; }
    if (v.denominator === '') { fieldError(form, 'denominator', t('pb.enterNumber')); return; }
    const saved = await gql(`mutation($input: ReportMeasurementInput!) { r: reportMeasurement(input: $input) { ${MEASUREMENT} } }`, { input });
    if (saved.errors) { showErrors(form, saved.errors); return; }
    const m = saved.data.r;
    // The newest version replaces the one it corrects in the list.
    for (const card of list.querySelectorAll('li.card')) {
      if (card.querySelector('h3').textContent === indicatorName(m.indicator) && card.innerText.includes(m.schoolYear)) card.remove();
    }
    list.insertAdjacentHTML('afterbegin', measurementItem(m));
    list.parentElement.querySelector('[data-state]').hidden = true;
    status.textContent = t(m.version > 1 ? 'pb.figureCorrected' : 'pb.figureReported', { n: m.version });
    form.querySelector('[name=correctionReason]').value = '';
  });
}

function reviewItem(r) {
  const decide = r.status === 'SUBMITTED'
    ? `<form class="decide" novalidate>${field(t('pb.returnNote'), 'reason', { type: 'textarea', hint: t('pb.returnNoteHint') })}
      <div class="actions"><button type="submit" name="decision" value="accept">${esc(t('pb.acceptReport'))}</button>
      <button type="submit" class="danger" name="decision" value="return">${esc(t('pb.returnReport'))}</button></div></form>` : '';
  return `<li class="card" data-report="${esc(r.id)}"><h3>${esc(r.organization ? r.organization.name : '')} · ${esc(t('pb.reportOf', { year: r.year }))} ${badge(r.status)}</h3>
    <div class="meta">${r.submittedAt ? `<span>${esc(t('pb.submittedAt'))} ${dateTime(r.submittedAt)}</span>` : ''}${r.dueOn ? `<span>${esc(t('pb.dueOn'))} ${date(r.dueOn)}</span>` : ''}
    ${r.late ? `<span class="error">${esc(t('pb.late'))}</span>` : ''}</div>
    <p>${esc(r.summary)}</p>${r.documentUrl ? `<p><a href="${esc(r.documentUrl)}" rel="noopener">${esc(t('pb.signedDocument'))}</a></p>` : ''}
    ${r.returnReason ? `<p class="note"><b>${esc(t('pb.officerNote'))}:</b> ${esc(r.returnReason)}</p>` : ''}${formError()}${decide}</li>`;
}

function reportReview(view) {
  view.innerHTML = `<h1>${esc(t('pb.reviewTitle'))}</h1><p class="muted">${esc(t('pb.reviewHelp'))}</p><div id="review-list"></div>`;
  const query = `query($filter: AnnualReportFilter, $after: String) { annualReports(filter: $filter, first: 20, after: $after) { edges { node { ${REPORT} } } ${PAGE_INFO} } }`;
  const { list } = pagedList(view.querySelector('#review-list'),
    async (after) => connection(await gql(query, { filter: { status: 'SUBMITTED' }, after }), 'annualReports'), reviewItem, 'pb.noReportsToReview');
  list.addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = event.target;
    const card = form.closest('[data-report]');
    clearErrors(card);
    const decision = event.submitter ? event.submitter.value : 'accept';
    const reason = values(form).reason.trim();
    if (decision === 'return' && !reason) { fieldError(form, 'reason', t('pb.noteRequired')); form.querySelector('textarea').focus(); return; }
    const body = decision === 'return'
      ? await gql(`mutation($id: ID!, $reason: String!) { r: returnAnnualReport(id: $id, reason: $reason) { ${REPORT} } }`, { id: card.dataset.report, reason })
      : await gql(`mutation($id: ID!) { r: acceptAnnualReport(id: $id) { ${REPORT} } }`, { id: card.dataset.report });
    if (body.errors) { showErrors(card, body.errors); return; }
    card.outerHTML = reviewItem(body.data.r);
  });
}

const TARGET = `id value fromYear toYear sourceDocument issuedOn area { name } indicator { ${INDICATOR} }`;

function targetItem(x) {
  return `<li class="card"><h3>${esc(indicatorName(x.indicator))}: ${percent(x.value)}</h3>
    <div class="meta"><span>${esc(x.area ? x.area.name : t('pb.wholeCity'))}</span>
    <span>${esc(x.toYear ? t('pb.yearsFromTo', { from: schoolYearName(x.fromYear), to: schoolYearName(x.toYear) }) : t('pb.yearsFrom', { from: schoolYearName(x.fromYear) }))}</span>
    <span>${esc(x.sourceDocument)}</span><span>${esc(t('pb.issuedOn'))} ${date(x.issuedOn)}</span></div></li>`;
}

async function targets(view) {
  view.innerHTML = `<h1>${esc(t('pb.targetsTitle'))}</h1><p class="muted">${esc(t('pb.targetsHelp'))}</p><div id="target-slot"><p class="muted" data-state="loading">${esc(t('loading'))}</p></div>`;
  const [body, areaList] = await Promise.all([gql(`{ indicators { ${INDICATOR} } targets { ${TARGET} } }`), areas()]);
  const slot = view.querySelector('#target-slot');
  if (body.errors) { slot.innerHTML = `<p class="error" data-state="error" role="alert">${esc(errorText(body.errors[0]))}</p>`; return; }
  const current = schoolYear();
  slot.innerHTML = `<form class="card" id="target-form" novalidate><h2>${esc(t('pb.setTarget'))}</h2>${formError()}
    ${select(t('pb.indicator'), 'indicator', body.data.indicators.map((i) => [i.code, indicatorName(i)]))}
    ${select(t('area'), 'areaId', [['', t('pb.wholeCity')], ...areaList])}
    <div class="row">${field(t('pb.targetValue'), 'value', { type: 'number', attrs: 'min="0" max="100" step="0.1"', required: true })}
    ${select(t('pb.fromYear'), 'fromYear', [0, 1, 2, 3, 4, 5].map((d) => [current + d, schoolYearName(current + d)]), current)}
    ${select(t('pb.toYear'), 'toYear', [['', t('pb.untilSuperseded')], ...[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((d) => [current + d, schoolYearName(current + d)])])}</div>
    <div class="row">${field(t('pb.sourceDocument'), 'sourceDocument', { required: true })}${dateField(t('pb.issuedOn'), 'issuedOn')}</div>
    <div class="actions"><button type="submit">${esc(t('pb.saveTarget'))}</button></div><p class="ok" role="status"></p></form>
    <h2>${esc(t('pb.targetsList'))}</h2><ul class="cards" id="target-list">${body.data.targets.map(targetItem).join('')}</ul>`;
  const form = slot.querySelector('form');
  onSubmit(form, async (v) => {
    const issuedOn = parseDate(v.issuedOn);
    if (!issuedOn) { fieldError(form, 'issuedOn', t('fieldError.date')); form.querySelector('[aria-invalid=true]')?.focus(); return; }
    const input = { indicator: v.indicator, areaId: v.areaId || null, value: Number(v.value), fromYear: Number(v.fromYear), toYear: v.toYear ? Number(v.toYear) : null, sourceDocument: v.sourceDocument.trim(), issuedOn };
    const saved = await gql(`mutation($input: SetTargetInput!) { r: setTarget(input: $input) { ${TARGET} } }`, { input });
    if (saved.errors) { showErrors(form, saved.errors); return; }
    slot.querySelector('#target-list').insertAdjacentHTML('afterbegin', targetItem(saved.data.r));
    form.querySelector('[role=status]').textContent = t('pb.targetSaved');
  });
}

export const schoolRoutes = {
  'annual-report': { title: 'pb.nav.annualReport', render: annualReport },
  indicators: { title: 'pb.nav.indicators', render: indicators },
};
export const collegeRoutes = { 'annual-report': schoolRoutes['annual-report'] };
export const officerRoutes = {
  'report-review': { title: 'pb.nav.reportReview', render: reportReview },
  targets: { title: 'pb.nav.targets', render: targets },
};
