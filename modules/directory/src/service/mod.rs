//! The directory's service layer: every read and write of organizations, areas, memberships
//! and invitations goes through here, and so does every authorization decision about them.
//! Organizations and areas are here; `members` manages memberships, `invitations` the
//! invitations that create them.

mod invitations;
mod members;

pub use invitations::{InvitationQuery, IssuedInvitation};

use hub_common::msg;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use chrono::{NaiveDate, Utc};
use hub_common::batching::{any_of, statement_for_ids};
use hub_common::error::on_unique_violation;
use hub_common::events::EventFeed;
use hub_common::pagination::PageRequest;
use hub_common::projection::Projection;
use hub_common::read_pool::ReadPool;
use hub_common::text::{contains_pattern, fold_for_search, optional_text, required_text};
use hub_common::write::begin_write;
use hub_common::{HubError, HubResult, Principal, Remit, Role};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection,
    EntityTrait, IdenStatic, JoinType, QueryFilter, QueryOrder, QuerySelect, QueryTrait, RelationDef,
};
use uuid::Uuid;

use crate::entity::{area, membership, organization};
use crate::kinds::{AreaLevel, MembershipRole, OrganizationKind};

const MAX_NAME_CHARS: usize = 200;
const MAX_ADDRESS_CHARS: usize = 300;
const MAX_WEBSITE_CHARS: usize = 200;
const MAX_SEARCH_CHARS: usize = 100;

/// The key organizations are listed by: the folded name (so "Điện" sorts with "Dien", as
/// Vietnamese readers expect, not after "Z"), then id to break ties.
pub type OrganizationCursor = (String, Uuid);

/// The key the verification queue is listed by: registration time, then id.
pub type VerificationCursor = (chrono::DateTime<Utc>, Uuid);

#[derive(Debug, Default, Clone)]
pub struct OrganizationQuery {
    pub kinds: Vec<OrganizationKind>,
    /// Matches organizations in this area or any area below it.
    pub area_id: Option<Uuid>,
    pub verified: Option<bool>,
    pub text: Option<String>,
}

#[derive(Debug, Default, Clone)]
pub struct AreaQuery {
    pub level: Option<AreaLevel>,
    pub parent_id: Option<Uuid>,
    /// Only areas that exist on this day; `None` means every area, historic ones included.
    pub valid_on: Option<NaiveDate>,
}

#[derive(Debug, Clone)]
pub struct NewOrganization {
    pub kind: OrganizationKind,
    pub name: String,
    pub area_id: Uuid,
    pub address: Option<String>,
    pub website: Option<String>,
    pub tax_code: Option<String>,
    pub industry_code: Option<String>,
    /// What a department is responsible for: required for a department, refused otherwise.
    pub remit: Option<Remit>,
}

/// A partial update: `None` leaves a field as it is, `Some(None)` clears an optional one.
#[derive(Debug, Default, Clone)]
pub struct OrganizationChanges {
    pub name: Option<String>,
    pub area_id: Option<Uuid>,
    pub address: Option<Option<String>>,
    pub website: Option<Option<String>>,
    pub tax_code: Option<Option<String>>,
    pub industry_code: Option<Option<String>>,
}

/// Whom a caller may act for in list queries (`Directory::reach`).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Reach {
    pub officer: bool,
    pub organizations: Vec<Uuid>,
}

/// Handle on the directory; cheap to clone (the connection is a pool).
#[derive(Clone)]
pub struct Directory {
    db: DatabaseConnection,
    /// For the batched reads, which run outside transactions.
    reads: ReadPool,
    /// Membership changes are announced through the outbox; the relay is woken after commit.
    events: EventFeed,
}

impl Directory {
    pub fn new(db: DatabaseConnection, events: EventFeed) -> Self {
        Self { reads: ReadPool::pooled(db.clone()), db, events }
    }

    /// Runs the batched reads over `reads` (`hub_common::read_pool`).
    pub fn with_reads(mut self, reads: ReadPool) -> Self {
        self.reads = reads;
        self
    }

    pub async fn organization(&self, id: Uuid) -> HubResult<Option<organization::Model>> {
        Ok(organization::Entity::find_by_id(id).one(&self.db).await?)
    }

