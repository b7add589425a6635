// An enterprise's own participation figures for a calendar year, as the city's departments
// count them (`enterpriseParticipation`: anybody but an officer reads only the organizations
// they act for). Money in VND; figures of a module this hub does not run are left out.
import { gql } from './api.js';
import { t } from './i18n.js';
import { esc, num, vnd, today } from './format.js';
import { select, errorText } from './forms.js';

const FIGURES = 'offers seats nominationsAccepted placementsCompleted placementHours equipmentDonations equipmentDonatedValue equipmentLoans equipmentLentValue activePartnerships engagements studentsReached careerEventsHosted careerEventStudents activities';
const ROWS = [
  ['offers', num], ['seats', num], ['nominationsAccepted', num], ['placementsCompleted', num], ['placementHours', num],
  ['equipmentDonations', num], ['equipmentDonatedValue', vnd], ['equipmentLoans', num], ['equipmentLentValue', vnd],
  ['activePartnerships', num], ['engagements', num], ['studentsReached', num], ['careerEventsHosted', num], ['careerEventStudents', num],
];

async function show(box, organization, year) {
  box.innerHTML = `<p class="muted" data-state="loading">${esc(t('loading'))}</p>`;
  const body = await gql(`query($filter: EnterpriseParticipationFilter) { enterpriseParticipation(filter: $filter, first: 20) { edges { node { organization { id } participated figures { ${FIGURES} } } } } }`,
    { filter: { period: { year } } });
  if (body.errors) { box.innerHTML = `<p class="error" data-state="error">${esc(errorText(body.errors[0]))}</p>`; return; }
  const row = body.data.enterpriseParticipation.edges.map((e) => e.node).find((n) => n.organization.id === organization.id);
  if (!row) { box.innerHTML = `<p class="muted" data-state="empty">${esc(t('figures.none'))}</p>`; return; }
  const f = row.figures;
  box.innerHTML = `<section class="card" aria-labelledby="figures-year"><h2 id="figures-year">${esc(t('figures.ofYear', { year }))}</h2>
    <p class="${row.participated ? 'ok' : 'muted'}">${esc(t(row.participated ? 'figures.participated' : 'figures.notYet'))}</p>
    <dl class="facts" id="figures">${ROWS.filter(([name]) => f[name] != null).map(([name, format]) => `<dt>${esc(t(`figures.${name}`))}</dt><dd data-figure="${name}">${esc(format(f[name]))}</dd>`).join('')}
    <dt>${esc(t('figures.activities'))}</dt><dd data-figure="activities"><b>${esc(num(f.activities))}</b></dd></dl></section>`;
}

function figures(view, { organization }) {
  const year = Number(today().slice(0, 4));
  view.innerHTML = `<h1>${esc(t('figures.title'))}</h1><p class="muted">${esc(t('figures.help'))}</p>
    <form class="card" id="figures-form">${select(t('figures.year'), 'year', [0, 1, 2].map((back) => [year - back, String(year - back)]), year)}</form>
    <div id="figures-box"></div>`;
  const box = view.querySelector('#figures-box');
  view.querySelector('#figures-form select').addEventListener('change', (event) => show(box, organization, Number(event.target.value)));
  view.querySelector('#figures-form').addEventListener('submit', (event) => event.preventDefault());
  show(box, organization, year);
}

export const routes = { figures: { title: 'figures.nav', render: figures } };
