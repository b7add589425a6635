//! The one list of the hub's modules. Each row names a module, the roots it adds to the
//! all-in-one schema, the entity resolvers its subgraph carries besides its own, its demo
//! seeder and its consistency check (`hub check`). Everything that enumerates modules reads
//! this table: the all-in-one roots, each subgraph's roots and schema, `hub serve --module` and `hub modules`, and the demo seeding.
//!
//! Adding a module: its crate (with its migration and its `seed::seed_demo`), a field in
//! `Services`, and one row here.

use async_graphql::Schema;
use hub_common::events::EventFeed;
use sea_orm::DatabaseConnection;

use crate::schema::{SchemaOptions, ServableSchema, ServedSchema, finish, serve};
use crate::services::Services;

use hub_common::seed::SeedReport;

/// Every root type a row may name, so the generated subgraph modules can see them.
mod parts {
    pub use audit::AuditQuery;
    pub use careers::{CareersMutation, CareersQuery, CareersSubscription};
    pub use directory::{DirectoryEntities, DirectoryMutation, DirectoryQuery};
    pub use equipment::{EquipmentMutation, EquipmentQuery, EquipmentSubscription};
    pub use facilities::{FacilitiesEntities, FacilitiesMutation, FacilitiesQuery, FacilitiesSubscription};
    pub use internships::{
        InternshipsEntities, InternshipsMutation, InternshipsQuery, InternshipsSubscription,
    };
    pub use participation::ParticipationQuery;
    pub use partnerships::{
        PartnershipsEntities, PartnershipsMutation, PartnershipsQuery, PartnershipsSubscription,
    };
    pub use pilots::{PilotsMutation, PilotsQuery};
}

/// A root merged from module parts, named as federation wants (`Query`, `Mutation`,
/// `Subscription`); with no parts it is async-graphql's empty root. The roots carry no doc
/// comment: it would become the root type's description and make the subgraphs differ from
/// the all-in-one schema.
macro_rules! root {
    ($root:ident = $empty:ty, $derive:ident, $name:tt, []) => {
        pub type $root = $empty;
    };
    ($root:ident = $empty:ty, $derive:ident, $name:tt, [$($part:ty),+ $(,)?]) => {
        #[derive(async_graphql::$derive, Default)]
        #[graphql(name = $name)]
        pub struct $root($($part),+);
    };
}

macro_rules! modules {
    ($(
        $variant:ident $name:ident {
            query: [$($query:ty),*],
            entities: [$($entities:ty),*],
            mutation: [$($mutation:ty),*],
            subscription: [$($subscription:ty),*],
            seed: [$($seed:path)?],
            check: [$($check:path)?],
        }
    )+) => {
        /// What a process serves: everything, or one module as a subgraph.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
        pub enum Module {
            $($variant,)+
        }

        impl Module {
            /// Every module, in the table's order.
            pub const ALL: &'static [Module] = &[$(Module::$variant,)+];

            /// The module's name: its crate, its `--module` value, its subgraph's name.
            pub const fn name(self) -> &'static str {
                match self {
                    $(Module::$variant => stringify!($name),)+
                }
            }

            /// The module alone as a federation subgraph.
            pub(crate) fn subgraph(self, services: &Services, options: &SchemaOptions) -> ServedSchema {
                match self {
                    $(Module::$variant => serve::<
                        subgraphs::$name::Query,
                        subgraphs::$name::Mutation,
                        subgraphs::$name::Subscription,
                    >(services, options),)+
                }
            }
        }

        // The all-in-one roots: every module's parts, in the table's order.
        root!(Query = async_graphql::EmptyMutation, MergedObject, "Query", [$($($query,)*)*]);
        root!(Mutation = async_graphql::EmptyMutation, MergedObject, "Mutation", [$($($mutation,)*)*]);
        root!(
            Subscription = async_graphql::EmptySubscription,
            MergedSubscription,
            "Subscription",
            [$($($subscription,)*)*]
        );

        /// Each module's roots as a subgraph: its own parts, plus the entity resolvers of every
        /// keyed type it declares (a subgraph that declares `Organization` must resolve it).
        pub mod subgraphs {
            $(
                pub mod $name {
                    use crate::modules::parts::*;

                    root!(Query = async_graphql::EmptyMutation, MergedObject, "Query", [$($query,)* $($entities,)*]);
                    root!(Mutation = async_graphql::EmptyMutation, MergedObject, "Mutation", [$($mutation,)*]);
                    root!(
                        Subscription = async_graphql::EmptySubscription,
                        MergedSubscription,
                        "Subscription",
                        [$($subscription,)*]
                    );
                }
            )+
        }

        /// Loads the demo data set, module by module in the table's order (later modules
        /// refer to the directory's demo organizations). A seeder loads nothing into a module
        /// that holds data already, or when the directory is not the demo one.
        pub async fn seed_demo(services: &Services) -> anyhow::Result<Vec<(Module, SeedReport)>> {
            let mut reports = Vec::new();
            $($(reports.push((Module::$variant, $seed(&services.db).await?));)?)+
            Ok(reports)
        }

        /// What each module's consistency check finds wrong in its own tables, in the table's
        /// order; read-only, and empty when every module is consistent.
        pub async fn consistency_problems(db: &DatabaseConnection) -> anyhow::Result<Vec<String>> {
            use anyhow::Context as _;
            let mut problems = Vec::new();
            $($(problems.extend(
                $check(db).await.with_context(|| format!("checking the {} module", Module::$variant))?,
            );)?)+
            Ok(problems)
        }
    };
}

