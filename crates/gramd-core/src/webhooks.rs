//! Webhook rules: which URLs, addresses, secrets, certificates and connection counts a bot
//! may set (<https://core.telegram.org/bots/api#setwebhook>), and which updates a delivery
//! must keep in order.
//!
//! Telegram accepts only `https` webhooks on ports 443, 80, 88 and 8443 that resolve to a
//! public IPv4 address. gramd applies the same rules unless its `allow_local` setting is on
//! (local development and tests): then `http`, any port, IPv6 and loopback or private
//! addresses are allowed. Off by default, because an organisation's gramd must not become a
//! way into its own network.
//!
//! The rules are pure: resolving a host name is the caller's job ([`HostResolver`]), and the
//! addresses it finds are checked here, both when the webhook is set and every time a
//! delivery connects (so a name that later resolves to a private address is refused too).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use async_trait::async_trait;

use crate::bots::Webhook;
use crate::error::CoreError;
use crate::updates::BotUpdate;

/// The most simultaneous deliveries a bot may ask for.
pub const MAX_CONNECTIONS_LIMIT: u32 = 100;
/// The simultaneous deliveries of a bot that does not say.
pub const DEFAULT_MAX_CONNECTIONS: u32 = 40;
/// The longest secret token.
pub const MAX_SECRET_TOKEN_LEN: usize = 256;
/// The largest certificate a bot may upload.
pub const MAX_CERTIFICATE_BYTES: usize = 3 << 20;
/// The only ports Telegram delivers to.
pub const ALLOWED_PORTS: [u16; 4] = [443, 80, 88, 8443];

/// How strict the rules are.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WebhookPolicy {
    /// Allow `http`, any port, IPv6, and loopback, private and other reserved addresses.
    pub allow_local: bool,
}

/// Why a webhook cannot be used (the Bot API answers `bad webhook: …`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WebhookRefusal {
    /// The port is not 443, 80, 88 or 8443.
    PortNotAllowed,
    /// The URL is `http`.
    HttpsRequired,
    /// The fixed `ip_address` is not an IP address.
    AddressInvalid,
    /// The host has IPv6 addresses only.
    Ipv6Only,
    /// The host is, or resolves to, a loopback, private or otherwise reserved address.
    AddressReserved(IpAddr),
    /// The host name could not be resolved.
    HostUnresolved {
        /// The resolver's explanation.
        detail: String,
    },
}

impl std::fmt::Display for WebhookRefusal {
    /// Telegram's words for the refusal.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::PortNotAllowed => {
                f.write_str("Webhook can be set up only on ports 80, 88, 443 or 8443")
            }
            Self::HttpsRequired => f.write_str("An HTTPS URL must be provided for webhook"),
            Self::AddressInvalid => f.write_str("Invalid IP address specified"),
            Self::Ipv6Only => f.write_str("IPv6-only addresses are not allowed"),
            Self::AddressReserved(ip) => write!(f, "IP address {ip} is reserved"),
            Self::HostUnresolved { detail } => write!(f, "Failed to resolve host: {detail}"),
        }
    }
}

/// The scheme of a webhook URL.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scheme {
    /// `http://`.
    Http,
    /// `https://` (the default when the URL has none).
    Https,
}

/// A webhook URL, parsed as Telegram's reference server parses it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WebhookUrl {
    /// The scheme.
    pub scheme: Scheme,
    /// `user:password` before the host, sent as HTTP Basic authorization; may be empty.
    pub userinfo: String,
    /// The host, lower-cased; an IPv6 address keeps its brackets.
    pub host: String,
    /// The port (the scheme's default when the URL names none).
    pub port: u16,
    /// Whether the URL names its port.
    pub explicit_port: bool,
    /// Path and query, starting with `/`; bytes up to 0x20 are percent-encoded.
    pub path: String,
}

