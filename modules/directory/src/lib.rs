#![doc = include_str!("../README.md")]

pub mod demo_data;
pub mod entity;
pub mod graphql;
pub mod kinds;
mod loaders;
pub mod seed;
pub mod service;

pub use graphql::{
    Area, DirectoryEntities, DirectoryMutation, DirectoryQuery, Organization, area_by_id, organization_by_id,
    register,
};
pub use kinds::{AreaLevel, MembershipRole, OrganizationKind};
pub use service::Directory;
