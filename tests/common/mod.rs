//! Shared set-up for the CLI tests: the real `ftc` binary, run in a temp dir
//! with a hermetic environment (own database, own config, pinned today and
//! user, no colour, no inherited `FTC_*` variables).
#![allow(dead_code)] // each test file uses a different part of this module

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// The pinned "today" of every test.
pub const TODAY: &str = "2027-07-01";

/// The acting user of every test, unless a test says otherwise.
pub const USER: &str = "tester";

/// Variables a developer's shell may set that would leak into a test.
const LEAKY_VARS: &[&str] = &[
    "FTC_DB",
    "FTC_CONFIG",
    "FTC_TODAY",
    "FTC_USER",
    "FTC_FORMAT",
    "USER",
    "XDG_CONFIG_HOME",
    "XDG_DATA_HOME",
    "RUST_BACKTRACE",
    "FTC_BUSY_TIMEOUT_MS",
    // clap wraps help to $COLUMNS: help snapshots must not depend on the shell.
    "COLUMNS",
    "LINES",
];

/// A temp dir holding one test's database and config; on the server
/// engine (`FTC_TEST_ENGINE=server`) the database is one of its own on the
/// test cluster instead of the file.
pub struct Ftc {
    pub dir: TempDir,
    server: Option<engine::ServerDb>,
}

/// Whether the CLI tests run on a PostgreSQL server (`FTC_TEST_ENGINE=server`,
/// with `FTC_TEST_PG_SOCKET` and `FTC_TEST_PG_PORT`) rather than the file.
pub fn on_server() -> bool {
    engine::on_server()
}

/// For a test about the SQLite file itself (its bytes, modes, locks,
/// journal, or a command that only the file has): `true` on the server
/// engine, where the test then does not run. The README lists them.
pub fn file_only(why: &str) -> bool {
    if on_server() {
        eprintln!("about the SQLite file ({why}): not run on the server engine");
        return true;
    }
    false
}

pub mod engine {
    //! The server engine of the CLI tests: a database a test on the test
    //! cluster, made from a template that `ftc db init` built once per
    //! binary, and dropped at the test's end. The tests log in as `tester`
    //! (the acting user of every test): the server writes the session's
    //! user into history.
    use std::path::PathBuf;

    pub fn on_server() -> bool {
        std::env::var("FTC_TEST_ENGINE").is_ok_and(|e| e == "server")
    }

    fn cluster() -> (PathBuf, u16) {
        let socket = std::env::var("FTC_TEST_PG_SOCKET")
            .expect("FTC_TEST_ENGINE=server needs FTC_TEST_PG_SOCKET and FTC_TEST_PG_PORT");
        let port = std::env::var("FTC_TEST_PG_PORT")
            .expect("FTC_TEST_ENGINE=server needs FTC_TEST_PG_PORT")
            .parse()
            .expect("FTC_TEST_PG_PORT is a port");
        (PathBuf::from(socket), port)
    }

    pub fn admin(db: &str) -> postgres::Client {
        let (socket, port) = cluster();
        postgres::Config::new()
            .host_path(&socket)
            .port(port)
            .user("postgres")
            .dbname(db)
            .connect(postgres::NoTls)
            .expect("connect to the test cluster")
    }

    /// `postgres://tester@SOCKET:PORT/DB`.
    pub fn url(db: &str) -> String {
        let (socket, port) = cluster();
        format!(
            "postgres://{}@{}:{port}/{db}",
            super::USER,
            socket.display().to_string().replace('/', "%2F")
        )
    }

