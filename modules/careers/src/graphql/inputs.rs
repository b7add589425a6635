//! Filters and inputs, and their translation into the service's terms.

use async_graphql::{ID, InputObject};
use chrono::{DateTime, Utc};
use hub_common::HubResult;
use hub_common::ids::parse_id;

use crate::kinds::{BulletinPeriod, CareerEventKind, CareerEventStatus, EntryPoint, VocationalLevel};
use crate::service::{
    BulletinQuery, CareerEventQuery, NewBulletin, NewCareerEvent, NewOccupation, NewProgramme,
    NewSupportPolicy, OccupationChanges, OccupationQuery, ProgrammeChanges, ProgrammeQuery,
};

fn ids(field: &str, values: &[ID]) -> HubResult<Vec<uuid::Uuid>> {
    values.iter().map(|id| parse_id(field, id)).collect()
}

#[derive(InputObject, Default)]
pub struct OccupationFilter {
    /// Words of the Vietnamese or English name; accents and case are ignored.
    pub text: Option<String>,
    /// A VSIC section letter (A-U).
    pub vsic_section: Option<String>,
    /// A vocational level that trains for it.
    pub level: Option<VocationalLevel>,
}

impl OccupationFilter {
    pub fn into_query(self) -> OccupationQuery {
        OccupationQuery { text: self.text, vsic_section: self.vsic_section, level: self.level }
    }
}

#[derive(InputObject)]
pub struct CreateOccupationInput {
    /// The tier-4 or tier-5 code of Danh mục nghề nghiệp Việt Nam (4 or 5 digits).
    pub code: String,
    pub name_vi: String,
    pub name_en: String,
    pub description: String,
    #[graphql(default)]
    pub training_levels: Vec<VocationalLevel>,
    #[graphql(default)]
    pub vsic_sections: Vec<String>,
    #[graphql(default)]
    pub skills: Vec<String>,
}

impl From<CreateOccupationInput> for NewOccupation {
    fn from(input: CreateOccupationInput) -> Self {
        Self {
            code: input.code,
            name_vi: input.name_vi,
            name_en: input.name_en,
            description: input.description,
            training_levels: input.training_levels,
            vsic_sections: input.vsic_sections,
            skills: input.skills,
        }
    }
}

/// Fields left out stay as they are.
#[derive(InputObject)]
pub struct UpdateOccupationInput {
    pub name_vi: Option<String>,
    pub name_en: Option<String>,
    pub description: Option<String>,
    pub training_levels: Option<Vec<VocationalLevel>>,
    pub vsic_sections: Option<Vec<String>>,
    pub skills: Option<Vec<String>>,
}

impl From<UpdateOccupationInput> for OccupationChanges {
    fn from(input: UpdateOccupationInput) -> Self {
        Self {
            name_vi: input.name_vi,
            name_en: input.name_en,
            description: input.description,
            training_levels: input.training_levels,
            vsic_sections: input.vsic_sections,
            skills: input.skills,
        }
    }
}

#[derive(InputObject, Default)]
pub struct VocationalProgrammeFilter {
    /// Programmes leading to this occupation (its code).
    pub occupation_code: Option<String>,
    pub level: Option<VocationalLevel>,
    /// Taught in this area or any area within it.
    pub area_id: Option<ID>,
    /// Open to pupils after grade 9, or after grade 12.
    pub entry: Option<EntryPoint>,
    pub institution_id: Option<ID>,
    /// Words of the programme's name; accents and case are ignored.
    pub text: Option<String>,
    /// Withdrawn programmes too: the caller's own institution's, or all for officers.
    #[graphql(default)]
    pub include_withdrawn: bool,
}

impl VocationalProgrammeFilter {
    pub fn into_query(self) -> HubResult<ProgrammeQuery> {
        Ok(ProgrammeQuery {
            occupation_code: self.occupation_code,
            level: self.level,
            area_id: self.area_id.as_ref().map(|id| parse_id("filter.areaId", id)).transpose()?,
            entry: self.entry,
            institution_id: self
                .institution_id
                .as_ref()
                .map(|id| parse_id("filter.institutionId", id))
                .transpose()?,
            text: self.text,
            include_withdrawn: self.include_withdrawn,
        })
    }
}

#[derive(InputObject)]
pub struct CreateVocationalProgrammeInput {
    pub name: String,
    /// The level-IV trade code (7 digits: 5… intermediate, 6… college); none for elementary.
    pub trade_code: Option<String>,
    pub level: VocationalLevel,
    pub duration_months: i32,
    /// Tuition per school year, VND.
    pub tuition_vnd: hub_common::scalars::Vnd,
    #[graphql(default)]
    pub combines_general_education: bool,
    pub entry_points: Vec<EntryPoint>,
    pub description: String,
    /// Where it is taught; the institution's own area when left out.
    pub area_id: Option<ID>,
    #[graphql(default)]
    pub occupation_codes: Vec<String>,
    #[graphql(default)]
    pub policy_ids: Vec<ID>,
}

impl CreateVocationalProgrammeInput {
    pub fn into_new(self) -> HubResult<NewProgramme> {
        Ok(NewProgramme {
            name: self.name,
            trade_code: self.trade_code,
            level: self.level,
            duration_months: self.duration_months,
            tuition_vnd: self.tuition_vnd.0,
            combines_general_education: self.combines_general_education,
            entry_points: self.entry_points,
            description: self.description,
            area_id: self.area_id.as_ref().map(|id| parse_id("input.areaId", id)).transpose()?,
            occupation_codes: self.occupation_codes,
            policy_ids: ids("input.policyIds", &self.policy_ids)?,
        })
    }
}

