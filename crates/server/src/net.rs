//! Addresses as the flags give them: a block of client addresses (`--trusted-proxy`)
//! and a site's origin (`--public-url`, and the `Origin` a browser sends).

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::str::FromStr;

/// A block of addresses, `10.0.0.0/8` or `fd00::/8` (a bare address is its own block).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cidr {
    net: IpAddr,
    prefix: u8,
}

impl Cidr {
    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.net, ip.to_canonical()) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                mask_v4(ip, self.prefix) == mask_v4(net, self.prefix)
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                mask_v6(ip, self.prefix) == mask_v6(net, self.prefix)
            }
            _ => false,
        }
    }
}

fn mask_v4(ip: Ipv4Addr, prefix: u8) -> u32 {
    let bits = u32::from(ip);
    match prefix {
        0 => 0,
        p => bits & (u32::MAX << (32 - u32::from(p.min(32)))),
    }
}

fn mask_v6(ip: Ipv6Addr, prefix: u8) -> u128 {
    let bits = u128::from(ip);
    match prefix {
        0 => 0,
        p => bits & (u128::MAX << (128 - u32::from(p.min(128)))),
    }
}

impl FromStr for Cidr {
    type Err = String;

    fn from_str(s: &str) -> Result<Cidr, String> {
        let s = s.trim();
        let (addr, prefix) = match s.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (s, None),
        };
        let net: IpAddr = addr
            .parse()
            .map_err(|_| format!("{s:?} is not an address block such as 10.0.0.0/8 or fd00::/8"))?;
        // An IPv4 block written as IPv6 (`::ffff:10.0.0.0/104`) is the IPv4 one.
        let (net, prefix) = match (net, net.to_canonical()) {
            (IpAddr::V6(_), v4 @ IpAddr::V4(_)) => {
                let p = prefix.map(|p| p.parse::<u8>().ok().and_then(|p| p.checked_sub(96)));
                match p {
                    Some(None) => {
                        return Err(format!("{s:?}: an IPv4-mapped block is /96 to /128"))
                    }
                    Some(Some(p)) => (v4, Some(p.to_string())),
                    None => (v4, None),
                }
            }
            _ => (net, prefix.map(str::to_string)),
        };
        let max = if net.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            None => max,
            Some(p) => p
                .parse::<u8>()
                .ok()
                .filter(|p| *p <= max)
                .ok_or_else(|| format!("{s:?}: the prefix length is 0 to {max}"))?,
        };
        Ok(Cidr { net, prefix })
    }
}

impl fmt::Display for Cidr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.net, self.prefix)
    }
}

/// A scheme, host and port (the port left out when it is the scheme's own), as in
/// `Origin` and `--public-url`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub scheme: String,
    /// Lower case; an IPv6 address in brackets.
    pub host: String,
    pub port: Option<u16>,
}

impl Origin {
    /// The origin of a URL (`https://id.example.gov.cn/path` → `https://id.example.gov.cn`).
    pub fn parse(url: &str) -> Option<Origin> {
        let (scheme, rest) = url.trim().split_once("://")?;
        let scheme = scheme.to_ascii_lowercase();
        if scheme.is_empty() || !scheme.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return None;
        }
        let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
        let (host, port) = split_authority(authority)?;
        Some(Origin { scheme, host, port })
    }

    fn default_port(&self) -> Option<u16> {
        match self.scheme.as_str() {
            "http" => Some(80),
            "https" => Some(443),
            _ => None,
        }
    }

    fn effective_port(&self) -> Option<u16> {
        self.port.or_else(|| self.default_port())
    }

    /// Is `host[:port]` (a Host header) this origin's host and port? Without a port the
    /// Host means this origin's scheme's own.
    pub fn is_at(&self, authority: &str) -> bool {
        split_authority(authority).is_some_and(|(host, port)| {
            host == self.host && port.or_else(|| self.default_port()) == self.effective_port()
        })
    }

    /// The same origin: scheme, host and port.
    pub fn same_as(&self, other: &Origin) -> bool {
        self.scheme == other.scheme
            && self.host == other.host
            && self.effective_port() == other.effective_port()
    }

    pub fn is_loopback(&self) -> bool {
        let bare = self.host.trim_start_matches('[').trim_end_matches(']');
        self.host == "localhost"
            || bare
                .parse::<std::net::IpAddr>()
                .is_ok_and(|ip| ip.is_loopback())
    }
}

/// `host[:port]` → (lower-case host, port); userinfo is dropped.
fn split_authority(authority: &str) -> Option<(String, Option<u16>)> {
    let a = authority.trim().rsplit('@').next().unwrap_or("");
    let (host, port) = if let Some(rest) = a.strip_prefix('[') {
        let (inner, after) = rest.split_once(']')?;
        let port = match after {
            "" => None,
            p => Some(p.strip_prefix(':')?),
        };
        (format!("[{}]", inner.to_ascii_lowercase()), port)
    } else {
        match a.split_once(':') {
            Some((h, p)) => (h.to_ascii_lowercase(), Some(p)),
            None => (a.to_ascii_lowercase(), None),
        }
    };
    if host.is_empty() || host == "[]" {
        return None;
    }
    let port = match port {
        Some(p) => Some(p.parse::<u16>().ok()?),
        None => None,
    };
    Some((host, port))
}
