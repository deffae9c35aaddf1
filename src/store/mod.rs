//! The SQLite store: opening (pragmas, schema version), transactions, and one
//! module per aggregate.

pub mod assignments;
pub mod cadence;
pub mod contacts;
pub mod copy;
pub mod customers;
pub mod dibs;
pub mod feed;
pub mod feedback;
pub mod frps;
pub mod fta;
pub mod history;
pub mod in_place;
pub mod notes;
pub mod partners;
pub mod rfas;
pub mod server;
pub mod sql;
pub mod status;
pub mod suspects;
pub mod tasks;
pub mod tenants;
pub mod usage;

use crate::error::{refused, Failure, Result};
use anyhow::Context;
use rusqlite::{
    Connection, ErrorCode, OpenFlags, OptionalExtension, Transaction, TransactionBehavior,
};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The migrations, in order: `schema.sql` split at its `-- migration N` lines.
const SCHEMA: &str = include_str!("../../schema.sql");

/// Marks a database as ftc's (`PRAGMA application_id`), "FTC1".
const APPLICATION_ID: i32 = 0x4654_4331;

/// How long a command waits for another writer before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// The busy timeout in effect: [`BUSY_TIMEOUT`], or `FTC_BUSY_TIMEOUT_MS`
/// (hidden, for tests that need "locked past the timeout" without waiting
/// 10 s). Read once per process.
fn busy_timeout() -> Duration {
    static TIMEOUT: std::sync::OnceLock<Duration> = std::sync::OnceLock::new();
    *TIMEOUT.get_or_init(|| {
        std::env::var("FTC_BUSY_TIMEOUT_MS")
            .ok()
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map_or(BUSY_TIMEOUT, Duration::from_millis)
    })
}

/// A duration as people read it: `10 s`, `0.25 s`.
fn seconds(d: Duration) -> String {
    if d.subsec_millis() == 0 {
        format!("{} s", d.as_secs())
    } else {
        format!("{} s", d.as_secs_f64())
    }
}

/// The marker that starts a migration block, at the start of a line.
const MARKER: &str = "-- migration ";

/// The migrations of `schema.sql`, numbered from 1: the text after each line
/// that starts with `-- migration N`, up to the next such line.
fn migrations() -> Vec<&'static str> {
    let starts: Vec<usize> = SCHEMA
        .match_indices(MARKER)
        .map(|(i, _)| i)
        .filter(|&i| i == 0 || SCHEMA.as_bytes()[i - 1] == b'\n')
        .collect();
    starts
        .iter()
        .enumerate()
        .map(|(k, &at)| {
            let end = starts.get(k + 1).copied().unwrap_or(SCHEMA.len());
            SCHEMA[at..end]
                .split_once('\n')
                .map_or("", |(_, body)| body)
        })
        .collect()
}

/// Which tenants a whole-table read covers: every tenant, or one FM's
/// (read through the `tenants_agenda` index, so the cost follows that FM's
/// tenants, not the table).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope<'a> {
    All,
    Fm(&'a str),
}

impl<'a> Scope<'a> {
    pub fn of(fm: Option<&'a str>) -> Scope<'a> {
        fm.map_or(Scope::All, Scope::Fm)
    }

    /// The clause that narrows rows of `alias` (which has `tenant_id`) to
    /// the scope; it binds `?1` (the FM, or NULL).
    pub(crate) fn clause(self, alias: &str) -> String {
        match self {
            Scope::All => " WHERE CAST(?1 AS TEXT) IS NULL".to_string(),
            Scope::Fm(_) => format!(
                " JOIN tenants st ON st.id = {alias}.tenant_id WHERE st.fm = ?1 COLLATE NOCASE"
            ),
        }
    }

    /// The value `?1` binds.
    pub(crate) fn fm(self) -> Option<&'a str> {
        match self {
            Scope::All => None,
            Scope::Fm(f) => Some(f),
        }
    }
}

/// The migrations after which the program works out every customer's name
/// keys and the word counts again: 7 added them, each later one changed
/// how names are keyed (12: more abbreviations and legal forms, small
/// words at a name's ends kept; 13: "and" in more languages; 15: more
/// legal forms, "Securities" kept; 16: more legal forms and
/// abbreviations). The server's are in `server::migrate`.
pub const NAME_KEYS_MIGRATIONS: [i64; 5] = [7, 12, 13, 15, 16];

