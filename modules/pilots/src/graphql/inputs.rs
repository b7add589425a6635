//! The module's GraphQL input types and their translation into service arguments.

use async_graphql::{ID, InputObject};
use hub_common::HubError;
use hub_common::ids::parse_id;
use hub_common::msg;
use hub_common::scalars::Date;

use crate::kinds::{PilotStatus, ReportStatus};
use crate::service::{
    AnnualReportQuery, MeasurementQuery, MeasurementSubject, NewMeasurement, NewPilotModel, NewTarget,
    PilotModelQuery, ReportDraft,
};

fn optional_id(field: &str, id: Option<&ID>) -> Result<Option<uuid::Uuid>, HubError> {
    id.map(|id| parse_id(field, id)).transpose()
}

/// A target from a document. A newer document supersedes older targets for the years it covers.
#[derive(InputObject)]
pub struct SetTargetInput {
    /// An indicator code, e.g. `UPPER_SECONDARY_TO_COLLEGE`.
    pub indicator: String,
    /// The area it is set for; leave out for the whole city.
    pub area_id: Option<ID>,
    /// Percent, 0-100.
    pub value: f64,
    /// The first school year it covers, numbered by the year it ends in.
    pub from_year: i32,
    /// The last one; leave out for "until superseded".
    pub to_year: Option<i32>,
    /// The document it comes from (at most 500 characters).
    pub source_document: String,
    /// When that document was issued (not in the future).
    pub issued_on: Date,
}

impl SetTargetInput {
    pub(crate) fn into_new(self) -> Result<NewTarget, HubError> {
        Ok(NewTarget {
            indicator: self.indicator,
            area_id: optional_id("input.areaId", self.area_id.as_ref())?,
            value: self.value,
            from_year: self.from_year,
            to_year: self.to_year,
            source_document: self.source_document,
            issued_on: self.issued_on.0,
        })
    }
}

/// A share reported for an organization (by itself) or an area (by an officer of Education
/// and Training):
/// give exactly one of `organizationId` and `areaId`.
#[derive(InputObject)]
pub struct ReportMeasurementInput {
    pub indicator: String,
    pub organization_id: Option<ID>,
    pub area_id: Option<ID>,
    /// The school year, numbered by the year it ends in (2024-2025 is 2025).
    pub year: i32,
    /// For "schools with …" indicators a school reports 1 (it has it) or 0, of 1.
    pub numerator: i32,
    pub denominator: i32,
    /// Where the figure can be checked (at most 500 characters).
    pub evidence: Option<String>,
    /// Required when this corrects an earlier report for the same year.
    pub correction_reason: Option<String>,
}

impl ReportMeasurementInput {
    pub(crate) fn into_new(self) -> Result<NewMeasurement, HubError> {
        let organization = optional_id("input.organizationId", self.organization_id.as_ref())?;
        let area = optional_id("input.areaId", self.area_id.as_ref())?;
        let subject = match (organization, area) {
            (Some(org), None) => MeasurementSubject::Organization(org),
            (None, Some(area)) => MeasurementSubject::Area(area),
            _ => {
                return Err(HubError::bad_input(
                    "input.organizationId",
                    msg!("give-exactly-one-organizationid-areaid"),
                ));
            }
        };
        Ok(NewMeasurement {
            indicator: self.indicator,
            subject,
            year: self.year,
            numerator: i64::from(self.numerator),
            denominator: i64::from(self.denominator),
            evidence: self.evidence,
            correction_reason: self.correction_reason,
        })
    }
}

#[derive(InputObject, Default)]
pub struct MeasurementFilter {
    pub indicator: Option<String>,
    pub year: Option<i32>,
    pub organization_id: Option<ID>,
    pub area_id: Option<ID>,
    /// Include the versions later corrected (default: the newest version of each only).
    #[graphql(default)]
    pub include_corrected: bool,
}

impl MeasurementFilter {
    pub(crate) fn into_query(self) -> Result<MeasurementQuery, HubError> {
        Ok(MeasurementQuery {
            indicator: self.indicator,
            year: self.year,
            organization_id: optional_id("filter.organizationId", self.organization_id.as_ref())?,
            area_id: optional_id("filter.areaId", self.area_id.as_ref())?,
            include_corrected: self.include_corrected,
        })
    }
}

/// The caller's organization's report for a calendar year, as a draft.
#[derive(InputObject)]
pub struct AnnualReportDraftInput {
    pub year: i32,
    /// The report itself (at most 20,000 characters).
    pub summary: String,
    /// An http(s) URL of the signed report, when there is one.
    pub document_url: Option<String>,
}

impl AnnualReportDraftInput {
    pub(crate) fn into_draft(self) -> ReportDraft {
        ReportDraft { year: self.year, summary: self.summary, document_url: self.document_url }
    }
}

#[derive(InputObject, Default)]
pub struct AnnualReportFilter {
    pub year: Option<i32>,
    pub status: Option<ReportStatus>,
    pub organization_id: Option<ID>,
}

impl AnnualReportFilter {
    pub(crate) fn into_query(self) -> Result<AnnualReportQuery, HubError> {
        Ok(AnnualReportQuery {
            year: self.year,
            status: self.status,
            organization_id: optional_id("filter.organizationId", self.organization_id.as_ref())?,
        })
    }
}

#[derive(InputObject)]
pub struct MilestoneInput {
    pub title: String,
    /// Within the pilot's period.
    pub due_on: Date,
}

#[derive(InputObject)]
pub struct CreatePilotModelInput {
    pub name: String,
    /// How the model works (at most 4000 characters).
    pub approach: String,
    /// A school, centre or college that leads it.
    pub lead_organization_id: ID,
    /// The other organizations taking part (each once, the lead not again).
    #[graphql(default)]
    pub participant_ids: Vec<ID>,
    pub area_id: Option<ID>,
    pub starts_on: Date,
    /// After `startsOn`, when an end is planned.
    pub ends_on: Option<Date>,
    #[graphql(default)]
    pub milestones: Vec<MilestoneInput>,
}

impl CreatePilotModelInput {
    pub(crate) fn into_new(self) -> Result<NewPilotModel, HubError> {
        Ok(NewPilotModel {
            name: self.name,
            approach: self.approach,
            lead_organization_id: parse_id("input.leadOrganizationId", &self.lead_organization_id)?,
            participant_ids: self
                .participant_ids
                .iter()
                .map(|id| parse_id("input.participantIds", id))
                .collect::<Result<_, _>>()?,
            area_id: optional_id("input.areaId", self.area_id.as_ref())?,
            starts_on: self.starts_on.0,
            ends_on: self.ends_on.map(|d| d.0),
            milestones: self.milestones.into_iter().map(|m| (m.title, m.due_on.0)).collect(),
        })
    }
}

#[derive(InputObject, Default)]
pub struct PilotModelFilter {
    pub status: Option<PilotStatus>,
    /// Models this organization leads or takes part in.
    pub organization_id: Option<ID>,
}

impl PilotModelFilter {
    pub(crate) fn into_query(self) -> Result<PilotModelQuery, HubError> {
        Ok(PilotModelQuery {
            status: self.status,
            organization_id: optional_id("filter.organizationId", self.organization_id.as_ref())?,
        })
    }
}
