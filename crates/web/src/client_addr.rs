//! The client's address: the socket peer, or, when the peer is a configured trusted proxy, the
//! rightmost address in `X-Forwarded-For` that is not a trusted proxy. The leftmost entries are
//! whatever the client chose to send, so they are never believed.

use std::net::IpAddr;

/// One trusted proxy: an address or a CIDR block (`10.0.0.0/8`, `fd00::/8`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProxyNet {
    net: IpAddr,
    prefix: u8,
}

impl ProxyNet {
    /// Parses `10.1.2.3`, `10.0.0.0/8` or `::1`; None when malformed.
    pub fn parse(text: &str) -> Option<ProxyNet> {
        let text = text.trim();
        let (addr, prefix) = match text.split_once('/') {
            Some((addr, prefix)) => (addr, Some(prefix.parse::<u8>().ok()?)),
            None => (text, None),
        };
        let net: IpAddr = addr.parse().ok()?;
        let max = if net.is_ipv4() { 32 } else { 128 };
        let prefix = prefix.unwrap_or(max);
        (prefix <= max).then_some(ProxyNet { net, prefix })
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.net, canonical(ip)) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(net) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

/// An IPv4 address mapped into IPv6 (`::ffff:10.0.0.1`, as dual-stack sockets report) as IPv4.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6
            .to_ipv4_mapped()
            .map(IpAddr::V4)
            .unwrap_or(IpAddr::V6(v6)),
        v4 => v4,
    }
}

/// The configured list of trusted proxies; empty (the default) trusts no header.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<ProxyNet>);

impl TrustedProxies {
    /// Parses every entry; the first malformed one is returned as the error.
    pub fn parse<S: AsRef<str>>(entries: &[S]) -> Result<TrustedProxies, String> {
        entries
            .iter()
            .map(|e| ProxyNet::parse(e.as_ref()).ok_or_else(|| e.as_ref().to_string()))
            .collect::<Result<Vec<_>, _>>()
            .map(TrustedProxies)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether `ip` is one of the listed addresses or blocks (also for `metrics_allow`).
    pub fn allows(&self, ip: IpAddr) -> bool {
        self.trusts(canonical(ip))
    }

    fn trusts(&self, ip: IpAddr) -> bool {
        self.0.iter().any(|net| net.contains(ip))
    }

    /// The client behind `peer`, given the `X-Forwarded-For` header values in order.
    pub fn client(&self, peer: IpAddr, forwarded_for: &[&str]) -> IpAddr {
        let peer = canonical(peer);
        if !self.trusts(peer) {
            return peer;
        }
        let hops = forwarded_for
            .iter()
            .flat_map(|value| value.split(','))
            .map(str::trim)
            .collect::<Vec<_>>();
        // Walk from the proxy nearest to us towards the client; stop at the first hop no
        // trusted proxy vouches for.
        let mut client = peer;
        for hop in hops.iter().rev() {
            let Some(ip) = parse_hop(hop) else {
                // Garbage a trusted proxy passed on: the last trusted hop is all we know.
                return client;
            };
            client = ip;
            if !self.trusts(ip) {
                return ip;
            }
        }
        client
    }
}

/// `1.2.3.4`, `1.2.3.4:5678`, `[::1]:5678` or `::1`.
fn parse_hop(hop: &str) -> Option<IpAddr> {
    if let Ok(ip) = hop.parse::<IpAddr>() {
        return Some(canonical(ip));
    }
    hop.parse::<std::net::SocketAddr>()
        .ok()
        .map(|s| canonical(s.ip()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn proxy_entries_parse_as_addresses_or_cidr_blocks() {
        assert!(ProxyNet::parse("10.0.0.0/8").is_some());
        assert!(ProxyNet::parse("10.1.2.3").is_some());
        assert!(ProxyNet::parse("fd00::/8").is_some());
        assert!(ProxyNet::parse("10.0.0.0/33").is_none());
        assert!(ProxyNet::parse("nonsense").is_none());
        assert!(ProxyNet::parse("10.0.0.0/").is_none());
        let net = ProxyNet::parse("10.0.0.0/8").unwrap();
        assert!(net.contains(ip("10.200.1.1")));
        assert!(net.contains(ip("::ffff:10.0.0.1")));
        assert!(!net.contains(ip("11.0.0.1")));
        assert!(
            ProxyNet::parse("0.0.0.0/0")
                .unwrap()
                .contains(ip("8.8.8.8"))
        );
        assert!(TrustedProxies::parse(&["10.0.0.1", "bad"]).is_err());
    }

    #[test]
    fn the_rightmost_untrusted_hop_is_the_client() {
        let none = TrustedProxies::default();
        let lb = TrustedProxies::parse(&["10.0.0.0/8", "192.168.1.1"]).unwrap();
        let cases: [(&TrustedProxies, &str, &[&str], &str); 10] = [
            // No trusted proxies: the header is ignored.
            (&none, "203.0.113.9", &["1.1.1.1"], "203.0.113.9"),
            // The peer is not a trusted proxy: its header is ignored.
            (&lb, "203.0.113.9", &["1.1.1.1"], "203.0.113.9"),
            (&lb, "10.0.0.5", &["198.51.100.7"], "198.51.100.7"),
            // The client forged a leftmost entry; the load balancer appended the real one.
            (&lb, "10.0.0.5", &["6.6.6.6, 198.51.100.7"], "198.51.100.7"),
            // Two trusted hops, then the client.
            (
                &lb,
                "10.0.0.5",
                &["6.6.6.6, 198.51.100.7, 192.168.1.1"],
                "198.51.100.7",
            ),
            // Several header lines count as one list, in order.
            (
                &lb,
                "10.0.0.5",
                &["6.6.6.6", "198.51.100.7"],
                "198.51.100.7",
            ),
            // No header from a trusted proxy: the proxy itself.
            (&lb, "10.0.0.5", &[], "10.0.0.5"),
            // Garbage: the last trusted hop.
            (&lb, "10.0.0.5", &["6.6.6.6, not-an-ip"], "10.0.0.5"),
            // Ports and IPv6 brackets are understood.
            (&lb, "10.0.0.5", &["[2001:db8::1]:443"], "2001:db8::1"),
            (
                &lb,
                "::ffff:10.0.0.5",
                &["198.51.100.7:5000"],
                "198.51.100.7",
            ),
        ];
        for (trusted, peer, header, expected) in cases {
            assert_eq!(
                trusted.client(ip(peer), header),
                ip(expected),
                "{peer} {header:?}"
            );
        }
    }
}