    /// The template every test's database is made from: named after the
    /// binary's build time, so a rebuilt ftc gets its schema anew.
    fn template() -> String {
        static NAME: std::sync::OnceLock<String> = std::sync::OnceLock::new();
        NAME.get_or_init(|| {
            let built = std::fs::metadata(env!("CARGO_BIN_EXE_ftc"))
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_millis());
            let name = format!("ftc_test_template_{built}");
            let mut c = admin("postgres");
            // One process builds it; the others wait here and find it.
            c.batch_execute("SELECT pg_advisory_lock(20261206)").unwrap();
            let exists = c
                .query_opt("SELECT 1 FROM pg_database WHERE datname = $1", &[&name])
                .unwrap()
                .is_some();
            if !exists {
                c.batch_execute(&format!(
                    "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{user}') THEN
                         CREATE ROLE {user} LOGIN SUPERUSER; END IF; END $$;",
                    user = super::USER
                ))
                .unwrap();
                // What an earlier run left half-built, and the templates of
                // earlier builds (a cluster kept between runs), go first.
                let old: Vec<String> = c
                    .query(
                        "SELECT datname FROM pg_database WHERE datname LIKE 'ftc\\_test\\_template\\_%'",
                        &[],
                    )
                    .unwrap()
                    .iter()
                    .map(|r| r.get(0))
                    .collect();
                for db in old {
                    let _ = c.batch_execute(&format!("DROP DATABASE IF EXISTS {db}"));
                }
                c.batch_execute(&format!(
                    "CREATE DATABASE {name}_building LOCALE 'C' TEMPLATE template0"
                ))
                .unwrap();
                let out = std::process::Command::new(env!("CARGO_BIN_EXE_ftc"))
                    .args(["--db", &url(&format!("{name}_building")), "db", "init"])
                    .env_remove("FTC_CONFIG")
                    .output()
                    .unwrap();
                assert!(
                    out.status.success(),
                    "ftc db init on the template: {}",
                    String::from_utf8_lossy(&out.stderr)
                );
                c.batch_execute(&format!(
                    "ALTER DATABASE {name}_building RENAME TO {name}"
                ))
                .unwrap();
            }
            c.batch_execute("SELECT pg_advisory_unlock(20261206)").unwrap();
            name
        })
        .clone()
    }

    /// One test's database.
    pub struct ServerDb {
        pub name: String,
    }

    impl ServerDb {
        pub fn new() -> ServerDb {
            static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
            let name = format!(
                "ftc_test_{}_{}",
                std::process::id(),
                N.fetch_add(1, std::sync::atomic::Ordering::SeqCst)
            );
            let template = template();
            admin("postgres")
                .batch_execute(&format!("CREATE DATABASE {name} TEMPLATE {template}"))
                .unwrap();
            ServerDb { name }
        }

        /// Every row of every table, each table's rows in order: what a
        /// refused command must leave as it was. (Sequences are not
        /// compared: the server never gives back a number it handed out,
        /// even to a transaction rolled back.)
        pub fn dump(&self) -> String {
            dump(&self.name)
        }
    }

    /// Every row of every table of the database `db`, each table's rows in
    /// order.
    pub fn dump(db: &str) -> String {
        let mut c = admin(db);
        let tables: Vec<String> = c
            .query(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
                &[],
            )
            .unwrap()
            .iter()
            .map(|r| r.get(0))
            .collect();
        let mut out = String::new();
        for t in tables {
            let rows: String = c
                    .query_one(
                        &format!(
                            "SELECT coalesce(string_agg(r::text, E'\\n' ORDER BY r::text), '') FROM {t} r"
                        ),
                        &[],
                    )
                    .unwrap()
                    .get(0);
            out.push_str(&format!("== {t}\n{rows}\n"));
        }
        out
    }

    impl Drop for ServerDb {
        fn drop(&mut self) {
            let _ = admin("postgres").batch_execute(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ));
        }
    }
}

impl Ftc {
    /// A fresh environment with an empty config file.
    pub fn new() -> Ftc {
        Ftc::with_config("")
    }

    /// A fresh environment whose config file holds `text`.
    pub fn with_config(text: &str) -> Ftc {
        let dir = tempfile::tempdir().expect("temp dir");
        let server = on_server().then(engine::ServerDb::new);
        let f = Ftc { dir, server };
        f.write("config.toml", text);
        f
    }

    /// A path inside the temp dir.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// The database file (FTC_DB on the file engine).
    pub fn db(&self) -> PathBuf {
        self.path("ftc.db")
    }

