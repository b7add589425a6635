//! Compiled answers for the directory's types (see `hub_common::compiled`): the selections of
//! an `Organization` and an `Area` that another module's plan embeds (an offer's enterprise and
//! area), their batched reads, and their JSON, field for field what the resolvers in `graphql`
//! give. `tests/api/compiled_queries.rs` holds the two to the same bytes.

use std::collections::HashMap;
use std::sync::OnceLock;

use async_graphql::ID;
use async_graphql::parser::types::{Field, SelectionSet};
use hub_common::batching::{Batcher, LazyBatcher, Loader, batch_loader, load_known};
use hub_common::compiled::{
    Fallback, Json, Own, Selections, compile_selection, leaf, object_without_arguments,
};
use hub_common::ids::to_id;
use hub_common::projection::Projection;
use hub_common::scalars::Date;
use uuid::Uuid;

use crate::entity::{area, organization};
use crate::loaders::AreaLoader;
use crate::service::Directory;

/// What a plan may ask of an `Organization`.
#[derive(Debug, Clone)]
pub enum OrganizationField {
    Id,
    Kind,
    Name,
    Area(AreaSelection),
    Address,
    Website,
    TaxCode,
    IndustryCode,
    Verified,
    VerifiedAt,
    Remit,
    CreatedAt,
    UpdatedAt,
}

/// What a plan may ask of an `Area` (not its parent, which costs a statement per level).
#[derive(Debug, Clone, Copy)]
pub enum AreaField {
    Id,
    Code,
    Name,
    Level,
    ValidFrom,
    ValidTo,
}

const ORGANIZATION_LEAVES: &[(&str, OrganizationField)] = &[
    ("id", OrganizationField::Id),
    ("kind", OrganizationField::Kind),
    ("name", OrganizationField::Name),
    ("address", OrganizationField::Address),
    ("website", OrganizationField::Website),
    ("taxCode", OrganizationField::TaxCode),
    ("industryCode", OrganizationField::IndustryCode),
    ("verified", OrganizationField::Verified),
    ("verifiedAt", OrganizationField::VerifiedAt),
    ("remit", OrganizationField::Remit),
    ("createdAt", OrganizationField::CreatedAt),
    ("updatedAt", OrganizationField::UpdatedAt),
];

const AREA_LEAVES: &[(&str, AreaField)] = &[
    ("id", AreaField::Id),
    ("code", AreaField::Code),
    ("name", AreaField::Name),
    ("level", AreaField::Level),
    ("validFrom", AreaField::ValidFrom),
    ("validTo", AreaField::ValidTo),
];

#[derive(Debug, Clone)]
pub struct OrganizationSelection(Selections<OrganizationField>);

#[derive(Debug, Clone)]
pub struct AreaSelection(Selections<AreaField>);

impl OrganizationSelection {
    pub fn compile(set: &SelectionSet) -> Option<Self> {
        compile_selection(set, |field: &Field| match field.name.node.as_str() {
            "area" => AreaSelection::compile(object_without_arguments(field)?).map(OrganizationField::Area),
            _ => leaf(field, ORGANIZATION_LEAVES),
        })
        .map(Self)
    }

    /// Adds the columns this selection writes to `projection`.
    pub fn project(&self, projection: &mut OrganizationsProjection) {
        use organization::Column as C;
        for selected in &self.0 {
            let Own::Field(field) = &selected.field else { continue };
            let columns: &[C] = match field {
                OrganizationField::Id => &[C::Id],
                OrganizationField::Kind => &[C::Kind],
                OrganizationField::Name => &[C::Name],
                OrganizationField::Area(area) => {
                    area.project(projection.areas.get_or_insert_with(|| Projection::of([area::Column::Id])));
                    &[C::AreaId]
                }
                OrganizationField::Address => &[C::Address],
                OrganizationField::Website => &[C::Website],
                OrganizationField::TaxCode => &[C::TaxCode],
                OrganizationField::IndustryCode => &[C::IndustryCode],
                OrganizationField::Verified => &[C::Verified],
                OrganizationField::VerifiedAt => &[C::VerifiedAt],
                OrganizationField::Remit => &[C::DepartmentRemit],
                OrganizationField::CreatedAt => &[C::CreatedAt],
                OrganizationField::UpdatedAt => &[C::UpdatedAt],
            };
            projection.organizations.extend(columns.iter().copied());
        }
    }

    /// Writes an organization; its area (nullable) from `areas`.
    pub fn write(&self, json: &mut Json, row: &organization::Model, areas: &HashMap<Uuid, area::Model>) {
        json.object("Organization", &self.0, |json, field| match field {
            OrganizationField::Id => json.scalar(&to_id(row.id)),
            OrganizationField::Kind => json.scalar(&row.kind),
            OrganizationField::Name => json.string(&row.name),
            OrganizationField::Area(selection) => match areas.get(&row.area_id) {
                Some(area) => selection.write(json, area),
                None => json.raw("null"),
            },
            OrganizationField::Address => json.optional_string(row.address.as_deref()),
            OrganizationField::Website => json.optional_string(row.website.as_deref()),
            OrganizationField::TaxCode => json.optional_string(row.tax_code.as_deref()),
            OrganizationField::IndustryCode => json.optional_string(row.industry_code.as_deref()),
            OrganizationField::Verified => json.bool(row.verified),
            OrganizationField::VerifiedAt => json.optional_scalar(row.verified_at.as_ref()),
            OrganizationField::Remit => json.optional_scalar(row.department_remit.as_ref()),
            OrganizationField::CreatedAt => json.scalar(&row.created_at),
            OrganizationField::UpdatedAt => json.scalar(&row.updated_at),
        });
    }
}

