//! Vocational programmes and the support policies that apply to them.

use hub_common::messages::Message;
use hub_common::msg;
use std::collections::HashMap;

use chrono::Utc;
use directory::OrganizationKind;
use hub_common::pagination::PageRequest;
use hub_common::text::{contains_pattern, fold_for_search, optional_text};
use hub_common::{HubError, HubResult, Principal, Remit};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use uuid::Uuid;

use super::Careers;
use super::validate::{self, OccupationCode};
use crate::entity::{occupation, policy, programme, programme_occupation, programme_policy};
use crate::kinds::{EntryPoint, ProgrammeStatus, VocationalLevel, set_contains};

/// What `vocationalProgrammes` is asked for; every field narrows the list.
#[derive(Debug, Clone, Default)]
pub struct ProgrammeQuery {
    /// Programmes leading to this occupation.
    pub occupation_code: Option<String>,
    pub level: Option<VocationalLevel>,
    /// Taught in this area or any area within it.
    pub area_id: Option<Uuid>,
    /// Open to pupils at this point.
    pub entry: Option<EntryPoint>,
    pub institution_id: Option<Uuid>,
    /// Words of the programme's name, accents and case ignored.
    pub text: Option<String>,
    /// Withdrawn ones too (only the institution's own, or all for officers).
    pub include_withdrawn: bool,
}

#[derive(Debug, Clone)]
pub struct NewProgramme {
    pub name: String,
    pub trade_code: Option<String>,
    pub level: VocationalLevel,
    pub duration_months: i32,
    pub tuition_vnd: i64,
    pub combines_general_education: bool,
    pub entry_points: Vec<EntryPoint>,
    pub description: String,
    /// Where it is taught; the institution's own area when absent.
    pub area_id: Option<Uuid>,
    pub occupation_codes: Vec<String>,
    pub policy_ids: Vec<Uuid>,
}

/// A partial update; `None` leaves a field as it is. The level and trade code never change:
/// another level or trade is another programme.
#[derive(Debug, Clone, Default)]
pub struct ProgrammeChanges {
    pub name: Option<String>,
    pub duration_months: Option<i32>,
    pub tuition_vnd: Option<i64>,
    pub combines_general_education: Option<bool>,
    pub entry_points: Option<Vec<EntryPoint>>,
    pub description: Option<String>,
    pub occupation_codes: Option<Vec<String>>,
    pub policy_ids: Option<Vec<Uuid>>,
}

#[derive(Debug, Clone)]
pub struct NewSupportPolicy {
    pub title: String,
    pub description: String,
    pub legal_source: String,
    pub source_url: Option<String>,
}

const NOT_OWNER: Message = msg!("only-institution-publishes-programme-may-change");

/// Whether an institution of `kind` may teach at `level`: colleges at every level,
/// intermediate schools up to intermediate, vocational centres elementary only.
fn teaches(kind: OrganizationKind, level: VocationalLevel) -> bool {
    match kind {
        OrganizationKind::College => true,
        OrganizationKind::IntermediateSchool => level != VocationalLevel::College,
        OrganizationKind::VocationalCentre => level == VocationalLevel::Elementary,
        _ => false,
    }
}

/// Combining general-education subjects with the trade ("vừa học văn hóa vừa học nghề") is
/// for lower-secondary graduates.
fn check_combination(combines: bool, entry: &[EntryPoint]) -> HubResult<()> {
    if combines && !entry.contains(&EntryPoint::AfterGrade9) {
        return Err(HubError::bad_input(
            "input.combinesGeneralEducation",
            msg!("general-education-subjects-combined-with-trade"),
        ));
    }
    Ok(())
}

