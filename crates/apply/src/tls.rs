//! TLS as libpq does it, over rustls (no system OpenSSL).
//!
//! libpq's settings — `sslmode` (`disable`, `allow`, `prefer`, the
//! default, `require`, `verify-ca`, `verify-full`), `sslrootcert` (a file,
//! or `system` for the system's trusted roots), `sslcert` / `sslkey`,
//! `sslsni`, `ssl_min_protocol_version` / `ssl_max_protocol_version` — are
//! read from a URL's query, from a keyword/value string, or from
//! `PGSSLMODE`, `PGSSLROOTCERT`, `PGSSLCERT`, `PGSSLKEY`, and taken out
//! before the rest goes to the `postgres` crate, which knows fewer of them.
//!
//! As libpq: `prefer` and `require` do not check the server's certificate
//! unless a root certificate is given (`sslrootcert`, or
//! `~/.postgresql/root.crt` when it exists), when they check it as
//! `verify-ca` does; `verify-ca` checks that a trusted CA signed it,
//! `verify-full` also that it names the host. A client certificate is sent
//! when `sslcert` names one (or `~/.postgresql/postgresql.crt` exists).
//! A failed check says which: no TLS offered, an unknown CA, a host name
//! the certificate does not name.

use crate::url::{redact, ConnectError};
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::WebPkiServerVerifier;
use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName, UnixTime};
use rustls::{CertificateError, DigitallySignedStruct, RootCertStore, SignatureScheme};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// libpq's `sslmode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SslMode {
    Disable,
    Allow,
    Prefer,
    Require,
    VerifyCa,
    VerifyFull,
}

impl SslMode {
    pub const ALL: [SslMode; 6] = [
        SslMode::Disable,
        SslMode::Allow,
        SslMode::Prefer,
        SslMode::Require,
        SslMode::VerifyCa,
        SslMode::VerifyFull,
    ];

    pub fn name(self) -> &'static str {
        match self {
            SslMode::Disable => "disable",
            SslMode::Allow => "allow",
            SslMode::Prefer => "prefer",
            SslMode::Require => "require",
            SslMode::VerifyCa => "verify-ca",
            SslMode::VerifyFull => "verify-full",
        }
    }

    fn from_name(s: &str) -> Option<SslMode> {
        SslMode::ALL.into_iter().find(|m| m.name() == s)
    }
}

/// What the server's certificate is checked against.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Roots {
    File(PathBuf),
    System,
}

impl Roots {
    fn label(&self) -> String {
        match self {
            Roots::File(p) => format!("sslrootcert={}", p.display()),
            Roots::System => "the system's trusted roots (sslrootcert=system)".to_string(),
        }
    }
}

/// How far the server's certificate is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Check {
    Nothing,
    Chain,
    ChainAndName,
}

/// A database to connect to: the `postgres` crate's settings and libpq's
/// TLS settings beside them.
#[derive(Clone)]
pub struct Target {
    pub config: postgres::Config,
    mode: SslMode,
    roots: Option<Roots>,
    client_cert: Option<(PathBuf, PathBuf)>,
    sni: bool,
    versions: Vec<&'static rustls::SupportedProtocolVersion>,
    label: String,
}

/// The settings this module takes out of a connection string.
const KEYS: [&str; 9] = [
    "sslmode",
    "sslrootcert",
    "sslcert",
    "sslkey",
    "sslsni",
    "sslcompression",
    "ssl_min_protocol_version",
    "ssl_max_protocol_version",
    "requiressl",
];

/// libpq settings refused rather than ignored.
const UNSUPPORTED: [(&str, &str); 4] = [
    ("sslcrl", "certificate revocation lists are not supported"),
    ("sslcrldir", "certificate revocation lists are not supported"),
    (
        "sslpassword",
        "an encrypted client key is not supported; give sslkey an unencrypted key file (readable by you only)",
    ),
    ("sslcertmode", "sslcertmode is not supported; sslcert and sslkey send a client certificate"),
];

impl Target {
    /// Reads a `postgres://` URL or a libpq keyword/value string, with the
    /// `PGSSL*` variables as defaults.
    pub fn parse(url: &str) -> Result<Target, ConnectError> {
        Target::parse_with_env(url, &|name| std::env::var(name).ok())
    }