    /// The rows `sql` selects from this test's database, each value as text
    /// (`None` for NULL): a look inside without ftc. The file that does not
    /// exist yet has no rows.
    pub fn query(&self, sql: &str) -> Vec<Vec<Option<String>>> {
        if let Some(s) = &self.server {
            let mut c = engine::admin(&s.name);
            return c
                .simple_query(sql)
                .unwrap()
                .into_iter()
                .filter_map(|m| match m {
                    postgres::SimpleQueryMessage::Row(r) => {
                        Some((0..r.len()).map(|i| r.get(i).map(str::to_string)).collect())
                    }
                    _ => None,
                })
                .collect();
        }
        if !self.db().exists() {
            return Vec::new();
        }
        let c = rusqlite::Connection::open_with_flags(
            self.db(),
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
        )
        .unwrap();
        let mut st = c.prepare(sql).unwrap();
        let n = st.column_count();
        st.query_map([], |r| {
            (0..n)
                .map(|i| {
                    Ok(match r.get_ref(i)? {
                        rusqlite::types::ValueRef::Null => None,
                        rusqlite::types::ValueRef::Integer(v) => Some(v.to_string()),
                        rusqlite::types::ValueRef::Real(v) => Some(v.to_string()),
                        rusqlite::types::ValueRef::Text(t) | rusqlite::types::ValueRef::Blob(t) => {
                            Some(String::from_utf8_lossy(t).into_owned())
                        }
                    })
                })
                .collect()
        })
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
    }

    /// How many rows `table` has (none in a file that does not exist yet).
    pub fn count(&self, table: &str) -> u64 {
        self.query(&format!("SELECT count(*) FROM {table}"))
            .first()
            .and_then(|r| r[0].as_deref().map(|n| n.parse().unwrap()))
            .unwrap_or(0)
    }

    /// On the server engine, every row of the test's database (see
    /// `engine::dump`); `None` on the file.
    pub fn server_dump(&self) -> Option<String> {
        self.server.as_ref().map(|s| engine::dump(&s.name))
    }

    /// What FTC_DB names: the file, or the test's database on the server.
    pub fn database(&self) -> std::ffi::OsString {
        match &self.server {
            Some(s) => engine::url(&s.name).into(),
            None => self.db().into(),
        }
    }

    /// The config file (FTC_CONFIG).
    pub fn config(&self) -> PathBuf {
        self.path("config.toml")
    }