impl Careers {
    /// One page of the programmes the caller may see, newest first: published ones for
    /// everybody; withdrawn ones, when asked for, only the institution's own (all for officers).
    pub async fn programmes(
        &self,
        principal: Option<&Principal>,
        query: &ProgrammeQuery,
        page: &PageRequest<Uuid>,
    ) -> HubResult<Vec<programme::Model>> {
        let mut select = programme::Entity::find();
        if query.include_withdrawn {
            let reach = self.directory.reach(principal).await?;
            if !reach.officer {
                select = select.filter(
                    Condition::any()
                        .add(programme::Column::Status.eq(ProgrammeStatus::Published))
                        .add(programme::Column::InstitutionId.is_in(reach.organizations)),
                );
            }
        } else {
            select = select.filter(programme::Column::Status.eq(ProgrammeStatus::Published));
        }
        if let Some(code) = &query.occupation_code {
            let code = OccupationCode::parse("filter.occupationCode", code)?;
            select = select.filter(
                programme::Column::Id.in_subquery(
                    Query::select()
                        .column(programme_occupation::Column::ProgrammeId)
                        .from(programme_occupation::Entity)
                        .and_where(programme_occupation::Column::OccupationCode.eq(code.as_str()))
                        .to_owned(),
                ),
            );
        }
        if let Some(level) = query.level {
            select = select.filter(programme::Column::Level.eq(level));
        }
        if let Some(area_id) = query.area_id {
            let areas = self.directory.area_with_descendants(area_id).await?;
            select = select.filter(programme::Column::AreaId.is_in(areas));
        }
        if let Some(entry) = query.entry {
            select = select.filter(programme::Column::EntryPoints.like(set_contains(entry.as_str())));
        }
        if let Some(institution) = query.institution_id {
            select = select.filter(programme::Column::InstitutionId.eq(institution));
        }
        if let Some(text) = optional_text("filter.text", query.text.as_deref(), validate::MAX_SEARCH_CHARS)? {
            select = select.filter(
                Expr::col(programme::Column::NameSearch).like(contains_pattern(&fold_for_search(&text))),
            );
        }
        if let Some(after) = page.after {
            select = select.filter(programme::Column::Id.lt(after));
        }
        Ok(select.order_by_desc(programme::Column::Id).limit(page.fetch_limit()).all(&self.db).await?)
    }

    /// Whether the caller may see this programme: published ones are public; withdrawn ones
    /// reach their institution and officers only.
    pub async fn programme_visible_to(
        &self,
        principal: Option<&Principal>,
        programme: &programme::Model,
    ) -> HubResult<bool> {
        if programme.status == ProgrammeStatus::Published {
            return Ok(true);
        }
        match principal {
            None => Ok(false),
            Some(p) if p.is_department_officer() => Ok(true),
            Some(p) => self.may_act_for(p, programme.institution_id).await,
        }
    }

    /// Programmes by id with no visibility applied: for loaders whose callers decide.
    pub async fn programmes_by_ids(&self, ids: &[Uuid]) -> HubResult<HashMap<Uuid, programme::Model>> {
        let rows = programme::Entity::find()
            .filter(programme::Column::Id.is_in(ids.iter().copied()))
            .all(&self.db)
            .await?;
        Ok(rows.into_iter().map(|row| (row.id, row)).collect())
    }

    /// The occupations each programme leads to, in code order, in one statement.
    pub async fn occupations_of(
        &self,
        programmes: &[Uuid],
    ) -> HubResult<HashMap<Uuid, Vec<occupation::Model>>> {
        let links = programme_occupation::Entity::find()
            .filter(programme_occupation::Column::ProgrammeId.is_in(programmes.iter().copied()))
            .all(&self.db)
            .await?;
        let codes: Vec<String> = links.iter().map(|l| l.occupation_code.clone()).collect();
        let occupations = self.occupations_by_codes(&codes).await?;
        let mut grouped: HashMap<Uuid, Vec<occupation::Model>> = HashMap::new();
        for link in links {
            if let Some(found) = occupations.get(&link.occupation_code) {
                grouped.entry(link.programme_id).or_default().push(found.clone());
            }
        }
        for list in grouped.values_mut() {
            list.sort_by(|a, b| a.code.cmp(&b.code));
        }
        Ok(grouped)
    }

