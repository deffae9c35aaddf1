//! The team server (issue 14), on a real PostgreSQL cluster: `.ci/run`
//! starts a throwaway one and names its socket directory and port in
//! `FTC_TEST_PG_SOCKET` and `FTC_TEST_PG_PORT` (trust on the socket,
//! passwords over loopback). Without them the tests say so and pass, unless
//! `FTC_REQUIRE_PG=1`. Each test works in a database of its own.
//!
//! What is here: connecting the way PostgreSQL users expect (the URL, the
//! `PG*` variables, `~/.pgpass` and its mode, the service file, `sslmode`,
//! a password in the URL refused, the server down, a wrong or missing
//! password, a missing database), `ftc db init` (schema, roles, a newer
//! schema refused, the collation), and the rules the server enforces
//! through the roles it creates.

use crate::common::{texts, Ftc};
use std::path::PathBuf;

/// The test cluster: its socket directory and port.
struct Cluster {
    socket: PathBuf,
    port: u16,
}

fn cluster() -> Option<Cluster> {
    match (
        std::env::var("FTC_TEST_PG_SOCKET"),
        std::env::var("FTC_TEST_PG_PORT"),
    ) {
        (Ok(socket), Ok(port)) => Some(Cluster {
            socket: PathBuf::from(socket),
            port: port.parse().expect("FTC_TEST_PG_PORT is a port"),
        }),
        _ => {
            assert!(
                std::env::var("FTC_REQUIRE_PG").is_err(),
                "FTC_REQUIRE_PG is set but FTC_TEST_PG_SOCKET/FTC_TEST_PG_PORT are not"
            );
            eprintln!("no test PostgreSQL cluster (FTC_TEST_PG_SOCKET, FTC_TEST_PG_PORT): not run");
            None
        }
    }
}

/// `%2F` for each `/`: a socket directory as a URL's host.
fn enc(p: &std::path::Path) -> String {
    p.display().to_string().replace('/', "%2F")
}

impl Cluster {
    /// A superuser connection over the socket.
    fn admin(&self, db: &str) -> postgres::Client {
        crate::common::engine::admin(db)
    }

    /// A new database in the C collation, dropped at the end of the test.
    fn database(&self, owner: Option<&str>) -> Database<'_> {
        static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let name = format!(
            "ftc_t_{}_{}",
            std::process::id(),
            N.fetch_add(1, std::sync::atomic::Ordering::SeqCst)
        );
        let owner = owner.map(|o| format!(" OWNER {o}")).unwrap_or_default();
        self.admin("postgres")
            .batch_execute(&format!(
                "CREATE DATABASE {name} LOCALE 'C' TEMPLATE template0{owner}"
            ))
            .unwrap();
        Database {
            cluster: self,
            name,
        }
    }

    /// The socket URL of a database as the superuser.
    fn url(&self, db: &str) -> String {
        format!(
            "postgres://postgres@{}:{}/{db}",
            enc(&self.socket),
            self.port
        )
    }

    /// A login role with a password (dropped with its databases' objects
    /// by the cluster's end; names are unique per process).
    fn login(&self, name: &str, password: &str, extra: &str) -> String {
        let role = format!("{name}_{}", std::process::id());
        let mut c = self.admin("postgres");
        c.batch_execute(&format!(
            "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{role}') THEN
                 CREATE ROLE {role} LOGIN PASSWORD '{password}' {extra}; END IF; END $$;"
        ))
        .unwrap();
        role
    }
}

struct Database<'c> {
    cluster: &'c Cluster,
    name: String,
}

impl Drop for Database<'_> {
    fn drop(&mut self) {
        let _ = self.cluster.admin("postgres").batch_execute(&format!(
            "DROP DATABASE IF EXISTS {} WITH (FORCE)",
            self.name
        ));
    }
}

/// A new database with ftc's schema (`db init` run by the superuser), the
/// `Ftc` that ran it and the database's URL.
fn initialised(pg: &Cluster) -> (Database<'_>, Ftc, String) {
    let db = pg.database(None);
    let f = Ftc::new();
    let url = pg.url(&db.name);
    let (code, _, err) = ftc(&f, &url, &["db", "init"], &[]);
    assert_eq!(code, 0, "{err}");
    (db, f, url)
}

/// `ftc ARGS` with `--db URL`; (exit code, stdout, stderr).
fn ftc(f: &Ftc, url: &str, args: &[&str], env: &[(&str, &str)]) -> (i32, String, String) {
    let mut c = f.cmd();
    c.env("FTC_DB", url);
    for (k, v) in env {
        c.env(k, v);
    }
    let out = c.args(args).output().unwrap();
    let (o, e) = texts(&out);
    (out.status.code().unwrap_or(-1), o, e)
}

#[test]
fn db_init_creates_the_schema_and_the_roles_once() {
    let Some(pg) = cluster() else { return };
    let db = pg.database(None);
    let f = Ftc::new();
    let url = pg.url(&db.name);
    let (code, _, err) = ftc(&f, &url, &["db", "init"], &[]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("created (schema version"), "{err}");
    assert!(
        err.contains("ftc_fm, ftc_slt_editor, ftc_viewer, ftc_exec_viewer"),
        "{err}"
    );
    let (code, _, err) = ftc(&f, &url, &["db", "init"], &[]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("up to date"), "{err}");
    let mut c = pg.admin(&db.name);
    let version: String = c
        .query_one("SELECT value FROM meta WHERE key = 'schema_version'", &[])
        .unwrap()
        .get(0);
    let file = Ftc::new();
    let (_, _, said) = ftc(&file, file.db().to_str().unwrap(), &["db", "init"], &[]);
    assert!(
        said.contains(&format!("schema version {version})")),
        "{said}"
    );
    // The same tables with the same columns as the file's schema, but the
    // file's own index of the name keys (the server indexes the columns).
    let sqlite = rusqlite::Connection::open(file.db()).unwrap();
    let mut file_tables: Vec<(String, Vec<String>)> = Vec::new();
    let names: Vec<String> = sqlite
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'name_keys' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for t in names {
        let mut cols: Vec<String> = sqlite
            .prepare(&format!("SELECT name FROM pragma_table_info('{t}')"))
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        cols.sort();
        file_tables.push((t, cols));
    }
    let mut server_tables: Vec<(String, Vec<String>)> = Vec::new();
    for row in c
        .query(
            "SELECT table_name::text, array_agg(column_name::text ORDER BY column_name::text)
               FROM information_schema.columns WHERE table_schema = 'public'
              GROUP BY table_name ORDER BY table_name",
            &[],
        )
        .unwrap()
    {
        server_tables.push((row.get(0), row.get(1)));
    }
    assert_eq!(server_tables, file_tables);
    for role in ["ftc_fm", "ftc_slt_editor", "ftc_viewer", "ftc_exec_viewer"] {
        let n: i64 = c
            .query_one("SELECT count(*) FROM pg_roles WHERE rolname = $1", &[&role])
            .unwrap()
            .get(0);
        assert_eq!(n, 1, "{role}");
    }
}

