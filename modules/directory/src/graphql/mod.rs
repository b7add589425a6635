//! The directory's GraphQL surface. Resolvers translate arguments and call the service; they
//! hold no rules of their own. The caller, memberships and invitations are typed in `members`.

mod labels;
mod members;

use std::collections::HashMap;
use std::sync::Arc;

use async_graphql::connection::Connection;
use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, Result};
use chrono::{DateTime, Utc};
use hub_common::Remit;
use hub_common::batch::SiblingRefs;
use hub_common::batching::{Batcher, batch_loader, load_known};
use hub_common::ids::{parse_id, to_id};
use hub_common::messages::Language;
use hub_common::pagination::{PageRequest, connection};
use hub_common::principal::{caller, require_caller};
use hub_common::scalars::Date;
use uuid::Uuid;

pub use self::labels::EnumLabel;
pub use self::members::{Invitation, InvitationIssued, Membership, Viewer};
use crate::entity::{area, organization};
use crate::kinds::{AreaLevel, MembershipRole, OrganizationKind};
use crate::loaders::{AreaLoader, OrganizationLoader};
use crate::service::{
    AreaQuery, Directory, InvitationQuery, NewOrganization, OrganizationChanges, OrganizationQuery,
};

/// A school, college, centre, enterprise, association or city department taking part in the hub.
#[derive(Clone)]
pub struct Organization {
    pub model: organization::Model,
    /// Shared with the organizations fetched together with this one.
    areas: Arc<AreaRefs>,
}

impl Organization {
    /// Wraps rows fetched together, so their areas load together.
    pub fn siblings(models: Vec<organization::Model>) -> Vec<Self> {
        let areas = Arc::new(AreaRefs::new(models.iter().map(|m| m.area_id)));
        models.into_iter().map(|model| Self { model, areas: areas.clone() }).collect()
    }

    pub fn single(model: organization::Model) -> Self {
        Self::siblings(vec![model]).remove(0)
    }
}

#[Object(shareable)]
impl Organization {
    async fn id(&self) -> ID {
        to_id(self.model.id)
    }

    async fn kind(&self) -> OrganizationKind {
        self.model.kind
    }

    async fn name(&self) -> &str {
        &self.model.name
    }

    /// The current ward, commune or special zone the organization is in.
    async fn area(&self, ctx: &Context<'_>) -> Result<Option<Area>> {
        self.areas.get(ctx, self.model.area_id).await
    }

    async fn address(&self) -> Option<&str> {
        self.model.address.as_deref()
    }

    async fn website(&self) -> Option<&str> {
        self.model.website.as_deref()
    }

    /// Mã số thuế: 10 digits, or 10-3 for a branch. Businesses always have one.
    async fn tax_code(&self) -> Option<&str> {
        self.model.tax_code.as_deref()
    }

    /// VSIC industry code of an enterprise, e.g. 5210 (warehousing).
    async fn industry_code(&self) -> Option<&str> {
        self.model.industry_code.as_deref()
    }

    /// Whether a department officer has checked that the organization is who it says it is.
    /// Unverified enterprises cannot publish offers.
    async fn verified(&self) -> bool {
        self.model.verified
    }

    async fn verified_at(&self) -> Option<DateTime<Utc>> {
        self.model.verified_at
    }

    /// What a city department is responsible for, and so what its officers may do; null for
    /// every other organization.
    async fn remit(&self) -> Option<Remit> {
        self.model.department_remit
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.model.created_at
    }

    async fn updated_at(&self) -> DateTime<Utc> {
        self.model.updated_at
    }
}

/// References from rows fetched together (a page of offers, say) to organizations: the first
/// row asked for its organization loads all of them in one statement, and the organizations
/// loaded are siblings, so their areas load together too.
pub struct OrganizationRefs(SiblingRefs<Organization>);

impl OrganizationRefs {
    pub fn new(ids: impl IntoIterator<Item = Uuid>) -> Self {
        Self(SiblingRefs::new(ids))
    }

    pub async fn get(&self, ctx: &Context<'_>, id: Uuid) -> Result<Option<Organization>> {
        self.0.get(id, |ids| organizations_by_ids(ctx, ids)).await
    }
}