impl AreaSelection {
    pub fn compile(set: &SelectionSet) -> Option<Self> {
        compile_selection(set, |field| leaf(field, AREA_LEAVES)).map(Self)
    }

    /// Adds the columns this selection writes to `projection`.
    pub fn project(&self, projection: &mut Projection<area::Column>) {
        use area::Column as C;
        for selected in &self.0 {
            let Own::Field(field) = &selected.field else { continue };
            projection.extend([match field {
                AreaField::Id => C::Id,
                AreaField::Code => C::Code,
                AreaField::Name => C::Name,
                AreaField::Level => C::Level,
                AreaField::ValidFrom => C::ValidFrom,
                AreaField::ValidTo => C::ValidTo,
            }]);
        }
    }

    pub fn write(&self, json: &mut Json, row: &area::Model) {
        json.object("Area", &self.0, |json, field| match field {
            AreaField::Id => json.scalar::<ID>(&to_id(row.id)),
            AreaField::Code => json.string(&row.code),
            AreaField::Name => json.string(&row.name),
            AreaField::Level => json.scalar(&row.level),
            AreaField::ValidFrom => json.scalar(&Date(row.valid_from)),
            AreaField::ValidTo => json.optional_scalar(row.valid_to.map(Date).as_ref()),
        });
    }
}

/// The directory's reads for plans: organizations through each plan's own batcher (see
/// [`OrganizationReads`]), areas through a batcher like the resolvers'.
pub struct DirectoryReads {
    directory: Directory,
    areas: Batcher<AreaLoader>,
}

/// The columns a plan reads of organizations, and of their areas when it writes them (see
/// `hub_common::projection`); built with [`OrganizationSelection::project`].
#[derive(Debug, Clone)]
pub struct OrganizationsProjection {
    organizations: Projection<organization::Column>,
    areas: Option<Projection<area::Column>>,
}

impl Default for OrganizationsProjection {
    fn default() -> Self {
        Self { organizations: Projection::of([organization::Column::Id]), areas: None }
    }
}

impl OrganizationsProjection {
    /// When the organizations' areas are read, reads what `selection` writes of them as well,
    /// so that the same rows can serve it.
    pub fn also_for(&mut self, selection: &AreaSelection) {
        if let Some(areas) = &mut self.areas {
            selection.project(areas);
        }
    }
}

/// How one plan reads organizations: its projection, and the batcher through which the lone
/// lookups of its concurrent requests share a statement that reads only those columns. The
/// batcher is made at the plan's first read: plans are compiled before any service is at hand.
#[derive(Debug)]
pub struct OrganizationReads {
    projection: OrganizationsProjection,
    lone: LazyBatcher<ProjectedOrganizations>,
}

impl From<OrganizationsProjection> for OrganizationReads {
    fn from(projection: OrganizationsProjection) -> Self {
        Self { projection, lone: LazyBatcher::default() }
    }
}

/// The loader of an [`OrganizationReads`] batcher: organizations by id, with their areas when
/// the projection has them, in one statement.
pub struct ProjectedOrganizations {
    directory: Directory,
    projection: OrganizationsProjection,
    /// The statement's text, the same for every read of this projection on PostgreSQL.
    text: OnceLock<String>,
}

impl Loader<Uuid> for ProjectedOrganizations {
    type Value = (organization::Model, Option<area::Model>);
    type Error = async_graphql::Error;

    async fn load(&self, ids: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
        let (columns, area_columns) = (&self.projection.organizations, self.projection.areas.as_ref());
        Ok(self.directory.projected_organizations_by_ids(ids, columns, area_columns, &self.text).await?)
    }
}

/// Organizations read for a plan, and the areas read with them.
#[derive(Default)]
pub struct Organizations {
    pub organizations: HashMap<Uuid, organization::Model>,
    pub areas: HashMap<Uuid, area::Model>,
}

impl DirectoryReads {
    pub fn new(directory: Directory) -> Self {
        Self { areas: batch_loader(AreaLoader::new(directory.clone())), directory }
    }

    /// Organizations by id as `plan` reads them, with their areas in the same statement when
    /// its projection asks for them. A lone id goes through the plan's batcher; several are
    /// read at once.
    pub async fn organizations(
        &self,
        ids: &[Uuid],
        plan: &OrganizationReads,
    ) -> Result<Organizations, Fallback> {
        let lone = plan.lone.get_or_init(|| ProjectedOrganizations {
            directory: self.directory.clone(),
            projection: plan.projection.clone(),
            text: OnceLock::new(),
        });
        let placed = load_known(lone, &distinct(ids)).await.map_err(|_| Fallback)?;
        let mut read = Organizations::default();
        for (id, (organization, area)) in placed {
            if let Some(area) = area {
                read.areas.insert(area.id, area);
            }
            read.organizations.insert(id, organization);
        }
        Ok(read)
    }

    pub async fn areas(&self, ids: &[Uuid]) -> Result<HashMap<Uuid, area::Model>, Fallback> {
        load_known(&self.areas, &distinct(ids)).await.map_err(|_| Fallback)
    }
}

/// The ids in their first order, each once (as `SiblingRefs` asks for them).
fn distinct(ids: &[Uuid]) -> Vec<Uuid> {
    let mut seen = std::collections::HashSet::with_capacity(ids.len());
    ids.iter().copied().filter(|id| seen.insert(*id)).collect()
}
