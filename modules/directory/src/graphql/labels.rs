//! The labels of the enum values people see, in Vietnamese and English, from the hub's message
//! catalogues (`hub_common::messages`): clients show `Doanh nghiệp` for `ENTERPRISE` without a
//! dictionary of their own.

use async_graphql::{Context, SimpleObject};
use hub_common::messages::{self, Language};

/// One enum value's label in one language.
#[derive(SimpleObject)]
pub struct EnumLabel {
    /// The enum's GraphQL name, such as `OrganizationKind`.
    #[graphql(name = "enum")]
    pub enum_name: String,
    /// The value as the API writes it, such as `ENTERPRISE`.
    pub value: String,
    /// What a person reads, such as `Doanh nghiệp`.
    pub label: String,
    pub language: Language,
}

/// The labels in `language`, or the caller's (`Accept-Language`, or the WebSocket's `locale`);
/// only those of `enums` when given.
pub fn enum_labels(
    ctx: &Context<'_>,
    language: Option<Language>,
    enums: Option<&[String]>,
) -> Vec<EnumLabel> {
    let language = language.or_else(|| ctx.data_opt::<Language>().copied()).unwrap_or_default();
    messages::enum_labels(language)
        .into_iter()
        .filter(|label| enums.is_none_or(|wanted| wanted.contains(&label.enum_name)))
        .map(|label| EnumLabel {
            enum_name: label.enum_name,
            value: label.value,
            label: label.label,
            language,
        })
        .collect()
}