impl WebhookUrl {
    /// Parses a URL: `[http[s]://][userinfo@]host[:port][/path][?query][#fragment]`, https by
    /// default; the host may hold letters, digits, `-._~!$&'()*+,;=`, percent escapes and
    /// non-ASCII characters, or be a bracketed IPv6 address.
    ///
    /// # Errors
    /// `WebhookUrlInvalid`.
    pub fn parse(url: &str) -> Result<Self, CoreError> {
        let invalid = || CoreError::WebhookUrlInvalid;
        let scheme_end = url.find([':', '/', '?', '#', '@', '[', ']']);
        let (scheme, rest) = match scheme_end {
            Some(end) if url[end..].starts_with("://") => {
                let scheme = match url[..end].to_ascii_lowercase().as_str() {
                    "http" => Scheme::Http,
                    "https" => Scheme::Https,
                    _ => return Err(invalid()),
                };
                (scheme, &url[end + 3..])
            }
            _ => (Scheme::Https, url),
        };
        let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let (authority, path) = rest.split_at(authority_end);
        let port_colon = authority
            .rfind([':', ']', '@'])
            .filter(|&i| i > 0 && authority.as_bytes()[i] == b':');
        let (userinfo_host, port) = match port_colon {
            Some(colon) => {
                let digits = &authority[colon + 1..];
                if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(invalid());
                }
                let port = match digits.trim_start_matches('0') {
                    "" => return Err(invalid()),
                    digits => digits.parse::<u16>().map_err(|_| invalid())?,
                };
                (&authority[..colon], port)
            }
            None => (authority, 0),
        };
        let (userinfo, host) = match userinfo_host.rfind('@') {
            Some(at) => (&userinfo_host[..at], &userinfo_host[at + 1..]),
            None => ("", userinfo_host),
        };
        let host = host.to_lowercase();
        if host.is_empty() || host == "." {
            return Err(invalid());
        }
        if let Some(inner) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
            inner.parse::<Ipv6Addr>().map_err(|_| invalid())?;
        } else if !url_part_ok(&host, false) || !url_part_ok(userinfo, true) {
            return Err(invalid());
        }
        let explicit_port = port != 0;
        let port = match (port, scheme) {
            (0, Scheme::Http) => 80,
            (0, Scheme::Https) => 443,
            (port, _) => port,
        };
        let path = path.trim_end_matches(|c: char| c.is_ascii_whitespace());
        let mut escaped = String::with_capacity(path.len() + 1);
        if !path.starts_with('/') {
            escaped.push('/');
        }
        for c in path.chars() {
            if u32::from(c) <= 0x20 {
                escaped.push_str(&format!("%{:02X}", u32::from(c)));
            } else {
                escaped.push(c);
            }
        }
        Ok(Self {
            scheme,
            userinfo: userinfo.to_owned(),
            host,
            port,
            explicit_port,
            path: escaped,
        })
    }

    /// The URL to post to, without the user information.
    #[must_use]
    pub fn endpoint(&self) -> String {
        let scheme = match self.scheme {
            Scheme::Http => "http",
            Scheme::Https => "https",
        };
        if self.explicit_port {
            format!("{scheme}://{}:{}{}", self.host, self.port, self.path)
        } else {
            format!("{scheme}://{}{}", self.host, self.path)
        }
    }

    /// The host as an IP address, when it is one.
    #[must_use]
    pub fn ip(&self) -> Option<IpAddr> {
        let host = self.host.trim_start_matches('[').trim_end_matches(']');
        host.parse().ok()
    }
}

/// Characters RFC 3986 allows in a host (and, with `:`, in user information), percent
/// escapes, and non-ASCII characters (international names).
fn url_part_ok(part: &str, allow_colon: bool) -> bool {
    let bytes = part.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'%' {
            let hex = |j: usize| bytes.get(j).is_some_and(u8::is_ascii_hexdigit);
            if !(hex(i + 1) && hex(i + 2)) {
                return false;
            }
            i += 3;
            continue;
        }
        let ok = b.is_ascii_alphanumeric()
            || b"._-!$,~*'();&+=".contains(&b)
            || (allow_colon && b == b':')
            || b >= 0x80;
        if !ok {
            return false;
        }
        i += 1;
    }
    true
}

/// A `setWebhook` call's webhook parameters, as sent.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WebhookRequest {
    /// `url`.
    pub url: String,
    /// `ip_address` (empty: resolve the host).
    pub ip_address: String,
    /// `max_connections`, when sent.
    pub max_connections: Option<i32>,
    /// `secret_token` (empty: none).
    pub secret_token: String,
    /// The uploaded `certificate`, when one was.
    pub certificate: Option<Vec<u8>>,
}