/// The migration that lists the customers by name key (`name_keys`): the
/// lists are written again after it and after each of
/// `NAME_KEYS_MIGRATIONS`.
const KEY_LISTS_MIGRATION: i64 = 14;

/// The schema version this build writes.
pub fn current_version() -> i64 {
    migrations().len() as i64
}

pub struct Store {
    /// The SQLite file; on a team server, an empty in-memory database that
    /// code not yet written for both engines fails on loudly ("no such
    /// table") rather than reading the wrong data.
    pub conn: Connection,
    pub path: PathBuf,
    /// The team server, when `--db` names one.
    server: Option<sql::Server>,
}

/// The one write transaction of a command, on either engine: `BEGIN
/// IMMEDIATE` on the file; on the server a transaction that holds ftc's
/// write lock (waiting at most the busy timeout, then the "locked"
/// refusal). Rolled back unless committed. As a `Connection` it is the
/// file's transaction (on a server, the empty stand-in: see `Store::conn`).
pub enum Write<'s> {
    Sqlite(Transaction<'s>),
    Server(ServerWrite<'s>),
}

pub struct ServerWrite<'s> {
    server: &'s sql::Server,
    empty: &'s Connection,
    done: bool,
}

impl Drop for ServerWrite<'_> {
    fn drop(&mut self) {
        if !self.done {
            let _ = self.server.batch("ROLLBACK");
        }
    }
}

impl Write<'_> {
    pub fn db(&self) -> sql::Db<'_> {
        match self {
            Write::Sqlite(tx) => sql::Db::Sqlite(tx),
            Write::Server(w) => sql::Db::Server(w.server),
        }
    }

    pub fn commit(self) -> Result<()> {
        match self {
            Write::Sqlite(tx) => Ok(tx.commit()?),
            Write::Server(mut w) => {
                w.server.batch("COMMIT")?;
                w.done = true;
                Ok(())
            }
        }
    }
}

impl Write<'_> {
    /// Undo everything written when `undo` (a dry run, a refused feed),
    /// else commit.
    pub fn end(self, undo: bool) -> Result<()> {
        if undo {
            self.rollback()
        } else {
            self.commit()
        }
    }

    /// Undo everything written (`--dry-run`).
    pub fn rollback(self) -> Result<()> {
        match self {
            Write::Sqlite(tx) => Ok(tx.rollback()?),
            Write::Server(mut w) => {
                w.server.batch("ROLLBACK")?;
                w.done = true;
                Ok(())
            }
        }
    }
}

impl std::ops::Deref for Write<'_> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        match self {
            Write::Sqlite(tx) => tx,
            Write::Server(w) => w.empty,
        }
    }
}

impl<'a> From<&'a Write<'_>> for sql::Db<'a> {
    fn from(w: &'a Write<'_>) -> sql::Db<'a> {
        w.db()
    }
}

/// One consistent view for a command that only reads: a deferred
/// transaction on the file, a read-only repeatable-read one on the server;
/// ended when dropped.
pub enum Read<'s> {
    Sqlite(Transaction<'s>),
    Server(ServerRead<'s>),
}

pub struct ServerRead<'s> {
    server: &'s sql::Server,
    empty: &'s Connection,
}

impl Drop for ServerRead<'_> {
    fn drop(&mut self) {
        let _ = self.server.batch("COMMIT");
    }
}

impl Read<'_> {
    pub fn db(&self) -> sql::Db<'_> {
        match self {
            Read::Sqlite(tx) => sql::Db::Sqlite(tx),
            Read::Server(r) => sql::Db::Server(r.server),
        }
    }
}

impl std::ops::Deref for Read<'_> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        match self {
            Read::Sqlite(tx) => tx,
            Read::Server(r) => r.empty,
        }
    }
}

impl<'a> From<&'a Read<'_>> for sql::Db<'a> {
    fn from(r: &'a Read<'_>) -> sql::Db<'a> {
        r.db()
    }
}

impl<'a> From<&'a Store> for sql::Db<'a> {
    fn from(s: &'a Store) -> sql::Db<'a> {
        s.db()
    }
}

