//! Labour-market bulletins: public reads, officers publishing one at a time or importing a CSV
//! file, which is all or nothing.

use hub_common::messages::Message;
use hub_common::msg;
use std::collections::{HashMap, HashSet};

use chrono::Utc;
use directory::service::AreaQuery;
use hub_common::pagination::PageRequest;
use hub_common::text::{required_multiline_text, required_text};
use hub_common::{HubError, HubResult, Principal, Remit};
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use super::validate::{self, OccupationCode};
use super::{Careers, csv};
use crate::entity::bulletin;
use crate::kinds::BulletinPeriod;

/// What `labourMarketBulletins` is asked for.
#[derive(Debug, Clone, Default)]
pub struct BulletinQuery {
    pub occupation_code: Option<String>,
    pub vsic_section: Option<String>,
    /// In this area or any area within it.
    pub area_id: Option<Uuid>,
    pub period: Option<BulletinPeriod>,
    pub year: Option<i32>,
}

/// The keyset of `labourMarketBulletins`: newest period first, then id.
pub type BulletinCursor = (i32, i32, Uuid);

#[derive(Debug, Clone)]
pub struct NewBulletin {
    pub period: BulletinPeriod,
    pub year: i32,
    pub number: i32,
    pub occupation_code: Option<String>,
    pub vsic_section: Option<String>,
    pub area_id: Uuid,
    pub vacancies: i32,
    pub job_seekers: i32,
    pub hires: i32,
    pub forecast: String,
    pub publisher: String,
    pub source_document: String,
}

/// One thing wrong with an imported file: the line (1 is the header) and the column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvRowError {
    pub row: usize,
    pub field: String,
    pub message: Message,
}

/// What an import did: every row, or nothing and every error found.
#[derive(Debug, Clone)]
pub struct BulletinImport {
    pub imported: Vec<bulletin::Model>,
    pub errors: Vec<CsvRowError>,
}

/// The columns of an import file, in this order, named on its first line.
pub const CSV_COLUMNS: [&str; 12] = [
    "period",
    "year",
    "number",
    "occupation_code",
    "vsic_section",
    "area_code",
    "vacancies",
    "job_seekers",
    "hires",
    "forecast",
    "publisher",
    "source_document",
];

const MAX_IMPORT_ROWS: usize = 5_000;
const PUBLISH: Message = msg!("what-publish-bulletins");

/// A bulletin's checked values, before it has an id.
struct Checked {
    period: BulletinPeriod,
    year: i32,
    number: i32,
    occupation_code: Option<String>,
    vsic_section: Option<String>,
    area_id: Uuid,
    vacancies: i32,
    job_seekers: i32,
    hires: i32,
    forecast: String,
    publisher: String,
    source_document: String,
}

/// Checks what does not need the database; `field` names a column in the caller's spelling.
fn check(input: &NewBulletin, field: impl Fn(&str) -> String) -> HubResult<Checked> {
    let year = validate::year(&field("year"), input.year)?;
    if !(1..=input.period.per_year()).contains(&input.number) {
        return Err(HubError::bad_input(
            field("number"),
            msg!("period-numbered-1-value", value = input.period.per_year()),
        ));
    }
    let occupation_code = input
        .occupation_code
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(|c| OccupationCode::parse(&field("occupationCode"), c).map(OccupationCode::into_string))
        .transpose()?;
    let vsic_section = input
        .vsic_section
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| validate::vsic_section(&field("vsicSection"), s))
        .transpose()?;
    if occupation_code.is_some() == vsic_section.is_some() {
        return Err(HubError::bad_input(
            field("occupationCode"),
            msg!("bulletin-about-one-occupation-one-vsic"),
        ));
    }
    Ok(Checked {
        period: input.period,
        year,
        number: input.number,
        occupation_code,
        vsic_section,
        area_id: input.area_id,
        vacancies: validate::figure(&field("vacancies"), input.vacancies)?,
        job_seekers: validate::figure(&field("jobSeekers"), input.job_seekers)?,
        hires: validate::figure(&field("hires"), input.hires)?,
        forecast: required_multiline_text(&field("forecast"), &input.forecast, 2_000)?,
        publisher: required_text(&field("publisher"), &input.publisher, 200)?,
        source_document: required_text(&field("sourceDocument"), &input.source_document, 300)?,
    })
}

fn to_row(checked: Checked, principal: &Principal) -> bulletin::Model {
    bulletin::Model {
        id: Uuid::now_v7(),
        period_kind: checked.period,
        year: checked.year,
        period_number: checked.number,
        occupation_code: checked.occupation_code,
        vsic_section: checked.vsic_section,
        area_id: checked.area_id,
        vacancies: checked.vacancies,
        job_seekers: checked.job_seekers,
        hires: checked.hires,
        forecast: checked.forecast,
        publisher: checked.publisher,
        source_document: checked.source_document,
        demonstration: false,
        published_by: principal.subject.clone(),
        published_at: Utc::now(),
    }
}