/// Like [`OrganizationRefs`], for areas (whose parents then load together).
pub struct AreaRefs(SiblingRefs<Area>);

impl AreaRefs {
    pub fn new(ids: impl IntoIterator<Item = Uuid>) -> Self {
        Self(SiblingRefs::new(ids))
    }

    pub async fn get(&self, ctx: &Context<'_>, id: Uuid) -> Result<Option<Area>> {
        self.0
            .get(id, |ids| async move {
                let loaded = load_known(ctx.data::<Batcher<AreaLoader>>()?, &ids).await?;
                Ok::<_, async_graphql::Error>(
                    Area::siblings(loaded.into_values().collect())
                        .into_iter()
                        .map(|a| (a.model.id, a))
                        .collect(),
                )
            })
            .await
    }
}

/// A place in the administrative hierarchy. Areas are versioned in time: the districts that
/// existed until 30 June 2025 are kept, with `validTo` set, so older records still resolve.
#[derive(Clone)]
pub struct Area {
    pub model: area::Model,
    /// Shared with the areas fetched together with this one.
    parents: Arc<AreaRefs>,
}

impl Area {
    /// Wraps rows fetched together, so their parents load together.
    pub fn siblings(models: Vec<area::Model>) -> Vec<Self> {
        let parents = Arc::new(AreaRefs::new(models.iter().filter_map(|m| m.parent_id)));
        models.into_iter().map(|model| Self { model, parents: parents.clone() }).collect()
    }

    pub fn single(model: area::Model) -> Self {
        Self::siblings(vec![model]).remove(0)
    }
}

#[Object(shareable)]
impl Area {
    async fn id(&self) -> ID {
        to_id(self.model.id)
    }

    /// A stable code such as `HP` or `HP-P-HONGBANG`.
    async fn code(&self) -> &str {
        &self.model.code
    }

    async fn name(&self) -> &str {
        &self.model.name
    }

    async fn level(&self) -> AreaLevel {
        self.model.level
    }

    async fn valid_from(&self) -> Date {
        Date(self.model.valid_from)
    }

    async fn valid_to(&self) -> Option<Date> {
        self.model.valid_to.map(Date)
    }

    async fn parent(&self, ctx: &Context<'_>) -> Result<Option<Area>> {
        let Some(parent) = self.model.parent_id else { return Ok(None) };
        self.parents.get(ctx, parent).await
    }
}

async fn load_area(ctx: &Context<'_>, id: Uuid) -> Result<Option<Area>> {
    Ok(ctx.data::<Batcher<AreaLoader>>()?.load_one(id).await?.map(Area::single))
}

pub(crate) async fn load_organization(ctx: &Context<'_>, id: Uuid) -> Result<Option<Organization>> {
    Ok(ctx.data::<Batcher<OrganizationLoader>>()?.load_one(id).await?.map(Organization::single))
}

/// Loads an organization for another module's resolver (an offer's enterprise, a booking's
/// school), batched with every other such load in the same request.
pub async fn organization_by_id(ctx: &Context<'_>, id: Uuid) -> Result<Option<Organization>> {
    load_organization(ctx, id).await
}

/// Loads the organizations a page of another module's rows refers to, in one statement; the
/// organizations returned are siblings, so their areas load together too.
pub async fn organizations_by_ids(ctx: &Context<'_>, ids: Vec<Uuid>) -> Result<HashMap<Uuid, Organization>> {
    let loaded = load_known(ctx.data::<Batcher<OrganizationLoader>>()?, &ids).await?;
    Ok(Organization::siblings(loaded.into_values().collect())
        .into_iter()
        .map(|org| (org.model.id, org))
        .collect())
}

/// Loads an area for another module's resolver (an offer's area).
pub async fn area_by_id(ctx: &Context<'_>, id: Uuid) -> Result<Option<Area>> {
    load_area(ctx, id).await
}

#[derive(InputObject, Default)]
pub struct OrganizationFilter {
    /// Any of these kinds.
    pub kinds: Option<Vec<OrganizationKind>>,
    /// In this area or any area below it.
    pub area_id: Option<ID>,
    pub verified: Option<bool>,
    /// Part of the name; accents and case are ignored ("tran phu" finds "Trần Phú").
    pub text: Option<String>,
}