impl Store {
    /// Open (creating with its folder, mode 0600, when missing) and migrate.
    pub fn open(path: &Path) -> Result<Store> {
        let shown = path.display().to_string();
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            if !dir.exists() {
                std::fs::create_dir_all(dir).map_err(|e| {
                    refused(format!(
                        "cannot create the folder {} for the database: {e}",
                        dir.display()
                    ))
                    .with_hint("pass --db (or set FTC_DB) to a writable place")
                })?;
            }
        }
        if !path.exists() {
            create_private(path).map_err(|e| {
                refused(format!("cannot create the database {shown}: {e}"))
                    .with_hint("pass --db (or set FTC_DB) to a writable place")
            })?;
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
                | OpenFlags::SQLITE_OPEN_URI,
        )
        .map_err(|e| db_failure(&shown, e))?;
        conn.busy_timeout(busy_timeout())
            .context("setting the busy timeout")?;
        stable_plans(&conn)?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            server: None,
        };
        store
            .prepare()
            .map_err(|e| match e.downcast::<rusqlite::Error>() {
                Ok(db) => db_failure(&shown, db).into(),
                Err(other) => other,
            })?;
        Ok(store)
    }

    /// An in-memory store (tests).
    pub fn open_in_memory() -> Result<Store> {
        let conn = Connection::open_in_memory()?;
        stable_plans(&conn)?;
        let mut store = Store {
            conn,
            path: PathBuf::from(":memory:"),
            server: None,
        };
        store.prepare()?;
        Ok(store)
    }

    fn prepare(&mut self) -> Result<()> {
        let shown = self.path.display().to_string();
        // Reading the header is the first thing that fails on a file that is
        // not a database, so do it before any pragma that could write. Read
        // the three facts in one snapshot: another process may be creating
        // the schema of a new database right now, and its tables seen with
        // the version from before would make the file look like another
        // program's.
        let (version, app_id, tables) = {
            let tx = self.conn.transaction()?;
            let version: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
            let app_id: i32 = tx.query_row("PRAGMA application_id", [], |r| r.get(0))?;
            let tables: i64 =
                tx.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))?;
            tx.commit()?;
            (version, app_id, tables)
        };
        let current = current_version();
        if version > current {
            return Err(refused(format!(
                "the database {shown} was written by a newer ftc (schema version {version}; this ftc knows up to {current})"
            ))
            .with_hint("upgrade ftc, or pass --db to use another database")
            .into());
        }
        if version > 0 && app_id != APPLICATION_ID {
            return Err(not_ftc(&shown).into());
        }
        if version == 0 && tables > 0 {
            return Err(not_ftc(&shown).into());
        }
        if version == 0 {
            // A new file: larger pages make bulk loads and scans cheaper
            // (takes effect only before the first table is created).
            self.conn.pragma_update(None, "page_size", 16384)?;
        }
        let mode: String = self
            .conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") && !mode.eq_ignore_ascii_case("memory") {
            self.switch_to_wal()?;
        }
        self.conn.pragma_update(None, "synchronous", "NORMAL")?;
        if version < current {
            // Migrations rebuild tables, which foreign keys would forbid;
            // they are checked before the migration commits instead.
            self.conn.pragma_update(None, "foreign_keys", "OFF")?;
            self.migrate()?;
        }
        self.conn.pragma_update(None, "foreign_keys", "ON")?;
        Ok(())
    }

    /// Put a new database in WAL mode. The switch needs the file to itself
    /// for a moment and SQLite does not wait for that (no busy handler), so
    /// when several processes open a new database at once the losers retry
    /// until the busy timeout, as a write would.
    fn switch_to_wal(&self) -> Result<()> {
        let start = std::time::Instant::now();
        loop {
            match self
                .conn
                .query_row("PRAGMA journal_mode=WAL", [], |r| r.get::<_, String>(0))
            {
                Ok(_) => return Ok(()),
                Err(e)
                    if matches!(
                        e.sqlite_error_code(),
                        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)
                    ) && start.elapsed() < busy_timeout() =>
                {
                    std::thread::sleep(Duration::from_millis(5));
                }
                Err(e) => return Err(e.into()),
            }
        }
    }

    /// For a bulk load into an empty database: switch to a rollback journal,
    /// which writes each new page once (WAL writes it twice, to the log and
    /// then to the file) and still undoes a killed load. Only possible, and
    /// only done, when no other connection has the database open; `false`
    /// when it stays in WAL. `end_bulk_journal` switches back.
    pub fn begin_bulk_journal(&self) -> Result<bool> {
        if self.path.as_os_str() == ":memory:" {
            return Ok(false);
        }
        let mode = self
            .conn
            .query_row("PRAGMA journal_mode=DELETE", [], |r| r.get::<_, String>(0));
        match mode {
            Ok(m) if m.eq_ignore_ascii_case("delete") => {
                self.conn.pragma_update(None, "synchronous", "FULL")?;
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    /// Bound the file's page cache to `mib` MiB and SQLite's heap to 64 MiB,
    /// so a feed's import keeps its memory flat however large the feed (the
    /// server's memory is the server's).
    pub fn bound_caches(&self, mib: u32) -> Result<()> {
        if self.server.is_none() {
            self.conn.execute_batch(&format!(
                "PRAGMA cache_size = -{}; PRAGMA soft_heap_limit = 67108864;",
                mib * 1024
            ))?;
        }
        Ok(())
    }

    /// Back to WAL after `begin_bulk_journal`.
    pub fn end_bulk_journal(&self) -> Result<()> {
        self.switch_to_wal()?;
        self.conn.pragma_update(None, "synchronous", "NORMAL")?;
        Ok(())
    }

    /// Apply the migrations this database lacks, in one immediate transaction.
    fn migrate(&mut self) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        // Another process may have migrated while we waited for the lock.
        let version: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        let mut keys_changed = false;
        for (i, sql) in migrations().iter().enumerate() {
            let n = i as i64 + 1;
            if n > version {
                tx.execute_batch(sql)
                    .with_context(|| format!("applying migration {n}"))?;
                if NAME_KEYS_MIGRATIONS.contains(&n) {
                    customers::rebuild_name_keys(&tx)
                        .with_context(|| format!("applying migration {n}"))?;
                }
                keys_changed |= NAME_KEYS_MIGRATIONS.contains(&n) || n == KEY_LISTS_MIGRATION;
            }
        }
        // The key lists follow the keys (once, after the last migration:
        // their table is younger than the keys).
        if keys_changed {
            customers::rebuild_key_lists(&tx).context("listing the customers by name key")?;
        }
        let broken: Option<String> = tx
            .query_row("PRAGMA foreign_key_check", [], |r| r.get(0))
            .optional()?;
        if let Some(table) = broken {
            anyhow::bail!("the migrated database has rows in {table} that point at nothing");
        }
        tx.pragma_update(None, "application_id", APPLICATION_ID)?;
        tx.pragma_update(None, "user_version", current_version())?;
        tx.commit()?;
        Ok(())
    }

    /// Open the team server's database: its schema must be this ftc's
    /// (`ftc db init` creates or upgrades it).
    pub fn open_server(settings: &server::settings::Settings) -> Result<Store> {
        let mut client = server::connect(settings)?;
        server::check_version(&mut client, current_version())?;
        Ok(Store {
            conn: Connection::open_in_memory()?,
            path: PathBuf::from(format!("postgres://{}", settings.describe())),
            server: Some(sql::Server::new(client)),
        })
    }

    /// The database, whichever engine it is on.
    pub fn db(&self) -> sql::Db<'_> {
        match &self.server {
            Some(s) => sql::Db::Server(s),
            None => sql::Db::Sqlite(&self.conn),
        }
    }

    /// One consistent view to read in.
    pub fn read(&self) -> Result<Read<'_>> {
        match &self.server {
            Some(s) => {
                // No JIT compilation (here and in `write`): ftc's
                // statements are short, and compiling a large one (the
                // feed's merge, a report) costs more than it saves (half a
                // second of a 100,000-row import). Set per transaction, not
                // as a startup option, which some poolers refuse.
                s.batch("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET LOCAL jit = off")?;
                Ok(Read::Server(ServerRead {
                    server: s,
                    empty: &self.conn,
                }))
            }
            None => Ok(Read::Sqlite(self.conn.unchecked_transaction()?)),
        }
    }

    /// Begin the one write transaction of a command (`BEGIN IMMEDIATE`; on
    /// the server, ftc's write lock).
    pub fn write(&mut self) -> Result<Write<'_>> {
        if let Some(s) = &self.server {
            s.batch(&format!(
                "BEGIN; SET LOCAL lock_timeout = '{}ms'; SET LOCAL jit = off; SELECT pg_advisory_xact_lock(727274)",
                busy_timeout().as_millis()
            ))?;
            return Ok(Write::Server(ServerWrite {
                server: s,
                empty: &self.conn,
                done: false,
            }));
        }
        let shown = self.path.display().to_string();
        // SQLite opens a file it may not write read-only without a word, and
        // `BEGIN IMMEDIATE` succeeds on it: the first INSERT would fail with
        // a bare "attempt to write a readonly database". Say which file.
        if self
            .conn
            .is_readonly(rusqlite::MAIN_DB)
            .map_err(|e| db_failure(&shown, e))?
        {
            return Err(refused(format!(
                "cannot write the database {shown}: the file is read-only"
            ))
            .with_hint("check the file's and its folder's permissions, or pass --db")
            .into());
        }
        self.conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map(Write::Sqlite)
            .map_err(|e| db_failure(&shown, e).into())
    }
}

