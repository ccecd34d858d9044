//! TLS against a real cluster of this test's own, started with `ssl = on`
//! and a CA, server and client certificate the test makes: it accepts
//! TCP connections over TLS only. Each case runs the real binary.

#[path = "../../../tests/tests/common/mod.rs"]
mod common;

use rcgen::{
    BasicConstraints, CertificateParams, CertifiedIssuer, DnType, IsCa, KeyPair, KeyUsagePurpose,
};
use schemadiff_apply::cluster::Cluster;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// A cluster that takes TLS only, stopped when dropped.
struct TlsServer {
    cluster: Cluster,
    root: PathBuf,
    ca: PathBuf,
    other_ca: PathBuf,
    client_cert: PathBuf,
    client_key: PathBuf,
    schema: PathBuf,
}

impl Drop for TlsServer {
    fn drop(&mut self) {
        let _ = self.cluster.stop();
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

fn issuer(name: &str) -> CertifiedIssuer<'static, KeyPair> {
    let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.distinguished_name.push(DnType::CommonName, name);
    params.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    CertifiedIssuer::self_signed(params, KeyPair::generate().unwrap()).unwrap()
}

/// A certificate for `names` (subject alternative names) and common name
/// `cn`, signed by `ca`: (certificate PEM, key PEM).
fn leaf(ca: &CertifiedIssuer<'static, KeyPair>, names: &[&str], cn: &str) -> (String, String) {
    let mut params =
        CertificateParams::new(names.iter().map(|n| n.to_string()).collect::<Vec<_>>()).unwrap();
    params.distinguished_name.push(DnType::CommonName, cn);
    let key = KeyPair::generate().unwrap();
    let cert = params.signed_by(&key, ca).unwrap();
    (cert.pem(), key.serialize_pem())
}

fn write_private(path: &Path, text: &str) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::write(path, text).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).unwrap();
}