    /// [`Target::parse`] with the environment given (tests).
    pub fn parse_with_env(
        url: &str,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Target, ConnectError> {
        let label = redact(url);
        let fail = |message: String| ConnectError {
            url: label.clone(),
            message,
        };
        let (rest, settings) = take_settings(url).map_err(&fail)?;
        let get = |key: &str| -> Option<String> {
            settings
                .iter()
                .rev()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.clone())
        };
        for (key, why) in UNSUPPORTED {
            if get(key).is_some() {
                return Err(fail(format!("{key}: {why}")));
            }
        }
        let var = |key: &str, name: &str| get(key).or_else(|| env(name).filter(|v| !v.is_empty()));
        let home = env("HOME").map(PathBuf::from);
        let default_file = |name: &str| {
            home.as_ref()
                .map(|h| h.join(".postgresql").join(name))
                .filter(|p| p.is_file())
        };
        let roots = match var("sslrootcert", "PGSSLROOTCERT") {
            Some(v) if v == "system" => Some(Roots::System),
            Some(v) => Some(Roots::File(PathBuf::from(v))),
            None => default_file("root.crt").map(Roots::File),
        };
        let mode = match var("sslmode", "PGSSLMODE") {
            Some(m) => Some(SslMode::from_name(&m).ok_or_else(|| {
                fail(format!(
                    "sslmode={m}: not a mode; use one of {}",
                    SslMode::ALL.map(SslMode::name).join(", ")
                ))
            })?),
            // The old `requiressl=1` means `require`.
            None if get("requiressl").as_deref() == Some("1") => Some(SslMode::Require),
            None => None,
        };
        let mode = match (mode, &roots) {
            // As libpq: the system's roots are only trusted to name the host.
            (None, Some(Roots::System)) => SslMode::VerifyFull,
            (Some(m), Some(Roots::System)) if m != SslMode::VerifyFull => {
                return Err(fail(format!(
                    "sslrootcert=system needs sslmode=verify-full (or no sslmode), not {}: the \
                     system's trusted roots vouch for host names",
                    m.name()
                )))
            }
            (m, _) => m.unwrap_or(SslMode::Prefer),
        };
        if matches!(mode, SslMode::VerifyCa | SslMode::VerifyFull) && roots.is_none() {
            return Err(fail(format!(
                "sslmode={} checks the server's certificate, and no root certificate was given: \
                 set sslrootcert (or PGSSLROOTCERT) to the CA's certificate file, or to `system` \
                 for the system's trusted roots",
                mode.name()
            )));
        }
        if let Some(Roots::File(p)) = &roots {
            if !p.is_file() {
                return Err(fail(format!(
                    "sslrootcert {}: no such file (give the CA's certificate, PEM)",
                    p.display()
                )));
            }
        }
        let cert = var("sslcert", "PGSSLCERT").map(PathBuf::from);
        let key = var("sslkey", "PGSSLKEY").map(PathBuf::from);
        let client_cert = match (cert, key) {
            (Some(c), Some(k)) => Some((c, k)),
            (Some(c), None) => {
                let k = home
                    .as_ref()
                    .map(|h| h.join(".postgresql").join("postgresql.key"))
                    .filter(|p| p.is_file())
                    .ok_or_else(|| {
                        fail(format!(
                            "sslcert {} is given without sslkey: name the certificate's key file",
                            c.display()
                        ))
                    })?;
                Some((c, k))
            }
            (None, Some(k)) => {
                return Err(fail(format!(
                    "sslkey {} is given without sslcert: name the client certificate too",
                    k.display()
                )))
            }
            (None, None) => default_file("postgresql.crt")
                .and_then(|c| default_file("postgresql.key").map(|k| (c, k))),
        };
        for p in client_cert.iter().flat_map(|(c, k)| [c, k]) {
            if !p.is_file() {
                return Err(fail(format!("{}: no such file", p.display())));
            }
        }
        let sni = match get("sslsni").as_deref() {
            None | Some("1") => true,
            Some("0") => false,
            Some(v) => return Err(fail(format!("sslsni={v}: use 0 or 1"))),
        };
        let version = |key: &str| -> Result<Option<u8>, ConnectError> {
            match get(key).as_deref() {
                None | Some("") => Ok(None),
                Some("TLSv1.2") => Ok(Some(2)),
                Some("TLSv1.3") => Ok(Some(3)),
                Some(v @ ("TLSv1" | "TLSv1.1")) => Err(fail(format!(
                    "{key}={v}: schemadiff speaks TLS 1.2 and 1.3 only"
                ))),
                Some(v) => Err(fail(format!("{key}={v}: use TLSv1.2 or TLSv1.3"))),
            }
        };
        let (min, max) = (
            version("ssl_min_protocol_version")?.unwrap_or(2),
            version("ssl_max_protocol_version")?.unwrap_or(3),
        );
        let versions: Vec<&'static rustls::SupportedProtocolVersion> =
            [(2, &rustls::version::TLS12), (3, &rustls::version::TLS13)]
                .into_iter()
                .filter(|(n, _)| (min..=max).contains(n))
                .map(|(_, v)| v)
                .collect();
        if versions.is_empty() {
            return Err(fail(
                "ssl_min_protocol_version is above ssl_max_protocol_version".to_string(),
            ));
        }
        let config: postgres::Config = rest.parse().map_err(|e| fail(format!("{e}")))?;
        Ok(Target {
            config,
            mode,
            roots,
            client_cert,
            sni,
            versions,
            label,
        })
    }