/// A webhook that passed the rules, and what is left to check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckedWebhook {
    /// The settings to store.
    pub webhook: Webhook,
    /// The parsed URL.
    pub url: WebhookUrl,
    /// The address to deliver to when it is known without resolving (a fixed
    /// `ip_address`, or a host that is an IP address).
    pub address: Option<IpAddr>,
}

impl WebhookPolicy {
    /// Checks a `setWebhook` request in the reference server's order: the URL, the secret
    /// token, the certificate's size, the scheme and port, then a fixed or literal address.
    ///
    /// # Errors
    /// `WebhookUrlInvalid`, `SecretTokenTooLong`, `SecretTokenInvalid`, `CertificateTooBig`
    /// or `BadWebhook`.
    pub fn check(&self, request: WebhookRequest) -> Result<CheckedWebhook, CoreError> {
        let url = WebhookUrl::parse(&request.url)?;
        check_secret_token(&request.secret_token)?;
        if let Some(certificate) = &request.certificate
            && certificate.len() > MAX_CERTIFICATE_BYTES
        {
            return Err(CoreError::CertificateTooBig {
                size: certificate.len(),
            });
        }
        self.check_url(&url).map_err(CoreError::BadWebhook)?;
        let fixed_ip = !request.ip_address.is_empty();
        let address = if fixed_ip {
            let ip = request
                .ip_address
                .trim_start_matches('[')
                .trim_end_matches(']')
                .parse::<IpAddr>()
                .map_err(|_| CoreError::BadWebhook(WebhookRefusal::AddressInvalid))?;
            Some(ip)
        } else {
            url.ip()
        };
        if let Some(ip) = address {
            self.check_addresses(&[ip]).map_err(CoreError::BadWebhook)?;
        }
        let webhook = Webhook {
            url: request.url,
            max_connections: max_connections(request.max_connections),
            ip_address: fixed_ip.then(|| address.map(|ip| ip.to_string())).flatten(),
            secret_token: Some(request.secret_token).filter(|s| !s.is_empty()),
            certificate: request
                .certificate
                .map(|c| String::from_utf8_lossy(&c).into()),
        };
        Ok(CheckedWebhook {
            webhook,
            url,
            address,
        })
    }

    /// Checks the scheme and the port.
    ///
    /// # Errors
    /// `PortNotAllowed` or `HttpsRequired` unless local addresses are allowed.
    pub fn check_url(&self, url: &WebhookUrl) -> Result<(), WebhookRefusal> {
        if self.allow_local {
            return Ok(());
        }
        match url.scheme {
            Scheme::Http => Err(WebhookRefusal::HttpsRequired),
            Scheme::Https if !ALLOWED_PORTS.contains(&url.port) => {
                Err(WebhookRefusal::PortNotAllowed)
            }
            Scheme::Https => Ok(()),
        }
    }

    /// The addresses a delivery may connect to, out of those a host has: all of them when
    /// local addresses are allowed, else its IPv4 addresses, provided none is reserved.
    ///
    /// # Errors
    /// `Ipv6Only` or `AddressReserved`.
    pub fn check_addresses(&self, addresses: &[IpAddr]) -> Result<Vec<IpAddr>, WebhookRefusal> {
        if self.allow_local {
            return Ok(addresses.to_vec());
        }
        let v4: Vec<IpAddr> = addresses
            .iter()
            .filter_map(|ip| match ip {
                IpAddr::V4(v4) => Some(*v4),
                IpAddr::V6(v6) => v6.to_ipv4_mapped(),
            })
            .map(IpAddr::V4)
            .collect();
        if v4.is_empty() {
            return Err(if addresses.is_empty() {
                WebhookRefusal::HostUnresolved {
                    detail: "no addresses".into(),
                }
            } else {
                WebhookRefusal::Ipv6Only
            });
        }
        if let Some(reserved) = v4.iter().find(|ip| is_reserved(**ip)) {
            return Err(WebhookRefusal::AddressReserved(*reserved));
        }
        Ok(v4)
    }
}