impl TlsServer {
    fn start() -> TlsServer {
        let root = std::env::temp_dir().join(format!("schemadiff-tls-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let cluster = Cluster::start(&root).expect("start the TLS cluster");
        let dir = root.join("tls");
        std::fs::create_dir_all(&dir).unwrap();
        let ca = issuer("schemadiff test CA");
        let other = issuer("some other CA");
        // The server's certificate names `localhost` only.
        let (server_cert, server_key) = leaf(&ca, &["localhost"], "localhost");
        let (client_cert, client_key) = leaf(&ca, &[], "cert_user");
        let path = |name: &str| dir.join(name);
        std::fs::write(path("ca.crt"), ca.pem()).unwrap();
        std::fs::write(path("other-ca.crt"), other.pem()).unwrap();
        std::fs::write(path("server.crt"), server_cert).unwrap();
        write_private(&path("server.key"), &server_key);
        std::fs::write(path("client.crt"), client_cert).unwrap();
        write_private(&path("client.key"), &client_key);
        if let Some(user) = &cluster.run_as {
            // The server reads its key as its own user; the client's key
            // stays ours.
            let ok = Command::new("chown")
                .args([user.as_str()])
                .arg(path("server.key"))
                .status()
                .unwrap()
                .success();
            assert!(ok, "chown server.key");
            let ok = Command::new("chmod")
                .args(["a+rx"])
                .arg(&dir)
                .status()
                .unwrap()
                .success();
            assert!(ok, "chmod tls dir");
        }
        let mut admin =
            postgres::Client::connect(&cluster.url("postgres"), postgres::NoTls).unwrap();
        let file = |name: &str| path(name).display().to_string();
        // One statement a query: ALTER SYSTEM refuses a transaction block.
        for sql in [
            format!("ALTER SYSTEM SET ssl_cert_file = '{}'", file("server.crt")),
            format!("ALTER SYSTEM SET ssl_key_file = '{}'", file("server.key")),
            format!("ALTER SYSTEM SET ssl_ca_file = '{}'", file("ca.crt")),
            "ALTER SYSTEM SET ssl = on".to_string(),
            "CREATE ROLE cert_user LOGIN".to_string(),
        ] {
            admin.batch_execute(&sql).unwrap();
        }
        let hba: String = admin
            .query_one("SHOW hba_file", &[])
            .unwrap()
            .get::<_, String>(0);
        // TCP over TLS only; `cert_user` proves who it is with its
        // certificate.
        std::fs::write(
            &hba,
            "local all all trust\n\
             hostssl all cert_user 127.0.0.1/32 cert\n\
             hostssl all all 127.0.0.1/32 trust\n\
             hostnossl all all 127.0.0.1/32 reject\n",
        )
        .unwrap();
        admin.batch_execute("SELECT pg_reload_conf()").unwrap();
        // The reload is asynchronous: wait until plain TCP is refused.
        for _ in 0..100 {
            if postgres::Client::connect(&cluster.url("postgres"), postgres::NoTls).is_err() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        let schema = root.join("schema.sql");
        std::fs::write(&schema, "CREATE TABLE t (id integer);\n").unwrap();
        TlsServer {
            cluster,
            root,
            ca: path("ca.crt"),
            other_ca: path("other-ca.crt"),
            client_cert: path("client.crt"),
            client_key: path("client.key"),
            schema,
        }
    }

    fn url(&self, host: &str, params: &str) -> String {
        format!(
            "postgresql://postgres@{host}:{}/postgres{params}",
            self.cluster.port
        )
    }

    /// `schemadiff plan` of a one-table schema against `database`.
    fn plan(&self, database: &str, env: &[(&str, &str)]) -> Output {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_schemadiff"));
        cmd.args(["plan", "--schema"])
            .arg(&self.schema)
            .args(["--database", database])
            .env_remove("DATABASE_URL")
            .env_remove("PGSSLMODE")
            .env_remove("PGSSLROOTCERT")
            .env_remove("PGSSLCERT")
            .env_remove("PGSSLKEY")
            // No ~/.postgresql defaults from the machine running the test.
            .env("HOME", &self.root)
            .stdin(Stdio::null());
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.output().expect("run schemadiff")
    }
}

fn text(o: &Output) -> String {
    format!(
        "status {:?}\nstdout:\n{}\nstderr:\n{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn connects(o: &Output) {
    assert_eq!(o.status.code(), Some(0), "{}", text(o));
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("CREATE TABLE"),
        "{}",
        text(o)
    );
}

fn fails_with(o: &Output, expected: &str) {
    assert_eq!(o.status.code(), Some(1), "{}", text(o));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains(expected),
        "expected `{expected}` in:\n{}",
        text(o)
    );
}

#[test]
fn tls_modes_root_certificates_and_client_certificates_on_a_real_server() {
    let s = TlsServer::start();
    let ca = s.ca.display().to_string();
    let other = s.other_ca.display().to_string();

    // require: TLS, the certificate unchecked; prefer (the default) too,
    // as the server offers it.
    connects(&s.plan(&s.url("127.0.0.1", "?sslmode=require"), &[]));
    connects(&s.plan(&s.url("127.0.0.1", ""), &[]));
    // The connection is encrypted indeed.
    let mut c = schemadiff_apply::url::connect(&s.url("127.0.0.1", "?sslmode=require")).unwrap();
    let ssl: bool = c
        .query_one(
            "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
            &[],
        )
        .unwrap()
        .get(0);
    assert!(ssl);

    // verify-full with the right CA and the name the certificate holds.
    connects(&s.plan(
        &s.url(
            "localhost",
            &format!("?sslmode=verify-full&sslrootcert={ca}"),
        ),
        &[],
    ));
    // The same as a libpq keyword string, and from PGSSLMODE / PGSSLROOTCERT.
    connects(&s.plan(
        &format!(
            "host=localhost port={} user=postgres dbname=postgres sslmode=verify-full sslrootcert='{ca}'",
            s.cluster.port
        ),
        &[],
    ));
    connects(&s.plan(
        &s.url("localhost", ""),
        &[("PGSSLMODE", "verify-full"), ("PGSSLROOTCERT", &ca)],
    ));

    // Another CA: refused, saying so.
    fails_with(
        &s.plan(
            &s.url(
                "localhost",
                &format!("?sslmode=verify-full&sslrootcert={other}"),
            ),
            &[],
        ),
        "the server's certificate is not signed by a CA in sslrootcert=",
    );
    fails_with(
        &s.plan(
            &s.url("localhost", ""),
            &[("PGSSLMODE", "verify-ca"), ("PGSSLROOTCERT", &other)],
        ),
        "not signed by a CA",
    );
    // require with a root certificate checks the chain, as libpq does.
    fails_with(
        &s.plan(
            &s.url(
                "localhost",
                &format!("?sslmode=require&sslrootcert={other}"),
            ),
            &[],
        ),
        "not signed by a CA",
    );
    // A host name the certificate does not hold: verify-full refuses,
    // verify-ca (the chain only) connects.
    fails_with(
        &s.plan(
            &s.url(
                "127.0.0.1",
                &format!("?sslmode=verify-full&sslrootcert={ca}"),
            ),
            &[],
        ),
        "the server's certificate does not name the host 127.0.0.1 (sslmode=verify-full); it names localhost:",
    );
    connects(&s.plan(
        &s.url("127.0.0.1", &format!("?sslmode=verify-ca&sslrootcert={ca}")),
        &[],
    ));
    // verify-full without any root certificate: told what to give.
    fails_with(
        &s.plan(&s.url("localhost", "?sslmode=verify-full"), &[]),
        "set sslrootcert",
    );

    // disable against a server that takes TLS only.
    fails_with(
        &s.plan(&s.url("127.0.0.1", "?sslmode=disable"), &[]),
        "the server accepts only TLS connections here",
    );

    // A client certificate for a role the server authenticates by it.
    let cert_url = |extra: &str| {
        format!(
            "postgresql://cert_user@localhost:{}/postgres?sslmode=verify-full&sslrootcert={ca}{extra}",
            s.cluster.port
        )
    };
    connects(&s.plan(
        &cert_url(&format!(
            "&sslcert={}&sslkey={}",
            s.client_cert.display(),
            s.client_key.display()
        )),
        &[],
    ));
    connects(&s.plan(
        &cert_url(""),
        &[
            ("PGSSLCERT", &s.client_cert.display().to_string()),
            ("PGSSLKEY", &s.client_key.display().to_string()),
        ],
    ));
    fails_with(
        &s.plan(&cert_url(""), &[]),
        "requires a valid client certificate; give the client certificate and its key with sslcert and sslkey",
    );
}

/// A server that offers no TLS at all (the shared test cluster).
#[test]
fn require_against_a_server_without_tls_says_so() {
    let db = common::fresh_db("tls_none");
    let schema =
        std::env::temp_dir().join(format!("schemadiff-tls-none-{}.sql", std::process::id()));
    std::fs::write(&schema, "CREATE TABLE t (id integer);\n").unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_schemadiff"))
        .args(["plan", "--schema"])
        .arg(&schema)
        .args(["--database", &format!("{}?sslmode=require", db.url())])
        .env_remove("PGSSLMODE")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    fails_with(
        &o,
        "the server does not offer TLS, and sslmode=require needs it",
    );
    // prefer, the default, falls back to plain TCP there.
    let o = Command::new(env!("CARGO_BIN_EXE_schemadiff"))
        .args(["plan", "--schema"])
        .arg(&schema)
        .args(["--database", &db.url()])
        .env_remove("PGSSLMODE")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    connects(&o);
    let _ = std::fs::remove_file(schema);
}
