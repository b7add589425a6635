// Which of the screens for partnerships, reports, workshops and members each organization
// has, by its kind (a department's by its remit); the shell adds them to the persona's own.
import { routes as partnerships } from './partnerships.js';
import { schoolRoutes, collegeRoutes, officerRoutes } from './reports.js';
import { routes as workshops } from './workshops.js';
import { route as members } from './members.js';

const SCHOOLS = new Set(['LOWER_SECONDARY_SCHOOL', 'UPPER_SECONDARY_SCHOOL', 'MULTI_LEVEL_SCHOOL']);
const COLLEGES = new Set(['VOCATIONAL_CENTRE', 'INTERMEDIATE_SCHOOL', 'COLLEGE', 'UNIVERSITY']);

/** The extra screens of `organization`, in navigation order, and whether `members` comes last. */
export function sectionsOf(organization) {
  const kind = organization.kind;
  if (kind === 'DEPARTMENT') return organization.remit === 'EDUCATION_AND_TRAINING' ? { ...officerRoutes } : {};
  // Universities answer to the Ministry, not with a yearly report to the city.
  const reports = SCHOOLS.has(kind) ? schoolRoutes : COLLEGES.has(kind) && kind !== 'UNIVERSITY' ? collegeRoutes : {};
  return { ...(COLLEGES.has(kind) ? workshops : {}), ...partnerships, ...reports };
}

export { members };