/// Keep query plans fixed: otherwise SQLite re-prepares a statement whenever
/// a newly bound value might change its plan, which made every cached
/// statement of the import re-parse on every row.
fn stable_plans(conn: &Connection) -> Result<()> {
    conn.set_db_config(
        rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
        true,
    )?;
    Ok(())
}

fn not_ftc(shown: &str) -> Failure {
    refused(format!(
        "{shown} is an SQLite database, but not one of ftc's"
    ))
    .with_hint("pass --db with the path of an ftc database, or a new file name")
}

/// Create an empty file readable by its owner only.
fn create_private(path: &Path) -> std::io::Result<()> {
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    match opts.open(path) {
        Ok(_) => Ok(()),
        // Another process created it first: fine.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e),
    }
}

/// Turn an SQLite error into a message a user can act on.
pub fn db_failure(shown: &str, e: rusqlite::Error) -> Failure {
    match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => refused(format!(
            "{shown} is not an ftc database (the file is not an SQLite database)"
        ))
        .with_hint("pass --db with the path of an ftc database, or a new file name"),
        Some(ErrorCode::DatabaseCorrupt) => {
            refused(format!("the database {shown} is damaged ({e})"))
                .with_hint("restore it from a backup; `sqlite3 FILE .recover` may save some of it")
        }
        Some(ErrorCode::DatabaseBusy) | Some(ErrorCode::DatabaseLocked) => refused(format!(
            "the database {shown} is locked by another process (waited {})",
            seconds(busy_timeout())
        ))
        .with_hint("try again when the other ftc command has finished"),
        Some(ErrorCode::ReadOnly)
        | Some(ErrorCode::PermissionDenied)
        | Some(ErrorCode::CannotOpen) => refused(format!("cannot write the database {shown}: {e}"))
            .with_hint("check the file's and its folder's permissions, or pass --db"),
        _ => refused(format!("database {shown}: {e}")),
    }
}

