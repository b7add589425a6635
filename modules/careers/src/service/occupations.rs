//! The occupation catalogue: public reads, and officers of Education and Training keeping it.

use hub_common::messages::Message;
use hub_common::msg;
use std::collections::HashMap;

use chrono::Utc;
use hub_common::error::on_unique_violation;
use hub_common::pagination::PageRequest;
use hub_common::text::{contains_pattern, fold_for_search};
use hub_common::{HubError, HubResult, Principal, Remit};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};

use super::Careers;
use super::validate::{self, OccupationCode};
use crate::entity::occupation;
use crate::kinds::{VocationalLevel, encode_set, set_contains};

/// What `occupations` is asked for; every field narrows the list.
#[derive(Debug, Clone, Default)]
pub struct OccupationQuery {
    /// Words of either name, accents and case ignored.
    pub text: Option<String>,
    /// A VSIC section letter.
    pub vsic_section: Option<String>,
    /// A vocational level that trains for it.
    pub level: Option<VocationalLevel>,
}

#[derive(Debug, Clone)]
pub struct NewOccupation {
    pub code: String,
    pub name_vi: String,
    pub name_en: String,
    pub description: String,
    pub training_levels: Vec<VocationalLevel>,
    pub vsic_sections: Vec<String>,
    pub skills: Vec<String>,
}

/// A partial update; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct OccupationChanges {
    pub name_vi: Option<String>,
    pub name_en: Option<String>,
    pub description: Option<String>,
    pub training_levels: Option<Vec<VocationalLevel>>,
    pub vsic_sections: Option<Vec<String>>,
    pub skills: Option<Vec<String>>,
}

const MAINTAIN: Message = msg!("what-maintain-occupation-catalogue");

fn sections(values: &[String]) -> HubResult<String> {
    let checked: Vec<String> =
        values.iter().map(|s| validate::vsic_section("input.vsicSections", s)).collect::<HubResult<_>>()?;
    Ok(encode_set(checked.iter().map(String::as_str)))
}

fn levels(values: &[VocationalLevel]) -> String {
    encode_set(values.iter().map(|l| l.as_str()))
}

fn name_search(name_vi: &str, name_en: &str) -> String {
    fold_for_search(&format!("{name_vi} {name_en}"))
}

impl Careers {
    /// One page of the catalogue in code order. Public.
    pub async fn occupations(
        &self,
        query: &OccupationQuery,
        page: &PageRequest<String>,
    ) -> HubResult<Vec<occupation::Model>> {
        let mut select = occupation::Entity::find();
        if let Some(text) = validate::search(query.text.as_deref())? {
            select = select.filter(
                Expr::col(occupation::Column::NameSearch).like(contains_pattern(&fold_for_search(&text))),
            );
        }
        if let Some(section) = &query.vsic_section {
            let section = validate::vsic_section("filter.vsicSection", section)?;
            select = select.filter(occupation::Column::VsicSections.like(set_contains(&section)));
        }
        if let Some(level) = query.level {
            select = select.filter(occupation::Column::TrainingLevels.like(set_contains(level.as_str())));
        }
        if let Some(after) = &page.after {
            select = select.filter(occupation::Column::Code.gt(after.as_str()));
        }
        Ok(select.order_by_asc(occupation::Column::Code).limit(page.fetch_limit()).all(&self.db).await?)
    }

    /// One occupation by its code. Public.
    pub async fn occupation(&self, code: &str) -> HubResult<Option<occupation::Model>> {
        Ok(occupation::Entity::find_by_id(code.trim()).one(&self.db).await?)
    }

    /// Occupations by code, for loaders. Public.
    pub async fn occupations_by_codes(
        &self,
        codes: &[String],
    ) -> HubResult<HashMap<String, occupation::Model>> {
        let rows = occupation::Entity::find()
            .filter(occupation::Column::Code.is_in(codes.iter().cloned()))
            .all(&self.db)
            .await?;
        Ok(rows.into_iter().map(|row| (row.code.clone(), row)).collect())
    }

    /// Adds an occupation to the catalogue; officers of Education and Training only.
    pub async fn create_occupation(
        &self,
        principal: &Principal,
        input: NewOccupation,
    ) -> HubResult<occupation::Model> {
        principal.require_remit(Remit::EducationAndTraining, MAINTAIN)?;
        let code = OccupationCode::parse("input.code", &input.code)?;
        let name_vi = validate::name("input.nameVi", &input.name_vi)?;
        let name_en = validate::name("input.nameEn", &input.name_en)?;
        let now = Utc::now();
        let row = occupation::ActiveModel {
            code: Set(code.into_string()),
            name_search: Set(name_search(&name_vi, &name_en)),
            name_vi: Set(name_vi),
            name_en: Set(name_en),
            description: Set(validate::description("input.description", &input.description)?),
            training_levels: Set(levels(&input.training_levels)),
            vsic_sections: Set(sections(&input.vsic_sections)?),
            skills: Set(validate::skills(&input.skills)?),
            created_at: Set(now),
            updated_at: Set(now),
        };
        let txn = self.begin_write().await?;
        let created = row
            .insert(&txn)
            .await
            .map_err(|err| on_unique_violation(err, msg!("catalogue-has-occupation-with-code-already")))?;
        txn.commit().await?;
        tracing::info!(occupation = %created.code, officer = %principal.subject, "occupation added");
        Ok(created)
    }

    /// Changes an occupation of the catalogue; officers of Education and Training only. The
    /// code never changes: programmes and bulletins refer to it.
    pub async fn update_occupation(
        &self,
        principal: &Principal,
        code: &str,
        changes: OccupationChanges,
    ) -> HubResult<occupation::Model> {
        principal.require_remit(Remit::EducationAndTraining, MAINTAIN)?;
        let existing =
            self.occupation(code).await?.ok_or(HubError::NotFound(msg!("occupation-not-found")))?;
        let name_vi = changes.name_vi.as_deref().map(|n| validate::name("input.nameVi", n)).transpose()?;
        let name_en = changes.name_en.as_deref().map(|n| validate::name("input.nameEn", n)).transpose()?;
        let mut row: occupation::ActiveModel = existing.clone().into();
        if name_vi.is_some() || name_en.is_some() {
            let vi = name_vi.unwrap_or(existing.name_vi);
            let en = name_en.unwrap_or(existing.name_en);
            row.name_search = Set(name_search(&vi, &en));
            row.name_vi = Set(vi);
            row.name_en = Set(en);
        }
        if let Some(description) = &changes.description {
            row.description = Set(validate::description("input.description", description)?);
        }
        if let Some(values) = &changes.training_levels {
            row.training_levels = Set(levels(values));
        }
        if let Some(values) = &changes.vsic_sections {
            row.vsic_sections = Set(sections(values)?);
        }
        if let Some(values) = &changes.skills {
            row.skills = Set(validate::skills(values)?);
        }
        row.updated_at = Set(Utc::now());
        let txn = self.begin_write().await?;
        let updated = row.update(&txn).await?;
        txn.commit().await?;
        tracing::info!(occupation = %updated.code, officer = %principal.subject, "occupation changed");
        Ok(updated)
    }
}
