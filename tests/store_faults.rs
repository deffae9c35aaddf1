//! Exit codes for usage errors, and the database faults of SPEC 2 and 5:
//! newer schema, corrupt or foreign files, and how the file is created.

use crate::common::{assert_prints_bare, assert_refused, texts, Ftc};
use predicates::prelude::*;
use rstest::rstest;
use std::path::Path;

/// Bytes that are not an SQLite file: a fixed pseudo-random sequence.
fn noise(n: usize) -> Vec<u8> {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

fn user_version(p: &Path) -> i64 {
    let c = rusqlite::Connection::open(p).unwrap();
    c.query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap()
}

/// Commands that read, and commands that write, a database.
const COMMANDS: [&[&str]; 4] = [
    &["tenant", "list"],
    &[
        "tenant",
        "add",
        "--domain",
        "new.onmicrosoft.com",
        "--customer",
        "New Org",
    ],
    &["customer", "list"],
    &["tenant", "dupes"],
];

// -------------------------------------------------------------- usage

#[rstest]
#[case::unknown_flag(&["tenant", "list", "--bogus"])]
#[case::unknown_subcommand(&["tenant", "frobnicate"])]
#[case::unknown_command(&["frobnicate"])]
#[case::no_command(&[])]
#[case::missing_required(&["tenant", "add", "--domain", "x.onmicrosoft.com"])]
#[case::missing_value(&["tenant", "list", "--region"])]
#[case::bad_today(&["--today", "2027-02-30", "tenant", "list"])]
#[case::bad_today_shape(&["tenant", "list", "--today", "01/07/2027"])]
#[case::conflicting_flags(&["tenant", "add", "--domain", "x.com", "--customer", "X", "--managed", "--unmanaged"])]
fn usage_errors_exit_2(#[case] args: &[&str]) {
    let f = Ftc::new();
    // Nor does it create the database.
    assert_refused(&f, args, 2);
}

#[test]
fn a_bad_today_in_the_environment_exits_2() {
    let f = Ftc::new();
    f.cmd()
        .env("FTC_TODAY", "tomorrow")
        .args(["tenant", "list"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("tomorrow"));
}

#[test]
fn help_and_version_exit_0() {
    let f = Ftc::new();
    for args in [
        &["--help"][..],
        &["tenant", "add", "--help"],
        &["agenda", "--help"],
        &["cadence", "send", "--help"],
        &["assign", "--help"],
    ] {
        assert_prints_bare(&f, args);
    }
    f.cmd()
        .arg("--version")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("ftc"));
}

#[test]
fn global_options_go_before_or_after_the_subcommand() {
    let f = Ftc::new();
    let other = f.path("other.db");
    let other = other.to_str().unwrap();
    f.cmd()
        .args([
            "--db",
            other,
            "tenant",
            "add",
            "--domain",
            "a.onmicrosoft.com",
            "--customer",
            "A",
        ])
        .assert()
        .code(0);
    f.cmd()
        .args([
            "tenant",
            "add",
            "--domain",
            "b.onmicrosoft.com",
            "--customer",
            "Bee Org",
            "--db",
            other,
        ])
        .assert()
        .code(0);
    let out = f
        .cmd()
        .args(["tenant", "list", "--db", other, "--format", "csv"])
        .output()
        .unwrap();
    assert_eq!(texts(&out).0.lines().count(), 3);
    f.init();
    assert_eq!(f.tenants(), serde_json::json!([]), "FTC_DB was not used");
}

// ------------------------------------------------------- newer schema

#[test]
fn a_database_from_a_newer_ftc_is_refused() {
    if crate::common::file_only("the file's schema version; the server's: server::a_newer_schema_and_another_collation_are_refused") {
        return;
    }
    let f = Ftc::new();
    f.add("contoso.onmicrosoft.com", "Contoso Ltd", &[]);
    {
        let c = rusqlite::Connection::open(f.db()).unwrap();
        c.pragma_update(None, "user_version", 99).unwrap();
    }
    // Left alone: not migrated down, nothing added.
    for args in COMMANDS {
        assert_refused(&f, args, 1);
    }
    assert_eq!(user_version(&f.db()), 99);
}

// ------------------------------------------------------------ corrupt

#[rstest]
#[case::random_bytes(noise(8192))]
#[case::text(b"tenant_id,domain\nthis is not a database\n".repeat(50))]
#[case::short_garbage(b"SQLite format 2\0garbage".to_vec())]
fn a_file_that_is_not_a_database_is_refused(#[case] bytes: Vec<u8>) {
    if crate::common::file_only("a file that is not a database") {
        return;
    }
    let f = Ftc::new();
    std::fs::write(f.db(), &bytes).unwrap();
    // Each names the file and leaves it untouched.
    for args in COMMANDS {
        assert_refused(&f, args, 1);
    }
    f.write("feed.csv", "tenant_id,domain,customer,tpid,region,seats\n");
    assert_refused(&f, &["tenant", "import", "feed.csv"], 1);
    assert_eq!(std::fs::read(f.db()).unwrap(), bytes);
}

#[test]
fn a_damaged_database_gives_a_clear_error() {
    if crate::common::file_only("a damaged file") {
        return;
    }
    let f = Ftc::new();
    for i in 0..30 {
        f.add(
            &format!("t{i}.onmicrosoft.com"),
            &format!("Customer Number {i} Org"),
            &["--force"],
        );
    }
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", f.db().display()));
    }
    let mut bytes = std::fs::read(f.db()).unwrap();
    assert!(bytes.len() > 8192, "a database of several pages");
    // Keep the header page; wreck the rest.
    let junk = noise(bytes.len() - 4096);
    bytes[4096..].copy_from_slice(&junk);
    std::fs::write(f.db(), &bytes).unwrap();
    for args in [
        &["tenant", "list"][..],
        &["tenant", "show", "t1"],
        &["customer", "list"],
    ] {
        assert_refused(&f, args, 1);
    }
}

