//! What the hub says to a person, in Vietnamese and English: one Fluent catalogue per language
//! (`messages/vi.ftl`, `messages/en.ftl`). Code names a message by its key with `msg!` and never
//! holds its text; the language is chosen where an answer leaves the hub (the gateway), from
//! `Accept-Language` or the WebSocket's `connection_init`, so services stay language-free.
//!
//! The catalogues also hold the labels of the enum values people see (`enum-<Enum>-<VALUE>`).

use std::borrow::Cow;
use std::fmt;
use std::sync::LazyLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};

/// A language the hub speaks. English is the default: Vietnamese when the caller asks for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, async_graphql::Enum)]
#[graphql(name = "Language")]
pub enum Language {
    /// Tiếng Việt.
    Vi,
    /// English.
    #[default]
    En,
}

impl Language {
    /// The language of a BCP 47 tag (`vi`, `vi-VN`, `en-GB`), if the hub speaks it.
    pub fn from_tag(tag: &str) -> Option<Self> {
        let primary = tag.trim().split(['-', '_']).next().unwrap_or_default();
        if primary.eq_ignore_ascii_case("vi") {
            Some(Self::Vi)
        } else if primary.eq_ignore_ascii_case("en") {
            Some(Self::En)
        } else {
            None
        }
    }

    /// The language an `Accept-Language` header prefers among the hub's: Vietnamese when `vi`
    /// ranks above English (by weight, then order), English otherwise, including no header.
    pub fn from_accept_language(header: Option<&str>) -> Self {
        let Some(header) = header else { return Self::En };
        let mut best: Option<(f32, Self)> = None;
        for range in header.split(',') {
            let mut parts = range.split(';');
            let Some(language) = parts.next().and_then(Self::from_tag) else { continue };
            let weight = parts
                .find_map(|param| param.trim().strip_prefix("q="))
                .and_then(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            if weight > 0.0 && best.is_none_or(|(top, _)| weight > top) {
                best = Some((weight, language));
            }
        }
        best.map_or(Self::En, |(_, language)| language)
    }

    /// The BCP 47 tag (`vi`, `en`).
    pub fn tag(self) -> &'static str {
        match self {
            Self::Vi => "vi",
            Self::En => "en",
        }
    }
}

/// A message by key, with the values it names. Rendered in a language only when the answer is
/// written; `Display` gives the English text (logs, tests, and clients that ask for nothing).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    key: Cow<'static, str>,
    args: Vec<(&'static str, Value)>,
}

/// A value a message shows: text as given (a name, a number, a code), or another message
/// rendered in the same language (a status's label, a phrase such as "set targets").
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Text(String),
    Message(Message),
    /// Several messages, shown one after another separated by commas.
    List(Vec<Message>),
}

impl Message {
    pub const fn new(key: &'static str) -> Self {
        Self { key: Cow::Borrowed(key), args: Vec::new() }
    }

    /// The label of an enum value (`enum-<Enum>-<VALUE>` in the catalogues), such as
    /// `OrganizationKind::Enterprise` → "Doanh nghiệp".
    pub fn label_of<T: async_graphql::EnumType + async_graphql::OutputType>(value: T) -> Self {
        let name = T::items().iter().find(|item| item.value == value).map_or("", |item| item.name);
        Self { key: Cow::Owned(format!("{ENUM_PREFIX}{}-{name}", T::type_name())), args: Vec::new() }
    }

    /// Names a value the message shows (`{ $name }` in the catalogues).
    #[must_use]
    pub fn arg(mut self, name: &'static str, value: impl fmt::Display) -> Self {
        self.args.push((name, Value::Text(value.to_string())));
        self
    }

    /// Names another message the message shows, rendered in the same language.
    #[must_use]
    pub fn arg_message(mut self, name: &'static str, value: Message) -> Self {
        self.args.push((name, Value::Message(value)));
        self
    }

    /// Names a list of messages the message shows, rendered in the same language.
    #[must_use]
    pub fn arg_list(mut self, name: &'static str, values: Vec<Message>) -> Self {
        self.args.push((name, Value::List(values)));
        self
    }

    pub fn key(&self) -> &str {
        &self.key
    }

    /// The message with every text value equal to `from` shown as `to` instead (a field's API
    /// name as the column of a file, say).
    #[must_use]
    pub fn with_text_replaced(mut self, from: &str, to: &str) -> Self {
        for (_, value) in &mut self.args {
            if let Value::Text(text) = value
                && text == from
            {
                *text = to.to_owned();
            }
        }
        self
    }

    /// The values the message names, as given.
    pub fn args(&self) -> &[(&'static str, Value)] {
        &self.args
    }

    /// The text in `language`, falling back to English, then to the key, so a person always
    /// reads something (the catalogue test keeps both languages complete).
    pub fn render(&self, language: Language) -> String {
        let mut args = FluentArgs::new();
        for (name, value) in &self.args {
            match value {
                Value::Text(text) => args.set(*name, text.as_str()),
                Value::Message(message) => args.set(*name, message.render(language)),
                Value::List(messages) => {
                    let texts: Vec<String> =
                        messages.iter().map(|message| message.render(language)).collect();
                    args.set(*name, texts.join(", "))
                }
            }
        }
        CATALOGUE
            .format(language, &self.key, &args)
            .or_else(|| CATALOGUE.format(Language::En, &self.key, &args))
            .unwrap_or_else(|| self.key.to_string())
    }
}

impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Language::En))
    }
}