    pub fn mode(&self) -> SslMode {
        self.mode
    }

    /// The URL as given, password hidden.
    pub fn label(&self) -> &str {
        &self.label
    }

    /// Connects as `sslmode` says.
    pub fn connect(&self) -> Result<postgres::Client, ConnectError> {
        match self.mode {
            SslMode::Disable => self.plain(),
            // libpq tries without TLS first, then with.
            SslMode::Allow => self.plain().or_else(|first| {
                self.with_tls(postgres::config::SslMode::Require)
                    .map_err(|_| first)
            }),
            SslMode::Prefer => self.with_tls(postgres::config::SslMode::Prefer),
            _ => self.with_tls(postgres::config::SslMode::Require),
        }
    }

    fn plain(&self) -> Result<postgres::Client, ConnectError> {
        let mut config = self.config.clone();
        config.ssl_mode(postgres::config::SslMode::Disable);
        config.connect(postgres::NoTls).map_err(|e| {
            let mut message = redact(&crate::db_message(&e));
            if self.mode == SslMode::Disable && message.contains("no encryption") {
                message.push_str(
                    "; the server accepts only TLS connections here: use sslmode=require, or \
                     verify-full with the server's CA in sslrootcert",
                );
            }
            self.error(message)
        })
    }

    fn with_tls(
        &self,
        negotiate: postgres::config::SslMode,
    ) -> Result<postgres::Client, ConnectError> {
        let failure = Arc::new(Mutex::new(None));
        let tls = self.client_config(failure.clone())?;
        let mut config = self.config.clone();
        config.ssl_mode(negotiate);
        config
            .connect(tokio_postgres_rustls::MakeRustlsConnect::new(tls))
            .map_err(|e| {
                if let Some(why) = failure.lock().ok().and_then(|mut f| f.take()) {
                    return self.error(why);
                }
                let text = chain(&e);
                if text.contains("server does not support TLS") {
                    return self.error(format!(
                        "the server does not offer TLS, and sslmode={} needs it",
                        self.mode.name()
                    ));
                }
                let mut message = redact(&crate::db_message(&e));
                if message.contains("requires a valid client certificate") {
                    message.push_str(
                        "; give the client certificate and its key with sslcert and sslkey \
                         (or PGSSLCERT and PGSSLKEY)",
                    );
                }
                self.error(message)
            })
    }

    fn error(&self, message: String) -> ConnectError {
        ConnectError {
            url: self.label.clone(),
            message,
        }
    }

