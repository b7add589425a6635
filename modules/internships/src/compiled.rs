//! Compiled answers for `internshipOffers` and `internshipOffer` (see `hub_common::compiled`):
//! the hottest public reads, planned once per document and answered through the same service
//! calls as the resolvers in `graphql`, with the JSON written directly. An offer's enterprise
//! and area come from the directory's compiled selections and reads, as the resolvers take
//! them from the directory's loaders. `tests/api/compiled_queries.rs` holds the plans to the
//! engine's bytes.

use std::collections::HashMap;

use async_graphql::ID;
use async_graphql::parser::types::{Field, SelectionSet};
use directory::compiled::{
    AreaSelection, DirectoryReads, OrganizationReads, OrganizationSelection, OrganizationsProjection,
};
use directory::{AreaRecord, OrganizationRecord};
use hub_common::Principal;
use hub_common::batching::{LazyBatcher, Loader};
use hub_common::compiled::{
    Argument, Fallback, Inputs, Json, Own, Selections, compile_selection, is_leaf, leaf,
    object_without_arguments,
};
use hub_common::ids::{parse_id, to_id};
use hub_common::pagination::{PageRequest, encode_cursor};
use hub_common::projection::Projection;
use hub_common::scalars::{Date, Vnd};
use uuid::Uuid;

use crate::entity::offer;
use crate::graphql::types::InternshipOfferFilter;
use crate::service::Internships;

/// A compiled root field of the module.
#[derive(Debug)]
pub enum OffersPlan {
    /// `internshipOffers(filter, first, after)`.
    Page {
        filter: Argument,
        first: Argument,
        after: Argument,
        connection: Selections<ConnectionField>,
        needs: Needs,
    },
    /// `internshipOffer(id)`.
    ///
    /// Lone lookups of the offer, from concurrent requests of the plan, share a statement that
    /// reads only the plan's columns, through `lone`.
    One { id: Argument, offer: OfferSelection, needs: Needs, lone: LazyBatcher<ProjectedOffers> },
}

/// The loader of a plan's lone offer lookups: offers by id with a projection's columns.
pub struct ProjectedOffers {
    service: Internships,
    projection: Projection<offer::Column>,
}

impl Loader<Uuid> for ProjectedOffers {
    type Value = offer::Model;
    type Error = async_graphql::Error;

    async fn load(&self, ids: &[Uuid]) -> Result<HashMap<Uuid, offer::Model>, Self::Error> {
        Ok(self.service.projected_offers_by_ids(ids, &self.projection).await?)
    }
}

#[derive(Debug, Clone)]
pub enum ConnectionField {
    PageInfo(Selections<PageInfoField>),
    Edges(Selections<EdgeField>),
    Nodes(OfferSelection),
}

#[derive(Debug, Clone)]
pub enum EdgeField {
    Cursor,
    Node(OfferSelection),
}

#[derive(Debug, Clone, Copy)]
pub enum PageInfoField {
    HasPreviousPage,
    HasNextPage,
    StartCursor,
    EndCursor,
}

#[derive(Debug, Clone)]
pub struct OfferSelection(Selections<OfferField>);

#[derive(Debug, Clone)]
pub enum OfferField {
    Id,
    Enterprise(OrganizationSelection),
    Title,
    Description,
    Sector,
    Area(AreaSelection),
    Seats,
    AcceptedCount,
    SeatsLeft,
    EligibleLevels,
    StartDate,
    EndDate,
    ApplicationDeadline,
    StipendVnd,
    PartnershipId,
    Status,
    PublishedAt,
    CreatedAt,
    UpdatedAt,
}

/// The module's reads for plans: the service, and the directory's reads.
pub struct InternshipsReads {
    service: Internships,
    directory: DirectoryReads,
    /// The deployment's bound on `first` (`limits.max_page_size`).
    max_page_size: u64,
}

impl InternshipsReads {
    pub fn new(service: Internships, directory: DirectoryReads, max_page_size: u64) -> Self {
        Self { service, directory, max_page_size }
    }
}

