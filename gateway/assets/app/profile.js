// The acting organization's profile: what others see of it, and (for its administrators) the
// form to change it. Changing an enterprise's tax code withdraws its verification until an
// officer checks again, so the field's hint says so.
import { gql } from './api.js';
import { t } from './i18n.js';
import { esc, dateTime } from './format.js';
import { field, select, showErrors, formError, onSubmit } from './forms.js';
import { areas } from './enterprise.js';

const ORGANIZATION = 'id kind name address website taxCode industryCode verified verifiedAt area { id name }';
const BUSINESS = new Set(['ENTERPRISE', 'BUSINESS_ASSOCIATION']);

function summary(o) {
  return `<dl class="facts"><dt>${esc(t('organizationKind'))}</dt><dd>${esc(t(`kind.${o.kind}`))}</dd>
    <dt>${esc(t('verification'))}</dt><dd>${o.verified
      ? `<span class="badge status-verified">${esc(t('verifiedOn', { at: dateTime(o.verifiedAt) }))}</span>`
      : `<span class="badge status-PENDING">${esc(t('notVerifiedYet'))}</span>`}</dd></dl>`;
}

async function profile(view, { organization, viewer }) {
  view.innerHTML = `<h1>${esc(t('profileTitle'))}</h1><p class="muted">${esc(t('loading'))}</p>`;
  const [body, areaList] = await Promise.all([gql(`query($id: ID!) { organization(id: $id) { ${ORGANIZATION} } }`, { id: organization.id }), areas()]);
  const o = body.data && body.data.organization;
  if (!o) { view.innerHTML = `<h1>${esc(t('profileTitle'))}</h1><p class="card error" role="alert">${esc(t('error.NOT_FOUND'))}</p>`; return; }
  const admin = viewer.roles.includes('ORG_ADMIN');
  const business = BUSINESS.has(o.kind);
  const readOnly = admin ? '' : 'readonly';
  view.innerHTML = `<h1>${esc(t('profileTitle'))}</h1><section class="card">${summary(o)}</section>
    <form class="card" id="profile-form" novalidate>${formError()}
      ${admin ? '' : `<p class="muted">${esc(t('profileAdminOnly'))}</p>`}
      ${field(t('organizationName'), 'name', { value: o.name, required: true, attrs: readOnly })}
      ${admin ? select(t('area'), 'areaId', [['', t('chooseArea')], ...areaList], o.area ? o.area.id : '') : field(t('area'), 'areaName', { value: o.area ? o.area.name : '', attrs: 'readonly' })}
      ${field(t('address'), 'address', { value: o.address || '', attrs: readOnly })}
      ${field(t('website'), 'website', { type: 'url', value: o.website || '', attrs: `${readOnly} placeholder="https://"` })}
      ${business ? `<div class="row">${field(t('taxCode'), 'taxCode', { value: o.taxCode || '', hint: t('taxCodeHint'), attrs: `${readOnly} inputmode="numeric"` })}
        ${field(t('industryCode'), 'industryCode', { value: o.industryCode || '', hint: t('sectorHint'), attrs: `${readOnly} inputmode="numeric"` })}</div>` : ''}
      ${admin ? `<div class="actions"><button type="submit">${esc(t('saveProfile'))}</button></div><p class="ok" role="status"></p>` : ''}
    </form>`;
  if (!admin) return;
  const form = view.querySelector('#profile-form');
  onSubmit(form, async (v, status) => {
    const input = { name: v.name.trim(), address: v.address.trim(), website: v.website.trim() || null };
    if (v.areaId) input.areaId = v.areaId;
    if (business) {
      // Only a changed tax code is sent: sending the same one again must not cost the verification.
      if (v.taxCode.trim() !== (o.taxCode || '')) input.taxCode = v.taxCode.trim();
      input.industryCode = v.industryCode.trim() || null;
    }
    const saved = await gql(`mutation($id: ID!, $input: UpdateOrganizationInput!) { updateOrganization(id: $id, input: $input) { ${ORGANIZATION} } }`, { id: o.id, input });
    if (saved.errors) { showErrors(form, saved.errors); return; }
    Object.assign(o, saved.data.updateOrganization);
    view.querySelector('section.card').innerHTML = summary(o);
    status.textContent = t('profileSaved');
    // The header shows the organization's name.
    window.dispatchEvent(new CustomEvent('hub:organization-changed'));
  });
}

export const route = { title: 'nav.profile', render: profile };
