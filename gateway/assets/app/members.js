// An organization's people: its members (administrators change a member's role or remove
// them) and its invitations (administrators invite by email address with a role, see the
// pending ones and revoke them). Anyone signed in accepts an invitation with its code.
import { gql, PAGE_INFO } from './api.js';
import { t } from './i18n.js';
import { esc, dateTime } from './format.js';
import { field, select, showErrors, formError, values, onSubmit } from './forms.js';
import { pagedList } from './enterprise.js';
import { connection, badge, isAdmin } from './partnerships.js';

const ROLES = ['ORG_MEMBER', 'ORG_ADMIN'];
const MEMBERSHIP = 'id subject role createdAt';
const INVITATION = 'id email role status createdAt expiresAt';
const roleName = (role) => t(`pb.role.${role}`);

function memberItem(m, admin, self) {
  const controls = admin ? `<form class="member-role" novalidate><div class="row">${select(t('pb.role'), 'role', ROLES.map((r) => [r, roleName(r)]), m.role)}</div>
      <div class="actions"><button type="submit" class="secondary">${esc(t('pb.changeRole'))}</button>
      <button type="button" class="danger" data-act="remove">${esc(t(m.subject === self ? 'pb.leave' : 'pb.remove'))}</button></div></form>` : '';
  return `<li class="card" data-membership="${esc(m.id)}"><h3>${esc(m.subject)}${m.subject === self ? ` <span class="badge">${esc(t('pb.you'))}</span>` : ''}</h3>
    <div class="meta"><span>${esc(roleName(m.role))}</span><span>${esc(t('pb.memberSince'))} ${dateTime(m.createdAt)}</span></div>${formError()}${controls}</li>`;
}

function invitationItem(i) {
  return `<li class="card" data-invitation="${esc(i.id)}"><h3>${esc(i.email)} ${badge(i.status)}</h3>
    <div class="meta"><span>${esc(roleName(i.role))}</span><span>${esc(t('pb.invitedAt'))} ${dateTime(i.createdAt)}</span><span>${esc(t('pb.expiresAt'))} ${dateTime(i.expiresAt)}</span></div>
    ${formError()}${i.status === 'PENDING' ? `<div class="actions"><button type="button" class="danger" data-act="revoke">${esc(t('pb.revoke'))}</button></div>` : ''}</li>`;
}

/** The form that joins an organization with an invitation's code; on success the app starts again as a member. */
export function acceptForm() {
  return `<form class="card" id="accept-form" novalidate><h2>${esc(t('pb.acceptInvitationTitle'))}</h2><p class="muted">${esc(t('pb.acceptInvitationHelp'))}</p>${formError()}
    ${field(t('pb.invitationCode'), 'code', { required: true, attrs: 'autocomplete="off"' })}
    <div class="actions"><button type="submit">${esc(t('pb.join'))}</button></div></form>`;
}

export function wireAcceptForm(form) {
  onSubmit(form, async (v) => {
    const body = await gql('mutation($code: String!) { acceptInvitation(code: $code) { id organization { id name } } }', { code: v.code.trim() });
    if (body.errors) { showErrors(form, body.errors); return; }
    const joined = body.data.acceptInvitation.organization;
    // The new organization becomes the one acted for.
    if (joined) sessionStorage.setItem('hub.app.organization', joined.id);
    location.assign('/app');
  });
}