    /// Write a file in the temp dir and return its path.
    pub fn write(&self, rel: &str, text: &str) -> PathBuf {
        let p = self.path(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).expect("create parent");
        }
        std::fs::write(&p, text).expect("write file");
        p
    }

    /// The real binary, hermetic, without the database or config set: for
    /// tests that need the defaults (data dir, config dir) under HOME.
    pub fn bare_cmd(&self) -> Command {
        Command::from_std(self.bare_std_cmd())
    }

    /// The real binary with this environment's database and config.
    pub fn cmd(&self) -> Command {
        Command::from_std(self.std_cmd())
    }

    /// `bare_cmd` as a `std::process::Command`, for tests that spawn.
    pub fn bare_std_cmd(&self) -> std::process::Command {
        let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_ftc"));
        for v in LEAKY_VARS {
            c.env_remove(v);
        }
        c.current_dir(self.dir.path())
            .env("HOME", self.dir.path())
            .env("XDG_CONFIG_HOME", self.path("xdg-config"))
            .env("XDG_DATA_HOME", self.path("xdg-data"))
            .env("FTC_TODAY", TODAY)
            .env("FTC_USER", USER)
            .env("NO_COLOR", "1");
        c
    }

    /// `cmd` as a `std::process::Command`, for tests that spawn (and kill).
    pub fn std_cmd(&self) -> std::process::Command {
        let mut c = self.bare_std_cmd();
        c.env("FTC_DB", self.database())
            .env("FTC_CONFIG", self.config());
        c
    }

    /// Run `args` and require exit 0; returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.cmd().args(args).output().expect("run ftc");
        assert!(
            out.status.success(),
            "ftc {args:?} failed with {:?}\nstdout:\n{}\nstderr:\n{}",
            out.status.code(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf-8 stdout")
    }

    /// Build the demo database at `demo.db` in the temp dir; its path.
    pub fn demo(&self) -> PathBuf {
        let db = self.path("demo.db");
        let out = self
            .cmd()
            .args(["demo", "--db", db.to_str().expect("a UTF-8 temp path")])
            .output()
            .expect("run ftc demo");
        assert!(
            out.status.success(),
            "ftc demo failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        db
    }

    /// Create the (empty) database: read-only commands refuse a missing one.
    pub fn init(&self) -> &Ftc {
        self.ok(&["db", "init"]);
        self
    }

    /// Run `args --json`, require exit 0, and parse stdout.
    pub fn json(&self, args: &[&str]) -> Value {
        let mut all: Vec<&str> = args.to_vec();
        all.push("--json");
        parse_json(self.ok(&all).as_bytes())
    }

    /// `tenant add --domain D --customer C` plus `extra`, which must succeed;
    /// returns the tenant object it prints.
    pub fn add(&self, domain: &str, customer: &str, extra: &[&str]) -> Value {
        let mut args = vec!["tenant", "add", "--domain", domain, "--customer", customer];
        args.extend_from_slice(extra);
        self.json(&args)
    }

    /// `tenant list --json`.
    pub fn tenants(&self) -> Value {
        self.json(&["tenant", "list"])
    }

    /// One tenant from `tenant show --json`.
    pub fn show(&self, tenant: &str) -> Value {
        self.json(&["tenant", "show", tenant])
    }

    /// `history TENANT --json`.
    pub fn history(&self, tenant: &str) -> Value {
        self.json(&["history", tenant])
    }

    /// Every tenant, every customer and every tenant's history as the CLI
    /// reports them, without the history's wall-clock times: to compare two
    /// databases built the same way at different moments. (That a command
    /// changed nothing is `freeze` or `assert_refused`.)
    /// Assert that the file's name-key lists (`name_keys`) list exactly
    /// the customers under their key columns' keys.
    pub fn assert_key_lists_current(&self) {
        if on_server() {
            return; // the server indexes the key columns themselves
        }
        let c = rusqlite::Connection::open(self.db()).expect("open the database");
        let all = |sql: &str| -> Vec<String> {
            c.prepare(sql)
                .unwrap()
                .query_map([], |r| r.get(0))
                .unwrap()
                .map(Result::unwrap)
                .collect()
        };
        let lists =
            all("SELECT k.key || '|' || j.value FROM name_keys k, json_each(k.ids) j ORDER BY 1");
        let columns = all("SELECT 'p' || key_prefix || '|' || id FROM customers
             UNION ALL SELECT 's' || key_suffix || '|' || id FROM customers
             UNION ALL SELECT 'i' || initials || '|' || id FROM customers WHERE initials IS NOT NULL
             ORDER BY 1");
        assert!(!columns.is_empty(), "no customers to list");
        assert_eq!(
            lists, columns,
            "the name-key lists are not the key columns'"
        );
    }

    pub fn snapshot_without_times(&self) -> String {
        let history = |mut h: Value| {
            for e in h.as_array_mut().expect("history is an array") {
                e.as_object_mut().expect("an entry").remove("at");
            }
            h
        };
        let tenants = self.tenants();
        let customers = self.json(&["customer", "list"]);
        let mut s = format!("{tenants}\n{customers}\n");
        for t in tenants.as_array().expect("tenant list is an array") {
            let domain = t["domain"].as_str().expect("domain");
            s.push_str(&format!("{domain}: {}\n", history(self.history(domain))));
        }
        s
    }
}

/// A feed of `rows` new tenants (about 1.3 per customer) written to `path`;
/// feeds of different `series` share no tenant, domain or customer.
pub fn write_feed(path: &Path, series: u16, rows: usize) {
    use std::io::Write as _;
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).expect("create feed"));
    writeln!(
        out,
        "tenant_id,domain,customer,tpid,region,seats,managed,country"
    )
    .unwrap();
    let regions = ["americas", "emea", "apj"];
    let tag = format!("s{series}n");
    for i in 0..rows {
        let customer = i - i / 4; // every fourth row shares the previous customer
        writeln!(
            out,
            "{i:08x}-{series:04x}-4000-8000-{i:012x},{tag}{i}.onmicrosoft.com,\"Feed {tag} Customer {customer}, Ltd\",{},{},{},yes,Peru",
            u64::from(series) * 10_000_000 + customer as u64 + 1,
            regions[i % 3],
            100 + (i * 37) % 5000,
        )
        .unwrap();
    }
    out.flush().unwrap();
}

