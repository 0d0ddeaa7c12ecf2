//! Device tokens and enrolment codes. Only their SHA-256 is stored: a token
//! is 244 random bits and a code is one-time and expires, so a slow
//! password hash would add nothing but latency to every request.

use sha2::{Digest, Sha256};
use uuid::Uuid;

pub fn hash(secret: &str) -> String {
    format!("{:x}", Sha256::digest(secret.as_bytes()))
}

/// A device token: `<server id>.<secret>`, so that a token from another
/// server is told apart from a wrong one.
pub fn new_token(server_id: Uuid) -> String {
    format!("{server_id}.{}{}", Uuid::new_v4().simple(), Uuid::new_v4().simple())
}

/// The server a token names, if it is shaped like one.
pub fn token_server(token: &str) -> Option<Uuid> {
    token.split_once('.').and_then(|(s, _)| Uuid::parse_str(s).ok())
}

/// Letters and digits that cannot be mistaken for each other when read aloud
/// or typed from a sheet of paper.
const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/// A one-time enrolment code: 12 characters (60 bits) in groups of four.
pub fn new_code() -> String {
    let bytes = Uuid::new_v4().into_bytes();
    let chars: Vec<char> = bytes.iter().take(12).map(|b| ALPHABET[(*b as usize) % ALPHABET.len()] as char).collect();
    chars.chunks(4).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join("-")
}

/// The form a code is stored and compared in: upper case, no spaces or dashes.
pub fn normalise_code(code: &str) -> String {
    code.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_uppercase()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_reads_the_same_however_it_is_typed() {
        let code = new_code();
        assert_eq!(code.len(), 14);
        assert_eq!(normalise_code(&code.to_lowercase().replace('-', " ")), normalise_code(&code));
    }

    #[test]
    fn a_token_names_its_server() {
        let server = Uuid::new_v4();
        let t = new_token(server);
        assert_eq!(token_server(&t), Some(server));
        assert_eq!(token_server("nonsense"), None);
        assert_ne!(hash(&t), hash(&new_token(server)));
    }
}
