'use strict';
const TEXT = {
  vi: {
    title: 'Bảng theo dõi hướng nghiệp Hải Phòng', year: 'Năm', signOut: 'Đăng xuất',
    signInTitle: 'Đăng nhập', signIn: 'Đăng nhập',
    signInHelp: 'Cán bộ Sở đăng nhập bằng tài khoản của hệ thống xác thực thành phố.',
    indicators: 'Chỉ tiêu của Kế hoạch: đạt được so với mục tiêu', byArea: 'Tham gia theo địa bàn',
    bySector: 'Tham gia theo ngành (VSIC)', ranking: 'Doanh nghiệp xếp theo mức độ tham gia',
    outstanding: 'Trường chưa nộp báo cáo năm', live: 'Tin thực tập mới đăng', loading: 'Đang tải…',
    connecting: 'Đang kết nối…', connected: 'Trực tiếp', disconnected: 'Mất kết nối, đang thử lại…',
    liveEmpty: 'Tin mới sẽ hiện ở đây ngay khi được đăng.',
    area: 'Địa bàn', sector: 'Ngành', enterprise: 'Doanh nghiệp', orgs: 'Tổ chức tham gia', offers: 'Tin',
    seats: 'Chỗ', placements: 'Hoàn thành TT', equipment: 'Thiết bị (VND)', bookings: 'Đặt xưởng',
    partnerships: 'Hợp tác', engagements: 'Hoạt động', students: 'Học sinh', activities: 'Mức tham gia',
    total: 'Tổng cộng', unknownArea: 'Chưa rõ địa bàn', unknownSector: 'Chưa rõ ngành',
    achieved: 'Đạt', target: 'Mục tiêu', gap: 'Còn thiếu', met: 'Đã đạt', noTarget: 'chưa có mục tiêu',
    noData: 'Chưa có số liệu', none: 'Không có', allSubmitted: 'Mọi trường đã nộp báo cáo năm nay.',
    officersOnly: 'Chỉ cán bộ Sở xem được báo cáo toàn thành phố.',
    badToken: 'Phiên đăng nhập đã hết hạn; vui lòng đăng nhập lại.', failed: 'Không tải được',
    notTracked: 'chưa theo dõi', seatsLeft: 'chỗ', deadline: 'hạn nộp', stipend: 'phụ cấp',
    unavailable: 'Máy chủ này chưa cung cấp dữ liệu này.',
    unverifiedLeftOut: 'tổ chức chưa được xác minh có hoạt động không được tính vào số liệu.',
    events: 'Sự kiện HN', schools: 'Trường đăng ký học sinh dự sự kiện hướng nghiệp', school: 'Trường',
    eventsJoined: 'Sự kiện', registered: 'Học sinh đăng ký', noSchools: 'Chưa trường nào đăng ký học sinh cho sự kiện đã diễn ra.',
    admissions: 'Theo tuyển sinh của các cơ sở GDNN', enrolled: 'học sinh tốt nghiệp THCS nhập học',
    programmes: 'chương trình báo cáo', admissionsGap: 'Chênh lệch so với báo cáo của trường',
    points: 'điểm %', pupils: 'học sinh',
  },
  en: {
    title: 'Hải Phòng career-education dashboard', year: 'Year', signOut: 'Sign out',
    signInTitle: 'Sign in', signIn: 'Sign in',
    signInHelp: 'Department officers sign in with their account at the city\'s identity provider.',
    indicators: 'The plan\'s indicators: achieved against target', byArea: 'Participation by area',
    bySector: 'Participation by sector (VSIC)', ranking: 'Enterprises ranked by participation',
    outstanding: 'Schools without this year\'s annual report', live: 'Newly published internship offers',
    loading: 'Loading…', connecting: 'Connecting…', connected: 'Live', disconnected: 'Disconnected, retrying…',
    liveEmpty: 'New offers appear here as soon as they are published.',
    area: 'Area', sector: 'Sector', enterprise: 'Enterprise', orgs: 'Organizations taking part', offers: 'Offers',
    seats: 'Seats', placements: 'Placements done', equipment: 'Equipment (VND)', bookings: 'Bookings',
    partnerships: 'Partnerships', engagements: 'Engagements', students: 'Students', activities: 'Activities',
    total: 'Total', unknownArea: 'Unknown area', unknownSector: 'Unknown sector',
    achieved: 'Achieved', target: 'Target', gap: 'Gap', met: 'Met', noTarget: 'no target',
    noData: 'No data yet', none: 'None', allSubmitted: 'Every school has submitted this year\'s report.',
    officersOnly: 'Only department officers see city-wide reports.',
    badToken: 'Your session has ended; please sign in again.', failed: 'Could not load',
    notTracked: 'not tracked', seatsLeft: 'seats', deadline: 'deadline', stipend: 'stipend',
    unverifiedLeftOut: 'unverified organizations that took part are left out of these figures.',
    unavailable: 'This hub does not provide this data yet.',
    events: 'Career events', schools: 'Schools registering students for career events', school: 'School',
    eventsJoined: 'Events', registered: 'Students registered', noSchools: 'No school has registered students for an event held yet.',
    admissions: 'According to the vocational institutions\' admissions', enrolled: 'lower-secondary graduates enrolled',
    programmes: 'programmes reporting', admissionsGap: 'Gap to the schools\' reports',
    points: 'points', pupils: 'pupils',
  },
};
// Signed in means the hub holds a session for this browser (an HttpOnly cookie the script
// cannot read); the page asks /auth/session and never sees a token.
let signedIn = false;
const LANG_KEY = 'hub.dashboard.lang';
let lang = sessionStorage.getItem(LANG_KEY) || 'vi';
const t = (key) => (TEXT[lang] && TEXT[lang][key]) || TEXT.vi[key] || key;
const $ = (id) => document.getElementById(id);
const esc = (s) => String(s == null ? '' : s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
const locale = () => (lang === 'vi' ? 'vi-VN' : 'en-GB');
const num = (n) => (n == null ? '–' : new Intl.NumberFormat(locale(), { maximumFractionDigits: 0 }).format(n));
const vnd = (n) => (n == null ? t('notTracked') : num(n) + ' ₫');
const pct = (n) => (n == null ? '–' : new Intl.NumberFormat(locale(), { maximumFractionDigits: 1 }).format(n));
// Dates shown to people are dd/MM/yyyy in Hải Phòng's time zone.
function day(iso) {
  if (!iso) return '';
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) { const [y, m, d] = iso.split('-'); return `${d}/${m}/${y}`; }
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false }).formatToParts(new Date(iso));
  const p = Object.fromEntries(parts.map((x) => [x.type, x.value]));
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`;
}

async function gql(query, variables) {
  // The custom header is the hub's CSRF defence for cookie-authenticated POSTs.
  const response = await fetch('/graphql', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', 'X-Hub-Csrf': '1' },
    body: JSON.stringify({ query, variables }),
  });
  if (response.status === 401) { signOut(t('badToken')); throw new Error('UNAUTHENTICATED'); }
  return response.json();
}

function errorText(body) {
  const code = body && body.errors && body.errors[0] && body.errors[0].extensions && body.errors[0].extensions.code;
  if (code === 'FORBIDDEN') return t('officersOnly');
  if (code === 'GRAPHQL_VALIDATION_FAILED') return t('unavailable');
  return `${t('failed')} (${esc(code || 'ERROR')})`;
}

const FIGURES = 'offers seats placementsCompleted equipmentDonatedValue equipmentLentValue bookingsHosted activePartnerships engagements studentsReached careerEventsHosted careerEventStudents activities';
const PARTICIPATION = `query Participation($period: ParticipationPeriod) {
  byArea: participationSummary(period: $period, groupBy: AREA) {
    groups { area { name } organizations participating figures { ${FIGURES} } }
    total { organizations participating figures { ${FIGURES} } } unverifiedLeftOut }
  bySector: participationSummary(period: $period, groupBy: SECTOR) {
    groups { sector { code nameVi nameEn } organizations participating figures { ${FIGURES} } } }
}`;
const RANKING = `query Ranking($period: ParticipationPeriod) {
  enterpriseParticipation(filter: { period: $period, participatingOnly: true }, first: 15, orderBy: ACTIVITIES) {
    edges { node { organization { name } area { name } sector { code } figures { ${FIGURES} } } } }
}`;
const SCHOOLS = `query Schools($period: ParticipationPeriod) {
  schoolCareerEventRegistrations(period: $period) { organization { name } area { name } events studentsRegistered }
}`;
const PLAN = `query Plan { indicators { code nameVi nameEn unit direction } }`;
const OUTSTANDING = `query Outstanding($year: Int!) { annualReportsOutstanding(year: $year) { name area { name } } }`;

function bar(value, max, marker) {
  const width = max > 0 ? Math.min(100, (100 * value) / max) : 0;
  const mark = marker == null || !(max > 0) ? '' : `<i style="left:${Math.min(100, (100 * marker) / max)}%"></i>`;
  return `<div class="bar"><span style="width:${width}%"></span>${mark}</div>`;
}

function equipment(f) {
  if (f.equipmentDonatedValue == null && f.equipmentLentValue == null) return t('notTracked');
  return num((f.equipmentDonatedValue || 0) + (f.equipmentLentValue || 0));
}

function groupTable(groups, label, total) {
  const max = Math.max(1, ...groups.map((g) => g.figures.activities));
  const rows = groups.map((g) => `<tr><td>${label(g)}</td><td>${bar(g.figures.activities, max)}</td>
    <td>${num(g.participating)}/${num(g.organizations)}</td><td>${num(g.figures.offers)}</td><td>${num(g.figures.seats)}</td>
    <td class="hide-narrow">${num(g.figures.placementsCompleted)}</td><td class="hide-narrow">${num(g.figures.activePartnerships)}</td>
    <td class="hide-narrow">${num(g.figures.engagements)}</td><td class="hide-narrow">${num(g.figures.careerEventsHosted)}</td><td>${num(g.figures.studentsReached)}</td></tr>`).join('');
  const foot = total ? `<tr><th>${t('total')}</th><th>${num(total.figures.activities)}</th><th>${num(total.participating)}/${num(total.organizations)}</th>
    <th>${num(total.figures.offers)}</th><th>${num(total.figures.seats)}</th><th class="hide-narrow">${num(total.figures.placementsCompleted)}</th>
    <th class="hide-narrow">${num(total.figures.activePartnerships)}</th><th class="hide-narrow">${num(total.figures.engagements)}</th>
    <th class="hide-narrow">${num(total.figures.careerEventsHosted)}</th><th>${num(total.figures.studentsReached)}</th></tr>` : '';
  return `<table><thead><tr><th></th><th>${t('activities')}</th><th>${t('orgs')}</th><th>${t('offers')}</th><th>${t('seats')}</th>
    <th class="hide-narrow">${t('placements')}</th><th class="hide-narrow">${t('partnerships')}</th><th class="hide-narrow">${t('engagements')}</th>
    <th class="hide-narrow">${t('events')}</th><th>${t('students')}</th></tr></thead><tbody>${rows}</tbody><tfoot>${foot}</tfoot></table>`;
}

async function loadParticipation(period) {
  const body = await gql(PARTICIPATION, { period });
  if (body.errors) { $('by-area').innerHTML = $('by-sector').innerHTML = `<span class="error">${errorText(body)}</span>`; return; }
  $('by-area').classList.remove('muted'); $('by-sector').classList.remove('muted');
  const leftOut = body.data.byArea.unverifiedLeftOut;
  const note = leftOut > 0 ? `<p class="muted" id="unverified-left-out">${num(leftOut)} ${t('unverifiedLeftOut')}</p>` : '';
  $('by-area').innerHTML = groupTable(body.data.byArea.groups, (g) => esc(g.area ? g.area.name : t('unknownArea')), body.data.byArea.total) + note;
  $('by-sector').innerHTML = groupTable(body.data.bySector.groups,
    (g) => (g.sector ? `<b>${esc(g.sector.code)}</b> ${esc(lang === 'vi' ? g.sector.nameVi : g.sector.nameEn)}` : esc(t('unknownSector'))), null);
}

async function loadRanking(period) {
  const body = await gql(RANKING, { period });
  if (body.errors) { $('ranking').innerHTML = `<span class="error">${errorText(body)}</span>`; return; }
  const nodes = body.data.enterpriseParticipation.edges.map((e) => e.node);
  $('ranking').classList.remove('muted');
  if (!nodes.length) { $('ranking').innerHTML = `<p class="muted">${t('noData')}</p>`; return; }
  const max = Math.max(1, ...nodes.map((n) => n.figures.activities));
  $('ranking').innerHTML = `<table><thead><tr><th>${t('enterprise')}</th><th>${t('activities')}</th><th class="hide-narrow">${t('area')}</th>
    <th>${t('offers')}</th><th>${t('seats')}</th><th class="hide-narrow">${t('placements')}</th><th class="hide-narrow">${t('equipment')}</th>
    <th class="hide-narrow">${t('partnerships')}</th><th>${t('engagements')}</th><th class="hide-narrow">${t('events')}</th><th>${t('students')}</th></tr></thead><tbody>` +
    nodes.map((n, i) => `<tr><td>${i + 1}. ${esc(n.organization.name)}</td><td>${bar(n.figures.activities, max)} ${num(n.figures.activities)}</td>
      <td class="hide-narrow">${esc(n.area ? n.area.name : '')}</td><td>${num(n.figures.offers)}</td><td>${num(n.figures.seats)}</td>
      <td class="hide-narrow">${num(n.figures.placementsCompleted)}</td><td class="hide-narrow">${equipment(n.figures)}</td>
      <td class="hide-narrow">${num(n.figures.activePartnerships)}</td><td>${num(n.figures.engagements)}</td><td class="hide-narrow">${num(n.figures.careerEventsHosted)}</td><td>${num(n.figures.studentsReached)}</td></tr>`).join('') +
    '</tbody></table>';
}

async function loadSchools(period) {
  const body = await gql(SCHOOLS, { period });
  if (body.errors) { $('schools').innerHTML = `<span class="error">${errorText(body)}</span>`; return; }
  const rows = body.data.schoolCareerEventRegistrations;
  $('schools').classList.remove('muted');
  if (rows == null) { $('schools').innerHTML = `<p class="muted">${t('unavailable')}</p>`; return; }
  if (!rows.length) { $('schools').innerHTML = `<p class="muted">${t('noSchools')}</p>`; return; }
  const total = rows.reduce((sum, r) => sum + r.studentsRegistered, 0);
  $('schools').innerHTML = `<table><thead><tr><th>${t('school')}</th><th class="hide-narrow">${t('area')}</th><th>${t('eventsJoined')}</th><th>${t('registered')}</th></tr></thead><tbody>` +
    rows.map((r) => `<tr><td>${esc(r.organization.name)}</td><td class="hide-narrow">${esc(r.area ? r.area.name : '')}</td><td>${num(r.events)}</td><td>${num(r.studentsRegistered)}</td></tr>`).join('') +
    `</tbody><tfoot><tr><th>${t('total')}</th><th class="hide-narrow"></th><th></th><th>${num(total)}</th></tr></tfoot></table>`;
}

// The schools' measure of an indicator beside the vocational institutions' admissions, where
// the hub has both (lower-secondary graduates continuing into vocational training).
function admissionsLine(a, unit) {
  if (!a) return '';
  const gap = a.gap == null ? '' : ` · ${t('admissionsGap')} <span class="${Math.abs(a.gap) >= 0.05 ? 'gap-behind' : 'gap-met'}">${a.gap > 0 ? '+' : ''}${pct(a.gap)} ${t('points')} (${a.studentGap > 0 ? '+' : ''}${num(a.studentGap)} ${t('pupils')})</span>`;
  return `<div class="nums admissions">${t('admissions')}: ${a.share == null ? '' : `${pct(a.share)}${unit} · `}${num(a.enrolledLowerSecondary)} ${t('enrolled')} (${num(a.programmesReporting)} ${t('programmes')})${gap}</div>`;
}

async function loadIndicators(year) {
  const plan = await gql(PLAN, { year });
  if (plan.errors) { $('indicators').innerHTML = `<span class="error">${errorText(plan)}</span>`; return; }
  const indicators = plan.data.indicators;
  if (!indicators.length) { $('indicators').textContent = t('noData'); return; }
  // One request for every indicator's progress, with an alias each.
  const fields = indicators.map((ind, i) => `p${i}: indicatorProgress(indicator: ${JSON.stringify(ind.code)}, year: $year) { achieved target gap targetSource admissions { enrolledLowerSecondary programmesReporting share gap studentGap } }`).join('\n');
  const progress = await gql(`query Progress($year: Int!) { ${fields} }`, { year });
  if (progress.errors && !progress.data) { $('indicators').innerHTML = `<span class="error">${errorText(progress)}</span>`; return; }
  $('indicators').classList.remove('muted');
  $('indicators').innerHTML = indicators.map((ind, i) => {
    const p = (progress.data && progress.data[`p${i}`]) || {};
    const percent = /%|percent|phần trăm/i.test(ind.unit || '');
    const max = percent ? 100 : Math.max(p.achieved || 0, p.target || 0, 1);
    const unit = percent ? '%' : ` ${esc(ind.unit || '')}`;
    const behind = p.gap != null && p.gap > 0;
    const gap = p.target == null ? t('noTarget') : behind
      ? `<span class="gap-behind">${t('gap')} ${pct(p.gap)}${unit}</span>` : `<span class="gap-met">${t('met')}</span>`;
    return `<div class="indicator"><div class="name">${esc(lang === 'vi' ? ind.nameVi : ind.nameEn)}</div>
      ${bar(p.achieved || 0, max, p.target)}
      <div class="nums">${t('achieved')} ${p.achieved == null ? t('noData') : pct(p.achieved) + unit} · ${t('target')} ${p.target == null ? '–' : pct(p.target) + unit} · ${gap}</div>
      ${p.admissions ? bar(p.admissions.share || 0, max, p.target) : ''}${admissionsLine(p.admissions, unit)}</div>`;
  }).join('');
}

async function loadOutstanding(year) {
  const body = await gql(OUTSTANDING, { year });
  if (body.errors) { $('outstanding').innerHTML = `<span class="error">${errorText(body)}</span>`; return; }
  const schools = body.data.annualReportsOutstanding;
  $('outstanding').classList.remove('muted');
  $('outstanding').innerHTML = schools.length
    ? `<ul>${schools.map((s) => `<li>${esc(s.name)}${s.area ? ` <span class="muted">· ${esc(s.area.name)}</span>` : ''}</li>`).join('')}</ul>`
    : `<p class="muted">${t('allSubmitted')}</p>`;
}

// The live list: graphql-transport-ws on /graphql/ws; the browser sends the session cookie
// with the upgrade, and the hub accepts it from its own origin only. On a drop it reconnects and resumes after the last
// cursor it saw, so no offer published meanwhile is missed.
let socket = null;
let lastCursor = null;
let retry = null;
const OFFER_FIELDS = 'cursor offer { id title seats sector startDate applicationDeadline stipendVnd publishedAt enterprise { name } area { name } }';

function liveStatus(key, on) { $('live-status').textContent = t(key); $('live-status').dataset.state = key; $('live-dot').className = on ? 'dot on' : 'dot'; }

function addOffer(event) {
  lastCursor = event.cursor;
  const o = event.offer;
  const li = document.createElement('li');
  li.className = 'new';
  li.dataset.offerId = o.id;
  li.innerHTML = `<b>${esc(o.title)}</b><br><span class="muted">${esc(o.enterprise ? o.enterprise.name : '')} · ${esc(o.area ? o.area.name : '')}</span><br>
    <span class="muted">${num(o.seats)} ${t('seatsLeft')} · ${t('deadline')} ${day(o.applicationDeadline)}${o.stipendVnd != null ? ` · ${t('stipend')} ${vnd(o.stipendVnd)}` : ''} · ${day(o.publishedAt)}</span>`;
  $('live-offers').prepend(li);
  $('live-empty').hidden = true;
}

function connectLive() {
  if (!signedIn) return;
  const url = new URL('/graphql/ws', window.location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  socket = new WebSocket(url, 'graphql-transport-ws');
  liveStatus('connecting', false);
  socket.onopen = () => socket.send(JSON.stringify({ type: 'connection_init', payload: {} }));
  socket.onmessage = (message) => {
    const msg = JSON.parse(message.data);
    if (msg.type === 'connection_ack') {
      const query = `subscription Live($after: String) { internshipOfferPublished(after: $after) { ${OFFER_FIELDS} } }`;
      socket.send(JSON.stringify({ id: 'offers', type: 'subscribe', payload: { query, variables: { after: lastCursor } } }));
      liveStatus('connected', true);
    } else if (msg.type === 'ping') {
      socket.send(JSON.stringify({ type: 'pong' }));
    } else if (msg.type === 'next' && msg.payload && msg.payload.data) {
      addOffer(msg.payload.data.internshipOfferPublished);
    }
  };
  socket.onclose = (event) => {
    liveStatus('disconnected', false);
    if (event.code === 4403) { signOut(t('badToken')); return; }
    if (signedIn) retry = setTimeout(connectLive, 2000);
  };
}

function period() { return { year: Number($('year').value) }; }

function refresh() {
  const year = Number($('year').value);
  for (const id of ['indicators', 'by-area', 'by-sector', 'ranking', 'schools', 'outstanding']) { $(id).classList.add('muted'); $(id).textContent = t('loading'); }
  loadIndicators(year).catch(() => {});
  loadParticipation(period()).catch(() => {});
  loadRanking(period()).catch(() => {});
  loadSchools(period()).catch(() => {});
  loadOutstanding(year).catch(() => {});
}

async function downloadCsv(groupBy) {
  const response = await fetch(`/reports/participation.csv?year=${$('year').value}&groupBy=${groupBy}`, { credentials: 'same-origin' });
  if (!response.ok) { alert(errorText(await response.json())); return; }
  const link = document.createElement('a');
  link.href = URL.createObjectURL(await response.blob());
  link.download = `participation-${$('year').value}-${groupBy.toLowerCase()}.csv`;
  link.click();
}

function translate() {
  document.documentElement.lang = lang;
  document.title = t('title');
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  if ($('live-status').dataset.state) liveStatus($('live-status').dataset.state, $('live-dot').classList.contains('on'));
}

function signOut(message) {
  signedIn = false;
  clearTimeout(retry);
  if (socket) { socket.onclose = null; socket.close(); socket = null; }
  show();
  $('signin-error').textContent = message || '';
}

function show() {
  $('signin').hidden = signedIn;
  $('dashboard').hidden = !signedIn;
  $('signout').hidden = !signedIn;
  if (signedIn) { refresh(); if (!socket) connectLive(); }
}

const thisYear = Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric' }).format(new Date()));
for (let y = thisYear; y >= thisYear - 6; y--) $('year').add(new Option(String(y), String(y)));
$('lang').value = lang;
$('lang').onchange = () => { lang = $('lang').value; sessionStorage.setItem(LANG_KEY, lang); translate(); if (signedIn) refresh(); };
$('year').onchange = refresh;
async function start() {
  try {
    const session = await (await fetch('/auth/session', { credentials: 'same-origin' })).json();
    signedIn = !!session.signedIn;
  } catch (_) { signedIn = false; }
  show();
}
for (const button of document.querySelectorAll('[data-csv]')) button.onclick = () => downloadCsv(button.dataset.csv);
translate();
start();