    pub async fn organizations_by_ids(&self, ids: &[Uuid]) -> HubResult<HashMap<Uuid, organization::Model>> {
        let rows = organization::Entity::find()
            .filter(any_of(self.reads.get_database_backend(), organization::Column::Id, ids))
            .all(&self.reads)
            .await?;
        Ok(rows.into_iter().map(|row| (row.id, row)).collect())
    }

    /// Organizations by id, each with its area (when it exists) unless `areas` is `None`, in
    /// one statement, reading only the projections' columns, each of which holds its table's
    /// id (for the compiled plans; see `hub_common::projection`).
    pub(crate) async fn projected_organizations_by_ids(
        &self,
        ids: &[Uuid],
        organizations: &Projection<organization::Column>,
        areas: Option<&Projection<area::Column>>,
        text: &OnceLock<String>,
    ) -> HubResult<HashMap<Uuid, (organization::Model, Option<area::Model>)>> {
        let backend = self.reads.get_database_backend();
        let statement = statement_for_ids(backend, text, ids, || {
            // Named as sea-orm names the two sides of `select_also`, for whoever reads the
            // statement; read by position.
            let mut select = organization::Entity::find().select_only();
            for column in organizations.columns() {
                select = select.column_as(*column, format!("A_{}", column.as_str()));
            }
            if let Some(areas) = areas {
                for column in areas.columns() {
                    select = select.column_as(*column, format!("B_{}", column.as_str()));
                }
                select = select.join(JoinType::LeftJoin, organization_area());
            }
            backend.build(select.filter(any_of(backend, organization::Column::Id, ids)).as_query())
        });
        let rows = self.reads.query_all_raw(statement).await?;
        let mut found = HashMap::with_capacity(rows.len());
        let areas_first = organizations.columns().len();
        for row in &rows {
            let organization = organization::Model::from_projected(&organizations.row(row, 0))?;
            let area = match areas.map(|areas| areas.row(row, areas_first)) {
                // An organization whose area row is gone (the join found none) has no area.
                Some(area) if area.get(area::Column::Id, None::<Uuid>)?.is_some() => {
                    Some(area::Model::from_projected(&area)?)
                }
                _ => None,
            };
            found.insert(organization.id, (organization, area));
        }
        Ok(found)
    }

    pub async fn areas_by_ids(&self, ids: &[Uuid]) -> HubResult<HashMap<Uuid, area::Model>> {
        let rows = area::Entity::find()
            .filter(any_of(self.reads.get_database_backend(), area::Column::Id, ids))
            .all(&self.reads)
            .await?;
        Ok(rows.into_iter().map(|row| (row.id, row)).collect())
    }

    pub async fn area(&self, id: Uuid) -> HubResult<Option<area::Model>> {
        Ok(area::Entity::find_by_id(id).one(&self.db).await?)
    }

    pub async fn areas(&self, query: &AreaQuery) -> HubResult<Vec<area::Model>> {
        let mut select = area::Entity::find();
        if let Some(level) = query.level {
            select = select.filter(area::Column::Level.eq(level));
        }
        if let Some(parent) = query.parent_id {
            select = select.filter(area::Column::ParentId.eq(parent));
        }
        if let Some(day) = query.valid_on {
            select = select.filter(area::Column::ValidFrom.lte(day)).filter(
                Condition::any().add(area::Column::ValidTo.is_null()).add(area::Column::ValidTo.gte(day)),
            );
        }
        Ok(select.order_by_asc(area::Column::Name).order_by_asc(area::Column::Id).all(&self.db).await?)
    }

    /// The area and every area below it. Areas are few (hundreds), so the hierarchy is walked
    /// in memory rather than with a recursive query each back-end spells differently. Other
    /// modules filter their rows by area through this, so "in Hải Phòng" means the same
    /// everywhere.
    pub async fn area_with_descendants(&self, root: Uuid) -> HubResult<Vec<Uuid>> {
        let links: Vec<(Uuid, Option<Uuid>)> = area::Entity::find()
            .select_only()
            .column(area::Column::Id)
            .column(area::Column::ParentId)
            .into_tuple()
            .all(&self.db)
            .await?;
        let mut children: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
        for (id, parent) in links {
            if let Some(parent) = parent {
                children.entry(parent).or_default().push(id);
            }
        }
        let mut found = vec![root];
        let mut seen = HashSet::from([root]);
        let mut next = 0;
        while next < found.len() {
            for child in children.get(&found[next]).into_iter().flatten() {
                if seen.insert(*child) {
                    found.push(*child);
                }
            }
            next += 1;
        }
        Ok(found)
    }

