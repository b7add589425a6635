#![doc = include_str!("../README.md")]

pub mod compiled;
pub mod demo_data;
pub mod events;
// Storage rows stay inside the crate; the API tests alone read them, through `test-support`.
#[cfg(feature = "test-support")]
pub mod entity;
#[cfg(not(feature = "test-support"))]
pub(crate) mod entity;
pub mod graphql;
pub mod kinds;
mod loaders;
pub mod seed;
pub mod service;

pub use events::{MEMBERSHIP_CHANGED, MembershipChanged, membership_changes};
pub use graphql::{
    Area, AreaRefs, DirectoryEntities, DirectoryMutation, DirectoryQuery, Organization, OrganizationRefs,
    area_by_id, organization_by_id, organizations_by_ids, register,
};
pub use kinds::{AreaLevel, InvitationStatus, MembershipRole, OrganizationKind};
pub use service::{Directory, Reach};

/// The directory's records as the other modules read them (through [`Directory`], never its
/// tables): the shared kernel's read model. Its entities stay inside the crate.
pub use entity::area::Model as AreaRecord;
pub use entity::invitation::Model as InvitationRecord;
pub use entity::membership::Model as MembershipRecord;
pub use entity::organization::Model as OrganizationRecord;