impl OffersPlan {
    /// The plan of a root field, when it is one of the module's compiled reads.
    pub fn compile(field: &Field) -> Option<Self> {
        let set = &field.selection_set.node;
        let argument = |name: &str| field.get_argument(name).map(|value| value.node.clone());
        let only =
            |names: &[&str]| field.arguments.iter().all(|(name, _)| names.contains(&name.node.as_str()));
        match field.name.node.as_str() {
            "internshipOffers" if only(&["filter", "first", "after"]) => {
                let connection = compile_connection(set)?;
                Some(Self::Page {
                    filter: argument("filter"),
                    first: argument("first"),
                    after: argument("after"),
                    needs: Needs::of(offers_in(&connection)),
                    connection,
                })
            }
            "internshipOffer" if only(&["id"]) => {
                let offer = OfferSelection::compile(set)?;
                let mut needs = Needs::of([&offer]);
                // What `Internships::visible_to` reads of an offer.
                needs.offers.extend([offer::Column::Status, offer::Column::EnterpriseId]);
                Some(Self::One { id: argument("id"), needs, offer, lone: LazyBatcher::default() })
            }
            _ => None,
        }
    }

    /// Writes the root field's value, or gives up for the engine to answer.
    pub async fn answer(
        &self,
        reads: &InternshipsReads,
        principal: Option<&Principal>,
        inputs: &Inputs<'_>,
        json: &mut Json,
    ) -> Result<(), Fallback> {
        match self {
            Self::Page { filter, first, after, connection, needs } => {
                let filter: Option<InternshipOfferFilter> = inputs.parse(filter)?;
                let query = filter.unwrap_or_default().into_query()?;
                let first: Option<i32> = inputs.parse(first)?;
                let after: Option<String> = inputs.parse(after)?;
                let page = PageRequest::bounded(first, after.as_deref(), reads.max_page_size)?;
                let mut rows =
                    reads.service.offers_projected(principal, &query, &page, &needs.offers).await?;
                let has_next_page = rows.len() as u64 > page.size;
                rows.truncate(page.size as usize);
                let references = References::read(reads, &rows, needs).await?;
                let page = Page { has_previous_page: page.after.is_some(), has_next_page, rows: &rows };
                write_connection(json, connection, &page, &references);
                Ok(())
            }
            Self::One { id, offer, needs, lone } => {
                let id: ID = inputs.parse(id)?;
                let id = parse_id("id", &id)?;
                let lone = lone.get_or_init(|| ProjectedOffers {
                    service: reads.service.clone(),
                    projection: needs.offers.clone(),
                });
                let found = lone.load_one(id).await.map_err(|_| Fallback)?;
                let visible = match &found {
                    Some(row) => reads.service.visible_to(principal, row).await?,
                    None => false,
                };
                match found.filter(|_| visible) {
                    Some(row) => {
                        let rows = [row];
                        let references = References::read(reads, &rows, needs).await?;
                        offer.write(json, &rows[0], &references);
                    }
                    None => json.raw("null"),
                }
                Ok(())
            }
        }
    }
}

const PAGE_INFO: &[(&str, PageInfoField)] = &[
    ("hasPreviousPage", PageInfoField::HasPreviousPage),
    ("hasNextPage", PageInfoField::HasNextPage),
    ("startCursor", PageInfoField::StartCursor),
    ("endCursor", PageInfoField::EndCursor),
];

const OFFER_LEAVES: &[(&str, OfferField)] = &[
    ("id", OfferField::Id),
    ("title", OfferField::Title),
    ("description", OfferField::Description),
    ("sector", OfferField::Sector),
    ("seats", OfferField::Seats),
    ("acceptedCount", OfferField::AcceptedCount),
    ("seatsLeft", OfferField::SeatsLeft),
    ("eligibleLevels", OfferField::EligibleLevels),
    ("startDate", OfferField::StartDate),
    ("endDate", OfferField::EndDate),
    ("applicationDeadline", OfferField::ApplicationDeadline),
    ("stipendVnd", OfferField::StipendVnd),
    ("partnershipId", OfferField::PartnershipId),
    ("status", OfferField::Status),
    ("publishedAt", OfferField::PublishedAt),
    ("createdAt", OfferField::CreatedAt),
    ("updatedAt", OfferField::UpdatedAt),
];

fn compile_connection(set: &SelectionSet) -> Option<Selections<ConnectionField>> {
    compile_selection(set, |field: &Field| {
        let set = object_without_arguments(field)?;
        Some(match field.name.node.as_str() {
            "pageInfo" => ConnectionField::PageInfo(compile_selection(set, |field| leaf(field, PAGE_INFO))?),
            "edges" => ConnectionField::Edges(compile_selection(set, |field: &Field| {
                match field.name.node.as_str() {
                    "cursor" if is_leaf(field) => Some(EdgeField::Cursor),
                    "node" => OfferSelection::compile(object_without_arguments(field)?).map(EdgeField::Node),
                    _ => None,
                }
            })?),
            "nodes" => ConnectionField::Nodes(OfferSelection::compile(set)?),
            _ => return None,
        })
    })
}

