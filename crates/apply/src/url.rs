//! Database URLs: connecting, and keeping passwords out of every message.

/// `url` with any password replaced by `***`: the userinfo of a
/// `postgres://user:secret@host` URL, a `password=` query parameter, and a
/// `password=` keyword of a libpq connection string.
pub fn redact(url: &str) -> String {
    let mut out = url.to_string();
    if let Some(scheme_end) = out.find("://") {
        let rest_start = scheme_end + 3;
        let authority_end = out[rest_start..]
            .find(['/', '?'])
            .map_or(out.len(), |i| rest_start + i);
        if let Some(at) = out[rest_start..authority_end].rfind('@') {
            let userinfo = &out[rest_start..rest_start + at];
            if let Some(colon) = userinfo.find(':') {
                out.replace_range(rest_start + colon + 1..rest_start + at, "***");
            }
        }
    }
    redact_keyword(&out)
}

/// `password=value` (query parameter or keyword/value pair) → `password=***`.
fn redact_keyword(s: &str) -> String {
    let lower = s.to_ascii_lowercase();
    let mut out = String::new();
    let mut i = 0;
    while let Some(found) = lower[i..].find("password=") {
        let start = i + found + "password=".len();
        out.push_str(&s[i..start]);
        out.push_str("***");
        let bytes = s.as_bytes();
        let mut end = start;
        if bytes.get(end) == Some(&b'\'') {
            end += 1;
            while end < bytes.len() && bytes[end] != b'\'' {
                end += if bytes[end] == b'\\' { 2 } else { 1 };
            }
            end = (end + 1).min(bytes.len());
        } else {
            while end < bytes.len() && !matches!(bytes[end], b'&' | b' ' | b'\t') {
                end += 1;
            }
        }
        i = end;
    }
    out.push_str(&s[i..]);
    out
}

#[derive(Debug, thiserror::Error)]
#[error("cannot connect to {url}: {message}")]
pub struct ConnectError {
    /// Redacted.
    pub url: String,
    pub message: String,
}

/// Connects with TLS as libpq's settings in `url` (and `PGSSL*`) ask:
/// see [`crate::tls`].
pub fn connect(url: &str) -> Result<postgres::Client, ConnectError> {
    crate::tls::Target::parse(url)?.connect()
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn passwords_are_redacted_in_every_url_form() {
        assert_eq!(
            redact("postgres://app:s3cret@db:5432/prod"),
            "postgres://app:***@db:5432/prod"
        );
        assert_eq!(
            redact("postgresql://app:p%40ss@db/prod?sslmode=disable"),
            "postgresql://app:***@db/prod?sslmode=disable"
        );
        assert_eq!(
            redact("postgres://db/prod?user=app&password=s3cret&sslmode=require"),
            "postgres://db/prod?user=app&password=***&sslmode=require"
        );
        assert_eq!(
            redact("host=db user=app password='a b' dbname=prod"),
            "host=db user=app password=*** dbname=prod"
        );
        assert_eq!(redact("host=db password=s3cret"), "host=db password=***");
        assert_eq!(
            redact("postgres://app@db/prod"),
            "postgres://app@db/prod",
            "nothing to hide"
        );
    }
}