#[test]
fn an_sqlite_database_of_another_program_is_refused() {
    if crate::common::file_only("another program's SQLite file") {
        return;
    }
    let f = Ftc::new();
    {
        let c = rusqlite::Connection::open(f.db()).unwrap();
        c.execute_batch("CREATE TABLE notes (x TEXT); INSERT INTO notes VALUES ('mine');")
            .unwrap();
    }
    for args in COMMANDS {
        assert_refused(&f, args, 1);
    }
}

#[test]
fn a_directory_as_database_is_refused() {
    if crate::common::file_only("a folder as the file") {
        return;
    }
    let f = Ftc::new();
    std::fs::create_dir(f.db()).unwrap();
    assert_refused(&f, &["tenant", "list"], 1);
}

// ----------------------------------------------------------- creation

#[cfg(unix)]
#[test]
fn the_database_is_created_private_with_its_folder() {
    let f = Ftc::new();
    let db = f.path("deep/er/still/ftc.db");
    assert!(!db.parent().unwrap().exists());
    // A command that only reads creates nothing: it names the missing file.
    f.cmd()
        .env("FTC_DB", &db)
        .args(["tenant", "list", "--json"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(
            predicates::str::contains("does not exist").and(predicates::str::contains("ftc.db")),
        );
    assert!(!db.parent().unwrap().exists());
    // `db init` creates it, with its folder.
    f.cmd()
        .env("FTC_DB", &db)
        .args(["db", "init"])
        .assert()
        .code(0);
    f.cmd()
        .env("FTC_DB", &db)
        .args(["tenant", "list", "--json"])
        .assert()
        .code(0)
        .stdout("[]\n");
    assert!(db.is_file());
    assert_eq!(
        crate::common::mode_of(&db),
        0o600,
        "the database holds personal data"
    );

    // The same through --db, and for a writing command.
    let db2 = f.path("other/place/x.db");
    f.cmd()
        .args([
            "--db",
            db2.to_str().unwrap(),
            "tenant",
            "add",
            "--domain",
            "a.com",
            "--customer",
            "A",
        ])
        .assert()
        .code(0);
    assert_eq!(crate::common::mode_of(&db2), 0o600);
}

#[cfg(unix)]
#[test]
fn the_default_database_lives_in_the_data_directory() {
    let f = Ftc::new();
    f.bare_cmd()
        .args(["tenant", "add", "--domain", "a.com", "--customer", "A"])
        .assert()
        .code(0);
    let db = f.path("xdg-data/ftc/ftc.db");
    assert!(db.is_file(), "expected {}", db.display());
    assert_eq!(crate::common::mode_of(&db), 0o600);
    let out = f
        .bare_cmd()
        .args(["tenant", "list", "--format", "csv"])
        .output()
        .unwrap();
    assert_eq!(
        texts(&out).0.lines().count(),
        2,
        "the same database is used again"
    );
}

// ------------------------------------------------ read-only, folders

/// Commands that write, each refused the same way when the file cannot be.
const WRITES: [&[&str]; 4] = [
    &[
        "tenant",
        "add",
        "--domain",
        "new.onmicrosoft.com",
        "--customer",
        "New Org",
    ],
    &["tenant", "set", "contoso", "--seats", "901"],
    &["note", "add", "contoso", "--text", "hello"],
    &["tenant", "import", "feed.csv"],
];

/// The uid that owns files this test creates: 0 when the tests run as root.
#[cfg(unix)]
fn my_uid(f: &Ftc) -> u32 {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(f.config()).unwrap().uid()
}

/// `nobody`, whom the test runs ftc as when it runs as root (root ignores
/// file permissions, so the faults below would not happen).
#[cfg(unix)]
const NOBODY: u32 = 65534;

/// Run ftc with `db` so that permissions apply: as `nobody` under root,
/// with the temp dir and `owned` (files and folders) handed to nobody.
/// `None` when the system will not switch users.
#[cfg(unix)]
fn run_unprivileged(
    f: &Ftc,
    db: &Path,
    owned: &[&Path],
    args: &[&str],
) -> Option<std::process::Output> {
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::CommandExt;
    let mut c = f.std_cmd();
    c.env("FTC_DB", db).args(args);
    if my_uid(f) == 0 {
        std::fs::set_permissions(f.dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        for p in owned {
            std::os::unix::fs::chown(p, Some(NOBODY), Some(NOBODY)).unwrap();
        }
        c.uid(NOBODY).gid(NOBODY);
    }
    match c.output() {
        Ok(out) => Some(out),
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
            eprintln!("skipped: cannot run ftc as another user ({e})");
            None
        }
        Err(e) => panic!("run ftc: {e}"),
    }
}

/// A database with a tenant, a small feed beside it, closed cleanly.
fn with_contoso() -> Ftc {
    let f = Ftc::new();
    f.add(
        "contoso.onmicrosoft.com",
        "Contoso Ltd",
        &["--seats", "900"],
    );
    f.write(
        "feed.csv",
        "tenant_id,domain,customer,tpid,region,seats\n\
         1b2c3d4e-0000-4000-8000-00000000abcd,fabrikam.onmicrosoft.com,Fabrikam,42,emea,500\n",
    );
    f
}

#[cfg(unix)]
#[test]
fn a_read_only_database_is_read_and_every_write_refused_clearly() {
    if crate::common::file_only("a read-only file; the server's read-only roles: server::the_roles_are_enforced_by_the_server") {
        return;
    }
    use std::os::unix::fs::PermissionsExt;
    let f = with_contoso();
    let db = f.db();
    // The folder stays writable (SQLite keeps its -shm file there); the
    // file itself is read-only.
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o444)).unwrap();
    let before = std::fs::read(&db).unwrap();
    let owned = [f.dir.path(), db.as_path()];

    let Some(out) = run_unprivileged(&f, &db, &owned, &["tenant", "list", "--json"]) else {
        return;
    };
    let (stdout, stderr) = texts(&out);
    assert_eq!(
        out.status.code(),
        Some(0),
        "reading needs no write: {stderr}"
    );
    assert!(stdout.contains("contoso.onmicrosoft.com"), "{stdout}");

    for args in WRITES {
        let out = run_unprivileged(&f, &db, &owned, args).unwrap();
        let (_, stderr) = texts(&out);
        assert_eq!(out.status.code(), Some(1), "ftc {args:?}: {stderr}");
        assert!(
            stderr.contains("error: cannot write the database")
                && stderr.contains("ftc.db")
                && stderr.contains("read-only"),
            "ftc {args:?}: {stderr}"
        );
        assert!(stderr.contains("hint: check the file's"), "{stderr}");
    }
    assert_eq!(std::fs::read(&db).unwrap(), before, "the file is untouched");
}