    /// One page of organizations in name order.
    pub async fn organizations(
        &self,
        query: &OrganizationQuery,
        page: &PageRequest<OrganizationCursor>,
    ) -> HubResult<Vec<organization::Model>> {
        let mut select = organization::Entity::find();
        if !query.kinds.is_empty() {
            select = select.filter(organization::Column::Kind.is_in(query.kinds.iter().copied()));
        }
        if let Some(area_id) = query.area_id {
            let areas = self.area_with_descendants(area_id).await?;
            select = select.filter(organization::Column::AreaId.is_in(areas));
        }
        if let Some(verified) = query.verified {
            select = select.filter(organization::Column::Verified.eq(verified));
        }
        if let Some(text) = optional_text("filter.text", query.text.as_deref(), MAX_SEARCH_CHARS)? {
            select = select.filter(
                Expr::col(organization::Column::NameSearch).like(contains_pattern(&fold_for_search(&text))),
            );
        }
        if let Some((name, id)) = &page.after {
            select = select.filter(
                Condition::any().add(organization::Column::NameSearch.gt(name.as_str())).add(
                    Condition::all()
                        .add(organization::Column::NameSearch.eq(name.as_str()))
                        .add(organization::Column::Id.gt(*id)),
                ),
            );
        }
        Ok(select
            .order_by_asc(organization::Column::NameSearch)
            .order_by_asc(organization::Column::Id)
            .limit(page.fetch_limit())
            .all(&self.db)
            .await?)
    }

    /// One page of the organizations waiting for the caller to verify them: unverified, of a
    /// kind the caller's department verifies (every kind for platform administrators), oldest
    /// registration first, so the queue is worked in the order organizations asked. Officers
    /// only; the query reveals nothing the public directory does not list.
    pub async fn awaiting_verification(
        &self,
        principal: Option<&Principal>,
        page: &PageRequest<VerificationCursor>,
    ) -> HubResult<Vec<organization::Model>> {
        let principal = principal.ok_or(HubError::Unauthenticated)?;
        if !principal.is_department_officer() {
            return Err(HubError::forbidden(msg!("only-department-officers-verify-organizations")));
        }
        let kinds: Vec<OrganizationKind> = <OrganizationKind as sea_orm::Iterable>::iter()
            .filter(|kind| match kind.verified_within() {
                Some(remit) => principal.within_remit(remit),
                None => principal.is_platform_admin(),
            })
            .collect();
        let mut select = organization::Entity::find()
            .filter(organization::Column::Verified.eq(false))
            .filter(organization::Column::Kind.is_in(kinds));
        if let Some((created_at, id)) = page.after {
            select = select.filter(
                Condition::any().add(organization::Column::CreatedAt.gt(created_at)).add(
                    Condition::all()
                        .add(organization::Column::CreatedAt.eq(created_at))
                        .add(organization::Column::Id.gt(id)),
                ),
            );
        }
        Ok(select
            .order_by_asc(organization::Column::CreatedAt)
            .order_by_asc(organization::Column::Id)
            .limit(page.fetch_limit())
            .all(&self.db)
            .await?)
    }

    /// Every organization of the given kinds, in name order: for reports that cover the whole
    /// city (organizations number in the thousands at most, so one statement and no paging).
    pub async fn all_organizations_of(
        &self,
        kinds: &[OrganizationKind],
    ) -> HubResult<Vec<organization::Model>> {
        Ok(organization::Entity::find()
            .filter(organization::Column::Kind.is_in(kinds.iter().copied()))
            .order_by_asc(organization::Column::NameSearch)
            .order_by_asc(organization::Column::Id)
            .all(&self.db)
            .await?)
    }