/// Fields left out stay as they are; the level and the trade code never change.
#[derive(InputObject)]
pub struct UpdateVocationalProgrammeInput {
    pub name: Option<String>,
    pub duration_months: Option<i32>,
    pub tuition_vnd: Option<hub_common::scalars::Vnd>,
    pub combines_general_education: Option<bool>,
    pub entry_points: Option<Vec<EntryPoint>>,
    pub description: Option<String>,
    pub occupation_codes: Option<Vec<String>>,
    pub policy_ids: Option<Vec<ID>>,
}

impl UpdateVocationalProgrammeInput {
    pub fn into_changes(self) -> HubResult<ProgrammeChanges> {
        Ok(ProgrammeChanges {
            name: self.name,
            duration_months: self.duration_months,
            tuition_vnd: self.tuition_vnd.map(|v| v.0),
            combines_general_education: self.combines_general_education,
            entry_points: self.entry_points,
            description: self.description,
            occupation_codes: self.occupation_codes,
            policy_ids: self.policy_ids.as_deref().map(|v| ids("input.policyIds", v)).transpose()?,
        })
    }
}

#[derive(InputObject)]
pub struct CreateSupportPolicyInput {
    pub title: String,
    pub description: String,
    /// The legal document it rests on, e.g. "Nghị định 81/2021/NĐ-CP, Điều 15".
    pub legal_source: String,
    pub source_url: Option<String>,
}

impl From<CreateSupportPolicyInput> for NewSupportPolicy {
    fn from(input: CreateSupportPolicyInput) -> Self {
        Self {
            title: input.title,
            description: input.description,
            legal_source: input.legal_source,
            source_url: input.source_url,
        }
    }
}

/// One year's admissions and outcomes of a programme. Reporting a year again records a new
/// version and needs a `correctionReason`.
#[derive(InputObject)]
pub struct ProgrammeAdmissionsInput {
    pub year: i32,
    pub quota: i32,
    pub applications: i32,
    pub enrolled: i32,
    pub enrolled_lower_secondary: i32,
    pub enrolled_upper_secondary: i32,
    pub graduates: Option<i32>,
    pub employed_within_12_months: Option<i32>,
    pub correction_reason: Option<String>,
}

#[derive(InputObject, Default)]
pub struct CareerEventFilter {
    /// Events that have not ended (the default), or, with false, those that have.
    pub upcoming: Option<bool>,
    pub host_id: Option<ID>,
    /// In this area or any area within it.
    pub area_id: Option<ID>,
    pub kind: Option<CareerEventKind>,
    /// Events for pupils of this grade.
    pub grade: Option<i32>,
    pub status: Option<CareerEventStatus>,
}

impl CareerEventFilter {
    pub fn into_query(self) -> HubResult<CareerEventQuery> {
        Ok(CareerEventQuery {
            upcoming: self.upcoming,
            host_id: self.host_id.as_ref().map(|id| parse_id("filter.hostId", id)).transpose()?,
            area_id: self.area_id.as_ref().map(|id| parse_id("filter.areaId", id)).transpose()?,
            kind: self.kind,
            grade: self.grade,
            status: self.status,
        })
    }
}

#[derive(InputObject)]
pub struct PublishCareerEventInput {
    pub kind: CareerEventKind,
    pub title: String,
    pub description: String,
    pub place: String,
    pub area_id: ID,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// Students it can take, over every registration.
    pub capacity: i32,
    /// The grades it is for (6-12).
    pub grades: Vec<i32>,
}

impl PublishCareerEventInput {
    pub fn into_new(self) -> HubResult<NewCareerEvent> {
        Ok(NewCareerEvent {
            kind: self.kind,
            title: self.title,
            description: self.description,
            place: self.place,
            area_id: parse_id("input.areaId", &self.area_id)?,
            starts_at: self.starts_at,
            ends_at: self.ends_at,
            capacity: self.capacity,
            grades: self.grades,
        })
    }
}

#[derive(InputObject, Default)]
pub struct LabourMarketBulletinFilter {
    pub occupation_code: Option<String>,
    pub vsic_section: Option<String>,
    /// In this area or any area within it.
    pub area_id: Option<ID>,
    pub period: Option<BulletinPeriod>,
    pub year: Option<i32>,
}

impl LabourMarketBulletinFilter {
    pub fn into_query(self) -> HubResult<BulletinQuery> {
        Ok(BulletinQuery {
            occupation_code: self.occupation_code,
            vsic_section: self.vsic_section,
            area_id: self.area_id.as_ref().map(|id| parse_id("filter.areaId", id)).transpose()?,
            period: self.period,
            year: self.year,
        })
    }
}

/// A bulletin: exactly one of `occupationCode` and `vsicSection`.
#[derive(InputObject)]
pub struct PublishLabourMarketBulletinInput {
    pub period: BulletinPeriod,
    pub year: i32,
    /// The quarter (1-4), the half (1-2), or 1 for a year.
    pub number: i32,
    pub occupation_code: Option<String>,
    pub vsic_section: Option<String>,
    pub area_id: ID,
    pub vacancies: i32,
    pub job_seekers: i32,
    pub hires: i32,
    pub forecast: String,
    pub publisher: String,
    pub source_document: String,
}

impl PublishLabourMarketBulletinInput {
    pub fn into_new(self) -> HubResult<NewBulletin> {
        Ok(NewBulletin {
            period: self.period,
            year: self.year,
            number: self.number,
            occupation_code: self.occupation_code,
            vsic_section: self.vsic_section,
            area_id: parse_id("input.areaId", &self.area_id)?,
            vacancies: self.vacancies,
            job_seekers: self.job_seekers,
            hires: self.hires,
            forecast: self.forecast,
            publisher: self.publisher,
            source_document: self.source_document,
        })
    }
}
