//! The HTTP side of a delivery: one client per webhook, one POST per update, and failures
//! described in Telegram's words (what `getWebhookInfo` shows as `last_error_message`).
//!
//! Each webhook gets its own client, because each has its own trust and its own addresses:
//! - TLS by rustls. A self-signed certificate the bot uploaded is the one certificate its
//!   server is trusted with; otherwise the server is verified against the system's trust
//!   store, whether or not the bot uploaded its (CA-issued) certificate.
//! - Every connection resolves the host anew (or uses the fixed `ip_address`) and checks the
//!   addresses against the core's rules, so a host that starts resolving to a private
//!   address is refused then too.
//! - No redirects are followed and no proxy is used; the connection pool keeps up to
//!   `max_connections` idle connections.

use std::error::Error as StdError;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use gramd_core::bots::Webhook;
use gramd_core::webhooks::{Scheme, WebhookPolicy, WebhookRefusal, WebhookUrl};
use reqwest::header::{self, HeaderValue};
use rustls_pki_types::CertificateDer;
use rustls_pki_types::pem::PemObject;

/// The header that carries the webhook's secret token.
const SECRET_HEADER: &str = "X-Telegram-Bot-Api-Secret-Token";
/// The largest webhook answer read for a method call; larger answers still count as
/// delivered.
const MAX_ANSWER_BYTES: usize = 1 << 20;

/// Where and how one bot's updates are posted.
#[derive(Clone)]
pub(crate) struct Endpoint {
    client: reqwest::Client,
    url: String,
    secret: Option<HeaderValue>,
    authorization: Option<HeaderValue>,
}

/// What the webhook answered.
#[derive(Debug)]
pub(crate) enum Answer {
    /// A 2xx: the update is delivered. The body, when it may hold a method call.
    Delivered {
        /// The answer's `Content-Type`.
        content_type: Option<String>,
        /// The answer's body (at most 1 MiB of it).
        body: Bytes,
        /// The address the answer came from.
        remote: Option<IpAddr>,
    },
    /// Anything else: the update is to be sent again.
    Failed {
        /// Telegram's words for what went wrong.
        message: String,
        /// The answer's `Retry-After`, in seconds, if it had one.
        retry_after: Option<u32>,
    },
}

impl Endpoint {
    /// The endpoint of a webhook under `policy`.
    ///
    /// # Errors
    /// Telegram's words for a webhook that cannot be used: a refused scheme, port or
    /// address, or a certificate that cannot be read.
    pub(crate) fn new(
        webhook: &Webhook,
        policy: WebhookPolicy,
        timeout: Duration,
    ) -> Result<Self, String> {
        let url = WebhookUrl::parse(&webhook.url).map_err(|_| "Invalid webhook URL".to_owned())?;
        policy.check_url(&url).map_err(|r| r.to_string())?;
        let fixed = match &webhook.ip_address {
            Some(ip) => Some(
                ip.parse::<IpAddr>()
                    .map_err(|_| WebhookRefusal::AddressInvalid.to_string())?,
            ),
            None => None,
        };
        if let Some(ip) = fixed.or_else(|| url.ip()) {
            policy.check_addresses(&[ip]).map_err(|r| r.to_string())?;
        }
        let mut builder = reqwest::Client::builder()
            .http1_only()
            .no_proxy()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(timeout)
            .tcp_nodelay(true)
            .pool_max_idle_per_host(usize::try_from(webhook.max_connections).unwrap_or(1))
            .dns_resolver(Arc::new(Resolver { policy, fixed }));
        if let Some(pem) = &webhook.certificate
            && url.scheme == Scheme::Https
            && let Some(own) = self_signed(pem)?
        {
            builder = builder.tls_certs_only([own]);
        }
        let client = builder
            .build()
            .map_err(|e| format!("Can't create an SSL context: {}", innermost(&e)))?;
        let header = |value: String| HeaderValue::from_str(&value).ok();
        Ok(Self {
            client,
            url: url.endpoint(),
            secret: webhook.secret_token.clone().and_then(header),
            authorization: (!url.userinfo.is_empty())
                .then(|| {
                    use base64::Engine as _;
                    let encoded = base64::engine::general_purpose::STANDARD.encode(&url.userinfo);
                    header(format!("Basic {encoded}"))
                })
                .flatten(),
        })
    }

