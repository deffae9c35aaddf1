//! The team server: a PostgreSQL database holding the same data as the
//! SQLite file (issue 14). What lives here is what must differ between the
//! engines: finding and connecting to the server (`settings`), TLS, what
//! the server's refusals mean, and creating or upgrading the schema with
//! its roles (`ftc db init`).

pub mod settings;

use crate::error::{invalid, refused, Failure, Result};
use postgres::config::SslMode as PgSsl;
use settings::{Host, Problem, Settings, SslMode};
use std::sync::Arc;
use std::time::Duration;

pub use settings::is_server;

/// The server's schema as of the file's version 9.
pub const SERVER_SCHEMA: &str = include_str!("schema.sql");

/// The server's migrations after its first schema, append-only: (the
/// file's schema version it brings the server to, its SQL).
const SERVER_MIGRATIONS: &[(i64, &str)] = &[
    (
        10,
        // The order partners were listed in (the file's migration 10).
        "ALTER TABLE partners ADD COLUMN position BIGINT NOT NULL DEFAULT 0;",
    ),
    (
        11,
        // A tenant an FM moved to another customer (the file's migration 11).
        "CREATE TABLE customer_pins (
             tenant_id     BIGINT PRIMARY KEY REFERENCES tenants(id),
             feed_customer BIGINT NOT NULL REFERENCES customers(id),
             pinned_on     TEXT NOT NULL
         );",
    ),
    (
        12,
        // Names keyed by new rules (the file's migration 12): `migrate`
        // works the keys and word counts out again after it.
        "",
    ),
    (
        13, // "And" in more languages (the file's migration 13): keyed again.
        "",
    ),
    (
        14, // The file's key lists (its migration 14): the server keeps its indexes.
        "",
    ),
    (
        15, // The file's migration 15 (more legal forms, "Securities", and-words, articles): keyed again.
        "",
    ),
    (
        16, // The file's migration 16 (more legal forms and abbreviations): keyed again.
        "",
    ),
];

/// The schema version `SERVER_SCHEMA` is.
const SERVER_BASE: i64 = 9;

/// The roles `ftc db init` creates, and what each may do.
pub const ROLES: [(&str, &str); 4] = [
    ("ftc_fm", "reads and writes everything"),
    (
        "ftc_slt_editor",
        "an FM who may also set and change the winner flag",
    ),
    (
        "ftc_viewer",
        "reads tenants and reports; not contacts' names or e-mails, notes or history",
    ),
    ("ftc_exec_viewer", "reads everything"),
];

impl From<Problem> for Failure {
    fn from(p: Problem) -> Failure {
        match p {
            Problem::Invalid { message, hint } => with_hint(invalid(message), hint),
            Problem::Refused { message, hint } => with_hint(refused(message), hint),
        }
    }
}

fn with_hint(f: Failure, hint: String) -> Failure {
    if hint.is_empty() {
        f
    } else {
        f.with_hint(hint)
    }
}

/// Resolve the settings of a `postgres://` URL from the real environment.
pub fn settings(url: &str) -> Result<Settings> {
    settings::resolve(url, &settings::RealEnv).map_err(|p| Failure::from(p).into())
}

mod tls {
    //! libpq's TLS modes with rustls: `prefer` and `require` encrypt
    //! without checking the certificate (as libpq does when no root
    //! certificate is given), `verify-ca` checks the chain, `verify-full`
    //! the chain and the host name.
    use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
    use rustls::client::WebPkiServerVerifier;
    use rustls::crypto::{verify_tls12_signature, verify_tls13_signature, CryptoProvider};
    use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
    use rustls::{CertificateError, DigitallySignedStruct, Error, SignatureScheme};
    use std::sync::Arc;

    #[derive(Debug)]
    pub struct Verifier {
        pub provider: Arc<CryptoProvider>,
        /// None: accept any certificate (encryption only).
        pub chain: Option<Arc<WebPkiServerVerifier>>,
        /// Whether the certificate must name the host.
        pub host: bool,
    }