    /// Every organization of the given kinds whose area is one of `areas`, in name order. For
    /// roll-ups over an area (with [`Directory::area_with_descendants`]); the kinds keep the
    /// list to the few hundred organizations a city department oversees.
    pub async fn organizations_in_areas(
        &self,
        areas: &[Uuid],
        kinds: &[OrganizationKind],
    ) -> HubResult<Vec<organization::Model>> {
        Ok(organization::Entity::find()
            .filter(organization::Column::AreaId.is_in(areas.iter().copied()))
            .filter(organization::Column::Kind.is_in(kinds.iter().copied()))
            .order_by_asc(organization::Column::NameSearch)
            .order_by_asc(organization::Column::Id)
            .all(&self.db)
            .await?)
    }

    /// Every organization the subject belongs to, oldest membership first. The gateway builds
    /// the `Principal` of a signed-in person from it.
    pub async fn memberships_of(&self, subject: &str) -> HubResult<Vec<membership::Model>> {
        Ok(membership::Entity::find()
            .filter(membership::Column::Subject.eq(subject))
            .order_by_asc(membership::Column::CreatedAt)
            .all(&self.db)
            .await?)
    }

    /// Whether the caller may administer the organization: through the token's own claims, an
    /// `ORG_ADMIN` membership recorded here (for instance after registering it), or as platform
    /// admin. Other modules ask this instead of reading memberships.
    pub async fn may_administer(&self, principal: &Principal, organization_id: Uuid) -> HubResult<bool> {
        if principal.is_platform_admin() || principal.acts_for(organization_id, Role::OrgAdmin) {
            return Ok(true);
        }
        let membership = membership::Entity::find()
            .filter(membership::Column::Subject.eq(principal.subject.as_str()))
            .filter(membership::Column::OrganizationId.eq(organization_id))
            .filter(membership::Column::Role.eq(MembershipRole::OrgAdmin))
            .one(&self.db)
            .await?;
        Ok(membership.is_some())
    }

    /// Whether the caller may act for the organization's everyday business (post an offer,
    /// nominate a student): the token acts for it as a member or admin, or the caller may
    /// administer it (see `may_administer`).
    pub async fn may_act_for(&self, principal: &Principal, organization_id: Uuid) -> HubResult<bool> {
        if principal.acts_for(organization_id, Role::OrgMember) {
            return Ok(true);
        }
        self.may_administer(principal, organization_id).await
    }

    /// The caller's reach for list queries, worked out with at most one read: the token's
    /// organization plus those the subject administers (as `may_act_for` counts them), and
    /// whether the caller is a department officer (who sees every organization's records).
    /// Anonymous callers reach nothing.
    pub async fn reach(&self, principal: Option<&Principal>) -> HubResult<Reach> {
        match principal {
            Some(principal) => self.reach_as(principal, Role::OrgMember).await,
            None => Ok(Reach::default()),
        }
    }

    /// The caller's reach when the token's own organization counts only if the token holds
    /// `role` there (`OrgMember` for everyday business, `OrgAdmin` where only administrators
    /// may look, as in the audit log), or the caller is a platform admin; the organizations
    /// the subject administers in the directory always count. One read.
    pub async fn reach_as(&self, principal: &Principal, role: Role) -> HubResult<Reach> {
        let mut organizations: Vec<Uuid> = principal
            .organization_id
            .filter(|org| principal.acts_for(*org, role) || principal.is_platform_admin())
            .into_iter()
            .collect();
        for membership in self.memberships_of(&principal.subject).await? {
            if membership.role == MembershipRole::OrgAdmin
                && !organizations.contains(&membership.organization_id)
            {
                organizations.push(membership.organization_id);
            }
        }
        Ok(Reach { officer: principal.is_department_officer(), organizations })
    }