/// Parse JSON output, with the text in the panic message when it is not JSON.
pub fn parse_json(bytes: &[u8]) -> Value {
    serde_json::from_slice(bytes)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", String::from_utf8_lossy(bytes)))
}

/// Parse JSON lines output: one value per non-empty line.
pub fn parse_jsonl(bytes: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(bytes)
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| parse_json(l.as_bytes()))
        .collect()
}

/// The domains of a JSON array of tenants, in order.
pub fn domains(list: &Value) -> Vec<String> {
    list.as_array()
        .expect("an array")
        .iter()
        .map(|t| t["domain"].as_str().expect("domain").to_string())
        .collect()
}

/// stdout and stderr of an output as text.
pub fn texts(out: &std::process::Output) -> (String, String) {
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The keys every tenant view prints, in order (SPEC 3.1).
pub const TENANT_KEYS: [&str; 15] = [
    "domain",
    "tenant_id",
    "customer",
    "tpid",
    "region",
    "seats",
    "eligible",
    "source",
    "fm",
    "managed",
    "winner",
    "covid_rfa",
    "goback",
    "stage",
    "assignment",
];

/// Whether a file's mode (unix) is owner read/write only.
#[cfg(unix)]
pub fn mode_of(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).expect("metadata").permissions().mode() & 0o777
}

/// Run `args` with "today" pinned to `today`.
pub fn run(f: &Ftc, today: &str, args: &[&str]) -> std::process::Output {
    f.cmd()
        .env("FTC_TODAY", today)
        .args(args)
        .output()
        .expect("run ftc")
}

/// The descriptions of a tenant's history entries of one action, oldest first.
pub fn history_of(f: &Ftc, tenant: &str, action: &str) -> Vec<String> {
    let mut v: Vec<String> = f
        .history(tenant)
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == action)
        .map(|e| e["description"].as_str().unwrap().to_string())
        .collect();
    v.reverse();
    v
}

/// Run `args --json` on `today`, require exit 0, parse stdout.
pub fn ok_on(f: &Ftc, today: &str, args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.push("--json");
    let out = run(f, today, &all);
    let (stdout, stderr) = texts(&out);
    assert_eq!(
        out.status.code(),
        Some(0),
        "ftc {args:?} on {today}\nstdout:\n{stdout}\nstderr:\n{stderr}"
    );
    serde_json::from_str(&stdout).expect("json")
}

// ------------------------------------------------------- refusals, snapshots

/// The bytes of a database file and of its write-ahead log, taken after a
/// checkpoint: `assert_unchanged` then proves that nothing was written.
pub struct Frozen {
    db: PathBuf,
    main: Option<Vec<u8>>,
    wal: Option<Vec<u8>>,
    /// On the server engine: the database's name and every row it held.
    server: Option<(String, String)>,
}

impl Ftc {
    /// Checkpoint the database (everything committed moves into the main
    /// file, the WAL is emptied) and capture its bytes and its WAL's.
    pub fn freeze(&self) -> Frozen {
        match &self.server {
            Some(s) => Frozen {
                db: self.db(),
                main: None,
                wal: None,
                server: Some((s.name.clone(), s.dump())),
            },
            None => freeze(&self.db()),
        }
    }
}

/// `Ftc::freeze` for any database file.
pub fn freeze(db: &Path) -> Frozen {
    if db.exists() {
        // A file that is not a database, or is locked, cannot be
        // checkpointed: its bytes are compared all the same.
        if let Ok(c) = rusqlite::Connection::open_with_flags(
            db,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
        ) {
            let _ = c.busy_timeout(std::time::Duration::ZERO);
            let _ = c.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
            let _ = c.close();
        }
    }
    Frozen {
        db: db.to_path_buf(),
        main: std::fs::read(db).ok(),
        wal: std::fs::read(wal_of(db)).ok(),
        server: None,
    }
}