use parts::*;

modules! {
    Directory directory {
        query: [DirectoryQuery, DirectoryEntities],
        entities: [],
        mutation: [DirectoryMutation],
        subscription: [],
        seed: [directory::seed::seed_demo],
        check: [],
    }
    Internships internships {
        query: [InternshipsQuery, InternshipsEntities],
        entities: [DirectoryEntities],
        mutation: [InternshipsMutation],
        subscription: [InternshipsSubscription],
        seed: [internships::seed::seed_demo],
        check: [internships::consistency::consistency_problems],
    }
    Partnerships partnerships {
        query: [PartnershipsQuery, PartnershipsEntities],
        entities: [DirectoryEntities],
        mutation: [PartnershipsMutation],
        subscription: [PartnershipsSubscription],
        seed: [partnerships::seed::seed_demo],
        check: [],
    }
    // The audit log only reads: each process records its own mutations into the shared table
    // through the capture extension (`schema::configure`). It has no demo entries.
    Audit audit {
        query: [AuditQuery],
        entities: [DirectoryEntities],
        mutation: [],
        subscription: [],
        seed: [],
        check: [],
    }
    Equipment equipment {
        query: [EquipmentQuery],
        entities: [DirectoryEntities],
        mutation: [EquipmentMutation],
        subscription: [EquipmentSubscription],
        seed: [equipment::seed::seed_demo],
        check: [equipment::consistency::consistency_problems],
    }
    // The departments' read side across modules; it owns no tables and has no demo data.
    Participation participation {
        query: [ParticipationQuery],
        entities: [DirectoryEntities],
        mutation: [],
        subscription: [],
        seed: [],
        check: [],
    }
    Pilots pilots {
        query: [PilotsQuery],
        entities: [DirectoryEntities],
        mutation: [PilotsMutation],
        subscription: [],
        seed: [pilots::seed::seed_demo],
        check: [],
    }
    Facilities facilities {
        query: [FacilitiesQuery, FacilitiesEntities],
        entities: [DirectoryEntities],
        mutation: [FacilitiesMutation],
        subscription: [FacilitiesSubscription],
        seed: [facilities::seed::seed_demo],
        check: [],
    }
    Careers careers {
        query: [CareersQuery],
        entities: [DirectoryEntities],
        mutation: [CareersMutation],
        subscription: [CareersSubscription],
        seed: [careers::seed::seed_demo],
        check: [],
    }
}

impl std::fmt::Display for Module {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// The all-in-one schema: every module's roots merged.
pub type HubSchema = Schema<Query, Mutation, Subscription>;

/// The all-in-one schema with the default options over `db`: every module's roots merged,
/// federation directives on.
pub fn build(db: &DatabaseConnection, events: &EventFeed) -> HubSchema {
    build_with(&Services::new(db, events), &SchemaOptions::default())
}

fn build_with(services: &Services, options: &SchemaOptions) -> HubSchema {
    finish(Query::default(), Mutation::default(), Subscription::default(), services, options)
}

/// What a process serves: the whole API (`module` None) or one module alone as a subgraph.
pub fn served(module: Option<Module>, services: &Services, options: &SchemaOptions) -> ServedSchema {
    match module {
        None => serve::<Query, Mutation, Subscription>(services, options),
        Some(module) => module.subgraph(services, options),
    }
}

/// The all-in-one schema's SDL (federation directives included).
pub fn sdl(schema: &HubSchema) -> String {
    ServableSchema::sdl(schema)
}