    /// Registers a new organization, unverified, and makes the caller its administrator (a city
    /// department gets no administrator: platform administrators invite its officers).
    pub async fn register(
        &self,
        principal: &Principal,
        input: NewOrganization,
    ) -> HubResult<organization::Model> {
        if input.kind == OrganizationKind::Department && !principal.is_platform_admin() {
            return Err(HubError::forbidden(msg!("only-platform-administrators-register-city-departments")));
        }
        let name = required_text("name", &input.name, MAX_NAME_CHARS)?;
        let address = optional_text("address", input.address.as_deref(), MAX_ADDRESS_CHARS)?;
        let website = validate_website(input.website.as_deref())?;
        let tax_code = input.tax_code.as_deref().map(validate_tax_code).transpose()?;
        let industry_code = input.industry_code.as_deref().map(validate_industry_code).transpose()?;
        if input.kind.is_business() && tax_code.is_none() {
            return Err(HubError::bad_input(
                "taxCode",
                msg!("enterprise-business-association-needs-tax-code"),
            ));
        }
        if input.kind == OrganizationKind::Enterprise && industry_code.is_none() {
            return Err(HubError::bad_input("industryCode", msg!("enterprise-needs-vsic-industry-code")));
        }
        match (input.kind, input.remit) {
            (OrganizationKind::Department, None) => {
                return Err(HubError::bad_input("remit", msg!("city-department-needs-remit")));
            }
            (OrganizationKind::Department, Some(_)) | (_, None) => {}
            (_, Some(_)) => {
                return Err(HubError::bad_input("remit", msg!("only-city-department-has-remit")));
            }
        }
        self.require_current_area(input.area_id).await?;

        let now = Utc::now();
        let id = Uuid::now_v7();
        let txn = begin_write(&self.db).await?;
        let created = organization::ActiveModel {
            id: Set(id),
            kind: Set(input.kind),
            name_search: Set(fold_for_search(&name)),
            name: Set(name),
            area_id: Set(input.area_id),
            address: Set(address),
            website: Set(website),
            tax_code: Set(tax_code),
            industry_code: Set(industry_code),
            verified: Set(false),
            verified_at: Set(None),
            verified_by: Set(None),
            department_remit: Set(input.remit),
            created_at: Set(now),
            updated_at: Set(now),
        }
        .insert(&txn)
        .await
        .map_err(|err| on_unique_violation(err, msg!("organization-with-tax-code-already-registered")))?;
        // A department has officers only, invited by platform administrators; whoever registers
        // a business, school or centre becomes its first administrator.
        if input.kind != OrganizationKind::Department {
            membership::ActiveModel {
                id: Set(Uuid::now_v7()),
                organization_id: Set(id),
                subject: Set(principal.subject.clone()),
                role: Set(MembershipRole::OrgAdmin),
                created_at: Set(now),
            }
            .insert(&txn)
            .await?;
        }
        txn.commit().await?;
        tracing::info!(organization = %id, subject = %principal.subject, "organization registered");
        Ok(created)
    }

    /// Changes an organization's profile. A changed tax code withdraws verification: the
    /// department verified a particular legal entity, not whoever edits the profile later.
    pub async fn update(
        &self,
        principal: &Principal,
        id: Uuid,
        changes: OrganizationChanges,
    ) -> HubResult<organization::Model> {
        let existing = self.organization(id).await?;
        // Refuse before revealing whether the organization exists.
        if !self.may_administer(principal, id).await? {
            return Err(HubError::forbidden(msg!("only-organization-s-administrators-may-change")));
        }
        let existing = existing.ok_or(HubError::NotFound(msg!("organization-not-found")))?;
        let mut row: organization::ActiveModel = existing.clone().into();
        if let Some(name) = &changes.name {
            let name = required_text("name", name, MAX_NAME_CHARS)?;
            row.name_search = Set(fold_for_search(&name));
            row.name = Set(name);
        }
        if let Some(area_id) = changes.area_id {
            self.require_current_area(area_id).await?;
            row.area_id = Set(area_id);
        }
        if let Some(address) = &changes.address {
            row.address = Set(optional_text("address", address.as_deref(), MAX_ADDRESS_CHARS)?);
        }
        if let Some(website) = &changes.website {
            row.website = Set(validate_website(website.as_deref())?);
        }
        if let Some(tax_code) = &changes.tax_code {
            let tax_code = tax_code.as_deref().map(validate_tax_code).transpose()?;
            if existing.kind.is_business() && tax_code.is_none() {
                return Err(HubError::bad_input(
                    "taxCode",
                    msg!("enterprise-business-association-needs-tax-code"),
                ));
            }
            if tax_code != existing.tax_code {
                row.verified = Set(false);
                row.verified_at = Set(None);
                row.verified_by = Set(None);
            }
            row.tax_code = Set(tax_code);
        }
        if let Some(industry_code) = &changes.industry_code {
            let industry_code = industry_code.as_deref().map(validate_industry_code).transpose()?;
            if existing.kind == OrganizationKind::Enterprise && industry_code.is_none() {
                return Err(HubError::bad_input("industryCode", msg!("enterprise-needs-vsic-industry-code")));
            }
            row.industry_code = Set(industry_code);
        }
        row.updated_at = Set(Utc::now());
        let txn = begin_write(&self.db).await?;
        let updated = row
            .update(&txn)
            .await
            .map_err(|err| on_unique_violation(err, msg!("organization-with-tax-code-already-registered")))?;
        txn.commit().await?;
        Ok(updated)
    }

