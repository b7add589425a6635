// A department officer's screens: the organizations waiting for verification within the
// department's remit (Industry and Trade: enterprises and business associations; Education
// and Training: schools, colleges and centres), and the departments' dashboard.
import { gql, PAGE_INFO } from './api.js';
import { t } from './i18n.js';
import { esc, dateTime } from './format.js';
import { showErrors, formError, errorText } from './forms.js';
import { pagedList } from './enterprise.js';

const KINDS = {
  INDUSTRY_AND_TRADE: ['ENTERPRISE', 'BUSINESS_ASSOCIATION'],
  EDUCATION_AND_TRAINING: ['LOWER_SECONDARY_SCHOOL', 'UPPER_SECONDARY_SCHOOL', 'MULTI_LEVEL_SCHOOL', 'VOCATIONAL_CENTRE', 'INTERMEDIATE_SCHOOL', 'COLLEGE', 'UNIVERSITY'],
};
const ORGANIZATION = 'id kind name taxCode industryCode address verified verifiedAt createdAt area { name }';

function item(o) {
  return `<li class="card" data-organization="${esc(o.id)}"><h3>${esc(o.name)}</h3>
    <div class="meta"><span>${esc(t(`kind.${o.kind}`))}</span>${o.taxCode ? `<span>${esc(t('taxCode'))} ${esc(o.taxCode)}</span>` : ''}
    ${o.industryCode ? `<span>VSIC ${esc(o.industryCode)}</span>` : ''}<span>${esc(o.area ? o.area.name : '')}</span><span>${esc(t('registered'))} ${dateTime(o.createdAt)}</span></div>
    ${o.address ? `<p>${esc(o.address)}</p>` : ''}${formError()}
    ${o.verified ? `<p class="ok" role="status">${esc(t('verifiedDone'))}</p>` : `<div class="actions"><button type="button" data-act="verify">${esc(t('verify'))}</button></div>`}</li>`;
}

function verification(view, { organization }) {
  const kinds = KINDS[organization.remit] || [];
  view.innerHTML = `<h1>${esc(t('verificationTitle'))}</h1><p class="muted">${esc(t('verificationHelp'))}</p><div id="queue"></div>`;
  const query = `query($filter: OrganizationFilter, $after: String) { organizations(filter: $filter, first: 20, after: $after) { edges { node { ${ORGANIZATION} } } ${PAGE_INFO} } }`;
  const { list } = pagedList(view.querySelector('#queue'), async (after) => {
    const body = await gql(query, { filter: { verified: false, kinds }, after });
    return body.errors ? { error: errorText(body.errors[0]) } : { nodes: body.data.organizations.edges.map((e) => e.node), pageInfo: body.data.organizations.pageInfo };
  }, item, 'queueEmpty');
  list.addEventListener('click', async (event) => {
    const button = event.target.closest('button[data-act=verify]');
    if (!button) return;
    const card = button.closest('[data-organization]');
    button.disabled = true;
    const body = await gql(`mutation($id: ID!) { verifyOrganization(id: $id) { ${ORGANIZATION} } }`, { id: card.dataset.organization });
    if (body.errors) { showErrors(card, body.errors); button.disabled = false; return; }
    card.outerHTML = item(body.data.verifyOrganization);
  });
}

function dashboard(view) {
  view.innerHTML = `<h1>${esc(t('dashboardTitle'))}</h1><p>${esc(t('dashboardHelp'))}</p><p><a class="button" href="/dashboard">${esc(t('openDashboard'))}</a></p>`;
}

export const routes = {
  verification: { title: 'nav.verification', render: verification },
  dashboard: { title: 'nav.dashboard', render: dashboard },
};
export const home = 'verification';