/// The CSV spelling of a GraphQL field name (`jobSeekers` → `job_seekers`, `areaId` → `area_code`).
fn csv_column(field: &str) -> String {
    match field {
        "areaId" => "area_code".to_owned(),
        other => other.chars().fold(String::new(), |mut out, c| {
            if c.is_ascii_uppercase() {
                out.push('_');
                out.push(c.to_ascii_lowercase());
            } else {
                out.push(c);
            }
            out
        }),
    }
}

impl Careers {
    /// One page of bulletins, newest period first. Public.
    pub async fn bulletins(
        &self,
        query: &BulletinQuery,
        page: &PageRequest<BulletinCursor>,
    ) -> HubResult<Vec<bulletin::Model>> {
        let mut select = bulletin::Entity::find();
        if let Some(code) = &query.occupation_code {
            let code = OccupationCode::parse("filter.occupationCode", code)?;
            select = select.filter(bulletin::Column::OccupationCode.eq(code.as_str()));
        }
        if let Some(section) = &query.vsic_section {
            let section = validate::vsic_section("filter.vsicSection", section)?;
            select = select.filter(bulletin::Column::VsicSection.eq(section));
        }
        if let Some(area_id) = query.area_id {
            let areas = self.directory.area_with_descendants(area_id).await?;
            select = select.filter(bulletin::Column::AreaId.is_in(areas));
        }
        if let Some(period) = query.period {
            select = select.filter(bulletin::Column::PeriodKind.eq(period));
        }
        if let Some(year) = query.year {
            select = select.filter(bulletin::Column::Year.eq(year));
        }
        if let Some((year, number, id)) = page.after {
            select = select.filter(
                Condition::any()
                    .add(bulletin::Column::Year.lt(year))
                    .add(
                        Condition::all()
                            .add(bulletin::Column::Year.eq(year))
                            .add(bulletin::Column::PeriodNumber.lt(number)),
                    )
                    .add(
                        Condition::all()
                            .add(bulletin::Column::Year.eq(year))
                            .add(bulletin::Column::PeriodNumber.eq(number))
                            .add(bulletin::Column::Id.lt(id)),
                    ),
            );
        }
        Ok(select
            .order_by_desc(bulletin::Column::Year)
            .order_by_desc(bulletin::Column::PeriodNumber)
            .order_by_desc(bulletin::Column::Id)
            .limit(page.fetch_limit())
            .all(&self.db)
            .await?)
    }

    /// The latest `limit` bulletins about an occupation, newest period first: what an
    /// occupation page charts.
    pub async fn recent_bulletins(
        &self,
        occupation_code: &str,
        limit: u64,
    ) -> HubResult<Vec<bulletin::Model>> {
        Ok(bulletin::Entity::find()
            .filter(bulletin::Column::OccupationCode.eq(occupation_code))
            .order_by_desc(bulletin::Column::Year)
            .order_by_desc(bulletin::Column::PeriodNumber)
            .order_by_desc(bulletin::Column::Id)
            .limit(limit)
            .all(&self.db)
            .await?)
    }

    /// Publishes one bulletin; officers of Education and Training only.
    pub async fn publish_bulletin(
        &self,
        principal: &Principal,
        input: NewBulletin,
    ) -> HubResult<bulletin::Model> {
        principal.require_remit(Remit::EducationAndTraining, PUBLISH)?;
        let checked = check(&input, |name| format!("input.{name}"))?;
        if self.directory.area(checked.area_id).await?.is_none() {
            return Err(HubError::bad_input("input.areaId", msg!("no-such-area")));
        }
        if let Some(code) = &checked.occupation_code
            && self.occupation(code).await?.is_none()
        {
            return Err(HubError::bad_input(
                "input.occupationCode",
                msg!("occupation-code-not-catalogue", code = code),
            ));
        }
        let row = to_row(checked, principal);
        let txn = self.begin_write().await?;
        bulletin::Entity::insert(bulletin::ActiveModel::from(row.clone()))
            .exec_without_returning(&txn)
            .await?;
        txn.commit().await?;
        tracing::info!(bulletin = %row.id, officer = %principal.subject, "labour-market bulletin published");
        Ok(row)
    }