/// The offer selections of a connection: its nodes' and its edges' nodes'.
fn offers_in(connection: &Selections<ConnectionField>) -> Vec<&OfferSelection> {
    let mut offers = Vec::new();
    for selected in connection {
        match &selected.field {
            Own::Field(ConnectionField::Nodes(offer)) => offers.push(offer),
            Own::Field(ConnectionField::Edges(edge)) => {
                offers.extend(edge.iter().filter_map(|selected| match &selected.field {
                    Own::Field(EdgeField::Node(offer)) => Some(offer),
                    _ => None,
                }));
            }
            _ => {}
        }
    }
    offers
}

impl OfferSelection {
    fn compile(set: &SelectionSet) -> Option<Self> {
        compile_selection(set, |field: &Field| match field.name.node.as_str() {
            "enterprise" => {
                OrganizationSelection::compile(object_without_arguments(field)?).map(OfferField::Enterprise)
            }
            "area" => AreaSelection::compile(object_without_arguments(field)?).map(OfferField::Area),
            _ => leaf(field, OFFER_LEAVES),
        })
        .map(Self)
    }

    /// Adds what this selection writes to `needs`: one exhaustive `match`, so a field's
    /// writer never reads a column the plan left out.
    fn project(&self, needs: &mut Columns) {
        use offer::Column as C;
        for selected in &self.0 {
            let Own::Field(field) = &selected.field else { continue };
            let columns: &[C] = match field {
                OfferField::Id => &[C::Id],
                OfferField::Enterprise(organization) => {
                    organization.project(needs.enterprises.get_or_insert_with(Default::default));
                    &[C::EnterpriseId]
                }
                OfferField::Title => &[C::Title],
                OfferField::Description => &[C::Description],
                OfferField::Sector => &[C::Sector],
                OfferField::Area(_) => {
                    needs.areas = true;
                    &[C::AreaId]
                }
                OfferField::Seats => &[C::Seats],
                OfferField::AcceptedCount => &[C::AcceptedCount],
                OfferField::SeatsLeft => &[C::Seats, C::AcceptedCount],
                OfferField::EligibleLevels => &[C::EligibleLevels],
                OfferField::StartDate => &[C::StartDate],
                OfferField::EndDate => &[C::EndDate],
                OfferField::ApplicationDeadline => &[C::ApplicationDeadline],
                OfferField::StipendVnd => &[C::StipendVnd],
                OfferField::PartnershipId => &[C::PartnershipId],
                OfferField::Status => &[C::Status],
                OfferField::PublishedAt => &[C::PublishedAt],
                OfferField::CreatedAt => &[C::CreatedAt],
                OfferField::UpdatedAt => &[C::UpdatedAt],
            };
            needs.offers.extend(columns.iter().copied());
        }
    }

    fn write(&self, json: &mut Json, row: &offer::Model, references: &References) {
        json.object("InternshipOffer", &self.0, |json, field| match field {
            OfferField::Id => json.scalar(&to_id(row.id)),
            // `References::read` made sure every enterprise and area is there.
            OfferField::Enterprise(selection) => match references.enterprises.get(&row.enterprise_id) {
                Some(enterprise) => selection.write(json, enterprise, &references.areas),
                None => json.raw("null"),
            },
            OfferField::Title => json.string(&row.title),
            OfferField::Description => json.string(&row.description),
            OfferField::Sector => json.string(&row.sector),
            OfferField::Area(selection) => match references.areas.get(&row.area_id) {
                Some(area) => selection.write(json, area),
                None => json.raw("null"),
            },
            OfferField::Seats => json.int(row.seats),
            OfferField::AcceptedCount => json.int(row.accepted_count),
            OfferField::SeatsLeft => json.int(row.seats_left()),
            OfferField::EligibleLevels => json.scalars(&row.levels()),
            OfferField::StartDate => json.scalar(&Date(row.start_date)),
            OfferField::EndDate => json.scalar(&Date(row.end_date)),
            OfferField::ApplicationDeadline => json.scalar(&Date(row.application_deadline)),
            OfferField::StipendVnd => json.optional_scalar(row.stipend_vnd.map(Vnd).as_ref()),
            OfferField::PartnershipId => json.optional_scalar(row.partnership_id.map(to_id).as_ref()),
            OfferField::Status => json.scalar(&row.status),
            OfferField::PublishedAt => json.optional_scalar(row.published_at.as_ref()),
            OfferField::CreatedAt => json.scalar(&row.created_at),
            OfferField::UpdatedAt => json.scalar(&row.updated_at),
        });
    }
}