#[cfg(unix)]
#[test]
fn a_database_in_a_folder_that_cannot_be_written_is_refused_clearly() {
    if crate::common::file_only("the file's folder") {
        return;
    }
    use std::os::unix::fs::PermissionsExt;
    let f = with_contoso();
    // The database in a folder of its own that ftc may not write: SQLite
    // cannot create the WAL beside the file, for reads or writes.
    let dir = f.path("locked-dir");
    std::fs::create_dir(&dir).unwrap();
    let db = dir.join("ftc.db");
    std::fs::rename(f.db(), &db).unwrap();
    if my_uid(&f) == 0 {
        std::os::unix::fs::chown(&db, Some(NOBODY), Some(NOBODY)).unwrap();
    }
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o555)).unwrap();
    let before = std::fs::read(&db).unwrap();

    for args in [&["tenant", "list"][..], WRITES[0], WRITES[3]] {
        let Some(out) = run_unprivileged(&f, &db, &[], args) else {
            return;
        };
        let (_, stderr) = texts(&out);
        assert_eq!(out.status.code(), Some(1), "ftc {args:?}: {stderr}");
        assert!(
            stderr.contains("cannot write the database") && stderr.contains("ftc.db"),
            "{stderr}"
        );
        assert!(stderr.contains("folder's permissions"), "{stderr}");
    }
    assert_eq!(std::fs::read(&db).unwrap(), before);

    // A new database cannot be created there either.
    let new = dir.join("new.db");
    let out = run_unprivileged(&f, &new, &[], &["db", "init"]).unwrap();
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("cannot create the database") && stderr.contains("new.db"),
        "{stderr}"
    );
    assert!(stderr.contains("hint: pass --db"), "{stderr}");
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
fn a_folder_that_cannot_be_created_is_refused_clearly() {
    let f = Ftc::new();
    // A file where a folder of the path should be: not even root can.
    f.write("not-a-folder", "I am a file\n");
    let db = f.path("not-a-folder/sub/ftc.db");
    for args in [&["db", "init"][..], WRITES[0]] {
        let out = f.cmd().env("FTC_DB", &db).args(args).output().unwrap();
        let (_, stderr) = texts(&out);
        assert_eq!(out.status.code(), Some(1), "ftc {args:?}: {stderr}");
        assert!(
            stderr.contains("error: cannot create the folder")
                && stderr.contains("not-a-folder/sub"),
            "{stderr}"
        );
        assert!(stderr.contains("hint: pass --db"), "{stderr}");
    }
    assert_eq!(
        std::fs::read_to_string(f.path("not-a-folder")).unwrap(),
        "I am a file\n"
    );
}

