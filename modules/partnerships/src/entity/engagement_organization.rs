use sea_orm::entity::prelude::*;

/// An organization involved in an engagement (the recorder is always one), and when it
/// confirmed taking part: an engagement counts for an organization only once it has.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "partnerships_engagement_organizations")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub engagement_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub organization_id: Uuid,
    /// Set at once for the recorder; for the others when they `confirmEngagement`.
    pub confirmed_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