fn wal_of(db: &Path) -> PathBuf {
    let mut p = db.as_os_str().to_owned();
    p.push("-wal");
    PathBuf::from(p)
}

impl Frozen {
    /// Require the database file and its WAL to hold the same bytes as when
    /// frozen (a missing WAL and an empty one are the same: no frames).
    pub fn assert_unchanged(&self, what: &str) {
        self.compare(what, false);
    }

    /// `assert_unchanged`, but for the two counters of the file's header
    /// that SQLite bumps whenever it writes the file in rollback-journal
    /// mode, even when no page changes (the file change counter, bytes
    /// 24-27, and the version-valid-for number, bytes 92-95).
    pub fn assert_same_pages(&self, what: &str) {
        self.compare(what, true);
    }

    fn compare(&self, what: &str, but_counters: bool) {
        if let Some((name, before)) = &self.server {
            let after = engine::dump(name);
            assert!(
                *before == after,
                "{what} changed the server's database:\n{}",
                first_difference(before, &after)
            );
            return;
        }
        let main = std::fs::read(&self.db).ok();
        let counters = |mut b: Vec<u8>| {
            if but_counters && b.len() >= 100 {
                b[24..28].fill(0);
                b[92..96].fill(0);
            }
            b
        };
        match (self.main.clone().map(counters), main.map(counters)) {
            (None, Some(_)) => panic!("{what} created the database {}", self.db.display()),
            (Some(_), None) => panic!("{what} removed the database {}", self.db.display()),
            (Some(a), Some(b)) if a != b => panic!(
                "{what} changed the database file ({} bytes before, {} after)",
                a.len(),
                b.len()
            ),
            _ => {}
        }
        let wal = std::fs::read(wal_of(&self.db)).unwrap_or_default();
        let before = self.wal.as_deref().unwrap_or_default();
        assert!(
            wal == before,
            "{what} changed the database's WAL file ({} bytes before, {} after)",
            before.len(),
            wal.len()
        );
    }
}

/// Run `args` on the pinned today and require a refusal: exit `code`,
/// nothing on stdout, an `error:` message on stderr equal to the test's
/// snapshot (`tests/snapshots/<module>__<test>[-N].snap`), and the database
/// unchanged byte for byte. Returns stderr.
pub fn assert_refused(f: &Ftc, args: &[&str], code: i32) -> String {
    assert_refused_on(f, TODAY, args, code)
}

/// `assert_refused` with "today" pinned to `today`.
pub fn assert_refused_on(f: &Ftc, today: &str, args: &[&str], code: i32) -> String {
    let frozen = f.freeze();
    let out = run(f, today, args);
    let (stdout, stderr) = texts(&out);
    assert_eq!(
        out.status.code(),
        Some(code),
        "ftc {args:?} on {today}\nstdout:\n{stdout}\nstderr:\n{stderr}"
    );
    assert!(
        stdout.is_empty(),
        "ftc {args:?}: a refusal prints nothing on stdout, got:\n{stdout}"
    );
    assert!(stderr.contains("error:"), "ftc {args:?}:\n{stderr}");
    frozen.assert_unchanged(&format!("the refused ftc {args:?}"));
    assert_named_snapshot(f, &format!("{}\n{stderr}", command_line(args)));
    stderr
}

/// Run `args` on the pinned today, require exit 0, and require what it
/// prints (stdout, then stderr if any) to equal the test's snapshot.
/// Returns stdout.
pub fn assert_prints(f: &Ftc, args: &[&str]) -> String {
    assert_output_on(f, TODAY, args, 0).0
}

/// `assert_prints` with "today" pinned to `today`.
pub fn assert_prints_on(f: &Ftc, today: &str, args: &[&str]) -> String {
    assert_output_on(f, today, args, 0).0
}