/// Map an error from a store call, turning SQLite errors into failures.
pub fn map_db(shown: &str, e: anyhow::Error) -> anyhow::Error {
    match e.downcast::<rusqlite::Error>() {
        Ok(db) => db_failure(shown, db).into(),
        Err(other) => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrates_once_and_twice() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.db");
        drop(Store::open(&p).unwrap());
        let s = Store::open(&p).unwrap();
        let v: i64 = s
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v, current_version());
    }

    #[test]
    fn migrations_are_the_marked_blocks_in_order() {
        let labels: Vec<i64> = SCHEMA
            .lines()
            .filter_map(|l| l.strip_prefix(MARKER))
            .map(|rest| {
                let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
                digits.parse().expect("a migration number")
            })
            .collect();
        let want: Vec<i64> = (1..=migrations().len() as i64).collect();
        assert_eq!(labels, want, "-- migration 1, 2, 3... at line starts");
        assert!(migrations()[0].starts_with("CREATE TABLE customers"));
        for m in migrations() {
            assert!(!m.contains("\n-- migration "), "one block per migration");
        }
    }

    /// An ftc database at `path` with the migrations up to `version` only.
    fn database_at(path: &std::path::Path, version: i64) -> Connection {
        let c = Connection::open(path).unwrap();
        let upto = SCHEMA
            .split(&format!("\n{MARKER}{}", version + 1))
            .next()
            .unwrap();
        c.execute_batch(upto).unwrap();
        c.pragma_update(None, "application_id", APPLICATION_ID)
            .unwrap();
        c.pragma_update(None, "user_version", version).unwrap();
        c
    }

    #[test]
    fn a_first_version_database_is_migrated() {
        // Migration N is version N: a database with migration 1 only is at 1.
        assert_eq!(current_version(), migrations().len() as i64);
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.db");
        let c = database_at(&p, 1);
        c.execute_batch(
            "INSERT INTO customers (id, name, norm_name, key_suffix) VALUES (1, 'A', 'a', 'a');
             INSERT INTO tenants (domain, customer_id, source, added_on)
             VALUES ('a.example.com', 1, 'exception', '2026-01-01');",
        )
        .unwrap();
        drop(c);
        let s = Store::open(&p).unwrap();
        let n: i64 = s
            .conn
            .query_row("SELECT count(*) FROM tenants", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 1);
    }

    /// A database of the version before the key lists: its customers are
    /// listed by name key when it is opened, and found by them.
    #[test]
    fn a_database_before_the_key_lists_lists_its_customers() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.db");
        let c = database_at(&p, KEY_LISTS_MIGRATION - 1);
        for (id, name) in [(1, "Contoso Pharmaceuticals"), (2, "Fabrikam Foods")] {
            let k = crate::domain::names::NameKeys::of(name);
            c.execute(
                "INSERT INTO customers (id, tpid, name, norm_name, key_suffix, initials, key_prefix)
                 VALUES (?1, ?1, ?2, ?3, ?4, ?5, ?6)",
                rusqlite::params![id, name, k.norm, k.suffix, k.initials_key(), k.prefix],
            )
            .unwrap();
        }
        drop(c);
        let s = Store::open(&p).unwrap();
        let lists: i64 = s
            .conn
            .query_row("SELECT count(*) FROM name_keys", [], |r| r.get(0))
            .unwrap();
        assert_eq!(lists, 6, "a prefix, a suffix and initials each");
        let found = customers::customer_candidates(
            &s.conn,
            &crate::domain::names::NameKeys::of("Contoso Pharmaceutical"),
        )
        .unwrap();
        assert_eq!(found.iter().map(|c| c.id).collect::<Vec<_>>(), vec![1]);
    }

    /// A database keyed before the seventeenth session's legal forms: its
    /// names are keyed again when it is opened, the word counts and the
    /// key lists with them.
    #[test]
    fn a_database_before_more_legal_forms_is_keyed_again() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.db");
        let c = database_at(&p, 14);
        // As the fourteenth version keyed it: "e.K." a word of the name.
        c.execute_batch(
            "INSERT INTO customers (id, tpid, name, norm_name, key_suffix, initials, key_prefix)
             VALUES (1, 1, 'Müller Logistik e.K.', 'muller logistik ek', 'logi', 'ekllm', 'mull');
             INSERT INTO name_words (word, names) VALUES ('', 1), ('muller', 1), ('logistik', 1), ('ek', 1);",
        )
        .unwrap();
        drop(c);
        let s = Store::open(&p).unwrap();
        let (norm, initials): (String, Option<String>) = s
            .conn
            .query_row(
                "SELECT norm_name, initials FROM customers WHERE id = 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!(
            (norm.as_str(), initials.as_deref()),
            ("muller logistik", Some("lm"))
        );
        let ek: i64 = s
            .conn
            .query_row(
                "SELECT count(*) FROM name_words WHERE word = 'ek'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(ek, 0, "the word counts follow the keys");
        let found = customers::customer_candidates(
            &s.conn,
            &crate::domain::names::NameKeys::of("Müller Logistik GmbH"),
        )
        .unwrap();
        assert_eq!(found.iter().map(|c| c.id).collect::<Vec<_>>(), vec![1]);
    }

    #[test]
    fn refuses_newer() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.db");
        drop(Store::open(&p).unwrap());
        let c = Connection::open(&p).unwrap();
        c.pragma_update(None, "user_version", current_version() + 1)
            .unwrap();
        drop(c);
        let err = Store::open(&p).err().unwrap();
        assert!(err.to_string().contains("newer ftc"), "{err}");
    }

    #[test]
    fn refuses_foreign_database() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.db");
        let c = Connection::open(&p).unwrap();
        c.execute_batch("CREATE TABLE t(x)").unwrap();
        drop(c);
        let err = Store::open(&p).err().unwrap();
        assert!(err.to_string().contains("not one of ftc's"), "{err}");
    }

    #[test]
    fn in_memory_has_schema() {
        let s = Store::open_in_memory().unwrap();
        let n: i64 = s
            .conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE name='tenants'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(n, 1);
    }
}