    /// What the department `organization_id` is responsible for: its remit, or nothing when
    /// the organization is not a department, has no remit recorded, or does not exist. The
    /// gateway fills `Principal::remits` with it for officers acting for the organization.
    pub async fn remits_of(&self, organization_id: Uuid) -> HubResult<Vec<Remit>> {
        let remit: Option<Option<Remit>> = organization::Entity::find_by_id(organization_id)
            .select_only()
            .column(organization::Column::DepartmentRemit)
            .filter(organization::Column::Kind.eq(OrganizationKind::Department))
            .into_tuple()
            .one(&self.db)
            .await?;
        Ok(remit.flatten().into_iter().collect())
    }

    /// Records a department officer's check of an organization's identity (or its withdrawal):
    /// an officer of Industry and Trade for businesses, of Education and Training for schools,
    /// colleges and centres; departments only by platform admins.
    pub async fn set_verified(
        &self,
        principal: &Principal,
        id: Uuid,
        verified: bool,
    ) -> HubResult<organization::Model> {
        if !principal.is_department_officer() {
            return Err(HubError::forbidden(msg!("only-department-officers-verify-organizations")));
        }
        // Every officer may read the directory, so looking the organization up before the
        // remit check reveals nothing they could not already see.
        let existing =
            self.organization(id).await?.ok_or(HubError::NotFound(msg!("organization-not-found")))?;
        match existing.kind.verified_within() {
            Some(remit) => principal.require_remit(remit, msg!("what-verify-organization-kind"))?,
            None if principal.is_platform_admin() => {}
            None => {
                return Err(HubError::forbidden(msg!(
                    "only-platform-administrators-verify-city-departments"
                )));
            }
        }
        let mut row: organization::ActiveModel = existing.into();
        let now = Utc::now();
        row.verified = Set(verified);
        row.verified_at = Set(verified.then_some(now));
        row.verified_by = Set(verified.then(|| principal.subject.clone()));
        row.updated_at = Set(now);
        let txn = begin_write(&self.db).await?;
        let updated = row.update(&txn).await?;
        txn.commit().await?;
        tracing::info!(organization = %id, verified, officer = %principal.subject, "verification changed");
        Ok(updated)
    }

    /// Refuses (as `BAD_USER_INPUT` on `areaId`) an area that does not exist or no longer
    /// exists today, so new records name a current ward, commune or special zone.
    pub async fn require_current_area(&self, area_id: Uuid) -> HubResult<()> {
        let area =
            self.area(area_id).await?.ok_or_else(|| HubError::bad_input("areaId", msg!("no-such-area")))?;
        if !area.is_valid_on(hub_common::time::today()) {
            return Err(HubError::bad_input("areaId", msg!("area-no-longer-exists-choose-current")));
        }
        Ok(())
    }
}