#[derive(InputObject, Default)]
pub struct AreaFilter {
    pub level: Option<AreaLevel>,
    pub parent_id: Option<ID>,
    /// Areas that exist on this day. Without it, today's areas.
    pub valid_on: Option<Date>,
    /// Also list areas that no longer exist (ignored when `validOn` is given).
    #[graphql(default)]
    pub include_historic: bool,
}

#[derive(Default)]
pub struct DirectoryQuery;

#[Object]
impl DirectoryQuery {
    /// Organizations in name order, as a Relay connection.
    async fn organizations(
        &self,
        ctx: &Context<'_>,
        filter: Option<OrganizationFilter>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Connection<String, Organization>> {
        let filter = filter.unwrap_or_default();
        let query = OrganizationQuery {
            kinds: filter.kinds.unwrap_or_default(),
            area_id: filter.area_id.as_ref().map(|id| parse_id("filter.areaId", id)).transpose()?,
            verified: filter.verified,
            text: filter.text,
        };
        let page = PageRequest::in_context(ctx, first, after.as_deref())?;
        let rows = ctx.data::<Directory>()?.organizations(&query, &page).await?;
        let rows = Organization::siblings(rows);
        Ok(connection(&page, rows, |org| (org.model.name_search.clone(), org.model.id), |org| org))
    }

    async fn organization(&self, ctx: &Context<'_>, id: ID) -> Result<Option<Organization>> {
        load_organization(ctx, parse_id("id", &id)?).await
    }

    /// The officer's verification queue: unverified organizations of the kinds the caller's
    /// department verifies (businesses for Industry and Trade; schools, colleges and centres
    /// for Education and Training; every kind for platform administrators), oldest
    /// registration first. Until verified, an organization's activity is left out of
    /// officers' figures. Department officers only.
    async fn organizations_awaiting_verification(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Connection<String, Organization>> {
        let page = PageRequest::in_context(ctx, first, after.as_deref())?;
        let rows = ctx.data::<Directory>()?.awaiting_verification(caller(ctx), &page).await?;
        let rows = Organization::siblings(rows);
        Ok(connection(&page, rows, |org| (org.model.created_at, org.model.id), |org| org))
    }

    /// Areas in name order; today's areas unless asked otherwise.
    async fn areas(&self, ctx: &Context<'_>, filter: Option<AreaFilter>) -> Result<Vec<Area>> {
        let filter = filter.unwrap_or_default();
        let valid_on = match (filter.valid_on, filter.include_historic) {
            (Some(day), _) => Some(day.0),
            (None, true) => None,
            (None, false) => Some(hub_common::time::today()),
        };
        let query = AreaQuery {
            level: filter.level,
            parent_id: filter.parent_id.as_ref().map(|id| parse_id("filter.parentId", id)).transpose()?,
            valid_on,
        };
        Ok(Area::siblings(ctx.data::<Directory>()?.areas(&query).await?))
    }

    async fn area(&self, ctx: &Context<'_>, id: ID) -> Result<Option<Area>> {
        load_area(ctx, parse_id("id", &id)?).await
    }

    /// The labels of the enum values people see (organization kinds, statuses, engagement
    /// kinds, …), in `language` or else the caller's (`Accept-Language`, or `locale` in the
    /// WebSocket's `connection_init`); only those of `enums` when given.
    async fn enum_labels(
        &self,
        ctx: &Context<'_>,
        language: Option<Language>,
        enums: Option<Vec<String>>,
    ) -> Vec<EnumLabel> {
        labels::enum_labels(ctx, language, enums.as_deref())
    }

    /// Who the caller is; null for anonymous requests.
    async fn viewer(&self, ctx: &Context<'_>) -> Option<Viewer> {
        caller(ctx).map(|principal| Viewer {
            subject: principal.subject.clone(),
            email: principal.email.clone(),
            roles: principal.roles.clone(),
            organization_id: principal.organization_id,
        })
    }

    /// The organization's members, oldest first: for its members and administrators, and for
    /// department officers.
    async fn members(
        &self,
        ctx: &Context<'_>,
        organization_id: ID,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Connection<String, Membership>> {
        let principal = require_caller(ctx)?;
        let organization_id = parse_id("organizationId", &organization_id)?;
        let page = PageRequest::in_context(ctx, first, after.as_deref())?;
        let rows = ctx.data::<Directory>()?.members(principal, organization_id, &page).await?;
        Ok(connection(&page, rows, |row| row.id, Membership))
    }

    /// The organization's invitations, newest first: for whoever manages its members (its
    /// administrators; a city department's, platform administrators). `pending: true` lists
    /// those that can still be accepted, `false` the others.
    async fn invitations(
        &self,
        ctx: &Context<'_>,
        organization_id: ID,
        pending: Option<bool>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Connection<String, Invitation>> {
        let principal = require_caller(ctx)?;
        let organization_id = parse_id("organizationId", &organization_id)?;
        let page = PageRequest::in_context(ctx, first, after.as_deref())?;
        let query = InvitationQuery { pending };
        let rows = ctx.data::<Directory>()?.invitations(principal, organization_id, &query, &page).await?;
        Ok(connection(&page, rows, |row| row.id, Invitation))
    }
}

/// Entity resolvers for federation: every subgraph that mentions `Organization` or `Area`
/// merges this object into its query root, so a router can resolve them anywhere.
#[derive(Default)]
pub struct DirectoryEntities;

#[Object]
impl DirectoryEntities {
    #[graphql(entity)]
    async fn find_organization_by_id(&self, ctx: &Context<'_>, id: ID) -> Result<Option<Organization>> {
        load_organization(ctx, parse_id("id", &id)?).await
    }

    #[graphql(entity)]
    async fn find_area_by_id(&self, ctx: &Context<'_>, id: ID) -> Result<Option<Area>> {
        load_area(ctx, parse_id("id", &id)?).await
    }
}

#[derive(InputObject)]
pub struct RegisterOrganizationInput {
    pub kind: OrganizationKind,
    pub name: String,
    /// A current ward, commune or special zone.
    pub area_id: ID,
    pub address: Option<String>,
    pub website: Option<String>,
    /// Required for enterprises and business associations.
    pub tax_code: Option<String>,
    /// VSIC code; required for enterprises.
    pub industry_code: Option<String>,
    /// What the department is responsible for; required for a city department (which only a
    /// platform administrator registers), refused for every other kind.
    pub remit: Option<Remit>,
}

/// Fields left out stay as they are; an explicit null clears an optional field.
#[derive(InputObject)]
pub struct UpdateOrganizationInput {
    pub name: Option<String>,
    pub area_id: Option<ID>,
    pub address: MaybeUndefined<String>,
    pub website: MaybeUndefined<String>,
    /// Changing the tax code withdraws verification until a department officer checks again.
    pub tax_code: MaybeUndefined<String>,
    pub industry_code: MaybeUndefined<String>,
}

fn maybe(value: MaybeUndefined<String>) -> Option<Option<String>> {
    match value {
        MaybeUndefined::Undefined => None,
        MaybeUndefined::Null => Some(None),
        MaybeUndefined::Value(v) => Some(Some(v)),
    }
}

#[derive(Default)]
pub struct DirectoryMutation;

#[Object]
impl DirectoryMutation {
    /// Registers an organization. It starts unverified and the caller becomes its administrator.
    async fn register_organization(
        &self,
        ctx: &Context<'_>,
        input: RegisterOrganizationInput,
    ) -> Result<Organization> {
        let principal = require_caller(ctx)?;
        let new = NewOrganization {
            kind: input.kind,
            name: input.name,
            area_id: parse_id("input.areaId", &input.area_id)?,
            address: input.address,
            website: input.website,
            tax_code: input.tax_code,
            industry_code: input.industry_code,
            remit: input.remit,
        };
        Ok(Organization::single(ctx.data::<Directory>()?.register(principal, new).await?))
    }

    /// Changes an organization's profile; its administrators only.
    async fn update_organization(
        &self,
        ctx: &Context<'_>,
        id: ID,
        input: UpdateOrganizationInput,
    ) -> Result<Organization> {
        let principal = require_caller(ctx)?;
        let id = parse_id("id", &id)?;
        let changes = OrganizationChanges {
            name: input.name,
            area_id: input.area_id.as_ref().map(|id| parse_id("input.areaId", id)).transpose()?,
            address: maybe(input.address),
            website: maybe(input.website),
            tax_code: maybe(input.tax_code),
            industry_code: maybe(input.industry_code),
        };
        Ok(Organization::single(ctx.data::<Directory>()?.update(principal, id, changes).await?))
    }

    /// Marks an organization as checked (or withdraws the mark): officers of Industry and Trade
    /// for businesses, of Education and Training for schools, colleges and centres.
    async fn verify_organization(
        &self,
        ctx: &Context<'_>,
        id: ID,
        #[graphql(default = true)] verified: bool,
    ) -> Result<Organization> {
        let principal = require_caller(ctx)?;
        let id = parse_id("id", &id)?;
        Ok(Organization::single(ctx.data::<Directory>()?.set_verified(principal, id, verified).await?))
    }

    /// Invites a person, by email address, to join an organization with a role, for seven
    /// days. The organization's administrators invite; a city department's officers
    /// (`DEPARTMENT_OFFICER`, its only role) are invited by platform administrators. The code
    /// in the result is shown this once: pass it to the person invited.
    async fn invite_member(
        &self,
        ctx: &Context<'_>,
        organization_id: ID,
        email: String,
        role: MembershipRole,
    ) -> Result<InvitationIssued> {
        let principal = require_caller(ctx)?;
        let organization_id = parse_id("organizationId", &organization_id)?;
        let issued = ctx.data::<Directory>()?.invite(principal, organization_id, &email, role).await?;
        Ok(InvitationIssued { invitation: Invitation(issued.invitation), code: issued.code })
    }

    /// Joins the organization an invitation is for, with its role. The caller's sign-in must
    /// carry the verified email address the invitation was sent to.
    async fn accept_invitation(
        &self,
        ctx: &Context<'_>,
        #[graphql(secret)] code: String,
    ) -> Result<Membership> {
        let principal = require_caller(ctx)?;
        Ok(Membership(ctx.data::<Directory>()?.accept_invitation(principal, &code).await?))
    }

    /// Withdraws an invitation; its code stops working.
    async fn revoke_invitation(&self, ctx: &Context<'_>, invitation_id: ID) -> Result<Invitation> {
        let principal = require_caller(ctx)?;
        let invitation_id = parse_id("invitationId", &invitation_id)?;
        Ok(Invitation(ctx.data::<Directory>()?.revoke_invitation(principal, invitation_id).await?))
    }

    /// Gives a member another role; as `inviteMember` for who may. An organization's last
    /// administrator cannot be demoted.
    async fn set_member_role(
        &self,
        ctx: &Context<'_>,
        membership_id: ID,
        role: MembershipRole,
    ) -> Result<Membership> {
        let principal = require_caller(ctx)?;
        let membership_id = parse_id("membershipId", &membership_id)?;
        Ok(Membership(ctx.data::<Directory>()?.set_member_role(principal, membership_id, role).await?))
    }

    /// Ends a membership and returns it as it was: whoever may invite, or the member
    /// (leaving). An organization's last administrator cannot be removed.
    async fn remove_member(&self, ctx: &Context<'_>, membership_id: ID) -> Result<Membership> {
        let principal = require_caller(ctx)?;
        let membership_id = parse_id("membershipId", &membership_id)?;
        Ok(Membership(ctx.data::<Directory>()?.remove_member(principal, membership_id).await?))
    }
}

/// Adds what the directory's resolvers read from the schema data.
pub fn register<Q, M, S>(
    builder: async_graphql::SchemaBuilder<Q, M, S>,
    directory: Directory,
) -> async_graphql::SchemaBuilder<Q, M, S> {
    builder
        .data(batch_loader(OrganizationLoader::new(directory.clone())))
        .data(batch_loader(AreaLoader::new(directory.clone())))
        .data(directory)
}