// ---------------------------------------------------------- truncated

#[test]
fn a_truncated_database_is_refused_as_damaged() {
    if crate::common::file_only("a truncated file") {
        return;
    }
    let f = Ftc::new();
    let feed = f.path("feed.csv");
    crate::common::write_feed(&feed, 3, 3000);
    f.ok(&["tenant", "import", "feed.csv"]);
    assert!(
        !f.path("ftc.db-wal").exists(),
        "ftc checkpoints when it closes"
    );
    let whole = std::fs::read(f.db()).unwrap();
    assert!(whole.len() > 100_000, "a database of many pages");
    for keep in [whole.len() / 2, whole.len() / 10] {
        std::fs::write(f.db(), &whole[..keep]).unwrap();
        for args in [
            &["tenant", "list"][..],
            &["tenant", "show", "s3n1"],
            &["customer", "list"],
            &["agenda"],
            WRITES[0],
            &["tenant", "import", "feed.csv"],
        ] {
            assert_refused(&f, args, 1);
        }
        assert_eq!(
            std::fs::read(f.db()).unwrap(),
            &whole[..keep],
            "the damaged file is left as it was"
        );
    }
    // Cut inside the 100-byte header: not recognisable as a database at all.
    std::fs::write(f.db(), &whole[..60]).unwrap();
    assert_refused(&f, &["tenant", "list"], 1);
}

// ------------------------------------------------------------- locked

