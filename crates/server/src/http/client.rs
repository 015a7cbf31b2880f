//! Who the client is, for the limits that count per client (codes sent, wrong codes,
//! officers' wrong passwords). Behind a proxy every request comes from the proxy's
//! address: the client is then the one the proxies say, in `X-Forwarded-For`, but only
//! when the TCP peer is a proxy the flags name (`--trusted-proxy`); anyone else's
//! `X-Forwarded-For` is ignored, or a bomber would choose a fresh address per request.

use std::fmt;
use std::net::{IpAddr, Ipv6Addr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::HeaderMap;

use crate::http::error::AppError;
use crate::net::Cidr;
use crate::state::AppState;

/// The client of a request: the TCP peer, or, when the peer is a trusted proxy, the
/// address the proxies forwarded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddr(IpAddr);

impl ClientAddr {
    /// Finds the client of a request that came from `peer` with `headers`.
    ///
    /// Each proxy appends the address it was reached from to `X-Forwarded-For`, so the
    /// list is trustworthy from the right for as long as the addresses are trusted
    /// proxies: the first one from the right that is not is the client. Whatever is to
    /// its left the client wrote itself.
    pub fn from_peer(peer: IpAddr, headers: &HeaderMap, trusted: &[Cidr]) -> ClientAddr {
        let peer = peer.to_canonical();
        let is_trusted = |ip: IpAddr| trusted.iter().any(|c| c.contains(ip));
        if !is_trusted(peer) {
            return ClientAddr(peer);
        }
        let forwarded: Vec<&str> = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .collect();
        let mut client = peer;
        for entry in forwarded.into_iter().rev() {
            // Not an address: written by someone a trusted proxy did not vouch for.
            let Some(ip) = parse_forwarded(entry) else {
                break;
            };
            client = ip;
            if !is_trusted(ip) {
                break;
            }
        }
        ClientAddr(client)
    }

    /// The address itself.
    pub fn ip(&self) -> IpAddr {
        self.0
    }

    /// What the limits count by: an IPv4 address, or an IPv6 address's /64 (one
    /// subscriber's network holds billions of addresses and can change them at will).
    pub fn key(&self) -> IpAddr {
        match self.0 {
            IpAddr::V4(v4) => IpAddr::V4(v4),
            IpAddr::V6(v6) => IpAddr::V6(Ipv6Addr::from(u128::from(v6) & (u128::MAX << 64))),
        }
    }
}

impl fmt::Display for ClientAddr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// An `X-Forwarded-For` entry: an address, or (some proxies) an address and port.
fn parse_forwarded(entry: &str) -> Option<IpAddr> {
    let entry = entry.trim();
    if let Ok(ip) = entry.parse::<IpAddr>() {
        return Some(ip.to_canonical());
    }
    if let Ok(sa) = entry.parse::<SocketAddr>() {
        return Some(sa.ip().to_canonical());
    }
    entry
        .strip_prefix('[')
        .and_then(|e| e.strip_suffix(']'))
        .and_then(|e| e.parse::<IpAddr>().ok())
        .map(|ip| ip.to_canonical())
}

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(addr)| addr.ip())
            .ok_or_else(|| {
                AppError::internal(
                    "no peer address: serve with into_make_service_with_connect_info",
                )
            })?;
        Ok(ClientAddr::from_peer(
            peer,
            &parts.headers,
            &state.config.trusted_proxy,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn cidr(s: &str) -> Cidr {
        s.parse().unwrap()
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn an_ipv4_block_holds_its_addresses_only() {
        let c = cidr("10.1.0.0/16");
        assert!(c.contains(ip("10.1.0.1")));
        assert!(c.contains(ip("10.1.255.255")));
        assert!(!c.contains(ip("10.2.0.1")));
        assert!(!c.contains(ip("::1")));
        // The address as a dual-stack socket reports it.
        assert!(c.contains(ip("::ffff:10.1.2.3")));
        assert!(cidr("0.0.0.0/0").contains(ip("203.0.113.9")));
        let host = cidr("192.0.2.7");
        assert_eq!(host.to_string(), "192.0.2.7/32");
        assert!(host.contains(ip("192.0.2.7")) && !host.contains(ip("192.0.2.8")));
        // Bits past the prefix do not matter.
        assert!(cidr("10.1.2.3/8").contains(ip("10.200.0.1")));
    }

    #[test]
    fn an_ipv6_block_holds_its_addresses_only() {
        let c = cidr("2001:db8:abcd::/48");
        assert!(c.contains(ip("2001:db8:abcd:12::1")));
        assert!(!c.contains(ip("2001:db8:abce::1")));
        assert!(!c.contains(ip("10.0.0.1")));
        assert!(cidr("::1").contains(ip("::1")));
        assert!(cidr("::/0").contains(ip("fe80::1")));
        assert!(cidr("fd00::/7").contains(ip("fdff::1")));
        assert!(!cidr("fd00::/8").contains(ip("fc00::1")));
        // An IPv4-mapped block is the IPv4 one.
        assert_eq!(cidr("::ffff:10.0.0.0/104"), cidr("10.0.0.0/8"));
    }

    #[test]
    fn what_is_not_a_block_is_refused() {
        for bad in [
            "",
            "10.0.0.0/33",
            "::/129",
            "10.0.0/8",
            "10.0.0.0/x",
            "host/8",
            "/8",
        ] {
            assert!(bad.parse::<Cidr>().is_err(), "{bad:?}");
        }
        assert!(" 127.0.0.0/8 ".parse::<Cidr>().is_ok());
    }

    fn xff(values: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in values {
            h.append("x-forwarded-for", HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn behind_a_trusted_proxy_the_client_is_the_right_most_untrusted_address() {
        let trusted = [cidr("10.0.0.0/8"), cidr("127.0.0.1")];
        let proxy = ip("10.0.0.5");
        let client = |h: &HeaderMap| ClientAddr::from_peer(proxy, h, &trusted).ip();
        assert_eq!(client(&xff(&["203.0.113.1"])), ip("203.0.113.1"));
        // What the client wrote itself is to the left of what the proxy added.
        assert_eq!(client(&xff(&["1.1.1.1, 203.0.113.1"])), ip("203.0.113.1"));
        // Two proxies of ours, and several headers read as one list in order.
        assert_eq!(
            client(&xff(&["6.6.6.6, 203.0.113.1", "10.0.0.9"])),
            ip("203.0.113.1")
        );
        assert_eq!(
            client(&xff(&["[2001:db8::1]:4711", "10.0.0.9:80"])),
            ip("2001:db8::1")
        );
        // Garbage the proxy passed on ends the walk; no header: the proxy itself.
        assert_eq!(client(&xff(&["junk, 10.0.0.9"])), ip("10.0.0.9"));
        assert_eq!(client(&HeaderMap::new()), proxy);
        // Only proxies in the chain: the furthest one.
        assert_eq!(client(&xff(&["10.0.0.7, 10.0.0.8"])), ip("10.0.0.7"));
    }

    #[test]
    fn from_anyone_else_x_forwarded_for_is_ignored() {
        let trusted = [cidr("10.0.0.0/8")];
        let from = ip("198.51.100.4");
        let said = ClientAddr::from_peer(from, &xff(&["203.0.113.1"]), &trusted);
        assert_eq!(said.ip(), from);
        let none = ClientAddr::from_peer(from, &xff(&["203.0.113.1"]), &[]);
        assert_eq!(none.ip(), from);
    }

    #[test]
    fn an_ipv6_client_is_counted_by_its_64() {
        let a = ClientAddr(ip("2001:db8:1:2:aaaa:bbbb:cccc:dddd"));
        let b = ClientAddr(ip("2001:db8:1:2::1"));
        assert_eq!(a.key(), ip("2001:db8:1:2::"));
        assert_eq!(a.key(), b.key());
        assert_ne!(a.key(), ClientAddr(ip("2001:db8:1:3::1")).key());
        let v4 = ClientAddr(ip("203.0.113.1"));
        assert_eq!(v4.key(), ip("203.0.113.1"));
        // A dual-stack socket's IPv4 peer is an IPv4 client.
        let mapped = ClientAddr::from_peer(ip("::ffff:203.0.113.1"), &HeaderMap::new(), &[]);
        assert_eq!(mapped.key(), ip("203.0.113.1"));
    }
}
