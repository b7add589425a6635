#![doc = include_str!("../README.md")]

pub mod demo_data;
pub mod entity;
pub mod graphql;
pub mod kinds;
mod loaders;
pub mod seed;
pub mod service;

pub use graphql::{
    Area, AreaRefs, DirectoryEntities, DirectoryMutation, DirectoryQuery, Organization, OrganizationRefs,
    area_by_id, organization_by_id, organizations_by_ids, register,
};
pub use kinds::{AreaLevel, MembershipRole, OrganizationKind};
pub use service::{Directory, Reach};
