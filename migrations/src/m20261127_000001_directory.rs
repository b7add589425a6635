//! The directory: areas (a time-versioned hierarchy), organizations and memberships.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum DirectoryAreas {
    Table,
    Id,
    Code,
    Name,
    NameSearch,
    Level,
    ParentId,
    ValidFrom,
    ValidTo,
}

#[derive(DeriveIden)]
enum DirectoryOrganizations {
    Table,
    Id,
    Kind,
    Name,
    NameSearch,
    AreaId,
    Address,
    Website,
    TaxCode,
    IndustryCode,
    Verified,
    VerifiedAt,
    VerifiedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum DirectoryMemberships {
    Table,
    Id,
    OrganizationId,
    Subject,
    Role,
    CreatedAt,
}

const AREA_LEVELS: &[&str] =
    &["CITY", "URBAN_DISTRICT", "RURAL_DISTRICT", "TOWN", "WARD", "COMMUNE", "SPECIAL_ZONE"];

const ORGANIZATION_KINDS: &[&str] = &[
    "LOWER_SECONDARY_SCHOOL",
    "UPPER_SECONDARY_SCHOOL",
    "MULTI_LEVEL_SCHOOL",
    "VOCATIONAL_CENTRE",
    "INTERMEDIATE_SCHOOL",
    "COLLEGE",
    "UNIVERSITY",
    "ENTERPRISE",
    "BUSINESS_ASSOCIATION",
    "DEPARTMENT",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(DirectoryAreas::Table)
                    .col(pk_uuid(DirectoryAreas::Id))
                    .col(text_uniq(DirectoryAreas::Code))
                    .col(text(DirectoryAreas::Name))
                    .col(text(DirectoryAreas::NameSearch))
                    .col(text(DirectoryAreas::Level))
                    .col(uuid_null(DirectoryAreas::ParentId))
                    .col(date(DirectoryAreas::ValidFrom))
                    .col(date_null(DirectoryAreas::ValidTo))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_directory_areas_parent")
                            .from(DirectoryAreas::Table, DirectoryAreas::ParentId)
                            .to(DirectoryAreas::Table, DirectoryAreas::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .check(Expr::col(DirectoryAreas::Level).is_in(AREA_LEVELS.iter().copied()))
                    .check(
                        Expr::col(DirectoryAreas::ValidTo)
                            .is_null()
                            .or(Expr::col(DirectoryAreas::ValidTo).gte(Expr::col(DirectoryAreas::ValidFrom))),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_directory_areas_parent")
                    .table(DirectoryAreas::Table)
                    .col(DirectoryAreas::ParentId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(DirectoryOrganizations::Table)
                    .col(pk_uuid(DirectoryOrganizations::Id))
                    .col(text(DirectoryOrganizations::Kind))
                    .col(text(DirectoryOrganizations::Name))
                    .col(text(DirectoryOrganizations::NameSearch))
                    .col(uuid(DirectoryOrganizations::AreaId))
                    .col(text_null(DirectoryOrganizations::Address))
                    .col(text_null(DirectoryOrganizations::Website))
                    .col(text_null(DirectoryOrganizations::TaxCode).unique_key())
                    .col(text_null(DirectoryOrganizations::IndustryCode))
                    .col(boolean(DirectoryOrganizations::Verified).default(false))
                    .col(timestamp_with_time_zone_null(DirectoryOrganizations::VerifiedAt))
                    .col(text_null(DirectoryOrganizations::VerifiedBy))
                    .col(timestamp_with_time_zone(DirectoryOrganizations::CreatedAt))
                    .col(timestamp_with_time_zone(DirectoryOrganizations::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_directory_organizations_area")
                            .from(DirectoryOrganizations::Table, DirectoryOrganizations::AreaId)
                            .to(DirectoryAreas::Table, DirectoryAreas::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .check(Expr::col(DirectoryOrganizations::Kind).is_in(ORGANIZATION_KINDS.iter().copied()))
                    // A business is identified by its tax code; the fake-employer problem starts
                    // where one is missing.
                    .check(
                        Expr::col(DirectoryOrganizations::Kind)
                            .is_not_in(["ENTERPRISE", "BUSINESS_ASSOCIATION"])
                            .or(Expr::col(DirectoryOrganizations::TaxCode).is_not_null()),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, column) in [
            ("ix_directory_organizations_name_search", DirectoryOrganizations::NameSearch),
            ("ix_directory_organizations_area", DirectoryOrganizations::AreaId),
            ("ix_directory_organizations_kind", DirectoryOrganizations::Kind),
        ] {
            manager
                .create_index(
                    Index::create().name(name).table(DirectoryOrganizations::Table).col(column).to_owned(),
                )
                .await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(DirectoryMemberships::Table)
                    .col(pk_uuid(DirectoryMemberships::Id))
                    .col(uuid(DirectoryMemberships::OrganizationId))
                    .col(text(DirectoryMemberships::Subject))
                    .col(text(DirectoryMemberships::Role))
                    .col(timestamp_with_time_zone(DirectoryMemberships::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_directory_memberships_organization")
                            .from(DirectoryMemberships::Table, DirectoryMemberships::OrganizationId)
                            .to(DirectoryOrganizations::Table, DirectoryOrganizations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .check(Expr::col(DirectoryMemberships::Role).is_in(["ORG_MEMBER", "ORG_ADMIN"]))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_directory_memberships_subject_organization")
                    .table(DirectoryMemberships::Table)
                    .col(DirectoryMemberships::Subject)
                    .col(DirectoryMemberships::OrganizationId)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            DirectoryMemberships::Table.into_iden(),
            DirectoryOrganizations::Table.into_iden(),
            DirectoryAreas::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