    /// rustls' settings for this target; `failure` receives why the
    /// server's certificate was refused.
    fn client_config(
        &self,
        failure: Arc<Mutex<Option<String>>>,
    ) -> Result<rustls::ClientConfig, ConnectError> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let check = match (self.mode, &self.roots) {
            (SslMode::VerifyFull, _) => Check::ChainAndName,
            (SslMode::VerifyCa, _) | (_, Some(_)) => Check::Chain,
            _ => Check::Nothing,
        };
        let webpki = match &self.roots {
            Some(roots) if check != Check::Nothing => {
                let store = self.root_store(roots)?;
                Some(
                    WebPkiServerVerifier::builder_with_provider(Arc::new(store), provider.clone())
                        .build()
                        .map_err(|e| self.error(format!("{}: {e}", roots.label())))?,
                )
            }
            _ => None,
        };
        let verifier = Arc::new(Verifier {
            check,
            webpki,
            roots: self.roots.as_ref().map(Roots::label).unwrap_or_default(),
            mode: self.mode,
            provider: provider.clone(),
            failure,
        });
        let builder = rustls::ClientConfig::builder_with_provider(provider)
            .with_protocol_versions(&self.versions)
            .map_err(|e| self.error(format!("TLS settings: {e}")))?
            .dangerous()
            .with_custom_certificate_verifier(verifier);
        let mut config = match &self.client_cert {
            None => builder.with_no_client_auth(),
            Some((cert, key)) => {
                let certs = CertificateDer::pem_file_iter(cert)
                    .and_then(|i| i.collect::<Result<Vec<_>, _>>())
                    .map_err(|e| self.error(format!("sslcert {}: {e}", cert.display())))?;
                if certs.is_empty() {
                    return Err(self.error(format!(
                        "sslcert {}: no certificate in it (PEM expected)",
                        cert.display()
                    )));
                }
                let private = PrivateKeyDer::from_pem_file(key)
                    .map_err(|e| self.error(format!("sslkey {}: {e}", key.display())))?;
                builder
                    .with_client_auth_cert(certs, private)
                    .map_err(|e| self.error(format!("sslcert / sslkey: {e}")))?
            }
        };
        config.enable_sni = self.sni;
        Ok(config)
    }

    fn root_store(&self, roots: &Roots) -> Result<RootCertStore, ConnectError> {
        let mut store = RootCertStore::empty();
        match roots {
            Roots::File(path) => {
                let certs = read_certs(path).map_err(|e| self.error(e))?;
                let (added, _) = store.add_parsable_certificates(certs);
                if added == 0 {
                    return Err(self.error(format!(
                        "sslrootcert {}: no usable certificate in it (PEM expected)",
                        path.display()
                    )));
                }
            }
            Roots::System => {
                let found = rustls_native_certs::load_native_certs();
                store.add_parsable_certificates(found.certs);
                if store.is_empty() {
                    return Err(self.error(
                        "sslrootcert=system: no trusted root certificates found on this system \
                         (install ca-certificates, or name a CA file)"
                            .to_string(),
                    ));
                }
            }
        }
        Ok(store)
    }
}

fn read_certs(path: &Path) -> Result<Vec<CertificateDer<'static>>, String> {
    CertificateDer::pem_file_iter(path)
        .and_then(|i| i.collect::<Result<Vec<_>, _>>())
        .map_err(|e| format!("sslrootcert {}: {e}", path.display()))
}

/// An error and its sources, as one line.
fn chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

/// Checks the server's certificate as far as the mode asks, and says why
/// it refused.
#[derive(Debug)]
struct Verifier {
    check: Check,
    webpki: Option<Arc<WebPkiServerVerifier>>,
    roots: String,
    mode: SslMode,
    provider: Arc<CryptoProvider>,
    failure: Arc<Mutex<Option<String>>>,
}

impl ServerCertVerifier for Verifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let Some(webpki) = &self.webpki else {
            return Ok(ServerCertVerified::assertion());
        };
        match webpki.verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)
        {
            Ok(v) => Ok(v),
            // The chain was checked before the name.
            Err(rustls::Error::InvalidCertificate(
                CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
            )) if self.check == Check::Chain => Ok(ServerCertVerified::assertion()),
            Err(e) => {
                let why = match &e {
                    rustls::Error::InvalidCertificate(c) => self.describe(c, server_name),
                    other => format!("the server's certificate was refused: {other}"),
                };
                if let Ok(mut f) = self.failure.lock() {
                    *f = Some(why);
                }
                Err(e)
            }
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}