/// Run `args` on `today`, require exit `code`, and require what it prints
/// (stdout, then stderr if any) to equal the test's snapshot: for a command
/// that refuses with something on stdout too (`assert_refused` wants
/// nothing there). Returns (stdout, stderr).
pub fn assert_output_on(f: &Ftc, today: &str, args: &[&str], code: i32) -> (String, String) {
    let out = run(f, today, args);
    assert_output_snapshot(f, &format!("{args:?} on {today}"), args, &out, code)
}

/// `assert_prints` with neither FTC_DB nor FTC_CONFIG set: for `--help`,
/// which shows the variables' values (a temp path would make its line
/// wrapping depend on the machine).
pub fn assert_prints_bare(f: &Ftc, args: &[&str]) -> String {
    let out = f.bare_cmd().args(args).output().expect("run ftc");
    assert_output_snapshot(f, &format!("{args:?}"), args, &out, 0).0
}

fn assert_output_snapshot(
    f: &Ftc,
    what: &str,
    args: &[&str],
    out: &std::process::Output,
    code: i32,
) -> (String, String) {
    let (stdout, stderr) = texts(out);
    assert_eq!(
        out.status.code(),
        Some(code),
        "ftc {what}\nstdout:\n{stdout}\nstderr:\n{stderr}"
    );
    let mut shown = format!("{}\n{stdout}", command_line(args));
    if !stderr.is_empty() {
        shown.push_str(&format!("--- stderr\n{stderr}"));
    }
    assert_named_snapshot(f, &shown);
    (stdout, stderr)
}

/// `$ ftc ARGS`, quoted as a shell would need them.
fn command_line(args: &[&str]) -> String {
    let mut s = String::from("$ ftc");
    for a in args {
        let plain = !a.is_empty()
            && a.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.,/@:=+".contains(c));
        if plain {
            s.push_str(&format!(" {a}"));
        } else {
            s.push_str(&format!(" '{}'", a.replace('\'', r"'\''")));
        }
    }
    s
}

/// Snapshots taken so far by each test (its thread), to number them.
static TAKEN: std::sync::Mutex<Vec<(String, usize)>> = std::sync::Mutex::new(Vec::new());

/// The name of the test's next snapshot: its path with `__` for `::`, and
/// `-2`, `-3`... from its second snapshot on (libtest and nextest both run a
/// test on a thread named after it).
fn next_snapshot_name() -> String {
    let thread = std::thread::current();
    let test = thread
        .name()
        .filter(|n| *n != "main")
        .expect("snapshots are taken on a test's own thread");
    let mut taken = TAKEN.lock().unwrap_or_else(|e| e.into_inner());
    let n = match taken.iter_mut().find(|(t, _)| t == test) {
        Some((_, n)) => {
            *n += 1;
            *n
        }
        None => {
            taken.push((test.to_string(), 1));
            1
        }
    };
    let name = test.replace("::", "__");
    if n == 1 {
        name
    } else {
        format!("{name}-{n}")
    }
}

/// Compare `text`, with this test's temp dir shown as `[TMP]`, to the test's
/// next snapshot in `tests/snapshots/`.
fn assert_named_snapshot(f: &Ftc, text: &str) {
    let name = next_snapshot_name();
    let text = redact(f, text);
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../snapshots");
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.bind(|| insta::assert_snapshot!(name, text));
}

/// `text` with the temp dir's path (as given and canonical) as `[TMP]`.
pub fn redact(f: &Ftc, text: &str) -> String {
    let mut text = text.to_string();
    let given = f.dir.path().to_path_buf();
    let canonical = given.canonicalize().unwrap_or_else(|_| given.clone());
    for p in [canonical, given] {
        text = text.replace(&p.display().to_string(), "[TMP]");
    }
    text
}

/// The first line where two dumps differ, with its neighbours.
fn first_difference(a: &str, b: &str) -> String {
    let (a, b): (Vec<&str>, Vec<&str>) = (a.lines().collect(), b.lines().collect());
    let i = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let table = a[..i]
        .iter()
        .rev()
        .find(|l| l.starts_with("== "))
        .unwrap_or(&"");
    format!(
        "{table}\nbefore: {}\nafter:  {}",
        a.get(i).unwrap_or(&"(nothing)"),
        b.get(i).unwrap_or(&"(nothing)")
    )
}