    impl ServerCertVerifier for Verifier {
        fn verify_server_cert(
            &self,
            end_entity: &CertificateDer<'_>,
            intermediates: &[CertificateDer<'_>],
            server_name: &ServerName<'_>,
            ocsp: &[u8],
            now: UnixTime,
        ) -> Result<ServerCertVerified, Error> {
            let Some(chain) = &self.chain else {
                return Ok(ServerCertVerified::assertion());
            };
            match chain.verify_server_cert(end_entity, intermediates, server_name, ocsp, now) {
                Err(Error::InvalidCertificate(
                    CertificateError::NotValidForName
                    | CertificateError::NotValidForNameContext { .. },
                )) if !self.host => Ok(ServerCertVerified::assertion()),
                other => other,
            }
        }

        fn verify_tls12_signature(
            &self,
            message: &[u8],
            cert: &CertificateDer<'_>,
            dss: &DigitallySignedStruct,
        ) -> Result<HandshakeSignatureValid, Error> {
            verify_tls12_signature(
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
        ) -> Result<HandshakeSignatureValid, Error> {
            verify_tls13_signature(
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
}

/// The TLS connector for the settings.
fn connector(s: &Settings) -> Result<tokio_postgres_rustls::MakeRustlsConnect> {
    // ring's provider: aws-lc-rs (with the post-quantum key exchange)
    // needs more than the Rust toolchain to build.
    #[allow(deprecated)]
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let chain = match s.sslmode {
        SslMode::VerifyCa | SslMode::VerifyFull => {
            let mut roots = rustls::RootCertStore::empty();
            match s.sslrootcert.as_deref() {
                Some("system") | None => {
                    for c in rustls_native_certs::load_native_certs().certs {
                        let _ = roots.add(c);
                    }
                }
                Some(path) => {
                    let pem = std::fs::read(path).map_err(|e| {
                        refused(format!("cannot read the root certificate {path}: {e}"))
                            .with_hint("sslrootcert (PGSSLROOTCERT) names the PEM file of the server's authority")
                    })?;
                    for c in rustls_pemfile_certs(&pem) {
                        let _ = roots.add(c);
                    }
                }
            }
            if roots.is_empty() {
                return Err(refused("no trusted certificate to check the server's with")
                    .with_hint("set sslrootcert (PGSSLROOTCERT) to the server authority's PEM file")
                    .into());
            }
            Some(
                rustls::client::WebPkiServerVerifier::builder_with_provider(
                    Arc::new(roots),
                    provider.clone(),
                )
                .build()
                .map_err(|e| anyhow::anyhow!("TLS set-up: {e}"))?,
            )
        }
        _ => None,
    };
    let verifier = tls::Verifier {
        provider: provider.clone(),
        chain,
        host: s.sslmode == SslMode::VerifyFull,
    };
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| anyhow::anyhow!("TLS set-up: {e}"))?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth();
    Ok(tokio_postgres_rustls::MakeRustlsConnect::new(config))
}

/// The certificates of a PEM file.
fn rustls_pemfile_certs(pem: &[u8]) -> Vec<rustls::pki_types::CertificateDer<'static>> {
    use rustls::pki_types::pem::PemObject;
    rustls::pki_types::CertificateDer::pem_slice_iter(pem)
        .filter_map(|c| c.ok())
        .collect()
}

/// Connect, turning the ways it fails into one `error:` line with a hint.
pub fn connect(s: &Settings) -> Result<postgres::Client> {
    let mut c = postgres::Config::new();
    match &s.host {
        Host::Tcp(h) => c.host(h),
        Host::Socket(p) => c.host_path(p),
    };
    c.port(s.port)
        .user(&s.user)
        .dbname(&s.dbname)
        .application_name(&s.application_name)
        .connect_timeout(Duration::from_secs(s.connect_timeout_s));
    if let Some(p) = &s.password {
        c.password(p);
    }
    let result = match (s.sslmode, &s.host) {
        (SslMode::Disable, _) | (_, Host::Socket(_)) => {
            c.ssl_mode(PgSsl::Disable);
            c.connect(postgres::NoTls)
        }
        (mode, Host::Tcp(_)) => {
            c.ssl_mode(if mode == SslMode::Prefer {
                PgSsl::Prefer
            } else {
                PgSsl::Require
            });
            c.connect(connector(s)?)
        }
    };
    result.map_err(|e| explain_connect(s, &e).into())
}

/// What a failed connection means for the person at the keyboard.
fn explain_connect(s: &Settings, e: &postgres::Error) -> Failure {
    let place = match &s.host {
        Host::Tcp(h) => format!("{h}:{}", s.port),
        Host::Socket(p) => format!("the socket in {} (port {})", p.display(), s.port),
    };
    if let Some(db) = e.as_db_error() {
        return match db.code().code() {
            "28P01" => refused(format!(
                "the server at {place} refused the password of {}",
                s.user
            ))
            .with_hint("check the line for this server in ~/.pgpass (or PGPASSWORD)"),
            "28000" => refused(format!(
                "the server at {place} does not let {} in: {}",
                s.user,
                db.message()
            ))
            .with_hint("ask the server's administrator to allow this user (pg_hba.conf) and grant it an ftc role"),
            "3D000" => refused(format!(
                "there is no database {} on the server at {place}",
                s.dbname
            ))
            .with_hint(format!(
                "create it (createdb --locale=C --template=template0 {}), then run `ftc db init`",
                s.dbname
            )),
            "57P03" => refused(format!("the server at {place} is starting up or shutting down"))
                .with_hint("try again in a moment"),
            _ => refused(format!("the server at {place} refused the connection: {}", db.message())),
        };
    }
    let text = e.to_string();
    let source = std::error::Error::source(e)
        .map(|s| s.to_string())
        .unwrap_or_default();
    if text.contains("password missing") || source.contains("password missing") {
        return refused(format!(
            "the server at {place} asks for a password for {} and none was found",
            s.user
        ))
        .with_hint(format!(
            "add a line to ~/.pgpass (mode 0600): {}:{}:{}:{}:PASSWORD",
            match &s.host {
                Host::Tcp(h) => h.clone(),
                Host::Socket(p) => p.display().to_string(),
            },
            s.port,
            s.dbname,
            s.user
        ));
    }
    let why = if source.is_empty() { text } else { source };
    // TLS: a server without it, or a certificate the mode does not accept.
    if why.contains("server does not support TLS") {
        return refused(format!(
            "the server at {place} does not offer TLS, which sslmode={} asks for",
            s.sslmode.as_str()
        ))
        .with_hint("turn TLS on at the server (ssl = on), or connect with sslmode=prefer");
    }
    if why.contains("invalid peer certificate") {
        let root = s.sslrootcert.as_deref().unwrap_or("~/.postgresql/root.crt");
        return refused(format!(
            "the server at {place} presented a certificate that sslmode={} does not accept: {why}",
            s.sslmode.as_str()
        ))
        .with_hint(format!(
            "verify-ca needs the authority that signed it in sslrootcert (now {root}); verify-full also the host name the certificate holds; sslmode=require encrypts without checking"
        ));
    }
    refused(format!(
        "cannot reach the PostgreSQL server at {place}: {why}"
    ))
    .with_hint("is the server running, and are --db (FTC_DB), PGHOST and PGPORT right?")
}

/// What a server's refusal of a statement means (permissions, locks).
pub fn explain(e: &postgres::Error) -> Failure {
    match e.as_db_error() {
        Some(db) if db.code().code() == "42501" => {
            let role = db.hint().map(str::to_string).unwrap_or_else(|| {
                "ask for the ftc_fm role (or ftc_slt_editor for the winner flag)".into()
            });
            refused(format!("the server refused: {}", db.message())).with_hint(role)
        }
        Some(db) if db.code().code() == "55P03" => {
            refused("the team database is locked by another writer past the timeout")
                .with_hint("try again in a moment")
        }
        Some(db) => refused(format!("the server refused: {}", db.message())),
        None => refused(format!("the server connection failed: {e}")),
    }
}

/// Check that the server's schema is this ftc's version.
pub fn check_version(client: &mut postgres::Client, version: i64) -> Result<()> {
    let stored: Option<String> = client
        .query_opt("SELECT value FROM meta WHERE key = 'schema_version'", &[])
        .ok()
        .flatten()
        .map(|r| r.get(0));
    let stored: i64 = stored.and_then(|v| v.parse().ok()).unwrap_or(0);
    if stored == version {
        return Ok(());
    }
    let message = if stored == 0 {
        "the team database has no ftc schema yet".to_string()
    } else if stored > version {
        format!("the team database has schema version {stored}, newer than this ftc's {version}")
    } else {
        format!("the team database has schema version {stored}, older than this ftc's {version}")
    };
    Err(refused(message)
        .with_hint(if stored > version {
            "upgrade ftc"
        } else {
            "its administrator runs `ftc db init` (with this ftc) to set it up or upgrade it"
        })
        .into())
}

/// What `ftc db init` did.
pub enum Init {
    Created,
    /// From this version.
    Upgraded(i64),
    UpToDate,
}

/// Apply the server migrations after `from` up to `to`, and record `to`.
fn migrate(tx: &mut postgres::Transaction, from: i64, to: i64) -> Result<()> {
    for (v, sql) in SERVER_MIGRATIONS {
        if *v > from && *v <= to {
            tx.batch_execute(sql).map_err(|e| explain(&e))?;
            if crate::store::NAME_KEYS_MIGRATIONS.contains(v) {
                rebuild_name_keys(tx)?;
            }
        }
    }
    tx.execute(
        "UPDATE meta SET value = $1 WHERE key = 'schema_version'",
        &[&to.to_string()],
    )
    .map_err(|e| explain(&e))?;
    Ok(())
}

/// Work out every customer's name keys and the word counts again, as the
/// file does after the same migration (`store::customers::key_names`).
fn rebuild_name_keys(tx: &mut postgres::Transaction) -> Result<()> {
    let rows: Vec<(i64, String)> = tx
        .query("SELECT id, name FROM customers", &[])
        .map_err(|e| explain(&e))?
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    // A new server has no names to key, and no word counts yet.
    if rows.is_empty() {
        return Ok(());
    }
    let (keyed, weights) = crate::store::customers::key_names(rows);
    let ids: Vec<i64> = keyed.iter().map(|k| k.id).collect();
    let norms: Vec<&str> = keyed.iter().map(|k| k.norm.as_str()).collect();
    let suffixes: Vec<&str> = keyed.iter().map(|k| k.suffix.as_str()).collect();
    let initials: Vec<Option<&str>> = keyed.iter().map(|k| k.initials.as_deref()).collect();
    let prefixes: Vec<&str> = keyed.iter().map(|k| k.prefix.as_str()).collect();
    tx.execute(
        "UPDATE customers c
            SET norm_name = u.norm, key_suffix = u.suffix, initials = u.initials,
                key_prefix = u.prefix
           FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[])
                AS u(id, norm, suffix, initials, prefix)
          WHERE c.id = u.id",
        &[&ids, &norms, &suffixes, &initials, &prefixes],
    )
    .map_err(|e| explain(&e))?;
    let counts = weights.sorted_counts();
    let words: Vec<&str> = std::iter::once("")
        .chain(counts.iter().map(|(w, _)| w.as_str()))
        .collect();
    let names: Vec<i64> = std::iter::once(weights.names as i64)
        .chain(counts.iter().map(|(_, n)| *n as i64))
        .collect();
    tx.batch_execute("DELETE FROM name_words")
        .map_err(|e| explain(&e))?;
    tx.execute(
        "INSERT INTO name_words (word, names) SELECT * FROM unnest($1::text[], $2::bigint[])",
        &[&words, &names],
    )
    .map_err(|e| explain(&e))?;
    Ok(())
}

/// Create ftc's schema and roles on the server, or check that the schema
/// there is this version's; grant the roles their rights either way.
pub fn init(client: &mut postgres::Client, version: i64) -> Result<Init> {
    // PostgreSQL 15 names the collation's provider: ICU sorts by language
    // even when the libc locale says C.
    let row = client
        .query_one(
            "SELECT datcollate::text, datlocprovider::text
               FROM pg_database WHERE datname = current_database()",
            &[],
        )
        .map_err(|e| explain(&e))?;
    let (collate, provider): (String, String) = (row.get(0), row.get(1));
    let collate = if provider == "i" {
        format!("ICU's rules ({collate} otherwise)")
    } else {
        collate
    };
    if !matches!(collate.as_str(), "C" | "POSIX" | "C.UTF-8" | "C.utf8") {
        return Err(refused(format!(
            "the database sorts text as {collate}; ftc needs the C collation (text in byte order, as in the file)"
        ))
        .with_hint("create it with `createdb --locale=C --template=template0 NAME`")
        .into());
    }
    let mut tx = client.transaction().map_err(|e| explain(&e))?;
    tx.batch_execute("SELECT pg_advisory_xact_lock(727274)")
        .map_err(|e| explain(&e))?;
    let exists: bool = tx
        .query_one(
            "SELECT EXISTS (SELECT 1 FROM information_schema.tables
                             WHERE table_schema = current_schema() AND table_name = 'meta')",
            &[],
        )
        .map_err(|e| explain(&e))?
        .get(0);
    let outcome = if exists {
        let stored: Option<String> = tx
            .query_opt("SELECT value FROM meta WHERE key = 'schema_version'", &[])
            .map_err(|e| explain(&e))?
            .map(|r| r.get(0));
        let stored: i64 = stored.and_then(|v| v.parse().ok()).unwrap_or(0);
        if stored > version {
            return Err(refused(format!(
                "the team database has schema version {stored}, newer than this ftc's {version}"
            ))
            .with_hint("upgrade ftc")
            .into());
        }
        if stored < SERVER_BASE {
            return Err(refused(format!(
                "the team database has schema version {stored}, older than any this ftc can upgrade"
            ))
            .into());
        }
        migrate(&mut tx, stored, version)?;
        if stored < version {
            Init::Upgraded(stored)
        } else {
            Init::UpToDate
        }
    } else {
        tx.batch_execute(SERVER_SCHEMA).map_err(|e| explain(&e))?;
        tx.execute(
            "INSERT INTO meta (key, value) VALUES ('schema_version', $1)",
            &[&SERVER_BASE.to_string()],
        )
        .map_err(|e| explain(&e))?;
        migrate(&mut tx, SERVER_BASE, version)?;
        Init::Created
    };
    create_roles(&mut tx)?;
    tx.batch_execute(GRANT_SQL).map_err(|e| explain(&e))?;
    tx.commit().map_err(|e| explain(&e))?;
    Ok(outcome)
}

/// Create the roles unless they exist. Roles belong to the whole cluster,
/// so `db init` of another database at the same moment may create them
/// first (the database's advisory lock does not reach across databases):
/// that attempt is rolled back to its savepoint and made again, and then
/// finds them.
fn create_roles(tx: &mut postgres::Transaction<'_>) -> Result<()> {
    let mut attempt = 0;
    loop {
        let mut savepoint = tx.transaction().map_err(|e| explain(&e))?;
        match savepoint.batch_execute(ROLE_SQL) {
            Ok(()) => return savepoint.commit().map_err(|e| explain(&e).into()),
            Err(e) if attempt < 10 && created_meanwhile(&e) => {
                drop(savepoint);
                attempt += 1;
                std::thread::sleep(std::time::Duration::from_millis(20 * attempt));
            }
            Err(e) => return Err(explain(&e).into()),
        }
    }
}

/// Whether creating a role failed because another session was creating it.
fn created_meanwhile(e: &postgres::Error) -> bool {
    e.as_db_error().is_some_and(|db| {
        matches!(db.code().code(), "23505" | "42710" | "40001")
            || db.message() == "tuple concurrently updated"
    })
}

/// The cluster's roles (created once for every ftc database on it).
const ROLE_SQL: &str = "
DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ftc_fm') THEN CREATE ROLE ftc_fm NOLOGIN; END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ftc_slt_editor') THEN CREATE ROLE ftc_slt_editor NOLOGIN; END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ftc_viewer') THEN CREATE ROLE ftc_viewer NOLOGIN; END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ftc_exec_viewer') THEN CREATE ROLE ftc_exec_viewer NOLOGIN; END IF;
END $$;
GRANT ftc_fm TO ftc_slt_editor;
";

/// What each role may read and write in this database (run on every
/// `db init`, so a new table gets its grants).
const GRANT_SQL: &str = "
GRANT USAGE ON SCHEMA public TO ftc_fm, ftc_slt_editor, ftc_viewer, ftc_exec_viewer;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ftc_fm;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ftc_fm;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO ftc_exec_viewer;
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ftc_viewer;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO ftc_viewer;
REVOKE SELECT ON contacts, cadence_events, dibs, notes, history FROM ftc_viewer;
GRANT SELECT (id, tenant_id, kind, role, country, survey_language, services, survey_eligible,
    do_not_contact, engaged, added_on, partner_mpn) ON contacts TO ftc_viewer;
GRANT SELECT (id, tenant_id, kind, party, attempt, via, on_date, forced) ON cadence_events TO ftc_viewer;
GRANT SELECT (tenant_id, workload, go_live, intent, reason, owner, start_on, source, updated_on)
    ON dibs TO ftc_viewer;
";
