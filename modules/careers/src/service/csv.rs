//! Reading the CSV files officers import: RFC 4180 (comma-separated, fields in double quotes
//! may hold commas, line breaks and doubled quotes), UTF-8, an optional byte-order mark, and
//! `\n` or `\r\n` line ends. Small by design: the files are a few hundred rows.

use hub_common::messages::Message;
use hub_common::msg;

/// One record and the line of the file it starts on (1 is the header).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub line: usize,
    pub fields: Vec<String>,
}

/// A file that is not CSV at all: a quote never closed, or text after a closing quote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Malformed {
    pub line: usize,
    pub message: Message,
}

/// Splits `text` into records; blank lines are skipped.
pub fn parse(text: &str) -> Result<Vec<Record>, Malformed> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut records = Vec::new();
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut line = 1;
    let mut start_line = 1;
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    let mut was_quoted = false;
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                '\n' => {
                    line += 1;
                    field.push('\n');
                }
                '\r' => {}
                other => field.push(other),
            }
            continue;
        }
        match c {
            '"' if field.is_empty() && !was_quoted => {
                quoted = true;
                was_quoted = true;
            }
            ',' => {
                fields.push(std::mem::take(&mut field));
                was_quoted = false;
            }
            '\r' => {}
            '\n' => {
                fields.push(std::mem::take(&mut field));
                was_quoted = false;
                if !(fields.len() == 1 && fields[0].trim().is_empty()) {
                    records.push(Record { line: start_line, fields: std::mem::take(&mut fields) });
                }
                fields.clear();
                line += 1;
                start_line = line;
            }
            _ if was_quoted => {
                return Err(Malformed { line, message: msg!("csv-text-after-closing-quote") });
            }
            other => field.push(other),
        }
    }
    if quoted {
        return Err(Malformed { line: start_line, message: msg!("csv-quote-never-closed") });
    }
    if !field.is_empty() || !fields.is_empty() || was_quoted {
        fields.push(field);
        if !(fields.len() == 1 && fields[0].trim().is_empty()) {
            records.push(Record { line: start_line, fields });
        }
    }
    Ok(records)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_fields_and_line_numbers() {
        let text = "\u{feff}a,b,c\r\n1,\"x, y\",\"say \"\"hi\"\"\"\n\n2,\"two\nlines\",z";
        let records = parse(text).expect("parses");
        assert_eq!(records.len(), 3);
        assert_eq!(records[0].fields, ["a", "b", "c"]);
        assert_eq!(records[1].fields, ["1", "x, y", "say \"hi\""]);
        assert_eq!(records[2].line, 4);
        assert_eq!(records[2].fields, ["2", "two\nlines", "z"]);
    }

    #[test]
    fn unclosed_quotes_are_refused() {
        assert_eq!(parse("a\n\"b").err().map(|m| m.line), Some(2));
        assert!(parse("\"a\"b").is_err());
    }
}
