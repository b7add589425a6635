//! What a verified caller may do beyond what their token says: a department officer's remit,
//! which the directory stores on the department they act for (never a token claim, so the
//! city's identity provider need not know the hub's departments; see `docs/decisions.md`).
//!
//! One function, called wherever a principal is built from a token (`extract::authenticate`
//! for HTTP, `routes::websocket` for `connection_init`).

use directory::Directory;
use hub_common::{HubResult, Principal, Role};

/// Fills `Principal::remits` for a `DEPARTMENT_OFFICER` acting for an organization: the
/// remits the directory records for it (none when it is not a department). Every other
/// principal is returned with no remits, whatever it carried, and costs no read.
pub async fn with_remits(mut principal: Principal, directory: &Directory) -> HubResult<Principal> {
    principal.remits = match principal.organization_id {
        Some(organization) if principal.has_role(Role::DepartmentOfficer) => {
            directory.remits_of(organization).await?
        }
        _ => Vec::new(),
    };
    Ok(principal)
}
