//! The catalogues are complete: both parse, hold the same keys with the same variables, every
//! Vietnamese text is a translation (not the English copied), and every `msg!` in the
//! workspace's code names a key both hold, with the variables the texts use.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use fluent_bundle::FluentResource;
use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};

use super::*;

type Variables = BTreeSet<String>;

/// Key → the variables its text uses.
fn catalogue(source: &str) -> BTreeMap<String, Variables> {
    let resource = match FluentResource::try_new(source.to_owned()) {
        Ok(resource) => resource,
        Err((_, errors)) => panic!("the catalogue does not parse: {errors:?}"),
    };
    let mut keys = BTreeMap::new();
    for entry in resource.entries() {
        if let Entry::Message(message) = entry {
            let mut variables = Variables::new();
            if let Some(pattern) = &message.value {
                collect_variables(pattern, &mut variables);
            }
            let name = message.id.name.to_owned();
            assert!(keys.insert(name.clone(), variables).is_none(), "{name} is defined twice");
        }
    }
    keys
}

fn collect_variables(pattern: &Pattern<&str>, into: &mut Variables) {
    for element in &pattern.elements {
        if let PatternElement::Placeable { expression } = element {
            match expression {
                Expression::Inline(InlineExpression::VariableReference { id }) => {
                    into.insert(id.name.to_owned());
                }
                Expression::Select { selector: InlineExpression::VariableReference { id }, variants } => {
                    into.insert(id.name.to_owned());
                    for variant in variants {
                        collect_variables(&variant.value, into);
                    }
                }
                _ => {}
            }
        }
    }
}

#[test]
fn every_message_has_vietnamese_and_english_with_the_same_variables() {
    let vietnamese = catalogue(VIETNAMESE_SOURCE);
    let english = catalogue(ENGLISH_SOURCE);
    let missing_vi: Vec<_> = english.keys().filter(|key| !vietnamese.contains_key(*key)).collect();
    let missing_en: Vec<_> = vietnamese.keys().filter(|key| !english.contains_key(*key)).collect();
    assert!(missing_vi.is_empty(), "messages without Vietnamese text in vi.ftl: {missing_vi:?}");
    assert!(missing_en.is_empty(), "messages without English text in en.ftl: {missing_en:?}");
    for (key, variables) in &english {
        assert_eq!(&vietnamese[key], variables, "{key} names different values in vi.ftl and en.ftl");
    }
}

#[test]
fn vietnamese_texts_are_translations() {
    // A sentence copied from English into vi.ftl would pass the key check; this catches it.
    // Short texts (a lone placeholder, a code list) may read the same in both languages.
    let args = FluentArgs::new();
    for key in CATALOGUE.keys(Language::En) {
        let english = CATALOGUE.format(Language::En, key, &args).unwrap_or_default();
        let vietnamese = CATALOGUE.format(Language::Vi, key, &args).unwrap_or_default();
        let words = english.split_whitespace().filter(|word| word.chars().all(char::is_alphabetic)).count();
        if words >= 3 {
            assert_ne!(english, vietnamese, "{key} is not translated in vi.ftl");
        }
    }
}

#[test]
fn rendering_fills_the_values_in_the_asked_language() {
    let message = msg!("only-seats-left", left = 3);
    assert_eq!(message.render(Language::En), "only 3 seats are left");
    assert_eq!(message.render(Language::Vi), "chỉ còn 3 chỗ");
    assert_eq!(message.to_string(), "only 3 seats are left");
    // An unknown key still says something a developer can search for.
    assert_eq!(Message::new("no-such-key").render(Language::Vi), "no-such-key");
}

#[test]
fn accept_language_picks_vietnamese_only_when_preferred() {
    let pick = |header| Language::from_accept_language(Some(header));
    assert_eq!(pick("vi"), Language::Vi);
    assert_eq!(pick("vi-VN,vi;q=0.9,en-US;q=0.8,en;q=0.7"), Language::Vi);
    assert_eq!(pick("en-US,en;q=0.9,vi;q=0.8"), Language::En);
    assert_eq!(pick("fr-FR, vi;q=0.5"), Language::Vi);
    assert_eq!(pick("en;q=0.4, vi;q=0.6"), Language::Vi);
    assert_eq!(pick("vi;q=0, en"), Language::En);
    assert_eq!(pick("de"), Language::En);
    assert_eq!(pick(""), Language::En);
    assert_eq!(Language::from_accept_language(None), Language::En);
}

