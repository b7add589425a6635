// A college's or centre's screens: the bookings of its workshops waiting for a decision
// (confirm or decline, live as schools book), and every coming booking it hosts (cancel one).
import { gql } from './api.js';
import { t } from './i18n.js';
import { esc, instant, today } from './format.js';
import { field, showErrors, values } from './forms.js';
import { liveBookings, calendarFeed, BOOKING, cancelAction, cancelOnPress } from './school.js';

function decideActions(b) {
  if (b.status !== 'PENDING') return '';
  return `<form class="decide" novalidate>${field(t('decisionNote'), 'note')}
    <div class="actions"><button type="submit" name="decision" value="CONFIRM">${esc(t('confirm'))}</button>
    <button type="submit" class="danger" name="decision" value="DECLINE">${esc(t('decline'))}</button></div></form>`;
}

function requests(view, { organization }) {
  const { paged, stop } = liveBookings(view, organization, () => ({ hostId: organization.id, status: 'PENDING' }), 'bookingRequestsTitle', decideActions);
  paged.list.addEventListener('submit', async (event) => {
    event.preventDefault();
    const card = event.target.closest('[data-booking]');
    const decision = event.submitter ? event.submitter.value : 'CONFIRM';
    const note = values(event.target).note.trim() || null;
    const body = await gql(`mutation($id: ID!, $decision: BookingDecision!, $note: String) { decideBooking(id: $id, decision: $decision, note: $note) { ${BOOKING} } }`,
      { id: card.dataset.booking, decision, note });
    if (body.errors) { showErrors(card, body.errors); return; }
    card.querySelector('form.decide').outerHTML = `<p class="ok" role="status">${esc(t(decision === 'CONFIRM' ? 'confirmedDone' : 'declinedDone'))}</p>`;
    const badge = card.querySelector('.badge');
    badge.className = `badge status-${body.data.decideBooking.status}`;
    badge.textContent = t(`status.${body.data.decideBooking.status}`);
  });
  return stop;
}

function hosted(view, { organization, viewer }) {
  const from = instant(today(), '00:00');
  // A session the host cancels (before a closure over it, say) tells the school.
  const { paged, stop } = liveBookings(view, organization, () => ({ hostId: organization.id, from }), 'hostedBookingsTitle', cancelAction);
  cancelOnPress(paged.list, cancelAction);
  view.insertAdjacentHTML('beforeend', '<div id="calendar-feed"></div>');
  calendarFeed(view.querySelector('#calendar-feed'), organization, viewer);
  return stop;
}

export const routes = {
  requests: { title: 'nav.bookingRequests', render: requests },
  calendar: { title: 'nav.hostedBookings', render: hosted },
};
export const home = 'requests';
