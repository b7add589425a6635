use sea_orm::entity::prelude::*;

use crate::kinds::{VocationalLevel, decode_set, levels_of};

/// An occupation of the catalogue, keyed by its code in Danh mục nghề nghiệp Việt Nam.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "careers_occupations")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub code: String,
    pub name_vi: String,
    pub name_en: String,
    /// Both names folded for search; written with every change of either.
    pub name_search: String,
    pub description: String,
    /// `|ELEMENTARY|COLLEGE|`.
    pub training_levels: String,
    /// `|C|H|`: VSIC 2018 section letters.
    pub vsic_sections: String,
    /// A JSON array of strings.
    pub skills: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    pub fn levels(&self) -> Vec<VocationalLevel> {
        levels_of(&self.training_levels)
    }

    pub fn sections(&self) -> Vec<String> {
        decode_set(&self.vsic_sections).map(str::to_owned).collect()
    }

    pub fn skill_list(&self) -> Vec<String> {
        serde_json::from_str(&self.skills).unwrap_or_default()
    }
}
