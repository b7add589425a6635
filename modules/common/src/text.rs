//! Text helpers for Vietnamese input.

use crate::msg;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Folds text for searching: lower case, diacritics removed, `đ` read as `d`, runs of
/// whitespace collapsed. People type "tran phu" as often as "Trần Phú"; both must match.
pub fn fold_for_search(text: &str) -> String {
    let folded: String = text
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| match c {
            'đ' | 'Đ' => 'd',
            other => other,
        })
        .collect::<String>()
        .to_lowercase();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Zero-width and text-direction characters (Unicode format characters). None belongs in a
/// name or a description, and they let one text pass for another: an invisible space makes two
/// "identical" organization names differ, and a right-to-left override shows
/// "gnp.exe" as "exe.png" (CVE-2021-42574's trick).
fn is_invisible_or_directional(c: char) -> bool {
    matches!(
        c,
        '\u{061C}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}' | '\u{FEFF}'
    )
}

/// Refuses zero-width and text-direction characters, naming the first one found.
fn refuse_invisible(field: &str, value: &str) -> Result<(), crate::HubError> {
    match value.chars().find(|c| is_invisible_or_directional(*c)) {
        Some(c) => Err(crate::HubError::bad_input(
            field,
            msg!(
                "field-must-not-contain-invisible-text",
                field = field,
                value = format!("{:04X}", u32::from(c))
            ),
        )),
        None => Ok(()),
    }
}

/// Trims a required name-like input and checks its length in characters (not bytes, since
/// Vietnamese letters take several bytes). Returns the NFC form so equal names compare equal.
pub fn required_text(field: &str, value: &str, max_chars: usize) -> Result<String, crate::HubError> {
    let value: String = value.trim().nfc().collect();
    if value.is_empty() {
        return Err(crate::HubError::bad_input(field, msg!("field-must-not-empty", field = field)));
    }
    if value.chars().count() > max_chars {
        return Err(crate::HubError::bad_input(
            field,
            msg!("field-must-at-most-max-chars", field = field, max_chars = max_chars),
        ));
    }
    if value.chars().any(char::is_control) {
        return Err(crate::HubError::bad_input(
            field,
            msg!("field-must-not-contain-control-characters", field = field),
        ));
    }
    refuse_invisible(field, &value)?;
    Ok(value)
}

/// Like [`required_text`] for longer prose (a description, an evaluation): line breaks and tabs
/// are allowed, other control characters are not. Line ends are normalized to `\n`.
pub fn required_multiline_text(
    field: &str,
    value: &str,
    max_chars: usize,
) -> Result<String, crate::HubError> {
    let value: String = value.replace("\r\n", "\n").trim().nfc().collect();
    if value.is_empty() {
        return Err(crate::HubError::bad_input(field, msg!("field-must-not-empty", field = field)));
    }
    if value.chars().count() > max_chars {
        return Err(crate::HubError::bad_input(
            field,
            msg!("field-must-at-most-max-chars", field = field, max_chars = max_chars),
        ));
    }
    if value.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return Err(crate::HubError::bad_input(
            field,
            msg!("field-must-not-contain-control-characters", field = field),
        ));
    }
    refuse_invisible(field, &value)?;
    Ok(value)
}

/// Like [`required_multiline_text`] for optional inputs: absent or blank becomes `None`.
pub fn optional_multiline_text(
    field: &str,
    value: Option<&str>,
    max_chars: usize,
) -> Result<Option<String>, crate::HubError> {
    unless_blank(value, |v| required_multiline_text(field, v, max_chars))
}

/// Applies a required-text check to an optional input, reading absent or blank as `None`.
fn unless_blank(
    value: Option<&str>,
    check: impl FnOnce(&str) -> Result<String, crate::HubError>,
) -> Result<Option<String>, crate::HubError> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => check(v).map(Some),
    }
}

/// The values among `values` (a short list of distinct values, such as the trades facilities
/// publish) that contain `needle` once both are folded: an accent- and case-insensitive filter
/// on a column with no folded copy, answered with `IN (…)` on the original values.
pub fn folded_matches(values: impl IntoIterator<Item = String>, needle: &str) -> Vec<String> {
    let needle = fold_for_search(needle);
    values.into_iter().filter(|value| fold_for_search(value).contains(&needle)).collect()
}

/// A LIKE pattern matching `needle` anywhere, with LIKE's own wildcards (`%`, `_`) taken
/// literally. Search columns are stored folded, so callers fold `needle` first.
pub fn contains_pattern(needle: &str) -> sea_orm::sea_query::LikeExpr {
    sea_orm::sea_query::LikeExpr::new(format!("%{}%", escape_like(needle))).escape('\\')
}

/// Escapes LIKE's wildcards and its escape character itself (`\\`).
pub fn escape_like(text: &str) -> String {
    text.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}

/// Like [`required_text`] for optional inputs: absent or blank becomes `None`.
pub fn optional_text(
    field: &str,
    value: Option<&str>,
    max_chars: usize,
) -> Result<Option<String>, crate::HubError> {
    unless_blank(value, |v| required_text(field, v, max_chars))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_matches_unaccented_typing() {
        assert_eq!(fold_for_search("Trường THPT chuyên  Trần Phú"), "truong thpt chuyen tran phu");
        assert_eq!(fold_for_search("Đồ Sơn"), "do son");
    }

    #[test]
    fn names_are_checked_in_characters() {
        let ok = "Đ".repeat(10);
        assert!(required_text("name", &ok, 10).is_ok());
        assert!(required_text("name", &"Đ".repeat(11), 10).is_err());
        assert!(required_text("name", "   ", 10).is_err());
    }

    #[test]
    fn invisible_and_direction_characters_are_refused_by_code_point() {
        for hostile in ["Công ty\u{200B} Bạch Đằng", "\u{202E}gnp.exe", "A\u{2066}B\u{2069}", "\u{FEFF}Tên"]
        {
            let err = required_text("name", hostile, 100).expect_err(hostile);
            assert!(err.client_message().to_string().contains("invisible or text-direction"), "{hostile}");
            assert!(required_multiline_text("description", hostile, 100).is_err(), "{hostile}");
        }
        assert!(required_text("name", "Trường THPT chuyên Trần Phú", 100).is_ok());
        let err = required_text("name", "x\u{202E}y", 100).expect_err("an override");
        assert!(err.client_message().to_string().contains("U+202E"), "{}", err.client_message());
    }

    #[test]
    fn folded_matches_ignore_accents_and_case() {
        let trades = ["Điện công nghiệp", "Hàn", "Cơ điện tử"].map(str::to_owned);
        assert_eq!(folded_matches(trades.clone(), "DIEN"), ["Điện công nghiệp", "Cơ điện tử"]);
        assert_eq!(folded_matches(trades, "hàn"), ["Hàn"]);
    }

    #[test]
    fn search_patterns_take_wildcards_literally() {
        assert_eq!(escape_like("50%_off\\"), "50\\%\\_off\\\\");
    }

    #[test]
    fn prose_keeps_its_line_breaks() {
        let text = required_multiline_text("description", "  Dòng một\r\nDòng hai  ", 100);
        assert_eq!(text.ok().as_deref(), Some("Dòng một\nDòng hai"));
        assert!(required_text("title", "Dòng một\nDòng hai", 100).is_err());
        assert!(required_multiline_text("description", "bell\u{7}", 100).is_err());
        assert_eq!(optional_multiline_text("evaluation", Some("  "), 10).ok(), Some(None));
    }
}
