//! Offers and equipment listings may name the partnership they deliver, so a partnership's
//! delivered seats and equipment value count what names it instead of everything its
//! enterprises did that year (the same seats credited to each of their partnerships).
//!
//! Expand only: nullable columns; rows written so far name no partnership and count as
//! unattributed. No foreign key: partnerships are another module's table, and the services
//! check the name when it is given (an active partnership the owner is a party to).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum InternshipsOffers {
    Table,
    PartnershipId,
}

#[derive(DeriveIden)]
enum EquipmentListings {
    Table,
    PartnershipId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(InternshipsOffers::Table)
                    .add_column(uuid_null(InternshipsOffers::PartnershipId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_internships_offers_partnership")
                    .table(InternshipsOffers::Table)
                    .col(InternshipsOffers::PartnershipId)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(EquipmentListings::Table)
                    .add_column(uuid_null(EquipmentListings::PartnershipId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_equipment_listings_partnership")
                    .table(EquipmentListings::Table)
                    .col(EquipmentListings::PartnershipId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("ix_equipment_listings_partnership")
                    .table(EquipmentListings::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(EquipmentListings::Table)
                    .drop_column(EquipmentListings::PartnershipId)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("ix_internships_offers_partnership")
                    .table(InternshipsOffers::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(InternshipsOffers::Table)
                    .drop_column(InternshipsOffers::PartnershipId)
                    .to_owned(),
            )
            .await
    }
}