/// Vietnamese tax codes (mã số thuế): 10 digits, the tenth a check digit over the first nine
/// (10 minus their sum weighted 31, 29, 23, 19, 17, 13, 7, 5, 3, modulo 11), and for a branch 3
/// more digits, after a dash or run on (13 digits). Stored as `0123456789` or
/// `0123456789-001`, so both spellings of a branch are the same code.
fn validate_tax_code(code: &str) -> HubResult<String> {
    let code = code.trim();
    let shape = || HubError::bad_input("taxCode", msg!("tax-code-has-10-digits-13"));
    if !code.bytes().all(|b| b.is_ascii_digit() || b == b'-') {
        return Err(shape());
    }
    let (main, branch) = match code.split_once('-') {
        Some((main, branch)) => (main, Some(branch)),
        None if code.len() == 13 => {
            let (main, branch) = code.split_at(10);
            (main, Some(branch))
        }
        None => (code, None),
    };
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    if !(digits(main, 10) && branch.is_none_or(|b| digits(b, 3) && b != "000")) {
        return Err(shape());
    }
    let expected = tax_code_check_digit(&main[..9]);
    if u32::from(main.as_bytes()[9] - b'0') != expected {
        let first_nine = &main[..9];
        let message = if expected == 10 {
            msg!("tax-code-no-such-beginning", code = main, first_nine = first_nine)
        } else {
            msg!("tax-code-wrong-check-digit", code = main, first_nine = first_nine, expected = expected)
        };
        return Err(HubError::bad_input("taxCode", message));
    }
    Ok(match branch {
        Some(branch) => format!("{main}-{branch}"),
        None => main.to_owned(),
    })
}

/// The tenth digit a tax code's first nine call for (10 means none fits).
fn tax_code_check_digit(first_nine: &str) -> u32 {
    const WEIGHTS: [u32; 9] = [31, 29, 23, 19, 17, 13, 7, 5, 3];
    let sum: u32 =
        first_nine.bytes().zip(WEIGHTS).map(|(digit, weight)| u32::from(digit - b'0') * weight).sum();
    10 - sum % 11
}

/// VSIC industry codes used here are the 4-digit (class) or 5-digit (sub-class) levels of VSIC
/// 2018, checked against its list (`hub_common::vsic::code_exists`).
fn validate_industry_code(code: &str) -> HubResult<String> {
    let code = code.trim();
    if !((4..=5).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_digit())) {
        return Err(HubError::bad_input("industryCode", msg!("vsic-industry-code-has-4-5")));
    }
    if !hub_common::vsic::division_exists(code) {
        let division = code.get(..2).unwrap_or_default();
        return Err(HubError::bad_input(
            "industryCode",
            msg!("code-not-vsic-2018-has-no", code = code, division = division),
        ));
    }
    if !hub_common::vsic::code_exists(code) {
        return Err(HubError::bad_input("industryCode", msg!("code-not-in-vsic-2018", code = code)));
    }
    Ok(code.to_owned())
}

fn validate_website(url: Option<&str>) -> HubResult<Option<String>> {
    let Some(url) = optional_text("website", url, MAX_WEBSITE_CHARS)? else {
        return Ok(None);
    };
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"));
    match rest {
        Some(host) if !host.is_empty() && !host.contains(char::is_whitespace) => Ok(Some(url)),
        _ => Err(HubError::bad_input("website", msg!("website-http-https-address"))),
    }
}

/// An organization's area, as the by-id reads join it (no foreign key declared in the entities).
fn organization_area() -> RelationDef {
    organization::Entity::belongs_to(area::Entity)
        .from(organization::Column::AreaId)
        .to(area::Column::Id)
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tax_codes_follow_the_vietnamese_format() {
        assert_eq!(validate_tax_code(" 0201234569 ").ok().as_deref(), Some("0201234569"));
        assert_eq!(validate_tax_code("0201234569-001").ok().as_deref(), Some("0201234569-001"));
        assert_eq!(
            validate_tax_code("0201234569001").ok().as_deref(),
            Some("0201234569-001"),
            "run-on branch"
        );
        for shape in
            ["020123456", "0201234569-01", "02012345ab", "0201234569-000", "02012345６9", "0201234569001-"]
        {
            assert!(validate_tax_code(shape).is_err(), "{shape}");
        }
        let typo = validate_tax_code("0201234567").expect_err("a wrong check digit");
        assert!(typo.client_message().to_string().contains("would be 9"), "{}", typo.client_message());
        let none = validate_tax_code("0209999070").expect_err("no check digit fits");
        assert!(
            none.client_message().to_string().contains("no tax code begins with 020999907"),
            "{}",
            none.client_message()
        );
    }
}
