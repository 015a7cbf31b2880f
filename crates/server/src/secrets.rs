//! Digests, random tokens and codes, and comparing secrets in constant time: the leaf
//! every part that keeps or checks a secret (sessions, officers, vendors' signatures,
//! the captcha's tickets) uses, depending on nothing of the server's.

use rand::RngCore;
use sha2::{Digest, Sha256};

pub fn sha256_hex(data: impl AsRef<[u8]>) -> String {
    hex(&Sha256::digest(data.as_ref()))
}

pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[usize::from(b >> 4)] as char);
        s.push(DIGITS[usize::from(b & 15)] as char);
    }
    s
}

/// `n` random bytes as hex.
pub fn random_hex(n: usize) -> String {
    let mut buf = vec![0u8; n];
    rand::thread_rng().fill_bytes(&mut buf);
    hex(&buf)
}

/// `n` random decimal digits (codes people read out or type).
pub fn random_digits(n: usize) -> String {
    use rand::Rng;
    let mut rng = rand::thread_rng();
    (0..n)
        .map(|_| char::from(b'0' + rng.gen_range(0..10u8)))
        .collect()
}

/// Constant-time equality (of two digests, so lengths never leak either).
pub fn same_secret(a: &str, b: &str) -> bool {
    let (x, y) = (Sha256::digest(a.as_bytes()), Sha256::digest(b.as_bytes()));
    x.iter()
        .zip(y.iter())
        .fold(0u8, |acc, (p, q)| acc | (p ^ q))
        == 0
}

/// A short code kept as `salt$sha256(salt:code)`: a copy of the database does not give
/// the codes back at a glance (six digits are few, so the counter's wrong-try limit is
/// what holds them; the salt keeps one code's digest from matching another's).
pub fn salted_digest(code: &str) -> String {
    let salt = random_hex(8);
    format!("{salt}${}", sha256_hex(format!("{salt}:{code}")))
}

/// Does `code` match a [`salted_digest`]?
pub fn matches_digest(code: &str, digest: &str) -> bool {
    match digest.split_once('$') {
        Some((salt, hash)) => same_secret(&sha256_hex(format!("{salt}:{code}")), hash),
        None => false,
    }
}