/// What a plan reads besides its offers, worked out when it is compiled.
#[derive(Debug)]
pub struct Needs {
    /// The offers' columns it writes, and the id, which orders a page and makes its cursors.
    offers: Projection<offer::Column>,
    /// How it reads the offers' enterprises, if it writes anything of them.
    enterprises: Option<OrganizationReads>,
    /// Whether it writes the offers' own areas.
    areas: bool,
}

/// The columns a plan's selections write, gathered while it is compiled.
struct Columns {
    offers: Projection<offer::Column>,
    enterprises: Option<OrganizationsProjection>,
    areas: bool,
}

impl Needs {
    fn of<'a>(selections: impl IntoIterator<Item = &'a OfferSelection>) -> Self {
        let selections: Vec<&OfferSelection> = selections.into_iter().collect();
        let mut columns =
            Columns { offers: Projection::of([offer::Column::Id]), enterprises: None, areas: false };
        for selection in &selections {
            selection.project(&mut columns);
        }
        // An offer's area already read with an enterprise is written from that row, so the
        // row must hold what the offers write of their areas too.
        if let Some(enterprises) = &mut columns.enterprises {
            for selected in selections.iter().flat_map(|selection| &selection.0) {
                if let Own::Field(OfferField::Area(area)) = &selected.field {
                    enterprises.also_for(area);
                }
            }
        }
        Self {
            offers: columns.offers,
            enterprises: columns.enterprises.map(OrganizationReads::from),
            areas: columns.areas,
        }
    }
}

/// What the offers being written refer to, read in at most two statements: their enterprises
/// with the enterprises' areas, then whichever areas of the offers those did not bring.
#[derive(Default)]
struct References {
    enterprises: HashMap<Uuid, OrganizationRecord>,
    areas: HashMap<Uuid, AreaRecord>,
}

impl References {
    /// Reads what `needs` asks of `rows`. A missing enterprise or offer area is an error in
    /// the engine (a dangling reference), so it is a `Fallback` here; an enterprise's area is
    /// nullable and written as null.
    async fn read(reads: &InternshipsReads, rows: &[offer::Model], needs: &Needs) -> Result<Self, Fallback> {
        let mut read = Self::default();
        if rows.is_empty() {
            return Ok(read);
        }
        if let Some(enterprises) = &needs.enterprises {
            let ids: Vec<Uuid> = rows.iter().map(|row| row.enterprise_id).collect();
            let found = reads.directory.organizations(&ids, enterprises).await?;
            if ids.iter().any(|id| !found.organizations.contains_key(id)) {
                return Err(Fallback);
            }
            read.enterprises = found.organizations;
            read.areas = found.areas;
        }
        if needs.areas {
            let missing: Vec<Uuid> =
                rows.iter().map(|row| row.area_id).filter(|id| !read.areas.contains_key(id)).collect();
            if !missing.is_empty() {
                read.areas.extend(reads.directory.areas(&missing).await?);
            }
            if rows.iter().any(|row| !read.areas.contains_key(&row.area_id)) {
                return Err(Fallback);
            }
        }
        Ok(read)
    }
}

/// A page of offers as the connection writes it.
struct Page<'a> {
    has_previous_page: bool,
    has_next_page: bool,
    rows: &'a [offer::Model],
}

fn write_connection(
    json: &mut Json,
    connection: &Selections<ConnectionField>,
    page: &Page<'_>,
    references: &References,
) {
    let cursor = |row: &offer::Model| encode_cursor(&row.id);
    json.object("InternshipOfferConnection", connection, |json, field| match field {
        ConnectionField::PageInfo(info) => json.object("PageInfo", info, |json, field| match field {
            PageInfoField::HasPreviousPage => json.bool(page.has_previous_page),
            PageInfoField::HasNextPage => json.bool(page.has_next_page),
            PageInfoField::StartCursor => json.optional_string(page.rows.first().map(cursor).as_deref()),
            PageInfoField::EndCursor => json.optional_string(page.rows.last().map(cursor).as_deref()),
        }),
        ConnectionField::Edges(edge) => json.list(page.rows, |json, row| {
            json.object("InternshipOfferEdge", edge, |json, field| match field {
                EdgeField::Cursor => json.string(&cursor(row)),
                EdgeField::Node(offer) => offer.write(json, row, references),
            });
        }),
        ConnectionField::Nodes(offer) => json.list(page.rows, |json, row| offer.write(json, row, references)),
    });
}