/// `msg!("key")` or `msg!("key", name = value, other: message, many => messages)`: a
/// [`Message`] from the catalogues. `name = value` shows the value with its `Display`;
/// `name: message` another [`Message`] in the same language; `name => messages` a list of them.
#[macro_export]
macro_rules! msg {
    ($key:literal $(, $name:ident $sep:tt $value:expr)* $(,)?) => {{
        let message = $crate::messages::Message::new($key);
        $(let message = $crate::__msg_arg!(message, $name $sep $value);)*
        message
    }};
}

#[doc(hidden)]
#[macro_export]
macro_rules! __msg_arg {
    ($message:ident, $name:ident = $value:expr) => {
        $message.arg(stringify!($name), $value)
    };
    ($message:ident, $name:ident : $value:expr) => {
        $message.arg_message(stringify!($name), $value)
    };
    ($message:ident, $name:ident => $value:expr) => {
        $message.arg_list(stringify!($name), $value)
    };
}

/// Renders in `language` every error that carries a catalogue message (see
/// `HubError::extend`); others, the engine's own, stay as they are.
pub fn localize_errors(errors: &mut [async_graphql::ServerError], language: Language) {
    if language == Language::En {
        return;
    }
    for err in errors {
        if let Some(message) = err.source::<Message>() {
            err.message = message.render(language);
        }
    }
}

/// The catalogue files, one per language.
pub const VIETNAMESE_SOURCE: &str = include_str!("../messages/vi.ftl");
pub const ENGLISH_SOURCE: &str = include_str!("../messages/en.ftl");

/// The label of an enum value a person sees (`OrganizationKind.ENTERPRISE` → "Doanh nghiệp").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumLabel {
    pub enum_name: String,
    pub value: String,
    pub label: String,
}

const ENUM_PREFIX: &str = "enum-";

/// Every enum label in `language`, in catalogue order.
pub fn enum_labels(language: Language) -> Vec<EnumLabel> {
    let empty = FluentArgs::new();
    CATALOGUE
        .keys(language)
        .iter()
        .filter_map(|key| {
            let (enum_name, value) = key.strip_prefix(ENUM_PREFIX)?.split_once('-')?;
            let label = CATALOGUE.format(language, key, &empty)?;
            Some(EnumLabel { enum_name: enum_name.to_owned(), value: value.to_owned(), label })
        })
        .collect()
}

/// The label of one enum value, if the catalogue has it.
pub fn enum_label(language: Language, enum_name: &str, value: &str) -> Option<String> {
    CATALOGUE.format(language, &format!("{ENUM_PREFIX}{enum_name}-{value}"), &FluentArgs::new())
}

struct Bundle {
    bundle: FluentBundle<FluentResource>,
    keys: Vec<String>,
}

struct Catalogue {
    vi: Bundle,
    en: Bundle,
}

static CATALOGUE: LazyLock<Catalogue> = LazyLock::new(|| Catalogue {
    vi: bundle(Language::Vi, VIETNAMESE_SOURCE),
    en: bundle(Language::En, ENGLISH_SOURCE),
});

/// Parses one catalogue. A syntax error or a repeated key is logged and the rest still loads;
/// `tests::catalogues_parse_cleanly` keeps both files free of them.
fn bundle(language: Language, source: &str) -> Bundle {
    let resource = FluentResource::try_new(source.to_owned()).unwrap_or_else(|(resource, errors)| {
        tracing::error!(language = language.tag(), ?errors, "the message catalogue has syntax errors");
        resource
    });
    let keys = message_keys(&resource);
    let tag = language.tag().parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![tag]);
    // Isolation marks (U+2068/U+2069) around values would end up in JSON and in CSV cells.
    bundle.set_use_isolating(false);
    if let Err(errors) = bundle.add_resource(resource) {
        tracing::error!(language = language.tag(), ?errors, "the message catalogue repeats keys");
    }
    Bundle { bundle, keys }
}

fn message_keys(resource: &FluentResource) -> Vec<String> {
    use fluent_syntax::ast::Entry;
    resource
        .entries()
        .filter_map(|entry| match entry {
            Entry::Message(message) => Some(message.id.name.to_owned()),
            _ => None,
        })
        .collect()
}

impl Catalogue {
    fn of(&self, language: Language) -> &Bundle {
        match language {
            Language::Vi => &self.vi,
            Language::En => &self.en,
        }
    }

    fn keys(&self, language: Language) -> &[String] {
        &self.of(language).keys
    }

    fn format(&self, language: Language, key: &str, args: &FluentArgs<'_>) -> Option<String> {
        let bundle = &self.of(language).bundle;
        let pattern = bundle.get_message(key)?.value()?;
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, Some(args), &mut errors);
        if !errors.is_empty() {
            tracing::warn!(key, ?errors, "a message was rendered with missing values");
        }
        Some(Cow::into_owned(text))
    }
}

#[cfg(test)]
mod tests;