/// `max_connections`: 1 to 100, 40 when not sent; values out of range are clamped, as
/// Telegram does.
#[must_use]
pub fn max_connections(requested: Option<i32>) -> u32 {
    match requested {
        None => DEFAULT_MAX_CONNECTIONS,
        Some(n) => u32::try_from(n.max(1))
            .unwrap_or(1)
            .min(MAX_CONNECTIONS_LIMIT),
    }
}

/// A secret token: at most 256 characters of `A-Z`, `a-z`, `0-9`, `_` and `-` (empty means
/// none).
///
/// # Errors
/// `SecretTokenTooLong` or `SecretTokenInvalid`.
pub fn check_secret_token(secret: &str) -> Result<(), CoreError> {
    if secret.len() > MAX_SECRET_TOKEN_LEN {
        return Err(CoreError::SecretTokenTooLong);
    }
    if !secret
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    {
        return Err(CoreError::SecretTokenInvalid);
    }
    Ok(())
}

/// Whether an address is not a public unicast address: unspecified, loopback, private,
/// shared (CGNAT), link-local, documentation, benchmarking, multicast, broadcast or
/// otherwise reserved by IANA.
#[must_use]
pub fn is_reserved(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_reserved_v4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => is_reserved_v4(v4),
            None => is_reserved_v6(v6),
        },
    }
}

fn is_reserved_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    a == 0                                   // "this network"
        || a == 10                           // private
        || (a == 100 && (64..128).contains(&b)) // shared address space
        || a == 127                          // loopback
        || (a == 169 && b == 254)            // link-local
        || (a == 172 && (16..32).contains(&b)) // private
        || (a == 192 && b == 0 && c == 0)    // IETF protocol assignments
        || (a == 192 && b == 0 && c == 2)    // documentation
        || (a == 192 && b == 88 && c == 99)  // 6to4 relay
        || (a == 192 && b == 168)            // private
        || (a == 198 && (b == 18 || b == 19)) // benchmarking
        || (a == 198 && b == 51 && c == 100) // documentation
        || (a == 203 && b == 0 && c == 113)  // documentation
        || a >= 224 // multicast, reserved, broadcast
}

fn is_reserved_v6(ip: Ipv6Addr) -> bool {
    let first = ip.segments()[0];
    ip.is_unspecified()
        || ip.is_loopback()
        || (first & 0xfe00) == 0xfc00 // unique local
        || (first & 0xffc0) == 0xfe80 // link-local
        || (first & 0xff00) == 0xff00 // multicast
        || first == 0x2001 && ip.segments()[1] == 0x0db8 // documentation
        || first == 0x0064 // NAT64 and local-use translation
        || first == 0x0100 // discard-only
}

/// Resolves host names for the webhook rules (the core has no sockets).
#[async_trait]
pub trait HostResolver: Send + Sync {
    /// The addresses of `host`, or the resolver's explanation of why there are none.
    async fn resolve(&self, host: &str, port: u16) -> Result<Vec<IpAddr>, String>;
}