    /// The support policies of each programme, in one statement each for links and policies.
    pub async fn policies_of(&self, programmes: &[Uuid]) -> HubResult<HashMap<Uuid, Vec<policy::Model>>> {
        let links = programme_policy::Entity::find()
            .filter(programme_policy::Column::ProgrammeId.is_in(programmes.iter().copied()))
            .all(&self.db)
            .await?;
        let ids: Vec<Uuid> = links.iter().map(|l| l.policy_id).collect();
        let policies: HashMap<Uuid, policy::Model> = policy::Entity::find()
            .filter(policy::Column::Id.is_in(ids))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|p| (p.id, p))
            .collect();
        let mut grouped: HashMap<Uuid, Vec<policy::Model>> = HashMap::new();
        for link in links {
            if let Some(found) = policies.get(&link.policy_id) {
                grouped.entry(link.programme_id).or_default().push(found.clone());
            }
        }
        Ok(grouped)
    }

    /// Every support policy, oldest first. Public.
    pub async fn support_policies(&self) -> HubResult<Vec<policy::Model>> {
        Ok(policy::Entity::find().order_by_asc(policy::Column::Id).all(&self.db).await?)
    }

    /// Records a support policy with its legal source; officers of Education and Training only.
    pub async fn create_support_policy(
        &self,
        principal: &Principal,
        input: NewSupportPolicy,
    ) -> HubResult<policy::Model> {
        principal.require_remit(Remit::EducationAndTraining, msg!("what-record-support-policies"))?;
        let row = policy::ActiveModel {
            id: Set(Uuid::now_v7()),
            title: Set(validate::name("input.title", &input.title)?),
            description: Set(validate::description("input.description", &input.description)?),
            legal_source: Set(validate::name("input.legalSource", &input.legal_source)?),
            source_url: Set(optional_text("input.sourceUrl", input.source_url.as_deref(), 500)?),
            created_at: Set(Utc::now()),
        };
        let txn = self.begin_write().await?;
        let created = row.insert(&txn).await?;
        txn.commit().await?;
        tracing::info!(policy = %created.id, officer = %principal.subject, "support policy recorded");
        Ok(created)
    }

    /// Publishes a programme of the college, intermediate school or centre the caller's token
    /// acts for.
    pub async fn create_programme(
        &self,
        principal: &Principal,
        input: NewProgramme,
    ) -> HubResult<programme::Model> {
        let institution_id = principal.acting_organization()?;
        if !self.may_act_for(principal, institution_id).await? {
            return Err(HubError::forbidden(msg!("token-may-not-act-organization")));
        }
        let Some(institution) = self.directory.organization(institution_id).await? else {
            return Err(HubError::forbidden(msg!("only-colleges-intermediate-schools-centres-publish")));
        };
        if !matches!(
            institution.kind,
            OrganizationKind::College
                | OrganizationKind::IntermediateSchool
                | OrganizationKind::VocationalCentre
        ) {
            return Err(HubError::forbidden(msg!("only-colleges-intermediate-schools-centres-publish")));
        }
        if !institution.verified {
            return Err(HubError::forbidden(msg!(
                "only-verified-institutions-publish-programmes-department"
            )));
        }
        if !teaches(institution.kind, input.level) {
            return Err(HubError::bad_input("input.level", msg!("kind-institution-does-not-train-at")));
        }
        let name = validate::name("input.name", &input.name)?;
        let trade_code = validate::trade_code(input.level, input.trade_code.as_deref())?;
        let entry_points = validate::entry_points(&input.entry_points)?;
        check_combination(input.combines_general_education, &input.entry_points)?;
        let area_id = match input.area_id {
            Some(area) => {
                self.directory.require_current_area(area).await?;
                area
            }
            None => institution.area_id,
        };
        let codes = self.known_occupations(&input.occupation_codes).await?;
        let policies = self.known_policies(&input.policy_ids).await?;
        let now = Utc::now();
        let row = programme::Model {
            id: Uuid::now_v7(),
            institution_id,
            area_id,
            name_search: fold_for_search(&name),
            name,
            trade_code,
            level: input.level,
            duration_months: validate::duration_months(input.duration_months)?,
            tuition_vnd: validate::tuition(input.tuition_vnd)?,
            combines_general_education: input.combines_general_education,
            entry_points,
            description: validate::description("input.description", &input.description)?,
            status: ProgrammeStatus::Published,
            created_at: now,
            updated_at: now,
        };
        let txn = self.begin_write().await?;
        programme::ActiveModel::from(row.clone()).insert(&txn).await?;
        replace_links(&txn, row.id, Some(&codes), Some(&policies)).await?;
        txn.commit().await?;
        tracing::info!(programme = %row.id, institution = %institution_id, "vocational programme published");
        Ok(row)
    }

    /// Changes a programme; its institution's people only.
    pub async fn update_programme(
        &self,
        principal: &Principal,
        id: Uuid,
        changes: ProgrammeChanges,
    ) -> HubResult<programme::Model> {
        let existing = self.owned_programme(principal, id).await?;
        let mut row: programme::ActiveModel = existing.clone().into();
        if let Some(name) = &changes.name {
            let name = validate::name("input.name", name)?;
            row.name_search = Set(fold_for_search(&name));
            row.name = Set(name);
        }
        if let Some(months) = changes.duration_months {
            row.duration_months = Set(validate::duration_months(months)?);
        }
        if let Some(tuition) = changes.tuition_vnd {
            row.tuition_vnd = Set(validate::tuition(tuition)?);
        }
        let entry = changes.entry_points.clone().unwrap_or_else(|| existing.entry());
        let combines = changes.combines_general_education.unwrap_or(existing.combines_general_education);
        row.entry_points = Set(validate::entry_points(&entry)?);
        check_combination(combines, &entry)?;
        row.combines_general_education = Set(combines);
        if let Some(description) = &changes.description {
            row.description = Set(validate::description("input.description", description)?);
        }
        let codes = match &changes.occupation_codes {
            Some(codes) => Some(self.known_occupations(codes).await?),
            None => None,
        };
        let policies = match &changes.policy_ids {
            Some(ids) => Some(self.known_policies(ids).await?),
            None => None,
        };
        row.updated_at = Set(Utc::now());
        let txn = self.begin_write().await?;
        let updated = row.update(&txn).await?;
        replace_links(&txn, id, codes.as_deref(), policies.as_deref()).await?;
        txn.commit().await?;
        Ok(updated)
    }

    /// Stops listing a programme; its admissions stay on record.
    pub async fn withdraw_programme(&self, principal: &Principal, id: Uuid) -> HubResult<programme::Model> {
        self.owned_programme(principal, id).await?;
        let txn = self.begin_write().await?;
        let result = programme::Entity::update_many()
            .col_expr(programme::Column::Status, Expr::value(ProgrammeStatus::Withdrawn))
            .col_expr(programme::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(programme::Column::Id.eq(id))
            .filter(programme::Column::Status.eq(ProgrammeStatus::Published))
            .exec(&txn)
            .await?;
        if result.rows_affected == 0 {
            return Err(HubError::conflict(msg!("programme-withdrawn-already")));
        }
        txn.commit().await?;
        programme::Entity::find_by_id(id)
            .one(&self.db)
            .await?
            .ok_or(HubError::NotFound(msg!("vocational-programme-not-found")))
    }

    /// Loads a programme the caller may change, refusing before saying whether it exists.
    pub(crate) async fn owned_programme(
        &self,
        principal: &Principal,
        id: Uuid,
    ) -> HubResult<programme::Model> {
        let found = programme::Entity::find_by_id(id).one(&self.db).await?;
        let allowed = match &found {
            Some(programme) => self.may_act_for(principal, programme.institution_id).await?,
            None => principal.is_platform_admin(),
        };
        if !allowed {
            return Err(HubError::forbidden(NOT_OWNER));
        }
        found.ok_or(HubError::NotFound(msg!("vocational-programme-not-found")))
    }

    /// The occupation codes checked against the catalogue, without duplicates.
    async fn known_occupations(&self, codes: &[String]) -> HubResult<Vec<String>> {
        if codes.len() > validate::MAX_OCCUPATIONS_PER_PROGRAMME {
            return Err(HubError::bad_input(
                "input.occupationCodes",
                msg!(
                    "at-most-max-occupations-per-programme",
                    max_occupations_per_programme = validate::MAX_OCCUPATIONS_PER_PROGRAMME
                ),
            ));
        }
        let mut parsed = Vec::with_capacity(codes.len());
        for code in codes {
            parsed.push(OccupationCode::parse("input.occupationCodes", code)?.into_string());
        }
        parsed.sort();
        parsed.dedup();
        let known = self.occupations_by_codes(&parsed).await?;
        if let Some(unknown) = parsed.iter().find(|code| !known.contains_key(*code)) {
            return Err(HubError::bad_input(
                "input.occupationCodes",
                msg!("occupation-unknown-not-catalogue", unknown = unknown),
            ));
        }
        Ok(parsed)
    }

    async fn known_policies(&self, ids: &[Uuid]) -> HubResult<Vec<Uuid>> {
        let mut ids = ids.to_vec();
        ids.sort();
        ids.dedup();
        let found = policy::Entity::find()
            .filter(policy::Column::Id.is_in(ids.iter().copied()))
            .all(&self.db)
            .await?;
        if found.len() != ids.len() {
            return Err(HubError::bad_input("input.policyIds", msg!("support-policy-does-not-exist")));
        }
        Ok(ids)
    }
}