/// Roles belong to the whole cluster: on a fresh cluster (as in CI), `db
/// init` of several databases at one moment raced to create them and one
/// failed with a duplicate key in pg_authid.
#[test]
fn db_init_of_several_databases_at_once_all_succeed() {
    let Some(pg) = cluster() else { return };
    let dbs: Vec<Database> = (0..4).map(|_| pg.database(None)).collect();
    let f = Ftc::new();
    let results: Vec<(i32, String, String)> = std::thread::scope(|s| {
        let handles: Vec<_> = dbs
            .iter()
            .map(|db| {
                let url = pg.url(&db.name);
                let f = &f;
                s.spawn(move || ftc(f, &url, &["db", "init"], &[]))
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for (code, _, err) in results {
        assert_eq!(code, 0, "{err}");
        assert!(err.contains("created (schema version"), "{err}");
    }
}

#[test]
fn a_newer_schema_and_another_collation_are_refused() {
    let Some(pg) = cluster() else { return };
    let (db, f, url) = initialised(&pg);
    pg.admin(&db.name)
        .batch_execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'")
        .unwrap();
    let (code, out, err) = ftc(&f, &url, &["db", "init"], &[]);
    assert_eq!((code, out.as_str()), (1, ""), "{err}");
    assert!(
        err.contains("schema version 999, newer than this ftc's"),
        "{err}"
    );
    assert!(err.contains("hint: upgrade ftc"), "{err}");
    // A database that sorts by ICU's rules: refused, nothing created.
    let name = format!("ftc_icu_{}", std::process::id());
    pg.admin("postgres")
        .batch_execute(&format!(
            "CREATE DATABASE {name} LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C' TEMPLATE template0"
        ))
        .unwrap();
    let icu = Database { cluster: &pg, name };
    let (code, _, err) = ftc(&f, &pg.url(&icu.name), &["db", "init"], &[]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("C collation") && err.contains("--locale=C"),
        "{err}"
    );
    let tables: i64 = pg
        .admin(&icu.name)
        .query_one(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(tables, 0);
}

#[test]
fn connection_failures_are_one_error_line_with_a_hint() {
    let Some(pg) = cluster() else { return };
    let f = Ftc::new();
    let expect = |url: &str, env: &[(&str, &str)], code: i32, says: &[&str]| {
        let (c, out, err) = ftc(&f, url, &["db", "init"], env);
        assert_eq!((c, out.as_str()), (code, ""), "{url}: {err}");
        assert_eq!(
            err.lines().filter(|l| l.starts_with("error: ")).count(),
            1,
            "{err}"
        );
        assert!(err.contains("\nhint: "), "{url}: {err}");
        for s in says {
            assert!(err.contains(s), "{url}: no {s:?} in {err}");
        }
    };
    // A password in the URL: refused before anything (exit 2).
    expect(
        "postgres://bob:secret@127.0.0.1/x",
        &[],
        2,
        &["holds a password", "~/.pgpass"],
    );
    // Nobody listening.
    expect(
        &format!(
            "postgres://postgres@127.0.0.1:{}/x",
            pg.port.wrapping_add(1)
        ),
        &[],
        1,
        &["cannot reach the PostgreSQL server at 127.0.0.1:"],
    );
    // No such database.
    expect(
        &pg.url("no_such_db"),
        &[],
        1,
        &["there is no database no_such_db", "createdb"],
    );
    // Loopback asks for a password: none found, then a wrong one.
    let role = pg.login("wrongpw", "right", "");
    let tcp = format!("postgres://{role}@127.0.0.1:{}/postgres", pg.port);
    expect(
        &tcp,
        &[("HOME", f.dir.path().to_str().unwrap())],
        1,
        &["asks for a password", ".pgpass"],
    );
    expect(
        &tcp,
        &[("PGPASSWORD", "wrong")],
        1,
        &["refused the password of", ".pgpass"],
    );
    // TLS required of a server that has none (the cluster of `.ci/run` has
    // TLS: `tls_modes_against_a_server_with_a_certificate` is its test).
    if tls_dir().is_none() {
        expect(
            &format!("{tcp}?sslmode=require"),
            &[("PGPASSWORD", "right")],
            1,
            &["does not offer TLS, which sslmode=require asks for"],
        );
    }
    // A parameter the URL may not have.
    expect(
        &format!("{tcp}?sslmod=require"),
        &[],
        2,
        &["unknown parameter 'sslmod'"],
    );
}

#[test]
fn pgpass_the_environment_and_the_service_file_find_the_server() {
    let Some(pg) = cluster() else { return };
    let role = pg.login("teamadmin", "s3cret:x", "CREATEROLE");
    let db = pg.database(Some(&role));
    let f = Ftc::new();
    let home = f.dir.path().to_str().unwrap().to_string();
    // ~/.pgpass, private: used (the ':' in the password escaped).
    let pgpass = f.write(
        ".pgpass",
        &format!("127.0.0.1:{}:{}:{role}:s3cret\\:x\n", pg.port, db.name),
    );
    set_mode(&pgpass, 0o600);
    let url = format!("postgres://{role}@127.0.0.1:{}/{}", pg.port, db.name);
    let (code, _, err) = ftc(&f, &url, &["db", "init"], &[("HOME", &home)]);
    assert_eq!(code, 0, "{err}");
    // Readable by others: refused, with the chmod to run.
    set_mode(&pgpass, 0o644);
    let (code, _, err) = ftc(&f, &url, &["db", "init"], &[("HOME", &home)]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("may be read by others") && err.contains("chmod 0600"),
        "{err}"
    );
    set_mode(&pgpass, 0o600);
    // The PG* variables fill in what the URL leaves out.
    let port = pg.port.to_string();
    let (code, _, err) = ftc(
        &f,
        "postgres://",
        &["db", "init"],
        &[
            ("HOME", &home),
            ("PGHOST", "127.0.0.1"),
            ("PGPORT", &port),
            ("PGUSER", &role),
            ("PGDATABASE", &db.name),
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("up to date"), "{err}");
    // A service file names it all.
    let services = f.write(
        "services.conf",
        &format!(
            "[team]\nhost={}\nport={}\ndbname={}\nuser=postgres\n",
            pg.socket.display(),
            pg.port,
            db.name
        ),
    );
    let (code, _, err) = ftc(
        &f,
        "postgres://?service=team",
        &["db", "init"],
        &[("PGSERVICEFILE", services.to_str().unwrap())],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains(&format!("postgres@{}", pg.socket.display())),
        "{err}"
    );
    let (code, _, err) = ftc(
        &f,
        "postgres://?service=other",
        &["db", "init"],
        &[("PGSERVICEFILE", services.to_str().unwrap())],
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("no service 'other'"), "{err}");
}

#[cfg(unix)]
fn set_mode(p: &std::path::Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// The rules the server itself enforces through the roles `db init`
/// creates: only an SLT editor changes the winner flag; a viewer reads
/// tenants but not contacts' names or e-mails, notes or history; history
/// names the session's user whatever the client writes.
#[test]
fn the_roles_are_enforced_by_the_server() {
    let Some(pg) = cluster() else { return };
    let db = pg.database(None);
    let f = Ftc::new();
    assert_eq!(ftc(&f, &pg.url(&db.name), &["db", "init"], &[]).0, 0);
    let fm = pg.login("fm", "pw", "IN ROLE ftc_fm");
    let editor = pg.login("slt", "pw", "IN ROLE ftc_slt_editor");
    let viewer = pg.login("viewer", "pw", "IN ROLE ftc_viewer");
    let exec = pg.login("exec", "pw", "IN ROLE ftc_exec_viewer");
    let mut admin = pg.admin(&db.name);
    admin
        .batch_execute(
            "INSERT INTO customers (id, tpid, name, norm_name, key_suffix) VALUES (1, 10001, 'Contoso', 'contoso', 'toso');
             INSERT INTO tenants (id, domain, customer_id, source, added_on) VALUES (1, 'contoso.onmicrosoft.com', 1, 'commerce', '2027-07-01');
             INSERT INTO contacts (tenant_id, kind, name, email, added_on) VALUES (1, 'customer', 'Carl', 'carl@contoso.example', '2027-07-01');
             INSERT INTO notes (tenant_id, kind, text, author, created_on, created_at) VALUES (1, 'engagement', 'private', 'fm', '2027-07-01', 'x');",
        )
        .unwrap();
    let connect = |role: &str| {
        postgres::Config::new()
            .host_path(&pg.socket)
            .port(pg.port)
            .user(role)
            .dbname(&db.name)
            .connect(postgres::NoTls)
            .unwrap()
    };
    let code = |e: postgres::Error| e.as_db_error().map(|d| d.code().code().to_string());
    // An FM writes, but may not set the winner flag.
    let mut c = connect(&fm);
    c.execute("UPDATE tenants SET fm = 'alice' WHERE id = 1", &[])
        .unwrap();
    let e = c
        .execute("UPDATE tenants SET winner_of = 1 WHERE id = 1", &[])
        .unwrap_err();
    assert_eq!(code(e).as_deref(), Some("42501"));
    // An SLT editor may; an update that leaves it alone passes for the FM.
    connect(&editor)
        .execute("UPDATE tenants SET winner_of = 1 WHERE id = 1", &[])
        .unwrap();
    connect(&fm)
        .execute("UPDATE tenants SET seats = 5000 WHERE id = 1", &[])
        .unwrap();
    // History: the actor is the session's user, whatever is written.
    connect(&fm)
        .execute(
            "INSERT INTO history (at, on_date, actor, tenant_id, action, description)
             VALUES ('x', '2027-07-01', 'someone-else', 1, 'tenant.set', 'd')",
            &[],
        )
        .unwrap();
    let actor: String = admin
        .query_one("SELECT actor FROM history ORDER BY id DESC LIMIT 1", &[])
        .unwrap()
        .get(0);
    assert_eq!(actor, fm);
    // A viewer reads tenants and what reports need, not personal data.
    let mut v = connect(&viewer);
    let n: i64 = v
        .query_one("SELECT count(*) FROM tenants", &[])
        .unwrap()
        .get(0);
    assert_eq!(n, 1);
    v.query("SELECT kind, role, do_not_contact FROM contacts", &[])
        .unwrap();
    for denied in [
        "SELECT email FROM contacts",
        "SELECT name FROM contacts",
        "SELECT text FROM notes",
        "SELECT description FROM history",
        "UPDATE tenants SET fm = 'x'",
    ] {
        let e = v.query(denied, &[]).unwrap_err();
        assert_eq!(code(e).as_deref(), Some("42501"), "{denied}");
    }
    // An executive viewer reads everything, writes nothing.
    let mut x = connect(&exec);
    x.query("SELECT email, name FROM contacts", &[]).unwrap();
    x.query("SELECT text FROM notes", &[]).unwrap();
    let e = x.query("UPDATE tenants SET fm = 'x'", &[]).unwrap_err();
    assert_eq!(code(e).as_deref(), Some("42501"));
}

#[test]
fn the_demo_says_it_builds_a_file() {
    let Some(pg) = cluster() else { return };
    let (_db, f, url) = initialised(&pg);
    let (code, out, err) = ftc(&f, &url, &["demo"], &[]);
    assert_eq!((code, out.as_str()), (1, ""), "{err}");
    assert_eq!(
        err,
        "error: the demo builds a database file of its own, not a team server's database\n\
         hint: `ftc demo --db demo.db`, then `ftc db copy --from demo.db --to URL` puts it on a server\n"
    );
}

/// Every row of every table of a file, in a stable order: what must
/// survive a copy.
fn dump(path: &std::path::Path) -> Vec<(String, Vec<String>)> {
    let c = rusqlite::Connection::open(path).unwrap();
    let tables: Vec<String> = c
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    tables
        .into_iter()
        .map(|t| {
            // The key lists are an index: the same customers under the same
            // keys, however they are cut into parts.
            if t == "name_keys" {
                let pairs: Vec<String> = c
                    .prepare(
                        "SELECT k.key || '|' || j.value FROM name_keys k, json_each(k.ids) j ORDER BY 1",
                    )
                    .unwrap()
                    .query_map([], |r| r.get(0))
                    .unwrap()
                    .map(Result::unwrap)
                    .collect();
                return (t, pairs);
            }
            let cols: Vec<String> = c
                .prepare(&format!(
                    "SELECT name FROM pragma_table_info('{t}') ORDER BY name"
                ))
                .unwrap()
                .query_map([], |r| r.get(0))
                .unwrap()
                .map(Result::unwrap)
                .collect();
            let sql = format!(
                "SELECT {} FROM {t} ORDER BY {}",
                cols.iter()
                    .map(|c| format!("quote({c})"))
                    .collect::<Vec<_>>()
                    .join(" || '|' || "),
                (1..=cols.len())
                    .map(|i| i.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            let sql = sql.replacen(
                " ORDER BY ",
                &format!(" ORDER BY {} -- ", cols.join(", ")),
                1,
            );
            let rows: Vec<String> = c
                .prepare(&sql)
                .unwrap()
                .query_map([], |r| r.get(0))
                .unwrap()
                .map(Result::unwrap)
                .collect();
            (t, rows)
        })
        .collect()
}

/// A file copied to a new file: every row the same, and the copy works.
#[test]
fn db_copy_between_files_keeps_every_row() {
    let f = Ftc::new();
    let db = f.demo();
    let copy = f.path("copy.db");
    let (code, out, err) = ftc(
        &f,
        f.db().to_str().unwrap(),
        &[
            "db",
            "copy",
            "--from",
            db.to_str().unwrap(),
            "--to",
            copy.to_str().unwrap(),
        ],
        &[],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("history") && err.contains("66 tenants"),
        "{out}\n{err}"
    );
    assert_eq!(dump(&copy), dump(&db));
    // Into it again: refused, and it stays as it was.
    let frozen = crate::common::freeze(&copy);
    let (code, _, err) = ftc(
        &f,
        f.db().to_str().unwrap(),
        &[
            "db",
            "copy",
            "--from",
            db.to_str().unwrap(),
            "--to",
            copy.to_str().unwrap(),
        ],
        &[],
    );
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("is not empty"), "{err}");
    frozen.assert_unchanged("a refused copy into a non-empty file");
    // From a file that is not there: refused, no target left behind.
    let (code, _, err) = ftc(
        &f,
        f.db().to_str().unwrap(),
        &["db", "copy", "--from", "nope.db", "--to", "new.db"],
        &[],
    );
    assert_eq!(code, 1, "{err}");
    assert!(!f.path("new.db").exists());
}

/// The demo to the server and back to a file: every row of every table
/// the same (history with its actors), and the server's IDs go on after
/// the copied ones.
#[test]
fn db_copy_round_trips_through_the_server() {
    let Some(pg) = cluster() else { return };
    let f = Ftc::new();
    let db = f.demo();
    let server = pg.database(None);
    let url = pg.url(&server.name);
    let local = f.db();
    let local = local.to_str().unwrap();
    // Not set up yet: refused with the command to run.
    let (code, _, err) = ftc(
        &f,
        local,
        &["db", "copy", "--from", db.to_str().unwrap(), "--to", &url],
        &[],
    );
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("db init"), "{err}");
    assert_eq!(ftc(&f, &url, &["db", "init"], &[]).0, 0);
    let (code, _, err) = ftc(
        &f,
        local,
        &["db", "copy", "--from", db.to_str().unwrap(), "--to", &url],
        &[],
    );
    assert_eq!(code, 0, "{err}");
    // Again: refused, the server's rows untouched.
    let mut admin = pg.admin(&server.name);
    let before: i64 = admin
        .query_one("SELECT count(*) FROM history", &[])
        .unwrap()
        .get(0);
    let (code, _, err) = ftc(
        &f,
        local,
        &["db", "copy", "--from", db.to_str().unwrap(), "--to", &url],
        &[],
    );
    assert_eq!(code, 1, "{err}");
    let after: i64 = admin
        .query_one("SELECT count(*) FROM history", &[])
        .unwrap()
        .get(0);
    assert_eq!(before, after);
    // New rows on the server take IDs after the copied ones.
    let max: i64 = admin
        .query_one("SELECT max(id) FROM history", &[])
        .unwrap()
        .get(0);
    let id: i64 = admin
        .query_one(
            "INSERT INTO history (at, on_date, actor, action, description)
             VALUES ('x', '2027-07-01', 'x', 'test', 'x') RETURNING id",
            &[],
        )
        .unwrap()
        .get(0);
    assert!(id > max, "{id} after {max}");
    admin
        .execute("DELETE FROM history WHERE id = $1", &[&id])
        .unwrap();
    // And back: the same rows.
    let back = f.path("back.db");
    let (code, _, err) = ftc(
        &f,
        local,
        &["db", "copy", "--from", &url, "--to", back.to_str().unwrap()],
        &[],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(dump(&back), dump(&db));
    // The copy is a working database.
    let agenda = |p: &std::path::Path| {
        let (code, out, err) = ftc(&f, p.to_str().unwrap(), &["agenda", "--json"], &[]);
        assert_eq!(code, 0, "{err}");
        out
    };
    assert_eq!(agenda(&back), agenda(&db));
}

/// The store's functions that run on both engines, run the same way on
/// each: the same calls on a new SQLite database and on a new server
/// database give the same answers, call by call.
#[test]
fn the_ported_store_answers_alike_on_both_engines() {
    let Some(pg) = cluster() else { return };
    let server_db = pg.database(None);
    let f = Ftc::new();
    assert_eq!(ftc(&f, &pg.url(&server_db.name), &["db", "init"], &[]).0, 0);
    let server = ftc::store::sql::Server::new(pg.admin(&server_db.name));
    let lite = ftc::store::Store::open_in_memory().unwrap();
    let on_file = script(ftc::store::sql::Db::from(&lite.conn));
    let on_server = script(ftc::store::sql::Db::Server(&server));
    assert_eq!(on_file.len(), on_server.len());
    for (a, b) in on_file.iter().zip(&on_server) {
        assert_eq!(a, b);
    }
}

/// Every ported store function, called in a story; each answer as text.
fn script(db: ftc::store::sql::Db) -> Vec<String> {
    use chrono::NaiveDate;
    use ftc::domain::cadence::{Event, Party, Pause, Via};
    use ftc::domain::contact::{ContactKind, Partner, Role};
    use ftc::domain::dibs::{Dibs, Intent, Source as DibsSource, WorkloadDibs};
    use ftc::domain::names::NameKeys;
    use ftc::domain::rfa::{Rfa, RfaStatus};
    use ftc::domain::status::{StatusRow, WorkloadStatus};
    use ftc::domain::tenant::Source;
    use ftc::domain::values::Region;
    use ftc::store::*;
    let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let mut out: Vec<String> = Vec::new();
    macro_rules! note {
        ($e:expr) => {
            out.push(format!("{}: {:?}", stringify!($e), $e))
        };
    }
    // Customers and the duplicate check's words.
    let c1 = customers::insert_customer(db, "Contoso Ltd", Some(10001)).unwrap();
    let c2 = customers::insert_customer(db, "Fabrikam Inc", None).unwrap();
    note!((c1, c2));
    note!(customers::get_customer_by_tpid(db, 10001)
        .unwrap()
        .map(|c| c.name));
    note!(customers::find_customers_by_name(db, "CONTOSO LTD")
        .unwrap()
        .len());
    let k = NameKeys::of("Contoso Limited");
    note!(customers::customer_candidates(db, &k)
        .unwrap()
        .iter()
        .map(|c| c.id)
        .collect::<Vec<_>>());
    note!(customers::weights_for(db, [&k]).unwrap().names);
    customers::rename_customer(db, c2, "Fabrikam Incorporated").unwrap();
    note!(customers::list_customers(db, Some("fab"), &[c1])
        .unwrap()
        .iter()
        .map(|c| (c.id, c.name.clone(), c.tenants, c.seats))
        .collect::<Vec<_>>());
    note!(customers::list_keyed_customers(db).unwrap().len());
    // Tenants.
    let new = |domain: &'static str, customer, fm| tenants::NewTenant {
        tenant_id: None,
        domain,
        customer_id: customer,
        region: Some(Region::Emea),
        seats: Some(5000),
        country: None,
        source: Source::Commerce,
        fm,
        managed: true,
        goback_on: None,
        added_on: d("2027-07-01"),
    };
    let t1 =
        tenants::insert_tenant(db, &new("contoso.onmicrosoft.com", c1, Some("Alice"))).unwrap();
    let t2 =
        tenants::insert_tenant(db, &new("contosolab.onmicrosoft.com", c1, Some("bob"))).unwrap();
    note!((t1, t2));
    note!(tenants::get_tenant(db, t1).unwrap());
    note!(tenants::resolve_tenant(db, "CONTOSO").unwrap().id);
    note!(
        tenants::resolve_tenant(db, "contoso.onmicrosoft.com.")
            .unwrap()
            .id
    );
    note!(tenants::resolve_tenant(db, "nothere").is_err());
    let filter = tenants::TenantFilter {
        fm: Some("ALICE".into()),
        customer_contains: Some("toso".into()),
        ..Default::default()
    };
    note!(tenants::list_tenants(db, &filter).unwrap().len());
    note!(tenants::count_tenants(db, Some("alice")).unwrap());
    note!(tenants::count_tenants(db, None).unwrap());
    let mut t = tenants::get_tenant(db, t1).unwrap().unwrap();
    t.winner = true;
    t.seats = Some(6000);
    tenants::update_tenant(db, &t).unwrap();
    note!(tenants::clear_other_winners(db, c1, t2).unwrap());
    note!(tenants::customer_fms(db, c1).unwrap());
    note!(tenants::tenants_of_customer(db, c1).unwrap().len());
    // Contacts and partners.
    let contact = contacts::NewContact {
        tenant_id: t1,
        kind: ContactKind::Microsoft,
        name: "Ann Ärger",
        email: "ann@microsoft.example",
        role: Some(Role::AccountManager),
        country: None,
        survey_language: None,
        services: &[],
        survey_eligible: false,
        do_not_contact: false,
        added_on: d("2027-07-01"),
        partner_mpn: None,
    };
    let ann = contacts::insert_contact(db, &contact).unwrap();
    let services = ["exchange".to_string()];
    let pat = contacts::insert_contact(
        db,
        &contacts::NewContact {
            kind: ContactKind::Partner,
            name: "Pat",
            email: "pat@partner.example",
            role: None,
            services: &services,
            ..contact.clone()
        },
    )
    .unwrap();
    note!((ann, pat));
    note!(contacts::get_contact_by_email(db, t1, "ANN@microsoft.example").unwrap());
    note!(contacts::set_engaged(db, ann).unwrap());
    note!(contacts::set_engaged(db, ann).unwrap());
    note!(contacts::all_contacts(db, Scope::Fm("alice"))
        .unwrap()
        .len());
    note!(contacts::delete_partner_contacts(db, t1).unwrap().len());
    note!(contacts::list_contacts(db, t1).unwrap());
    for (name, mpn) in [("Northwind", "1234567"), ("Litware", "7654321")] {
        partners::put_partner(
            db,
            t1,
            &Partner {
                name: name.into(),
                mpn: mpn.into(),
                deploying: vec![],
                is_frp: false,
            },
        )
        .unwrap();
    }
    frps::upsert_frp(
        db,
        &frps::Frp {
            mpn: "7654321".into(),
            name: "Litware".into(),
            regions: vec![Region::Emea],
        },
    )
    .unwrap();
    note!(partners::list_partners(db, t1).unwrap());
    note!(partners::remove_partner(db, t1, "1234567").unwrap());
    note!(partners::all_partners(db, Scope::All).unwrap());
    note!(frps::list_frps(db).unwrap());
    note!(frps::get_frp(db, "7654321").unwrap().is_some());
    // The cadence.
    cadence::insert_event(
        db,
        t1,
        &Event::Send {
            party: Party::AccountTeam,
            attempt: 1,
            via: Via::Email,
            on: d("2027-07-01"),
            forced: false,
        },
        None,
    )
    .unwrap();
    cadence::insert_event(
        db,
        t1,
        &Event::Reply {
            party: Party::AccountTeam,
            on: d("2027-07-02"),
        },
        Some("ann@microsoft.example"),
    )
    .unwrap();
    note!(cadence::list_events(db, t1).unwrap());
    note!(cadence::all_events(db, Scope::Fm("ALICE")).unwrap());
    let pause = Pause {
        from: d("2027-07-03"),
        until: d("2027-07-10"),
        resumed_on: None,
    };
    cadence::insert_pause(db, t1, &pause, "customer", "holidays").unwrap();
    note!(cadence::list_pauses(db, t1).unwrap());
    note!(cadence::pauses_ending(db, d("2027-07-01"), d("2027-07-31"))
        .unwrap()
        .len());
    cadence::resume_pause(db, 1, d("2027-07-05")).unwrap();
    note!(cadence::all_pauses(db, Scope::All).unwrap());
    cadence::set_agenda_fields(db, t1, "open").unwrap();
    // Notes, tasks, DIBS, status, assignments, RFAs.
    let n = notes::insert_note(
        db,
        &notes::NewNote {
            tenant_id: t1,
            kind: "engagement",
            text: "kick-off booked",
            author: "alice",
            created_on: d("2027-07-02"),
            created_at: "2027-07-02T09:00:00Z",
            next_action: Some("send the agenda"),
            next_date: Some(d("2027-07-05")),
            ..Default::default()
        },
    )
    .unwrap();
    note!(notes::get_note(db, n).unwrap());
    note!(notes::list_notes(db, t1, &notes::NoteFilter::default())
        .unwrap()
        .len());
    note!(notes::list_notes(
        db,
        t1,
        &notes::NoteFilter {
            kind: Some("intent"),
            workload: None,
            limit: Some(2)
        }
    )
    .unwrap()
    .len());
    note!(notes::latest_intents(db, t1).unwrap());
    note!(notes::next_actions_due(db, d("2027-07-31"), Some("alice"), Some(Region::Emea)).unwrap());
    note!(notes::next_actions_due(db, d("2027-07-31"), None, None)
        .unwrap()
        .len());
    tasks::set_task(db, t1, 3655, "Complete", d("2027-07-01")).unwrap();
    tasks::set_task(db, t1, 3655, "In Progress", d("2027-07-02")).unwrap();
    note!(tasks::list_tasks(db, t1).unwrap());
    note!(tasks::get_task(db, t1, 1).unwrap());
    let dibs = WorkloadDibs {
        workload: "teams".into(),
        dibs: Dibs {
            go_live: Some(d("2027-09-01")),
            intent: Some(Intent::Yes),
            reason: Some("Increase Security".into()),
            owner: Some("Ann".into()),
            start: None,
            source: DibsSource::Partner,
        },
        contact_email: None,
        updated_on: d("2027-07-02"),
    };
    dibs::put_dibs(db, t1, &dibs).unwrap();
    note!(dibs::list_dibs(db, t1).unwrap());
    note!(dibs::dibs_by_tenant(db, Scope::Fm("alice")).unwrap().len());
    note!(dibs::tenants_with_dibs(db, Scope::All).unwrap());
    note!(dibs::all_dibs(db).unwrap().len());
    note!(dibs::get_dibs(db, t1, "teams").unwrap().is_some());
    let ws = WorkloadStatus {
        workload: "teams".into(),
        total: 100,
        rows: vec![StatusRow {
            l1: "Deployed".into(),
            l2: None,
            l3: None,
            count: 100,
            target: Some(d("2027-08-01")),
        }],
        updated_on: d("2027-07-02"),
    };
    status::set_status(db, t1, &ws).unwrap();
    note!(status::get_status(db, t1).unwrap());
    note!(status::get_workload_status(db, t1, "teams")
        .unwrap()
        .is_some());
    note!(status::status_totals(db, t1).unwrap());
    note!(status::totals_by_tenant(db, Scope::All).unwrap());
    let reasons = ["full DIBS".to_string()];
    let a = assignments::insert_assignment(
        db,
        t1,
        &assignments::NewAssignment {
            option: "css",
            queue: "FTCQ CSS EMEA",
            assignee: None,
            on: d("2027-07-03"),
            manual: false,
            reasons: &reasons,
            frp_mpn: None,
        },
    )
    .unwrap();
    note!(a);
    note!(assignments::list_assignments(db, t1).unwrap());
    note!(assignments::all_assignments(db, Scope::All).unwrap().len());
    note!(assignments::last_activity(db, t1, d("2027-07-31")).unwrap());
    rfas::put_rfa(
        db,
        &Rfa {
            id: "RFA-1".into(),
            tenant_id: t1,
            domain: String::new(),
            workloads: vec!["teams".into()],
            status: RfaStatus::Approved,
            on: d("2027-07-01"),
        },
    )
    .unwrap();
    note!(rfas::list_rfas(db, None).unwrap());
    note!(
        rfas::approved_since(db, d("2027-06-01"), Scope::Fm("Alice"))
            .unwrap()
            .len()
    );
    // History, its actor, the trend's days.
    let stamp = history::Stamp {
        at: "2027-07-01T09:00:00Z".into(),
        on: d("2027-07-01"),
        actor: "postgres".into(),
    };
    history::record(db, &stamp, Some(t1), "note.add", "a note").unwrap();
    note!(history::list_history(db, t1).unwrap().len());
    // In no particular order: sorted.
    let mut reached = history::stages_reached(db, d("2027-06-01")).unwrap();
    reached.sort();
    note!(reached);
    tenants::mark_goback(db, t1).unwrap();
    // FTA requests and feedback.
    fta::upsert_architect(db, "Ravi", 3, &[Region::Emea]).unwrap();
    let r = fta::insert_request(
        db,
        &fta::NewRequest {
            kind: ftc::domain::fta::RequestType::SalesSupport,
            requester: "sam@microsoft.example",
            tenant_id: Some(t1),
            region: Some(Region::Emea),
            received_on: d("2027-07-01"),
            due_on: d("2027-07-05"),
            attachments: &[],
            mailboxes: None,
            source_env: None,
            justification: None,
            details: Some("help"),
        },
    )
    .unwrap();
    note!(fta::pending_requests(db, d("2027-07-31")).unwrap().len());
    fta::assign_request(db, r, "Ravi", d("2027-07-02")).unwrap();
    note!(fta::list_architects(db).unwrap());
    note!(fta::list_requests(db, true).unwrap().len());
    fta::close_request(db, r, d("2027-07-03")).unwrap();
    note!(fta::get_request(db, r).unwrap());
    note!(fta::has_fta_request(db, t1).unwrap());
    let fb = feedback::insert_feedback(
        db,
        &feedback::NewFeedback {
            summary: "public folders",
            route: "ftc-insight",
            destination: "an FTC Insight",
            category: None,
            tenant_id: Some(t1),
            workload: Some("exchange"),
            answers: &["blocks-deployment"],
            status: Some("Emerging Issue"),
            created_on: d("2027-07-01"),
            author: "alice",
        },
    )
    .unwrap();
    feedback::add_occurrence(db, fb, t2, d("2027-07-02")).unwrap();
    note!(feedback::get_feedback(db, fb).unwrap());
    note!(feedback::has_occurrence(db, fb, t2).unwrap());
    note!(feedback::list_feedback(db, Some("ftc-insight"))
        .unwrap()
        .len());
    // Suspects, usage and claims.
    suspects::insert_suspect(
        db,
        &suspects::NewSuspect {
            tenant_id: t2,
            customer_id: c2,
            score: 0.8,
            reason: "name",
            matched: &[],
            differed: &[],
            on: d("2027-07-01"),
        },
    )
    .unwrap();
    note!(suspects::open_suspects(db).unwrap().len());
    note!(suspects::tenant_suspects(db, t2).unwrap());
    note!(suspects::resolve_suspects(db, t2, d("2027-07-02")).unwrap());
    for (month, au) in [("2027-05", 10), ("2027-06", 20)] {
        db.execute(
            "INSERT INTO usage (tenant_id, workload, month, active_users, paid_units) VALUES (?1, 'teams', ?2, ?3, 100)",
            ftc::args![t1, month, au as i64],
        )
        .unwrap();
    }
    note!(usage::months(db, t1, Some("teams")).unwrap());
    note!(usage::latest(db, t1).unwrap());
    note!(usage::latest_by_tenant(db, Scope::All).unwrap());
    note!(usage::latest_with_dibs(db, Scope::Fm("alice")).unwrap());
    let claim = usage::Claim {
        tenant_id: t1,
        domain: "contoso.onmicrosoft.com".into(),
        workload: "teams".into(),
        mpn: "7654321".into(),
        claim_id: Some("C-1".into()),
        claimed_on: d("2027-07-01"),
    };
    usage::insert_claim(db, &claim).unwrap();
    note!(usage::get_claim(db, t1, "teams").unwrap());
    note!(usage::list_claims(db, None, Some("7654321")).unwrap().len());
    usage::delete_claim(db, t1, "teams").unwrap();
    note!(usage::list_claims(db, Some(t1), None).unwrap().len());
    partners::set_no_partner(db, t1).unwrap();
    note!(partners::list_partners(db, t1).unwrap());
    frps::delete_frp(db, "7654321").unwrap();
    note!(frps::list_frps(db).unwrap().len());
    out
}

/// The same story of commands on a file and on a team server: every
/// command's exit code and output (JSON, and the tables) are the same
/// on both, refusals included.
#[test]
fn the_same_commands_answer_alike_on_a_file_and_on_a_server() {
    let Some(pg) = cluster() else { return };
    let server_db = pg.database(None);
    let f = Ftc::new();
    let url = pg.url(&server_db.name);
    assert_eq!(ftc(&f, &url, &["db", "init"], &[]).0, 0);
    let file = f.db();
    let file = file.to_str().unwrap();
    // The server names the session's user in history: the file's runs act
    // as that user too.
    let run = |db: &str, args: &[&str]| {
        let out = f
            .cmd()
            .env("FTC_DB", db)
            .env("FTC_USER", "postgres")
            .args(args)
            .output()
            .unwrap();
        let (o, e) = texts(&out);
        (out.status.code(), o, e)
    };
    let feed = f.write(
        "feed.csv",
        "tenant_id,domain,customer,tpid,region,seats,managed,country
b807a900-75a2-541a-b42d-40173e8dd30e,northwind.onmicrosoft.com,Northwind Traders,20001,emea,3000,yes,Germany
c807a900-75a2-541a-b42d-40173e8dd30e,northwindlab.onmicrosoft.com,Northwind Traders,20001,emea,200,no,Germany
d807a900-75a2-541a-b42d-40173e8dd30e,tailspin.onmicrosoft.com,Tailspin Toys,20002,apj,90,yes,Japan
not-a-guid,bad.onmicrosoft.com,Bad Row,20003,emea,10,yes,Germany
",
    );
    let update = f.write(
        "update.csv",
        "tenant_id,domain,customer,tpid,region,seats,managed,country
b807a900-75a2-541a-b42d-40173e8dd30e,northwind.onmicrosoft.com,Northwind Traders Ltd,20001,emea,3500,yes,Germany
e807a900-75a2-541a-b42d-40173e8dd30e,contosofeed.onmicrosoft.com,Contoso Limited,20004,americas,700,yes,Peru
",
    );
    // Repeats within the feed, a domain another tenant has, and a name the
    // server's COPY stream must carry as it is (backslash, quotes).
    let repeats = f.write(
        "repeats.csv",
        "tenant_id,domain,customer,tpid,region,seats,managed,country
f807a900-75a2-541a-b42d-40173e8dd30e,fourth.onmicrosoft.com,\"Back\\slash \"\"Quoted\"\" Co\",20005,emea,400,yes,France
f807a900-75a2-541a-b42d-40173e8dd30e,fifth.onmicrosoft.com,Repeat Ltd,20006,emea,400,yes,France
a907a900-75a2-541a-b42d-40173e8dd30e,fourth.onmicrosoft.com,Repeat Ltd,20006,emea,400,yes,France
a917a900-75a2-541a-b42d-40173e8dd30e,tailspin.onmicrosoft.com,Tailspin Toys,20002,apj,90,yes,Japan
",
    );
    let (feed, update) = (feed.to_str().unwrap(), update.to_str().unwrap());
    let repeats = repeats.to_str().unwrap();
    // The usage feed: a repeat, an unknown tenant, a bad month; then a change.
    let usage = f.write(
        "usage.csv",
        "tenant_id,workload,month,active_users,paid_units
b807a900-75a2-541a-b42d-40173e8dd30e,teams,2027-05,1200,3000
b807a900-75a2-541a-b42d-40173e8dd30e,teams,2027-06,1500,3000
b807a900-75a2-541a-b42d-40173e8dd30e,exchange,2027-06,2900,3000
d807a900-75a2-541a-b42d-40173e8dd30e,teams,2027-06,10,90
b807a900-75a2-541a-b42d-40173e8dd30e,teams,2027-05,1300,3000
0007a900-75a2-541a-b42d-40173e8dd30e,teams,2027-06,10,90
b807a900-75a2-541a-b42d-40173e8dd30e,teams,June,10,90
",
    );
    let usage2 = f.write(
        "usage2.csv",
        "tenant_id,workload,month,active_users,paid_units
b807a900-75a2-541a-b42d-40173e8dd30e,teams,2027-06,1700,3000
b807a900-75a2-541a-b42d-40173e8dd30e,exchange,2027-06,2900,3000
",
    );
    let (usage, usage2) = (usage.to_str().unwrap(), usage2.to_str().unwrap());
    let story: &[&[&str]] = &[
        &["tenant", "import", feed],
        &[
            "tenant",
            "import",
            feed,
            "--skip-invalid",
            "--dry-run",
            "--json",
        ],
        &["tenant", "import", feed, "--skip-invalid", "--json"],
        &[
            "tenant",
            "add",
            "--domain",
            "contoso.onmicrosoft.com",
            "--customer",
            "Contoso Ltd",
            "--seats",
            "5000",
            "--region",
            "emea",
            "--fm",
            "alice",
            "--tpid",
            "10001",
            "--json",
        ],
        &[
            "tenant",
            "add",
            "--domain",
            "fabrikam.onmicrosoft.com",
            "--customer",
            "Fabrikam Inc",
            "--seats",
            "800",
            "--region",
            "americas",
            "--fm",
            "bob",
            "--json",
        ],
        &[
            "tenant",
            "add",
            "--domain",
            "contosoretail.onmicrosoft.com",
            "--customer",
            "Contoso Limited",
            "--seats",
            "400",
        ],
        &[
            "tenant",
            "add",
            "--domain",
            "contosoretail.onmicrosoft.com",
            "--customer",
            "Contoso Limited",
            "--seats",
            "400",
            "--same-customer",
            "10001",
            "--json",
        ],
        &[
            "contact",
            "add",
            "contoso",
            "--kind",
            "microsoft",
            "--role",
            "account-manager",
            "--name",
            "Ann Ärger",
            "--email",
            "ann@microsoft.example",
            "--json",
        ],
        &[
            "contact",
            "add",
            "contoso",
            "--kind",
            "customer",
            "--name",
            "Carl",
            "--email",
            "carl@contoso.example",
            "--country",
            "DE",
            "--survey-language",
            "German",
            "--services",
            "exchange,teams",
            "--survey-eligible",
            "--json",
        ],
        &[
            "partner",
            "set",
            "contoso",
            "--name",
            "Northwind",
            "--mpn",
            "1234567",
            "--json",
        ],
        &[
            "frp",
            "add",
            "1234567",
            "Northwind",
            "--region",
            "emea",
            "--json",
        ],
        &[
            "cadence",
            "send",
            "contoso",
            "--party",
            "account-team",
            "--json",
        ],
        &["cadence", "send", "contoso", "--party", "account-team"],
        &[
            "cadence",
            "reply",
            "contoso",
            "--party",
            "account-team",
            "--on",
            "2027-07-01",
            "--contact",
            "ann@microsoft.example",
            "--json",
        ],
        &[
            "dibs",
            "record",
            "contoso",
            "--workload",
            "teams",
            "--source",
            "account-team",
            "--go-live",
            "2027-09-01",
            "--intent",
            "yes",
            "--reason",
            "Increase Security",
            "--owner",
            "Carl",
            "--contact",
            "ann@microsoft.example",
            "--json",
        ],
        &[
            "status",
            "set",
            "contoso",
            "--workload",
            "exchange",
            "--total",
            "10",
            "--row",
            "In Progress||=6@2027-08-01",
            "--row",
            "Status Unknown|Customer Unresponsive|=4",
            "--json",
        ],
        &[
            "note",
            "add",
            "contoso",
            "--text",
            "Kick-off booked",
            "--next-action",
            "send agenda",
            "--next-date",
            "2027-07-01",
            "--json",
        ],
        &[
            "note",
            "intent",
            "contoso",
            "--workload",
            "teams",
            "--text",
            "Customer intends to deploy Teams by September because Skype for Business retires.",
            "--json",
        ],
        &[
            "rfa",
            "add",
            "fabrikam",
            "--id",
            "RFA-9",
            "--workloads",
            "exchange",
            "--status",
            "on-hold",
            "--json",
        ],
        &[
            "architect",
            "add",
            "Ravi",
            "--capacity",
            "2",
            "--region",
            "emea",
            "--json",
        ],
        &[
            "fta",
            "request",
            "--type",
            "migration-exception",
            "--mailboxes",
            "500",
            "--source-env",
            "Exchange 2013",
            "--justification",
            "a merger",
            "--requester",
            "sam@microsoft.example",
            "--tenant",
            "contoso",
            "--details",
            "help",
            "--json",
        ],
        &["fta", "assign", "1", "--json"],
        &[
            "triage",
            "--summary",
            "public folders do not migrate",
            "--blocks-deployment",
            "--tenant",
            "contoso",
            "--workload",
            "exchange",
            "--json",
        ],
        &[
            "claim",
            "add",
            "contoso",
            "--workload",
            "teams",
            "--mpn",
            "1234567",
            "--json",
        ],
        &["tenant", "set", "fabrikam", "--fm", "carol", "--json"],
        &["tenant", "set", "contoso", "--winner", "--json"],
        &["assign", "contoso", "--explain", "--json"],
        &["tenant", "set", "contoso", "--wants-ftc", "no", "--json"],
        &["assign", "contoso", "--explain", "--json"],
        &["assign", "contoso", "--json"],
        &["tenant", "show", "contoso", "--json"],
        &["tenant", "show", "contoso"],
        &["tenant", "list", "--json"],
        &["tenant", "list", "--fm", "ALICE"],
        &["customer", "list", "--json"],
        &["customer", "show", "10001", "--json"],
        &["cadence", "show", "fabrikam", "--json"],
        &["agenda", "--days", "30", "--json"],
        &["agenda", "--fm", "bob", "--days", "30"],
        &["report", "--json"],
        &["note", "list", "contoso", "--all", "--json"],
        &["dibs", "show", "contoso", "--json"],
        &["status", "show", "contoso", "--json"],
        &["tasks", "contoso", "--json"],
        &["fta", "list", "--json"],
        &["architect", "list", "--json"],
        &["triage", "list", "--json"],
        &["rfa", "list", "--json"],
        &["claim", "list", "--json"],
        &["partner", "view", "contoso", "--mpn", "1234567", "--json"],
        &["referrals", "--mpn", "1234567", "--json"],
        &["history", "contoso", "--json"],
        &["tenant", "dupes", "--json"],
        &["tenant", "import", update, "--json"],
        &["tenant", "show", "nosuch"],
        &[
            "cadence",
            "send",
            "contoso",
            "--party",
            "customer",
            "--on",
            "2099-01-01",
        ],
        &["tenant", "import", repeats],
        &["tenant", "import", repeats, "--skip-invalid", "--json"],
        &["customer", "list", "--json"],
        &["usage", "import", usage],
        &["usage", "import", usage, "--skip-invalid", "--json"],
        &["usage", "import", usage, "--skip-invalid", "--json"],
        &["usage", "import", usage2, "--dry-run", "--json"],
        &["usage", "import", usage2, "--json"],
        &["usage", "show", "northwind", "--json"],
        &["tenant", "show", "northwind", "--json"],
    ];
    // The refusals the story makes on purpose: a likely duplicate, a send
    // before its due date, an option that waits for an answer, an unknown
    // tenant, a send dated after today.
    let refused = [0usize, 5, 12, 26, 54, 55, 56, 59];
    for (i, args) in story.iter().enumerate() {
        let a = run(file, args);
        let b = run(&url, args);
        assert_eq!(
            a.0 == Some(0),
            !refused.contains(&i),
            "{args:?} on the file: {}",
            a.2
        );
        assert_eq!(
            a.0, b.0,
            "exit code of {args:?}\nfile: {}\nserver: {}",
            a.2, b.2
        );
        // History's wall-clock times differ by the moment each ran.
        let clockless = |t: &str| -> String {
            t.lines()
                .filter(|l| !l.trim_start().starts_with("\"at\":"))
                .collect::<Vec<_>>()
                .join("\n")
        };
        assert_eq!(clockless(&a.1), clockless(&b.1), "output of {args:?}");
        assert_eq!(
            a.2.replace(file, "DB"),
            b.2.replace(
                &format!(
                    "postgres://postgres@{}:{}/{}",
                    pg.socket.display(),
                    pg.port,
                    server_db.name
                ),
                "DB"
            ),
            "messages of {args:?}"
        );
    }
}

/// Eight processes of the real binary writing at once on the server (the
/// file's concurrency story: 250 commands each) lose nothing and fail
/// nothing: every write waits for ftc's lock on the server.
#[test]
fn eight_writers_at_once_on_the_server_lose_nothing_and_fail_nothing() {
    use crate::concurrency::{
        script, COMMANDS_PER_TENANT, NOTES_PER_TENANT, TENANTS_PER_WRITER, WORKLOADS, WRITERS,
    };
    let Some(pg) = cluster() else { return };
    let (db, f, url) = initialised(&pg);
    let failures: Vec<String> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..WRITERS)
            .map(|w| {
                let (f, url) = (&f, &url);
                scope.spawn(move || {
                    let mut failed = Vec::new();
                    for args in script(w) {
                        let out = f.cmd().env("FTC_DB", url).args(&args).output().unwrap();
                        if out.status.code() != Some(0) {
                            failed.push(format!("writer {w}: {args:?}: {}", texts(&out).1));
                        }
                    }
                    failed
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    let commands = WRITERS * TENANTS_PER_WRITER * COMMANDS_PER_TENANT;
    assert!(commands >= 2000);
    assert!(
        failures.is_empty(),
        "{} failed:\n{}",
        failures.len(),
        failures[..failures.len().min(5)].join("\n")
    );
    let mut c = pg.admin(&db.name);
    let count =
        |c: &mut postgres::Client, sql: &str| -> i64 { c.query_one(sql, &[]).unwrap().get(0) };
    let tenants = (WRITERS * TENANTS_PER_WRITER) as i64;
    assert_eq!(count(&mut c, "SELECT count(*) FROM tenants"), tenants);
    assert_eq!(count(&mut c, "SELECT count(*) FROM contacts"), tenants);
    assert_eq!(
        count(
            &mut c,
            "SELECT count(*) FROM notes WHERE text LIKE 'concurrency note %'"
        ),
        tenants * NOTES_PER_TENANT as i64
    );
    assert_eq!(
        count(&mut c, "SELECT count(*) FROM dibs"),
        tenants * WORKLOADS.len() as i64
    );
    assert_eq!(
        count(
            &mut c,
            "SELECT count(*) FROM cadence_events WHERE kind = 'reply'"
        ),
        tenants * 2
    );
}

/// Two FMs adding look-alike customers at the same moment: one is added,
/// the other refused as a likely duplicate (the check runs under ftc's
/// lock, so the second sees the first). Two `fta assign` of one request
/// at once: one assigns it, the other is refused. Rounds, because a race
/// can only be made likely.
#[test]
fn races_on_the_server_have_one_winner() {
    let Some(pg) = cluster() else { return };
    for round in 0..5 {
        let (db, f, url) = initialised(&pg);
        let adds = [
            ("contoso.onmicrosoft.com", "Contoso Ltd"),
            ("contosoltd.onmicrosoft.com", "Contoso Limited"),
        ];
        let codes: Vec<i32> = std::thread::scope(|scope| {
            let handles: Vec<_> = adds
                .iter()
                .map(|(domain, customer)| {
                    let (f, url) = (&f, &url);
                    scope.spawn(move || {
                        let (code, _, _) = ftc(
                            f,
                            url,
                            &[
                                "tenant",
                                "add",
                                "--domain",
                                domain,
                                "--customer",
                                customer,
                                "--seats",
                                "500",
                            ],
                            &[],
                        );
                        code
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        let mut sorted = codes.clone();
        sorted.sort();
        assert_eq!(sorted, [0, 1], "round {round}: {codes:?}");
        // One request, assigned twice at once.
        assert_eq!(
            ftc(
                &f,
                &url,
                &["architect", "add", "Ravi", "--capacity", "5"],
                &[]
            )
            .0,
            0
        );
        assert_eq!(
            ftc(
                &f,
                &url,
                &["architect", "add", "Mia", "--capacity", "5"],
                &[]
            )
            .0,
            0
        );
        let (code, _, err) = ftc(
            &f,
            &url,
            &[
                "fta",
                "request",
                "--type",
                "migration-exception",
                "--requester",
                "sam@microsoft.example",
                "--region",
                "emea",
                "--mailboxes",
                "500",
                "--source-env",
                "Exchange 2013",
                "--justification",
                "a merger",
            ],
            &[],
        );
        assert_eq!(code, 0, "{err}");
        let codes: Vec<i32> = std::thread::scope(|scope| {
            let handles: Vec<_> = ["Ravi", "Mia"]
                .iter()
                .map(|who| {
                    let (f, url) = (&f, &url);
                    scope.spawn(move || ftc(f, url, &["fta", "assign", "1", "--to", who], &[]).0)
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        let mut sorted = codes.clone();
        sorted.sort();
        assert_eq!(sorted, [0, 1], "round {round}: {codes:?}");
        let assigned: i64 = pg
            .admin(&db.name)
            .query_one(
                "SELECT count(*) FROM fta_requests WHERE architect IS NOT NULL",
                &[],
            )
            .unwrap()
            .get(0);
        assert_eq!(assigned, 1);
    }
}

/// The roles through ftc itself: an FM's `tenant set --winner` is refused
/// by the server (exit 1, the role named in the hint) and changes
/// nothing; an SLT editor's goes through; a viewer reads the tenant list
/// but not a tenant's contacts; history names who really acted, whatever
/// `--as` says.
#[test]
fn the_server_s_roles_show_through_ftc() {
    let Some(pg) = cluster() else { return };
    let db = pg.database(None);
    let f = Ftc::new();
    assert_eq!(ftc(&f, &pg.url(&db.name), &["db", "init"], &[]).0, 0);
    let fm = pg.login("rolefm", "pw", "IN ROLE ftc_fm");
    let editor = pg.login("roleslt", "pw", "IN ROLE ftc_slt_editor");
    let viewer = pg.login("roleview", "pw", "IN ROLE ftc_viewer");
    let as_user = |user: &str| {
        format!(
            "postgres://{user}@{}:{}/{}",
            enc(&pg.socket),
            pg.port,
            db.name
        )
    };
    let (code, _, err) = ftc(
        &f,
        &as_user(&fm),
        &[
            "tenant",
            "add",
            "--domain",
            "contoso.onmicrosoft.com",
            "--customer",
            "Contoso Ltd",
            "--seats",
            "5000",
            "--tpid",
            "10001",
            "--as",
            "someone-else",
        ],
        &[],
    );
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = ftc(
        &f,
        &as_user(&fm),
        &["tenant", "set", "contoso", "--winner"],
        &[],
    );
    assert_eq!((code, out.as_str()), (1, ""), "{err}");
    assert!(
        err.contains("error: the server refused") && err.contains("ftc_slt_editor"),
        "{err}"
    );
    let winner = |f: &Ftc| -> serde_json::Value {
        let (_, out, _) = ftc(
            f,
            &as_user(&editor),
            &["tenant", "show", "contoso", "--json"],
            &[],
        );
        serde_json::from_str::<serde_json::Value>(&out).unwrap()["winner"].clone()
    };
    assert_eq!(winner(&f), false);
    let (code, _, err) = ftc(
        &f,
        &as_user(&editor),
        &["tenant", "set", "contoso", "--winner"],
        &[],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(winner(&f), true);
    // A viewer: the tenants, the agenda and the report, yes; contacts'
    // names and e-mails, no (they read as hidden); notes, no.
    let (code, _, err) = ftc(
        &f,
        &as_user(&fm),
        &[
            "contact",
            "add",
            "contoso",
            "--kind",
            "microsoft",
            "--role",
            "account-manager",
            "--name",
            "Ann Lee",
            "--email",
            "ann@microsoft.example",
        ],
        &[],
    );
    assert_eq!(code, 0, "{err}");
    for args in [
        &["tenant", "list", "--json"][..],
        &["agenda", "--days", "30", "--json"][..],
        &["report", "--json"][..],
    ] {
        let (code, out, err) = ftc(&f, &as_user(&viewer), args, &[]);
        assert_eq!(code, 0, "{args:?}: {err}");
        assert!(!out.contains("ann@microsoft.example"), "{args:?}: {out}");
    }
    let (code, out, err) = ftc(
        &f,
        &as_user(&viewer),
        &["contact", "list", "contoso", "--json"],
        &[],
    );
    assert_eq!(code, 0, "{err}");
    let contacts: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(contacts[0]["email"], "(hidden)");
    assert_eq!(contacts[0]["name"], "");
    assert_eq!(contacts[0]["role"], "account-manager");
    let (code, _, err) = ftc(&f, &as_user(&viewer), &["note", "list", "contoso"], &[]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("error: the server refused") && err.contains("hint:"),
        "{err}"
    );
    // History: the FM's login, not the name given with --as.
    let (_, out, _) = ftc(
        &f,
        &as_user(&editor),
        &["history", "contoso", "--json"],
        &[],
    );
    let history: serde_json::Value = serde_json::from_str(&out).unwrap();
    let add = history
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["action"] == "tenant.add")
        .unwrap();
    assert_eq!(add["actor"], fm.as_str());
}

/// `db = ...` in the config: a file beside the config, or a team server;
/// `--db` and `FTC_DB` win; a password there is refused as in `--db`.
#[test]
fn the_config_names_the_database() {
    let f = Ftc::with_config("db = \"team.db\"\n");
    let out = f
        .bare_cmd()
        .env("FTC_CONFIG", f.config())
        .args(["db", "init"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{:?}", texts(&out));
    assert!(f.path("team.db").exists());
    // FTC_DB wins (the file or, on the server engine, the test's database).
    std::fs::remove_file(f.path("team.db")).unwrap();
    let out = f.cmd().args(["db", "init"]).output().unwrap();
    assert!(out.status.success());
    assert!(!f.path("team.db").exists());
    assert!(crate::common::on_server() || f.db().exists());
    let f = Ftc::with_config("db = \"postgres://alice:secret@pg.example/ftc\"\n");
    let out = f
        .bare_cmd()
        .env("FTC_CONFIG", f.config())
        .args(["tenant", "list"])
        .output()
        .unwrap();
    let (_, err) = texts(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("holds a password") && err.contains("pgpass"),
        "{err}"
    );
    if let Some(pg) = cluster() {
        let db = pg.database(None);
        let f = Ftc::with_config(&format!("db = \"{}\"\n", pg.url(&db.name)));
        let run = |args: &[&str]| {
            let out = f
                .bare_cmd()
                .env("FTC_CONFIG", f.config())
                .args(args)
                .output()
                .unwrap();
            assert!(out.status.success(), "{args:?}: {:?}", texts(&out));
            texts(&out).0
        };
        run(&["db", "init"]);
        run(&[
            "tenant",
            "add",
            "--domain",
            "contoso.onmicrosoft.com",
            "--customer",
            "Contoso",
            "--seats",
            "500",
        ]);
        assert!(run(&["tenant", "list"]).contains("contoso.onmicrosoft.com"));
    }
}

/// The server's counterpart of the file's kill test (`crash.rs`): an import
/// killed at any moment leaves none of the feed or all of it, and the
/// server's lock is not left held (the next import runs).
#[test]
fn a_killed_import_on_the_server_leaves_none_or_all_of_the_feed() {
    use std::time::{Duration, Instant};
    let Some(pg) = cluster() else { return };
    let (db, f, url) = initialised(&pg);
    // Tenants of its own, so "none" is not "empty".
    for (d, c) in [
        ("contoso.onmicrosoft.com", "Contoso Ltd"),
        ("fabrikam.onmicrosoft.com", "Fabrikam Inc"),
    ] {
        let (code, _, err) = ftc(
            &f,
            &url,
            &[
                "tenant",
                "add",
                "--domain",
                d,
                "--customer",
                c,
                "--seats",
                "700",
            ],
            &[],
        );
        assert_eq!(code, 0, "{err}");
    }
    const ROWS: usize = 5_000;
    let feed = f.path("feed.csv");
    crate::common::write_feed(&feed, 1, ROWS);
    let counts = || -> [i64; 3] {
        let mut c = pg.admin(&db.name);
        let row = c
            .query_one(
                "SELECT (SELECT count(*) FROM tenants), (SELECT count(*) FROM customers),
                        (SELECT count(*) FROM history)",
                &[],
            )
            .unwrap();
        [row.get(0), row.get(1), row.get(2)]
    };
    let none = counts();
    let import = || import_command(&f, &url, &feed);
    kill_at_moments(
        import,
        || assert_eq!(counts(), none),
        |round, delay| {
            // The server ends the killed session's transaction when it sees
            // the connection gone; until then its rows are not visible.
            let now = counts();
            assert!(
            now == none || now[0] == none[0] + ROWS as i64,
            "round {round}, killed after {delay:?}: tenants, customers, history = {now:?}; before {none:?}"
        );
            now != none
        },
    );
    // The lock is not left held: the next import runs (waiting, if need
    // be, for the server to notice the last killed session).
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let out = import().output().unwrap();
        if out.status.success() {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the import after the kills kept failing"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    assert_eq!(counts()[0], none[0] + ROWS as i64);
}

/// The test cluster's TLS material, when it has TLS (`FTC_TEST_PG_TLS`: a
/// folder with `ca.pem`, the authority that signed the server's certificate
/// for `localhost`, and `other-ca.pem`, one that signed nothing of its).
fn tls_dir() -> Option<PathBuf> {
    std::env::var_os("FTC_TEST_PG_TLS").map(PathBuf::from)
}

/// `sslmode` against a server with a certificate: `require` encrypts
/// without checking, `verify-ca` checks the authority, `verify-full` the
/// host name too; a certificate the mode does not accept is one `error:`
/// line naming the mode, with a hint.
#[test]
fn tls_modes_against_a_server_with_a_certificate() {
    let Some(pg) = cluster() else { return };
    let Some(tls) = tls_dir() else {
        assert!(
            std::env::var("FTC_REQUIRE_PG").is_err(),
            "FTC_REQUIRE_PG is set but the cluster has no TLS (FTC_TEST_PG_TLS)"
        );
        eprintln!("the test cluster has no TLS (FTC_TEST_PG_TLS): not run");
        return;
    };
    let db = pg.database(None);
    let f = Ftc::new();
    let role = pg.login("tlsuser", "tls-pw", "SUPERUSER");
    let url = |host: &str, query: &str| {
        format!("postgres://{role}@{host}:{}/{}?{query}", pg.port, db.name)
    };
    let ca = tls.join("ca.pem");
    let other = tls.join("other-ca.pem");
    let pw = [("PGPASSWORD", "tls-pw")];
    let works = |u: &str| {
        let (code, _, err) = ftc(&f, u, &["db", "init"], &pw);
        assert_eq!(code, 0, "{u}: {err}");
        let (code, out, err) = ftc(&f, u, &["tenant", "list", "--json"], &pw);
        assert_eq!((code, out.trim()), (0, "[]"), "{u}: {err}");
    };
    works(&url("127.0.0.1", "sslmode=require"));
    works(&url(
        "localhost",
        &format!("sslmode=verify-ca&sslrootcert={}", ca.display()),
    ));
    works(&url(
        "localhost",
        &format!("sslmode=verify-full&sslrootcert={}", ca.display()),
    ));
    // PGSSLMODE and PGSSLROOTCERT say the same.
    let (code, _, err) = ftc(
        &f,
        &format!("postgres://{role}@localhost:{}/{}", pg.port, db.name),
        &["tenant", "list"],
        &[
            ("PGPASSWORD", "tls-pw"),
            ("PGSSLMODE", "verify-full"),
            ("PGSSLROOTCERT", ca.to_str().unwrap()),
        ],
    );
    assert_eq!(code, 0, "{err}");
    let refused = |u: &str, says: &[&str]| {
        let (code, out, err) = ftc(&f, u, &["tenant", "list"], &pw);
        assert_eq!((code, out.as_str()), (1, ""), "{u}: {err}");
        assert_eq!(err.lines().count(), 2, "one error and one hint: {err}");
        assert!(err.starts_with("error: the server at "), "{err}");
        assert!(
            err.contains("\nhint: verify-ca needs the authority"),
            "{err}"
        );
        for s in says {
            assert!(err.contains(s), "{u}: no {s:?} in {err}");
        }
    };
    // The host is not the name the certificate holds.
    refused(
        &url(
            "127.0.0.1",
            &format!("sslmode=verify-full&sslrootcert={}", ca.display()),
        ),
        &["sslmode=verify-full does not accept", "127.0.0.1"],
    );
    // An authority that did not sign it.
    refused(
        &url(
            "localhost",
            &format!("sslmode=verify-ca&sslrootcert={}", other.display()),
        ),
        &["sslmode=verify-ca does not accept", "UnknownIssuer"],
    );
}

/// Every index, constraint and user trigger of the two tables a first load
/// sets aside, as the catalog defines them (the foreign keys' internal
/// triggers are renamed when a key is added again, so they show through
/// their constraint).
fn load_checks(pg: &Cluster, db: &str) -> String {
    pg.admin(db)
        .query_one(
            "SELECT string_agg(x, E'\n' ORDER BY x) FROM (
                 SELECT pg_get_indexdef(indexrelid) AS x FROM pg_index
                  WHERE indrelid IN ('tenants'::regclass, 'customers'::regclass)
                 UNION ALL
                 SELECT conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid)
                        || CASE WHEN convalidated THEN '' ELSE ' NOT VALID' END
                   FROM pg_constraint
                  WHERE conrelid IN ('tenants'::regclass, 'customers'::regclass)
                 UNION ALL
                 SELECT tgname || ' ' || tgenabled::text FROM pg_trigger
                  WHERE tgrelid IN ('tenants'::regclass, 'customers'::regclass) AND NOT tgisinternal
             ) s",
            &[],
        )
        .unwrap()
        .get(0)
}

/// A first load into empty tables by their owner writes the rows before
/// the indexes and foreign keys and builds those after (bench/README.md):
/// every index, key and trigger is back afterwards, on a dry run and on a
/// feed the general path must take (a repeated domain) too; customers are
/// keyed by TPID as in the file, and a later customer gets an ID of its
/// own. An FM, who does not own the tables, takes the general path to the
/// same summary.
#[test]
fn the_owner_s_first_load_puts_back_every_index_and_check() {
    let Some(pg) = cluster() else { return };
    let (db, f, url) = initialised(&pg);
    let checks = load_checks(&pg, &db.name);
    assert!(
        checks.contains("tenants_customer_id_fkey FOREIGN KEY"),
        "{checks}"
    );
    assert!(checks.contains("tenants_winner_guard O"), "{checks}");
    let counts = || -> [i64; 4] {
        let row = pg
            .admin(&db.name)
            .query_one(
                "SELECT (SELECT count(*) FROM tenants), (SELECT count(*) FROM customers),
                        (SELECT count(*) FROM name_words), (SELECT count(*) FROM history)",
                &[],
            )
            .unwrap();
        [row.get(0), row.get(1), row.get(2), row.get(3)]
    };
    let feed = f.path("feed.csv");
    crate::common::write_feed(&feed, 1, 400);
    let feed_arg = feed.to_str().unwrap();
    // A repeated domain: the general path refuses it, as on a file.
    let text = std::fs::read_to_string(&feed).unwrap();
    let last = text.lines().last().unwrap().to_string();
    let (id, rest) = last.split_once(',').unwrap();
    let repeat = f.write(
        "repeat.csv",
        &format!("{text}{},{rest}\n", id.replace("4000", "4001")),
    );
    let (code, out, err) = ftc(
        &f,
        &url,
        &["tenant", "import", repeat.to_str().unwrap()],
        &[],
    );
    assert_eq!((code, out.as_str()), (2, ""), "{err}");
    assert!(err.contains("line 402"), "{err}");
    assert_eq!(counts(), [0, 0, 0, 0]);
    assert_eq!(load_checks(&pg, &db.name), checks);
    // A dry run does all the work and keeps none of it.
    let (code, dry, err) = ftc(
        &f,
        &url,
        &["tenant", "import", feed_arg, "--dry-run", "--json"],
        &[],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(counts(), [0, 0, 0, 0]);
    assert_eq!(load_checks(&pg, &db.name), checks);
    // The load itself.
    let (code, loaded, err) = ftc(&f, &url, &["tenant", "import", feed_arg, "--json"], &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        dry.replace("\"dry_run\": true", "\"dry_run\": false"),
        loaded,
        "the dry run's summary"
    );
    assert_eq!(counts(), [400, 301, counts()[2], 1]);
    assert_eq!(load_checks(&pg, &db.name), checks);
    let keyed: bool = pg
        .admin(&db.name)
        .query_one("SELECT bool_and(id = tpid) FROM customers", &[])
        .unwrap()
        .get(0);
    assert!(keyed);
    let (code, out, err) = ftc(
        &f,
        &url,
        &[
            "tenant",
            "add",
            "--domain",
            "contoso.onmicrosoft.com",
            "--customer",
            "Contoso Ltd",
            "--seats",
            "700",
            "--json",
        ],
        &[],
    );
    assert_eq!(code, 0, "{err}");
    let added = crate::common::parse_json(out.as_bytes());
    let next: i64 = pg
        .admin(&db.name)
        .query_one(
            "SELECT c.id FROM customers c JOIN tenants t ON t.customer_id = c.id
              WHERE t.domain = 'contoso.onmicrosoft.com'",
            &[],
        )
        .unwrap()
        .get(0);
    assert!(next > 10_000_301, "{next}: {added}");
    // An FM's first load into another empty database: the general path,
    // the same summary.
    let other = pg.database(None);
    assert_eq!(ftc(&f, &pg.url(&other.name), &["db", "init"], &[]).0, 0);
    let fm = pg.login("loadfm", "pw", "IN ROLE ftc_fm");
    let as_fm = format!(
        "postgres://{fm}@{}:{}/{}",
        enc(&pg.socket),
        pg.port,
        other.name
    );
    let (code, by_fm, err) = ftc(&f, &as_fm, &["tenant", "import", feed_arg, "--json"], &[]);
    assert_eq!((code, by_fm.as_str()), (0, loaded.as_str()), "{err}");
    let keyed: bool = pg
        .admin(&other.name)
        .query_one("SELECT bool_and(id = tpid) FROM customers", &[])
        .unwrap()
        .get(0);
    assert!(!keyed, "an FM's load took the owner's path");
    // The owner's first load of a feed with a repeat, skipping it: the
    // general path, with the indexes and keys set aside there too.
    let third = pg.database(None);
    let url = pg.url(&third.name);
    assert_eq!(ftc(&f, &url, &["db", "init"], &[]).0, 0);
    let (code, out, err) = ftc(
        &f,
        &url,
        &[
            "tenant",
            "import",
            repeat.to_str().unwrap(),
            "--skip-invalid",
            "--json",
        ],
        &[],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(crate::common::parse_json(out.as_bytes())["inserted"], 400);
    assert_eq!(load_checks(&pg, &third.name), checks);
}

/// A first load killed at any moment leaves the tables empty and every
/// index, key and trigger it set aside in place (the server's DDL is part
/// of the killed transaction).
#[test]
fn a_killed_first_load_on_the_server_leaves_nothing_and_every_check() {
    let Some(pg) = cluster() else { return };
    let (db, f, url) = initialised(&pg);
    let checks = load_checks(&pg, &db.name);
    const ROWS: usize = 20_000;
    let feed = f.path("feed.csv");
    crate::common::write_feed(&feed, 1, ROWS);
    let tenants = || -> i64 {
        pg.admin(&db.name)
            .query_one("SELECT count(*) FROM tenants", &[])
            .unwrap()
            .get(0)
    };
    kill_at_moments(
        || import_command(&f, &url, &feed),
        || assert_eq!(tenants(), 0),
        |round, delay| {
            // The server may take a moment to end the killed session; its
            // table locks keep this reader waiting until then.
            let now = tenants();
            assert!(
                now == 0 || now == ROWS as i64,
                "round {round}, killed after {delay:?}: {now} tenants"
            );
            assert_eq!(load_checks(&pg, &db.name), checks, "round {round}");
            now != 0
        },
    );
}

/// `ftc tenant import FEED` against `url`, quiet.
fn import_command(f: &Ftc, url: &str, feed: &std::path::Path) -> std::process::Command {
    let mut c = f.std_cmd();
    c.env("FTC_DB", url)
        .args(["tenant", "import"])
        .arg(feed)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    c
}

/// Kill (SIGKILL: no goodbye to the server) the command `import` makes at
/// eight moments spread over the time a whole `--dry-run` of it takes
/// (`after_dry_run` checks that it kept nothing), calling `check(round,
/// delay)` after each; stops early when `check` says the whole feed is in
/// (later rounds would be re-imports). At least one command must have
/// been cut short.
fn kill_at_moments(
    import: impl Fn() -> std::process::Command,
    after_dry_run: impl FnOnce(),
    mut check: impl FnMut(u32, std::time::Duration) -> bool,
) {
    let started = std::time::Instant::now();
    assert!(import().arg("--dry-run").status().unwrap().success());
    let run_time = started.elapsed();
    after_dry_run();
    let mut interrupted = 0;
    for round in 0..8u32 {
        let delay = run_time.mul_f64(f64::from(round) / 8.0);
        let mut child = import().spawn().unwrap();
        std::thread::sleep(delay);
        if child.try_wait().unwrap().is_none() {
            interrupted += 1;
        }
        child.kill().unwrap();
        child.wait().unwrap();
        if check(round, delay) {
            break;
        }
    }
    assert!(interrupted > 0, "no import was interrupted");
}