#[test]
fn enum_labels_come_in_both_languages() {
    let english = enum_labels(Language::En);
    let vietnamese = enum_labels(Language::Vi);
    assert!(!english.is_empty());
    assert_eq!(english.len(), vietnamese.len());
    assert_eq!(enum_label(Language::Vi, "OrganizationKind", "ENTERPRISE").as_deref(), Some("Doanh nghiệp"));
    assert_eq!(enum_label(Language::En, "OrganizationKind", "ENTERPRISE").as_deref(), Some("Enterprise"));
}

/// Every `msg!` call in the workspace's Rust sources: (file, key, the names it passes).
fn msg_calls() -> Vec<(PathBuf, String, Variables)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut calls = Vec::new();
    for folder in ["modules", "gateway/src"] {
        visit(&root.join(folder), &mut |path, source| {
            let mut rest = source;
            while let Some(at) = rest.find("msg!(\"") {
                rest = &rest[at + "msg!(\"".len()..];
                let Some(end) = rest.find('"') else { break };
                let key = rest[..end].to_owned();
                let after_key = &rest[end + 1..];
                let arguments = &after_key[..balanced_end(after_key)];
                calls.push((path.to_owned(), key, argument_names(arguments)));
            }
        });
    }
    calls
}

fn visit(folder: &Path, each: &mut dyn FnMut(&Path, &str)) {
    let Ok(entries) = std::fs::read_dir(folder) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            visit(&path, each);
        } else if path.extension().is_some_and(|ext| ext == "rs")
            && !path.ends_with("messages/tests.rs")
            && !path.ends_with("src/messages.rs")
            && let Ok(source) = std::fs::read_to_string(&path)
        {
            each(&path, &source);
        }
    }
}

/// Where the macro call that `text` is inside of closes: the first `)` at depth zero.
fn balanced_end(text: &str) -> usize {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for (at, c) in text.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if in_string => escaped = true,
            '"' => in_string = !in_string,
            _ if in_string => {}
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' if depth == 0 => return at,
            ')' | ']' | '}' => depth -= 1,
            _ => {}
        }
    }
    text.len()
}

/// The `name` of each top-level `, name = value` in a macro's arguments.
fn argument_names(arguments: &str) -> Variables {
    let mut names = Variables::new();
    let mut depth = 0usize;
    let mut in_string = false;
    let mut start = 0;
    let mut pieces = Vec::new();
    for (at, c) in arguments.char_indices() {
        match c {
            '"' => in_string = !in_string,
            _ if in_string => {}
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                pieces.push(&arguments[start..at]);
                start = at + 1;
            }
            _ => {}
        }
    }
    pieces.push(&arguments[start..]);
    for piece in pieces {
        // `name = value` or `name: message`, whichever separator comes first.
        if let Some(at) = piece.find(['=', ':']) {
            let name = piece[..at].trim();
            if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                names.insert(name.to_owned());
            }
        }
    }
    names
}

#[test]
fn every_message_the_code_names_is_in_both_catalogues_with_its_values() {
    let vietnamese = catalogue(VIETNAMESE_SOURCE);
    let english = catalogue(ENGLISH_SOURCE);
    let calls = msg_calls();
    assert!(calls.len() > 300, "found only {} msg! calls; is the scan broken?", calls.len());
    let mut problems = Vec::new();
    for (path, key, passed) in &calls {
        match (english.get(key), vietnamese.get(key)) {
            (Some(used), Some(_)) if used == passed => {}
            (Some(used), Some(_)) => {
                problems.push(format!("{}: {key} passes {passed:?}, the texts use {used:?}", path.display()))
            }
            _ => problems.push(format!("{}: {key} is missing from vi.ftl or en.ftl", path.display())),
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
