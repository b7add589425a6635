//! Scalars shared across modules.

use async_graphql::{InputValueError, InputValueResult, Scalar, ScalarType, Value};
use chrono::NaiveDate;

/// A calendar date, `YYYY-MM-DD` (ISO 8601). Dates carry no time zone; the hub's dates are
/// those of Asia/Ho_Chi_Minh.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date(pub NaiveDate);

#[Scalar(name = "Date")]
impl ScalarType for Date {
    fn parse(value: Value) -> InputValueResult<Self> {
        match &value {
            Value::String(text) => NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .map(Date)
                .map_err(|_| InputValueError::custom("a date is written YYYY-MM-DD")),
            _ => Err(InputValueError::expected_type(value)),
        }
    }

    fn to_value(&self) -> Value {
        Value::String(self.0.format("%Y-%m-%d").to_string())
    }
}

/// The largest integer a JSON reader that uses doubles (every JavaScript client) reads exactly.
pub const MAX_SAFE_INTEGER: i64 = (1 << 53) - 1;

/// An amount of Vietnamese đồng. VND has no minor unit in use, so an amount is a whole number,
/// written as a JSON integer. GraphQL's `Int` is 32-bit (about 2.1 billion đồng), too small for
/// the value of a donated machine, so amounts get a scalar of their own, bounded by
/// ±(2^53 - 1) so that JavaScript clients read them exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Vnd(pub i64);

#[Scalar(name = "Vnd")]
impl ScalarType for Vnd {
    fn parse(value: Value) -> InputValueResult<Self> {
        let Value::Number(number) = &value else {
            return Err(InputValueError::expected_type(value));
        };
        match number.as_i64() {
            Some(amount) if amount.abs() <= MAX_SAFE_INTEGER => Ok(Vnd(amount)),
            _ => Err(InputValueError::custom(format!(
                "an amount in VND is a whole number of at most {MAX_SAFE_INTEGER}"
            ))),
        }
    }

    fn is_valid(value: &Value) -> bool {
        matches!(value, Value::Number(n) if n.as_i64().is_some_and(|a| a.abs() <= MAX_SAFE_INTEGER))
    }

    fn to_value(&self) -> Value {
        Value::from(self.0)
    }
}

impl From<NaiveDate> for Date {
    fn from(date: NaiveDate) -> Self {
        Self(date)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vnd_takes_whole_numbers_javascript_reads_exactly() {
        assert_eq!(Vnd::parse(Value::from(3_500_000)).ok(), Some(Vnd(3_500_000)));
        assert_eq!(Vnd::parse(Value::from(MAX_SAFE_INTEGER)).ok(), Some(Vnd(MAX_SAFE_INTEGER)));
        assert!(Vnd::parse(Value::from(MAX_SAFE_INTEGER + 1)).is_err());
        assert!(Vnd::parse(Value::from(1.5)).is_err());
        assert!(Vnd::parse(Value::from("3500000")).is_err());
        assert_eq!(Vnd(12_000_000).to_value(), Value::from(12_000_000));
    }
}