function members(view, { organization, viewer }) {
  const admin = isAdmin(viewer);
  view.innerHTML = `<h1>${esc(t('pb.membersTitle'))}</h1>
    <h2>${esc(t('pb.membersOf', { name: organization.name }))}</h2><div id="member-list"></div>
    ${admin ? `<form class="card" id="invite-form" novalidate><h2>${esc(t('pb.inviteTitle'))}</h2><p class="muted">${esc(t('pb.inviteHelp'))}</p>${formError()}
      <div class="row">${field(t('pb.email'), 'email', { type: 'email', required: true, attrs: 'autocomplete="off"' })}${select(t('pb.role'), 'role', ROLES.map((r) => [r, roleName(r)]))}</div>
      <div class="actions"><button type="submit">${esc(t('pb.invite'))}</button></div><div class="issued" role="status"></div></form>
      <h2>${esc(t('pb.pendingInvitations'))}</h2><div id="invitation-list"></div>` : ''}
    ${acceptForm()}`;
  const memberQuery = `query($id: ID!, $after: String) { members(organizationId: $id, first: 50, after: $after) { edges { node { ${MEMBERSHIP} } } ${PAGE_INFO} } }`;
  const memberList = pagedList(view.querySelector('#member-list'),
    async (after) => connection(await gql(memberQuery, { id: organization.id, after }), 'members'), (m) => memberItem(m, admin, viewer.subject), 'pb.noMembers').list;
  wireAcceptForm(view.querySelector('#accept-form'));
  if (!admin) return;
  const invitationQuery = `query($id: ID!, $after: String) { invitations(organizationId: $id, pending: true, first: 20, after: $after) { edges { node { ${INVITATION} } } ${PAGE_INFO} } }`;
  const invitations = pagedList(view.querySelector('#invitation-list'),
    async (after) => connection(await gql(invitationQuery, { id: organization.id, after }), 'invitations'), invitationItem, 'pb.noInvitations');
  const form = view.querySelector('#invite-form');
  onSubmit(form, async (v) => {
    const issued = form.querySelector('.issued');
    issued.innerHTML = '';
    const body = await gql(`mutation($id: ID!, $email: String!, $role: MembershipRole!) { inviteMember(organizationId: $id, email: $email, role: $role) { code invitation { ${INVITATION} } } }`,
      { id: organization.id, email: v.email.trim(), role: v.role });
    if (body.errors) { showErrors(form, body.errors); return; }
    const { code, invitation } = body.data.inviteMember;
    // The code is shown this once: the hub keeps only what checks it.
    issued.innerHTML = `<p class="ok">${esc(t('pb.invited', { email: invitation.email }))}</p>
      ${field(t('pb.codeToPass'), 'issuedCode', { value: code, hint: t('pb.codeOnce'), attrs: 'readonly' })}`;
    form.querySelector('[name=email]').value = '';
    invitations.list.insertAdjacentHTML('afterbegin', invitationItem(invitation));
    invitations.list.parentElement.querySelector('[data-state]').hidden = true;
  });
  invitations.list.addEventListener('click', async (event) => {
    const button = event.target.closest('button[data-act=revoke]');
    if (!button) return;
    const card = button.closest('[data-invitation]');
    button.disabled = true;
    const body = await gql(`mutation($id: ID!) { r: revokeInvitation(invitationId: $id) { ${INVITATION} } }`, { id: card.dataset.invitation });
    if (body.errors) { showErrors(card, body.errors); button.disabled = false; return; }
    card.outerHTML = invitationItem(body.data.r);
  });
  memberList.addEventListener('submit', async (event) => {
    event.preventDefault();
    const card = event.target.closest('[data-membership]');
    const body = await gql(`mutation($id: ID!, $role: MembershipRole!) { r: setMemberRole(membershipId: $id, role: $role) { ${MEMBERSHIP} } }`, { id: card.dataset.membership, role: values(event.target).role });
    if (body.errors) { showErrors(card, body.errors); return; }
    card.outerHTML = memberItem(body.data.r, admin, viewer.subject);
    memberList.querySelector(`[data-membership="${CSS.escape(body.data.r.id)}"] .meta`).insertAdjacentHTML('afterend', `<p class="ok" role="status">${esc(t('pb.roleChanged'))}</p>`);
  });
  memberList.addEventListener('click', async (event) => {
    const button = event.target.closest('button[data-act=remove]');
    if (!button) return;
    const card = button.closest('[data-membership]');
    // Removing asks once more: the first press only arms the button.
    if (!button.dataset.armed) { button.dataset.armed = '1'; button.textContent = t('pb.confirmRemove'); return; }
    button.disabled = true;
    const body = await gql('mutation($id: ID!) { r: removeMember(membershipId: $id) { id } }', { id: card.dataset.membership });
    if (body.errors) { showErrors(card, body.errors); button.disabled = false; return; }
    card.outerHTML = `<li class="card"><p class="ok" role="status">${esc(t('pb.removed'))}</p></li>`;
  });
}

export const route = { title: 'pb.nav.members', render: members };