/// The delivery queue of an update: updates of one queue are delivered one at a time, in
/// order; different queues may be delivered in parallel. As in Telegram's reference server,
/// messages queue by chat, inline queries, chosen inline results and callback queries by user, membership changes by chat (the bot's
/// own) or by user (other members'), business connections by user, business messages by
/// chat, polls' updates by poll and reactions by chat, each kind in its own range of keys.
#[must_use]
pub fn delivery_queue(update: &BotUpdate) -> i64 {
    const KIND: i64 = 1 << 33;
    match update {
        BotUpdate::Message(m)
        | BotUpdate::EditedMessage(m)
        | BotUpdate::ChannelPost(m)
        | BotUpdate::EditedChannelPost(m) => m.peer.key(),
        BotUpdate::InlineQuery(q) => q.from.0 + KIND,
        BotUpdate::ChosenInlineResult(c) => c.from.0 + 2 * KIND,
        BotUpdate::CallbackQuery(q) => q.from.0 + 3 * KIND,
        BotUpdate::MyChatMember(u) => u.chat.key() + 5 * KIND,
        BotUpdate::ChatMember(u) => u.new.user.0 + 6 * KIND,
        BotUpdate::ChatJoinRequest(r) => r.user.0 + 7 * KIND,
        BotUpdate::BusinessConnection(c) => c.user.0 + 10 * KIND,
        BotUpdate::BusinessMessage(m) | BotUpdate::EditedBusinessMessage(m) => {
            m.message.peer.key() + 11 * KIND
        }
        BotUpdate::DeletedBusinessMessages(d) => d.chat.key() + 11 * KIND,
        BotUpdate::Poll(p) => p.poll.id.rem_euclid(KIND) + 12 * KIND,
        BotUpdate::PollAnswer(a) => a.poll_id.rem_euclid(KIND) + 12 * KIND,
        BotUpdate::MessageReaction(r) => r.chat.key() + 13 * KIND,
        BotUpdate::MessageReactionCount(r) => r.chat.key() + 13 * KIND,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STRICT: WebhookPolicy = WebhookPolicy { allow_local: false };
    const LOCAL: WebhookPolicy = WebhookPolicy { allow_local: true };

    fn request(url: &str) -> WebhookRequest {
        WebhookRequest {
            url: url.into(),
            ..WebhookRequest::default()
        }
    }

    fn refusal(policy: WebhookPolicy, request: WebhookRequest) -> WebhookRefusal {
        match policy.check(request) {
            Err(CoreError::BadWebhook(refusal)) => refusal,
            other => panic!("expected a bad webhook, got {other:?}"),
        }
    }

    #[test]
    fn urls_parse_as_the_reference_parses_them() {
        let url = WebhookUrl::parse("Example.COM/hook").unwrap();
        assert_eq!(url.scheme, Scheme::Https);
        assert_eq!((url.host.as_str(), url.port), ("example.com", 443));
        assert_eq!(url.endpoint(), "https://example.com/hook");
        let url = WebhookUrl::parse("HTTP://u:p@127.0.0.1:08080/a b?x=1#f").unwrap();
        assert_eq!(url.scheme, Scheme::Http);
        assert_eq!(url.userinfo, "u:p");
        assert_eq!(url.port, 8080);
        assert_eq!(url.path, "/a%20b?x=1#f");
        assert_eq!(url.endpoint(), "http://127.0.0.1:8080/a%20b?x=1#f");
        let url = WebhookUrl::parse("http://[::1]:9000").unwrap();
        assert_eq!(url.ip(), Some("::1".parse().unwrap()));
        assert_eq!(url.path, "/");
        assert_eq!(
            WebhookUrl::parse("https://xn--d1acpjx3f.xn--p1ai?q")
                .unwrap()
                .path,
            "/?q"
        );
        for bad in [
            "ftp://example.com",
            "https://",
            "https:// x",
            "https:///path",
            "https://exa mple.com",
            "https://example.com:70000",
            "https://example.com:12x",
            "https://example.com:0",
            "https://example.com:",
            "https://[::zz]/",
            "https://ex%zzample.com",
            ".",
            "",
        ] {
            assert_eq!(
                WebhookUrl::parse(bad),
                Err(CoreError::WebhookUrlInvalid),
                "{bad}"
            );
        }
        assert!(WebhookUrl::parse("https://user:pw@example.com").is_ok());
        assert!(WebhookUrl::parse("https://пример.рф/hook").is_ok());
    }

    #[test]
    fn strict_mode_wants_https_on_telegrams_ports() {
        for ok in [
            "https://example.com/x",
            "https://example.com:80/x",
            "https://example.com:88",
            "https://example.com:8443",
            "example.com",
        ] {
            assert!(STRICT.check(request(ok)).is_ok(), "{ok}");
        }
        assert_eq!(
            refusal(STRICT, request("https://example.com:8080/x")),
            WebhookRefusal::PortNotAllowed
        );
        assert_eq!(
            refusal(STRICT, request("http://example.com/x")),
            WebhookRefusal::HttpsRequired
        );
        assert!(LOCAL.check(request("http://example.com:8080/x")).is_ok());
    }

    #[test]
    fn strict_mode_refuses_local_and_private_addresses() {
        for reserved in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "224.0.0.1",
            "255.255.255.255",
            "198.18.0.1",
        ] {
            let ip: IpAddr = reserved.parse().unwrap();
            assert!(is_reserved(ip), "{reserved}");
            assert_eq!(
                refusal(STRICT, request(&format!("https://{reserved}/hook"))),
                WebhookRefusal::AddressReserved(ip),
                "{reserved} as the host"
            );
            let fixed = WebhookRequest {
                ip_address: reserved.into(),
                ..request("https://example.com/hook")
            };
            assert_eq!(
                refusal(STRICT, fixed.clone()),
                WebhookRefusal::AddressReserved(ip),
                "{reserved} as ip_address"
            );
            assert_eq!(
                LOCAL.check(fixed).unwrap().address,
                Some(ip),
                "allowed locally"
            );
        }
        for public in ["1.1.1.1", "172.32.0.1", "100.128.0.1", "8.8.8.8"] {
            assert!(!is_reserved(public.parse().unwrap()), "{public}");
        }
        for v6 in ["::1", "fe80::1", "fd00::1", "::ffff:10.0.0.1", "ff02::1"] {
            assert!(is_reserved(v6.parse().unwrap()), "{v6}");
        }
        assert!(!is_reserved("2606:4700::1111".parse().unwrap()));
        assert_eq!(
            refusal(STRICT, request("https://[2606:4700::1111]/")),
            WebhookRefusal::Ipv6Only
        );
        assert_eq!(
            refusal(
                LOCAL,
                WebhookRequest {
                    ip_address: "not-an-ip".into(),
                    ..request("http://localhost:1/")
                }
            ),
            WebhookRefusal::AddressInvalid,
            "a malformed ip_address is refused even locally"
        );
    }

    #[test]
    fn resolved_addresses_are_checked_too() {
        let v4 = |s: &str| s.parse::<IpAddr>().unwrap();
        assert_eq!(
            STRICT.check_addresses(&[v4("2606:4700::1111"), v4("1.1.1.1")]),
            Ok(vec![v4("1.1.1.1")])
        );
        assert_eq!(
            STRICT.check_addresses(&[v4("1.1.1.1"), v4("10.0.0.1")]),
            Err(WebhookRefusal::AddressReserved(v4("10.0.0.1"))),
            "one private address among public ones is enough to refuse"
        );
        assert_eq!(
            STRICT.check_addresses(&[v4("::1")]),
            Err(WebhookRefusal::Ipv6Only)
        );
        assert_eq!(LOCAL.check_addresses(&[v4("::1")]), Ok(vec![v4("::1")]));
    }

    #[test]
    fn secrets_connections_and_certificates() {
        assert_eq!(check_secret_token(""), Ok(()));
        assert_eq!(check_secret_token(&"a-_Z9".repeat(51)), Ok(()));
        assert_eq!(
            check_secret_token(&"a".repeat(257)),
            Err(CoreError::SecretTokenTooLong)
        );
        for bad in ["no spaces", "é", "a/b", "a.b"] {
            assert_eq!(
                check_secret_token(bad),
                Err(CoreError::SecretTokenInvalid),
                "{bad}"
            );
        }
        assert_eq!(max_connections(None), 40);
        assert_eq!(max_connections(Some(0)), 1);
        assert_eq!(max_connections(Some(-5)), 1);
        assert_eq!(max_connections(Some(77)), 77);
        assert_eq!(max_connections(Some(100_000)), 100);
        let checked = STRICT
            .check(WebhookRequest {
                secret_token: "s3cr-t_".into(),
                max_connections: Some(7),
                certificate: Some(b"-----BEGIN CERTIFICATE-----".to_vec()),
                ..request("https://example.com/hook")
            })
            .unwrap();
        assert_eq!(checked.webhook.secret_token.as_deref(), Some("s3cr-t_"));
        assert_eq!(checked.webhook.max_connections, 7);
        assert!(checked.webhook.certificate.is_some());
        assert_eq!(checked.address, None, "a host name is resolved later");
        let big = WebhookRequest {
            certificate: Some(vec![b'x'; MAX_CERTIFICATE_BYTES + 1]),
            ..request("https://example.com/hook")
        };
        assert_eq!(
            STRICT.check(big),
            Err(CoreError::CertificateTooBig {
                size: MAX_CERTIFICATE_BYTES + 1
            })
        );
        // The URL is checked before the secret, the secret before the port.
        let both = WebhookRequest {
            secret_token: "bad secret".into(),
            ..request("http://example.com:1/")
        };
        assert_eq!(STRICT.check(both), Err(CoreError::SecretTokenInvalid));
    }
}