impl Verifier {
    fn describe(&self, c: &CertificateError, server_name: &ServerName<'_>) -> String {
        let host = server_name.to_str();
        let mode = self.mode.name();
        match c {
            CertificateError::UnknownIssuer => format!(
                "the server's certificate is not signed by a CA in {} (sslmode={mode}): give the \
                 CA that signed it",
                self.roots
            ),
            CertificateError::NotValidForName => format!(
                "the server's certificate does not name the host {host} (sslmode=verify-full): \
                 connect by a name it holds, or use verify-ca to skip the host name check"
            ),
            CertificateError::NotValidForNameContext { presented, .. } => {
                format!(
                "the server's certificate does not name the host {host} (sslmode=verify-full); it \
                 names {}: connect by one of those, or use verify-ca to skip the host name check",
                presented.iter().map(|p| plain_name(p)).collect::<Vec<_>>().join(", ")
            )
            }
            CertificateError::Expired | CertificateError::ExpiredContext { .. } => {
                format!("the server's certificate has expired (sslmode={mode})")
            }
            CertificateError::NotValidYet | CertificateError::NotValidYetContext { .. } => {
                format!("the server's certificate is not valid yet (sslmode={mode})")
            }
            other => format!("the server's certificate was refused (sslmode={mode}): {other}"),
        }
    }
}

/// `DnsName("db.example")` (as rustls lists a certificate's names) →
/// `db.example`.
fn plain_name(presented: &str) -> &str {
    presented
        .split_once('(')
        .and_then(|(_, rest)| rest.strip_suffix(')'))
        .map(|inner| inner.trim_matches('"'))
        .unwrap_or(presented)
}

/// Splits a connection string into what the `postgres` crate reads and the
/// TLS settings ([`KEYS`] and the unsupported ones), values decoded.
fn take_settings(url: &str) -> Result<(String, Vec<(String, String)>), String> {
    let ours = |k: &str| KEYS.contains(&k) || UNSUPPORTED.iter().any(|(u, _)| *u == k);
    let mut taken = Vec::new();
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        let Some((base, query)) = url.split_once('?') else {
            return Ok((url.to_string(), taken));
        };
        let mut kept = Vec::new();
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let key = percent_decode(k)?;
            if ours(&key) {
                taken.push((key, percent_decode(v)?));
            } else {
                kept.push(pair);
            }
        }
        let rest = if kept.is_empty() {
            base.to_string()
        } else {
            format!("{base}?{}", kept.join("&"))
        };
        return Ok((rest, taken));
    }
    // keyword = value, values optionally single-quoted with \ escapes.
    let mut kept = String::new();
    let mut chars = url.char_indices().peekable();
    while let Some(&(start, c)) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        let mut key = String::new();
        while let Some(&(_, c)) = chars.peek() {
            if c == '=' || c.is_whitespace() {
                break;
            }
            key.push(c);
            chars.next();
        }
        while chars.peek().is_some_and(|(_, c)| c.is_whitespace()) {
            chars.next();
        }
        if chars.next().map(|(_, c)| c) != Some('=') {
            return Err(format!("`{key}` has no value (keyword=value expected)"));
        }
        while chars.peek().is_some_and(|(_, c)| c.is_whitespace()) {
            chars.next();
        }
        let mut value = String::new();
        if chars.peek().is_some_and(|(_, c)| *c == '\'') {
            chars.next();
            loop {
                match chars.next() {
                    None => return Err(format!("`{key}`: unterminated quoted value")),
                    Some((_, '\'')) => break,
                    Some((_, '\\')) => {
                        if let Some((_, c)) = chars.next() {
                            value.push(c);
                        }
                    }
                    Some((_, c)) => value.push(c),
                }
            }
        } else {
            while let Some(&(_, c)) = chars.peek() {
                if c.is_whitespace() {
                    break;
                }
                chars.next();
                if c == '\\' {
                    if let Some((_, c)) = chars.next() {
                        value.push(c);
                    }
                } else {
                    value.push(c);
                }
            }
        }
        let end = chars.peek().map_or(url.len(), |(i, _)| *i);
        if ours(&key) {
            taken.push((key, value));
        } else {
            kept.push_str(&url[start..end]);
            kept.push(' ');
        }
    }
    Ok((kept.trim_end().to_string(), taken))
}