    /// Posts one update (its JSON) and reads the answer.
    pub(crate) async fn post(&self, body: Bytes) -> Answer {
        let mut request = self
            .client
            .post(&self.url)
            .header(header::CONTENT_TYPE, "application/json")
            .body(body);
        if let Some(secret) = &self.secret {
            request = request.header(SECRET_HEADER, secret.clone());
        }
        if let Some(authorization) = &self.authorization {
            request = request.header(header::AUTHORIZATION, authorization.clone());
        }
        let mut response = match request.send().await {
            Ok(response) => response,
            Err(err) => {
                return Answer::Failed {
                    message: describe(&err),
                    retry_after: None,
                };
            }
        };
        let status = response.status();
        if !status.is_success() {
            let reason = response
                .extensions()
                .get::<hyper::ext::ReasonPhrase>()
                .map(|r| String::from_utf8_lossy(r.as_bytes()).into_owned())
                .or_else(|| status.canonical_reason().map(str::to_owned))
                .unwrap_or_default();
            let retry_after = response
                .headers()
                .get(header::RETRY_AFTER)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse::<u32>().ok());
            return Answer::Failed {
                message: format!(
                    "Wrong response from the webhook: {} {reason}",
                    status.as_u16()
                ),
                retry_after,
            };
        }
        let content_type = response
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let remote = response.remote_addr().map(|a| a.ip());
        // The answer is read (so that the connection can be reused) but only a bounded
        // part of it is kept; a broken body does not undo the delivery.
        let mut body = BytesMut::new();
        while let Ok(Some(chunk)) = response.chunk().await {
            if body.len() + chunk.len() > MAX_ANSWER_BYTES {
                body.clear();
                break;
            }
            body.extend_from_slice(&chunk);
        }
        Answer::Delivered {
            content_type,
            body: body.freeze(),
            remote,
        }
    }
}

/// The certificate in `pem`, when it is self-signed (issuer = subject).
///
/// # Errors
/// Telegram's words when the PEM holds no readable certificate.
fn self_signed(pem: &str) -> Result<Option<reqwest::Certificate>, String> {
    let unreadable = |detail: &dyn std::fmt::Display| {
        format!("Can't create an SSL context: can't read the certificate: {detail}")
    };
    let der = CertificateDer::from_pem_slice(pem.as_bytes()).map_err(|e| unreadable(&e))?;
    let parsed = webpki::EndEntityCert::try_from(&der).map_err(|e| unreadable(&e))?;
    if parsed.issuer() != parsed.subject() {
        return Ok(None);
    }
    reqwest::Certificate::from_der(der.as_ref())
        .map(Some)
        .map_err(|e| unreadable(&e))
}

/// Resolves a webhook's host (or uses its fixed address) and keeps only the addresses the
/// rules allow.
struct Resolver {
    policy: WebhookPolicy,
    fixed: Option<IpAddr>,
}

/// A host the rules refuse to connect to.
#[derive(Debug)]
struct Refused(WebhookRefusal);

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl StdError for Refused {}

impl reqwest::dns::Resolve for Resolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let (policy, fixed) = (self.policy, self.fixed);
        let host = name.as_str().to_owned();
        Box::pin(async move {
            let addresses: Vec<IpAddr> = match fixed {
                Some(ip) => vec![ip],
                None => tokio::net::lookup_host((host.as_str(), 0))
                    .await
                    .map_err(|e| {
                        Box::new(Refused(WebhookRefusal::HostUnresolved {
                            detail: e.to_string(),
                        })) as Box<dyn StdError + Send + Sync>
                    })?
                    .map(|a| a.ip())
                    .collect(),
            };
            let allowed = policy
                .check_addresses(&addresses)
                .map_err(|r| Box::new(Refused(r)) as Box<dyn StdError + Send + Sync>)?;
            let addrs: reqwest::dns::Addrs =
                Box::new(allowed.into_iter().map(|ip| SocketAddr::new(ip, 0)));
            Ok(addrs)
        })
    }
}