#[test]
fn a_database_locked_past_the_busy_timeout_is_refused_clearly() {
    if crate::common::file_only("a lock on the file") {
        return;
    }
    let f = with_contoso();
    let mut holder = rusqlite::Connection::open(f.db()).unwrap();
    let tx = holder
        .transaction_with_behavior(rusqlite::TransactionBehavior::Exclusive)
        .unwrap();
    for args in WRITES {
        let out = f
            .cmd()
            .env("FTC_BUSY_TIMEOUT_MS", "300")
            .args(args)
            .output()
            .unwrap();
        let (_, stderr) = texts(&out);
        assert_eq!(out.status.code(), Some(1), "ftc {args:?}: {stderr}");
        assert!(
            stderr.contains("error: the database")
                && stderr.contains("ftc.db is locked by another process (waited 0.3 s)"),
            "{stderr}"
        );
        assert!(stderr.contains("hint: try again"), "{stderr}");
    }
    // Reads go on (WAL): the lock only stops writers.
    let out = f
        .cmd()
        .env("FTC_BUSY_TIMEOUT_MS", "300")
        .args(["tenant", "list", "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", texts(&out).1);

    // A writer that waits longer than the lock is held gets through.
    let child = f
        .std_cmd()
        .env("FTC_BUSY_TIMEOUT_MS", "20000")
        .args(["note", "add", "contoso", "--text", "waited my turn"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(500));
    tx.rollback().unwrap();
    drop(holder);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", texts(&out).1);
    let notes = f.json(&["note", "list", "contoso"]);
    assert_eq!(notes[0]["text"], "waited my turn");
    let tenants = f.tenants();
    assert_eq!(
        tenants.as_array().unwrap().len(),
        1,
        "the refused writes wrote nothing"
    );
    assert_eq!(tenants[0]["seats"], 900);
}

// ------------------------------------------------------------ upgrade

/// A database as the first release of ftc left it: schema migration 1
/// only (user_version 1), a few customers, tenants and history rows
/// (fixtures/schema-v1.db, made by fixtures/schema-v1.py).
fn schema_v1(f: &Ftc) -> std::path::PathBuf {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/schema-v1.db");
    std::fs::copy(fixture, f.db()).unwrap();
    f.db()
}

#[test]
fn the_v1_fixture_is_migration_1_exactly() {
    let schema = include_str!("../schema.sql");
    let m1 = schema.split("\n-- migration 2").next().unwrap();
    let fresh = rusqlite::Connection::open_in_memory().unwrap();
    fresh.execute_batch(m1).unwrap();
    let sql_of = |c: &rusqlite::Connection| -> Vec<(String, Option<String>)> {
        let mut st = c
            .prepare("SELECT name, sql FROM sqlite_master ORDER BY name")
            .unwrap();
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    // A copy: even a read-only connection leaves -wal and -shm files
    // beside a WAL database.
    let f = Ftc::new();
    let v1 = rusqlite::Connection::open_with_flags(
        schema_v1(&f),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .unwrap();
    assert_eq!(sql_of(&v1), sql_of(&fresh));
    // The first schema version: migration 1 only.
    assert_eq!(
        v1.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0))
            .unwrap(),
        1
    );
    assert!(
        ftc::store::current_version() > 1,
        "there is something to migrate"
    );
}

#[test]
fn a_v1_database_is_migrated_and_every_record_found() {
    if crate::common::file_only("the file's first schema") {
        return;
    }
    let f = Ftc::new();
    let db = schema_v1(&f);
    let list = f.tenants();
    let mut domains = crate::common::domains(&list);
    domains.sort();
    assert_eq!(
        domains,
        [
            "contoso.onmicrosoft.com",
            "contosoeu.onmicrosoft.com",
            "fabrikam.onmicrosoft.com",
            "societegenerale.onmicrosoft.com",
            "wwi.onmicrosoft.com",
        ],
        "{list}"
    );
    assert_eq!(user_version(&db), ftc::store::current_version());

    let contoso = f.show("contoso.onmicrosoft.com");
    assert_eq!(contoso["tenant_id"], "1b2c3d4e-0000-4000-8000-000000000001");
    assert_eq!(contoso["customer"], "Contoso Ltd");
    assert_eq!(contoso["tpid"], 1001);
    assert_eq!(contoso["region"], "americas");
    assert_eq!(contoso["seats"], 1200);
    assert_eq!(contoso["fm"], "alice");
    assert_eq!(contoso["winner"], true);
    let fabrikam = f.show("fabrikam");
    assert_eq!(fabrikam["source"], "rfa");
    assert_eq!(fabrikam["covid_rfa"], true);
    assert_eq!(fabrikam["managed"], true);
    let wwi = f.show("wwi");
    assert_eq!(wwi["tenant_id"], serde_json::Value::Null);
    assert_eq!(wwi["tpid"], serde_json::Value::Null);
    assert_eq!(wwi["goback"], true);
    assert_eq!(f.show("societegenerale")["customer"], "Société Générale");
    assert_eq!(f.show("contosoeu")["managed"], false);

    let customers = f.json(&["customer", "list"]);
    assert_eq!(customers.as_array().unwrap().len(), 4, "{customers}");
    let history = f.history("fabrikam");
    let descriptions: Vec<&str> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["description"].as_str().unwrap())
        .collect();
    assert_eq!(
        descriptions,
        ["COVID-19 RFA set", "added by hand (rfa)"],
        "{history}"
    );
    assert_eq!(
        f.history("contoso.onmicrosoft.com")
            .as_array()
            .unwrap()
            .len(),
        2
    );

    // The later migrations' tables work on the old records.
    f.ok(&[
        "note",
        "add",
        "contoso.onmicrosoft.com",
        "--text",
        "after the upgrade",
    ]);
    // (contoso: 1,200 seats, contacted proactively; contosoeu is reactive-sized.)
    f.ok(&[
        "cadence",
        "send",
        "contoso.onmicrosoft.com",
        "--party",
        "account-team",
    ]);
    f.ok(&[
        "dibs",
        "record",
        "fabrikam",
        "--workload",
        "teams",
        "--source",
        "customer",
        "--intent",
        "yes",
    ]);
    // The duplicate check finds the old customers.
    let out = f
        .cmd()
        .args([
            "tenant",
            "add",
            "--domain",
            "contoso2.onmicrosoft.com",
            "--customer",
            "Contoso Limited",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", texts(&out).1);
    assert!(
        texts(&out).1.contains("--same-customer 1001"),
        "{}",
        texts(&out).1
    );

    // Opening it again migrates nothing more.
    let c = rusqlite::Connection::open(&db).unwrap();
    let integrity: String = c
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
}

#[test]
fn eight_processes_opening_a_v1_database_at_once_migrate_it_once() {
    if crate::common::file_only("the file's first schema") {
        return;
    }
    let f = Ftc::new();
    let db = schema_v1(&f);
    let children: Vec<_> = (0..8)
        .map(|_| {
            f.std_cmd()
                .args(["tenant", "list", "--format", "csv"])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        let (stdout, stderr) = texts(&out);
        assert_eq!(out.status.code(), Some(0), "{stderr}");
        assert_eq!(stdout.lines().count(), 6, "{stdout}");
    }
    assert_eq!(user_version(&db), ftc::store::current_version());
}

#[test]
fn a_v1_database_locked_past_the_timeout_is_left_unmigrated() {
    if crate::common::file_only("the file's first schema, locked") {
        return;
    }
    let f = Ftc::new();
    let db = schema_v1(&f);
    let holder = rusqlite::Connection::open(&db).unwrap();
    holder.execute_batch("BEGIN EXCLUSIVE").unwrap();
    let out = f
        .cmd()
        .env("FTC_BUSY_TIMEOUT_MS", "200")
        .args(["tenant", "list"])
        .output()
        .unwrap();
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("locked by another process"), "{stderr}");
    holder.execute_batch("ROLLBACK").unwrap();
    drop(holder);
    assert_eq!(user_version(&db), 1);
    assert_eq!(f.tenants().as_array().unwrap().len(), 5);
}

/// A mistyped `--db` on a command that only reads: refused, naming the
/// path, and nothing created (an FM would otherwise read "nothing due").
#[test]
fn a_read_of_a_missing_database_is_refused_and_creates_nothing() {
    let f = Ftc::new();
    let typo = f.path("typo.db");
    let deep = f.path("no/such/dir/x.db");
    for db in [&typo, &deep] {
        for args in [
            &["agenda"][..],
            &["tenant", "list"],
            &["report"],
            &["customer", "list"],
            &["assign", "contoso", "--explain"],
        ] {
            let out = f.cmd().arg("--db").arg(db).args(args).output().unwrap();
            let (stdout, stderr) = texts(&out);
            assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
            assert!(stdout.is_empty(), "{stdout}");
            assert!(
                stderr.contains("does not exist") && stderr.contains(db.to_str().unwrap()),
                "{stderr}"
            );
            assert!(
                stderr.contains("hint:") && stderr.contains("ftc demo"),
                "{stderr}"
            );
        }
        assert!(!db.exists());
    }
    assert!(!f.path("no").exists(), "no folder is created for a read");
    // `db init` creates it; again, it says it is up to date.
    let out = f
        .cmd()
        .arg("--db")
        .arg(&typo)
        .args(["db", "init"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(texts(&out).1.contains("created"));
    let out = f
        .cmd()
        .arg("--db")
        .arg(&typo)
        .args(["db", "init"])
        .output()
        .unwrap();
    assert!(texts(&out).1.contains("up to date"));
    let out = f
        .cmd()
        .arg("--db")
        .arg(&typo)
        .args(["agenda", "--json"])
        .output()
        .unwrap();
    assert_eq!(texts(&out).0, "[]\n");
}
