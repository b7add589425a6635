//! Secrets people hold (calendar-feed tokens, invitation codes, session ids, sign-in state):
//! made from the operating system's generator, stored only as their SHA-256, compared in time
//! that does not depend on where they differ.

use sha2::{Digest, Sha256};
use uuid::Uuid;

/// A new secret: two random (v4) UUIDs, 244 bits from the operating system's generator, as 64
/// lower-case hex digits (safe in a URL, a cookie or a header as they are).
pub fn new_secret() -> String {
    format!("{}{}", Uuid::new_v4().simple(), Uuid::new_v4().simple())
}

/// The SHA-256 of `text` as 64 lower-case hex digits: what is stored of a secret.
pub fn sha256_hex(text: &str) -> String {
    Sha256::digest(text.as_bytes()).iter().map(|byte| format!("{byte:02x}")).collect()
}

/// Compares two strings in time that does not depend on where they differ (only on length).
pub fn constant_time_eq(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |diff, (x, y)| diff | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_long_hex_and_hash_as_sha256() {
        let secret = new_secret();
        assert_eq!(secret.len(), 64);
        assert!(secret.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_ne!(secret, new_secret());
        assert_eq!(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assert!(constant_time_eq(&sha256_hex("abc"), &sha256_hex("abc")));
        assert!(!constant_time_eq(&sha256_hex("abc"), &sha256_hex("abd")));
        assert!(!constant_time_eq("abc", "abcd"));
    }
}