/// The innermost error of a chain, for the log and for TLS errors.
fn innermost(err: &(dyn StdError + 'static)) -> String {
    let mut current = err;
    while let Some(source) = current.source() {
        current = source;
    }
    current.to_string()
}

/// Telegram's words for a failed request: "Read timeout expired", "Connection refused",
/// "Connection reset by peer", "SSL error {…}", "Webhook connection closed", …
fn describe(err: &reqwest::Error) -> String {
    if err.is_timeout() {
        return "Read timeout expired".into();
    }
    let mut source: Option<&(dyn StdError + 'static)> = err.source();
    let mut io_kinds = Vec::new();
    while let Some(current) = source {
        if let Some(refused) = current.downcast_ref::<Refused>() {
            return refused.to_string();
        }
        // An I/O error wrapping another keeps the inner one out of the source chain.
        let mut io = current.downcast_ref::<std::io::Error>();
        while let Some(error) = io {
            io_kinds.push(error.kind());
            io = error
                .get_ref()
                .and_then(|inner| inner.downcast_ref::<std::io::Error>());
        }
        source = current.source();
    }
    use std::io::ErrorKind as K;
    let words = [
        (K::ConnectionRefused, "Connection refused"),
        (K::ConnectionReset, "Connection reset by peer"),
        (K::TimedOut, "Connection timed out"),
        (K::HostUnreachable, "No route to host"),
        (K::NetworkUnreachable, "Network is unreachable"),
    ];
    if let Some((_, words)) = words.iter().find(|(kind, _)| io_kinds.contains(kind)) {
        return (*words).to_owned();
    }
    if io_kinds.contains(&K::InvalidData) {
        // rustls reports handshake and certificate failures as invalid data.
        return format!("SSL error {{{}}}", innermost(err));
    }
    if err.is_connect() {
        "Can't connect to the webhook".into()
    } else {
        "Webhook connection closed".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use std::convert::Infallible;

    use gramd_core::bots::Webhook;
    use rustls_pki_types::PrivateKeyDer;
    use tokio_rustls::rustls;

    const SELF_SIGNED: &str = include_str!("../tests/fixtures/self-signed.pem");
    const SELF_SIGNED_KEY: &str = include_str!("../tests/fixtures/self-signed.key");
    const CA_ISSUED: &str = include_str!("../tests/fixtures/ca-issued.pem");

    const LOCAL: WebhookPolicy = WebhookPolicy { allow_local: true };

    #[test]
    fn self_signed_certificates_are_told_apart() {
        assert!(self_signed(SELF_SIGNED).unwrap().is_some());
        assert!(
            self_signed(CA_ISSUED).unwrap().is_none(),
            "a CA-issued certificate is verified as usual"
        );
        let err = self_signed("not a certificate").unwrap_err();
        assert!(err.starts_with("Can't create an SSL context"), "{err}");
    }

    /// An HTTPS receiver on 127.0.0.1 with the self-signed certificate for `localhost`,
    /// answering 200 to everything; returns its port.
    async fn tls_receiver() -> u16 {
        let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
        let certificate = CertificateDer::from_pem_slice(SELF_SIGNED.as_bytes()).unwrap();
        let key = PrivateKeyDer::from_pem_slice(SELF_SIGNED_KEY.as_bytes()).unwrap();
        let config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(vec![certificate], key)
            .unwrap();
        let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        tokio::spawn(async move {
            loop {
                let Ok((tcp, _)) = listener.accept().await else {
                    return;
                };
                let acceptor = acceptor.clone();
                tokio::spawn(async move {
                    let Ok(tls) = acceptor.accept(tcp).await else {
                        return;
                    };
                    let service = hyper::service::service_fn(|_request| async {
                        Ok::<_, Infallible>(hyper::Response::new(String::new()))
                    });
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(hyper_util::rt::TokioIo::new(tls), service)
                        .await;
                });
            }
        });
        port
    }

    fn webhook(port: u16, certificate: Option<&str>) -> Webhook {
        Webhook {
            url: format!("https://localhost:{port}/hook"),
            max_connections: 1,
            ip_address: Some("127.0.0.1".into()),
            secret_token: None,
            certificate: certificate.map(Into::into),
        }
    }

    #[tokio::test]
    async fn a_self_signed_certificate_is_trusted_when_uploaded() {
        let port = tls_receiver().await;
        let timeout = Duration::from_secs(5);
        let trusted = Endpoint::new(&webhook(port, Some(SELF_SIGNED)), LOCAL, timeout).unwrap();
        match trusted.post(Bytes::from_static(b"{}")).await {
            Answer::Delivered { remote, .. } => {
                assert_eq!(remote, Some(IpAddr::from([127, 0, 0, 1])));
            }
            other => panic!("not delivered: {other:?}"),
        }
        // Without the upload the system's trust store decides, and it does not know it.
        let untrusted = Endpoint::new(&webhook(port, None), LOCAL, timeout).unwrap();
        match untrusted.post(Bytes::from_static(b"{}")).await {
            Answer::Failed { message, .. } => {
                assert!(message.starts_with("SSL error {"), "{message}");
            }
            other => panic!("delivered without trust: {other:?}"),
        }
        // An uploaded certificate that is not self-signed changes nothing: the server is
        // verified against the system's trust store, and refused.
        let other = Endpoint::new(&webhook(port, Some(CA_ISSUED)), LOCAL, timeout).unwrap();
        assert!(matches!(
            other.post(Bytes::from_static(b"{}")).await,
            Answer::Failed { .. }
        ));
    }

    #[tokio::test]
    async fn strict_rules_refuse_local_endpoints_before_connecting() {
        let strict = WebhookPolicy { allow_local: false };
        let timeout = Duration::from_secs(5);
        let refused = |webhook: Webhook| Endpoint::new(&webhook, strict, timeout).err();
        assert_eq!(
            refused(webhook(8443, None)).as_deref(),
            Some("IP address 127.0.0.1 is reserved")
        );
        let plain = Webhook {
            url: "http://localhost/hook".into(),
            ..webhook(80, None)
        };
        assert_eq!(
            refused(plain).as_deref(),
            Some("An HTTPS URL must be provided for webhook")
        );
        // A host name is checked when a connection resolves it.
        let by_name = Webhook {
            ip_address: None,
            ..webhook(8443, None)
        };
        let endpoint = Endpoint::new(&by_name, strict, timeout).unwrap();
        match endpoint.post(Bytes::from_static(b"{}")).await {
            Answer::Failed { message, .. } => {
                assert_eq!(message, "IP address 127.0.0.1 is reserved");
            }
            other => panic!("{other:?}"),
        }
    }
}