    /// Imports bulletins from CSV (columns [`CSV_COLUMNS`], named on the first line); officers
    /// of Education and Training only. Every row is checked first; when any is wrong nothing
    /// is imported and every error found is returned, with its line (the header is line 1)
    /// and column.
    pub async fn import_bulletins(&self, principal: &Principal, text: &str) -> HubResult<BulletinImport> {
        principal.require_remit(Remit::EducationAndTraining, PUBLISH)?;
        let refuse = |row: usize, field: &str, message: Message| BulletinImport {
            imported: Vec::new(),
            errors: vec![CsvRowError { row, field: field.to_owned(), message }],
        };
        let records = match csv::parse(text) {
            Ok(records) => records,
            Err(malformed) => return Ok(refuse(malformed.line, "", malformed.message)),
        };
        let Some((header, rows)) = records.split_first() else {
            return Ok(refuse(1, "", msg!("csv-file-empty")));
        };
        let names: Vec<String> = header.fields.iter().map(|f| f.trim().to_ascii_lowercase()).collect();
        if names != CSV_COLUMNS {
            return Ok(refuse(
                header.line,
                "",
                msg!("csv-header-must-name-columns", columns = CSV_COLUMNS.join(",")),
            ));
        }
        if rows.is_empty() {
            return Ok(refuse(header.line, "", msg!("csv-no-rows")));
        }
        if rows.len() > MAX_IMPORT_ROWS {
            return Ok(refuse(header.line, "", msg!("csv-too-many-rows", max = MAX_IMPORT_ROWS)));
        }

        let areas: HashMap<String, Uuid> =
            self.directory.areas(&AreaQuery::default()).await?.into_iter().map(|a| (a.code, a.id)).collect();
        let mut codes: Vec<String> =
            rows.iter().filter_map(|r| r.fields.get(3)).map(|c| c.trim().to_owned()).collect();
        codes.retain(|c| !c.is_empty());
        let known: HashSet<String> = self.occupations_by_codes(&codes).await?.into_keys().collect();

        let mut checked = Vec::with_capacity(rows.len());
        let mut errors = Vec::new();
        for record in rows {
            match self.check_csv_row(record, &areas, &known) {
                Ok(row) => checked.push(row),
                Err(error) => errors.push(error),
            }
        }
        if !errors.is_empty() {
            return Ok(BulletinImport { imported: Vec::new(), errors });
        }
        let rows: Vec<bulletin::Model> = checked.into_iter().map(|c| to_row(c, principal)).collect();
        let txn = self.begin_write().await?;
        for chunk in rows.chunks(200) {
            bulletin::Entity::insert_many(chunk.iter().cloned().map(bulletin::ActiveModel::from))
                .exec_without_returning(&txn)
                .await?;
        }
        txn.commit().await?;
        tracing::info!(rows = rows.len(), officer = %principal.subject, "labour-market bulletins imported");
        Ok(BulletinImport { imported: rows, errors: Vec::new() })
    }

    fn check_csv_row(
        &self,
        record: &csv::Record,
        areas: &HashMap<String, Uuid>,
        known: &HashSet<String>,
    ) -> Result<Checked, CsvRowError> {
        let error = |field: &str, message: Message| CsvRowError {
            row: record.line,
            field: field.to_owned(),
            message,
        };
        if record.fields.len() != CSV_COLUMNS.len() {
            return Err(error(
                "",
                msg!("csv-row-field-count", expected = CSV_COLUMNS.len(), found = record.fields.len()),
            ));
        }
        let value = |index: usize| record.fields[index].trim();
        let number = |index: usize| {
            value(index)
                .parse::<i32>()
                .map_err(|_| error(CSV_COLUMNS[index], msg!("csv-whole-number", column = CSV_COLUMNS[index])))
        };
        let period = BulletinPeriod::named(&value(0).to_ascii_uppercase())
            .ok_or_else(|| error("period", msg!("csv-period-names")))?;
        let area_id = *areas
            .get(value(5))
            .ok_or_else(|| error("area_code", msg!("csv-no-area-with-code", code = value(5))))?;
        let input = NewBulletin {
            period,
            year: number(1)?,
            number: number(2)?,
            occupation_code: Some(value(3).to_owned()),
            vsic_section: Some(value(4).to_owned()),
            area_id,
            vacancies: number(6)?,
            job_seekers: number(7)?,
            hires: number(8)?,
            forecast: value(9).to_owned(),
            publisher: value(10).to_owned(),
            source_document: value(11).to_owned(),
        };
        let checked = check(&input, |name| name.to_owned()).map_err(|err| match err {
            HubError::BadUserInput { field, message } => {
                let column = csv_column(&field);
                error(&column, message.with_text_replaced(&field, &column))
            }
            other => error("", other.client_message()),
        })?;
        if let Some(code) = &checked.occupation_code
            && !known.contains(code)
        {
            return Err(error("occupation_code", msg!("occupation-code-not-catalogue", code = code)));
        }
        Ok(checked)
    }
}