/// Replaces a programme's occupation and policy links (each only when given).
async fn replace_links<C: ConnectionTrait>(
    db: &C,
    programme_id: Uuid,
    codes: Option<&[String]>,
    policies: Option<&[Uuid]>,
) -> HubResult<()> {
    if let Some(codes) = codes {
        programme_occupation::Entity::delete_many()
            .filter(programme_occupation::Column::ProgrammeId.eq(programme_id))
            .exec(db)
            .await?;
        if !codes.is_empty() {
            programme_occupation::Entity::insert_many(codes.iter().map(|code| {
                programme_occupation::ActiveModel {
                    programme_id: Set(programme_id),
                    occupation_code: Set(code.clone()),
                }
            }))
            .exec_without_returning(db)
            .await?;
        }
    }
    if let Some(policies) = policies {
        programme_policy::Entity::delete_many()
            .filter(programme_policy::Column::ProgrammeId.eq(programme_id))
            .exec(db)
            .await?;
        if !policies.is_empty() {
            programme_policy::Entity::insert_many(policies.iter().map(|policy_id| {
                programme_policy::ActiveModel { programme_id: Set(programme_id), policy_id: Set(*policy_id) }
            }))
            .exec_without_returning(db)
            .await?;
        }
    }
    Ok(())
}