fn percent_decode(s: &str) -> Result<String, String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = s
                    .get(i + 1..i + 3)
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
                    .ok_or_else(|| format!("bad percent-encoding in `{s}`"))?;
                out.push(hex);
                i += 3;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).map_err(|_| format!("`{s}` is not UTF-8 once decoded"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(url: &str, env: &[(&str, &str)]) -> Result<Target, String> {
        let env: Vec<(String, String)> = env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Target::parse_with_env(url, &|name| {
            env.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
        })
        .map_err(|e| e.message)
    }

    fn ca_file() -> PathBuf {
        let p =
            std::env::temp_dir().join(format!("schemadiff-tls-unit-{}.pem", std::process::id()));
        std::fs::write(&p, "not read while parsing").unwrap();
        p
    }

    #[test]
    fn settings_come_from_urls_keyword_strings_and_the_environment() {
        let ca = ca_file();
        let ca_s = ca.display().to_string();
        let t = parse(
            &format!("postgres://app:pw@db.example:5433/prod?sslmode=verify-full&sslrootcert={}&application_name=x", ca_s.replace('/', "%2F")),
            &[],
        )
        .unwrap();
        assert_eq!(t.mode, SslMode::VerifyFull);
        assert_eq!(t.roots, Some(Roots::File(ca.clone())));
        assert_eq!(t.config.get_application_name(), Some("x"));
        assert_eq!(t.config.get_dbname(), Some("prod"));

        let t = parse(
            &format!(
                "host=db.example dbname=prod sslmode = 'verify-ca' sslrootcert='{ca_s}' user=app"
            ),
            &[],
        )
        .unwrap();
        assert_eq!(t.mode, SslMode::VerifyCa);
        assert_eq!(t.config.get_user(), Some("app"));

        let t = parse("postgres://db/prod", &[("PGSSLMODE", "require")]).unwrap();
        assert_eq!(t.mode, SslMode::Require);
        let t = parse(
            "postgres://db/prod?sslmode=disable",
            &[("PGSSLMODE", "require")],
        )
        .unwrap();
        assert_eq!(
            t.mode,
            SslMode::Disable,
            "the string wins over the variable"
        );
        let t = parse("postgres://db/prod", &[]).unwrap();
        assert_eq!(t.mode, SslMode::Prefer, "libpq's default");
        let t = parse("postgres://db/prod", &[("PGSSLROOTCERT", "system")]).unwrap();
        assert_eq!(
            (t.mode, t.roots),
            (SslMode::VerifyFull, Some(Roots::System))
        );
        let _ = std::fs::remove_file(ca);
    }

    #[test]
    fn bad_settings_are_refused_with_what_to_do() {
        let cases = [
            ("postgres://db/x?sslmode=verify", "not a mode"),
            (
                "postgres://db/x?sslmode=verify-full",
                "no root certificate was given",
            ),
            (
                "postgres://db/x?sslmode=require&sslrootcert=/nonexistent.pem",
                "no such file",
            ),
            (
                "postgres://db/x?sslmode=require&sslrootcert=system",
                "needs sslmode=verify-full",
            ),
            ("postgres://db/x?sslcrl=/x.crl", "revocation"),
            ("postgres://db/x?sslpassword=x", "encrypted client key"),
            ("postgres://db/x?sslkey=/k.pem", "without sslcert"),
            (
                "postgres://db/x?ssl_min_protocol_version=TLSv1.1",
                "TLS 1.2 and 1.3 only",
            ),
            ("host=db sslmode='require", "unterminated"),
        ];
        for (url, expected) in cases {
            let e = parse(url, &[("HOME", "/nonexistent")])
                .err()
                .unwrap_or_default();
            assert!(e.contains(expected), "{url}: {e}");
        }
    }
}
