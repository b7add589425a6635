//! The closed vocabularies of careers, shared by the database, the GraphQL schema and the event
//! payload. Each is stored as its SCREAMING_SNAKE_CASE name in a text column; sets of them as
//! `|A|B|` (see [`encode_set`]).

use async_graphql::Enum;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// The level of a vocational programme (Law on Vocational Education 2014): what it takes and
/// what certificate it gives.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Enum,
    EnumIter,
    DeriveActiveEnum,
    Serialize,
    Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)", rename_all = "SCREAMING_SNAKE_CASE")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum VocationalLevel {
    /// Sơ cấp: three months to a year, a certificate; no level-IV trade code.
    Elementary,
    /// Trung cấp: one to two years (longer with general-education subjects).
    Intermediate,
    /// Cao đẳng: two to three years.
    College,
}

impl VocationalLevel {
    pub const ALL: [VocationalLevel; 3] =
        [VocationalLevel::Elementary, VocationalLevel::Intermediate, VocationalLevel::College];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Elementary => "ELEMENTARY",
            Self::Intermediate => "INTERMEDIATE",
            Self::College => "COLLEGE",
        }
    }

    /// The first digit of this level's codes in the level-IV vocational training list: 5 for
    /// intermediate, 6 for college; elementary programmes have no code there.
    pub fn trade_code_prefix(self) -> Option<char> {
        match self {
            Self::Elementary => None,
            Self::Intermediate => Some('5'),
            Self::College => Some('6'),
        }
    }
}

/// When a pupil may start a programme: the two streaming points of the city's plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Enum, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum EntryPoint {
    /// After lower secondary (a THCS graduate).
    AfterGrade9,
    /// After upper secondary (a THPT graduate).
    AfterGrade12,
}

impl EntryPoint {
    pub const ALL: [EntryPoint; 2] = [EntryPoint::AfterGrade9, EntryPoint::AfterGrade12];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::AfterGrade9 => "AFTER_GRADE_9",
            Self::AfterGrade12 => "AFTER_GRADE_12",
        }
    }
}

/// Whether a programme is offered.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Enum, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)", rename_all = "SCREAMING_SNAKE_CASE")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ProgrammeStatus {
    /// Listed for everybody.
    Published,
    /// No longer offered; seen by its institution and officers only, its admissions kept.
    Withdrawn,
}

/// What kind of career event.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Enum, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)", rename_all = "SCREAMING_SNAKE_CASE")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum CareerEventKind {
    /// Ngày hội tư vấn, hướng nghiệp.
    CareerDay,
    /// A college's or centre's open day.
    OpenDay,
    /// A visit to an enterprise's workplace.
    CompanyVisit,
}

/// Where an event stands.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Enum, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)", rename_all = "SCREAMING_SNAKE_CASE")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum CareerEventStatus {
    /// Announced and taking registrations until it starts.
    Published,
    /// Called off by its host; registrations stay on record.
    Cancelled,
}

/// Where a school's registration stands.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Enum, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)", rename_all = "SCREAMING_SNAKE_CASE")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[graphql(name = "CareerEventRegistrationStatus")]
pub enum RegistrationStatus {
    Registered,
    /// Cancelled by the school; its seats went back to the event.
    Cancelled,
}

/// The period a labour-market bulletin covers.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Enum, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)", rename_all = "SCREAMING_SNAKE_CASE")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum BulletinPeriod {
    /// `number` 1-4.
    Quarter,
    /// `number` 1-2.
    HalfYear,
    /// `number` 1.
    Year,
}

impl BulletinPeriod {
    /// How many periods of this kind a year has.
    pub fn per_year(self) -> i32 {
        match self {
            Self::Quarter => 4,
            Self::HalfYear => 2,
            Self::Year => 1,
        }
    }

    pub fn named(name: &str) -> Option<Self> {
        match name {
            "QUARTER" => Some(Self::Quarter),
            "HALF_YEAR" => Some(Self::HalfYear),
            "YEAR" => Some(Self::Year),
            _ => None,
        }
    }
}

/// The column value for a set of names: sorted, without duplicates, as `|A|B|`. Every name is
/// wrapped in bars, so a LIKE on `%|A|%` cannot match a name that merely contains `A`.
pub fn encode_set<'a>(names: impl IntoIterator<Item = &'a str>) -> String {
    let mut sorted: Vec<&str> = names.into_iter().collect();
    sorted.sort_unstable();
    sorted.dedup();
    let mut column = String::from("|");
    for name in sorted {
        column.push_str(name);
        column.push('|');
    }
    column
}

/// The names of a set column, in stored order.
pub fn decode_set(column: &str) -> impl Iterator<Item = &str> {
    column.split('|').filter(|name| !name.is_empty())
}

/// The LIKE pattern finding rows whose set column holds `name`.
pub fn set_contains(name: &str) -> String {
    format!("%|{name}|%")
}

pub fn levels_of(column: &str) -> Vec<VocationalLevel> {
    decode_set(column)
        .filter_map(|name| VocationalLevel::ALL.into_iter().find(|l| l.as_str() == name))
        .collect()
}

pub fn entry_points_of(column: &str) -> Vec<EntryPoint> {
    decode_set(column).filter_map(|name| EntryPoint::ALL.into_iter().find(|e| e.as_str() == name)).collect()
}

/// Grades stored as `|9|12|`, in ascending order.
pub fn grades_of(column: &str) -> Vec<i32> {
    let mut grades: Vec<i32> = decode_set(column).filter_map(|g| g.parse().ok()).collect();
    grades.sort_unstable();
    grades
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sets_round_trip_sorted_and_without_duplicates() {
        let column = encode_set(["COLLEGE", "ELEMENTARY", "COLLEGE"]);
        assert_eq!(column, "|COLLEGE|ELEMENTARY|");
        assert_eq!(levels_of(&column), vec![VocationalLevel::College, VocationalLevel::Elementary]);
        assert_eq!(encode_set([]), "|");
        assert_eq!(grades_of("|12|9|"), vec![9, 12]);
    }
}
