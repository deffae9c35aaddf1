//! Exit codes for usage errors, and the database faults of SPEC 2 and 5:
//! newer schema, corrupt or foreign files, and how the file is created.

mod common;

use common::{texts, Ftc};
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

/// Run `args`; require `code`, an `error:` line and no panic; return stderr.
fn fails(f: &Ftc, args: &[&str], code: i32) -> String {
    let out = f.cmd().args(args).output().unwrap();
    let (stdout, stderr) = texts(&out);
    assert_eq!(
        out.status.code(),
        Some(code),
        "ftc {args:?}\nstdout:\n{stdout}\nstderr:\n{stderr}"
    );
    assert!(stderr.contains("error:"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!stderr.contains("RUST_BACKTRACE"), "{stderr}");
    stderr
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
    let out = f.cmd().args(args).output().unwrap();
    let (stdout, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert_eq!(stdout, "");
    assert!(
        stderr.to_lowercase().contains("usage") || stderr.contains("error"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        !f.db().exists(),
        "a usage error does not even create the database"
    );
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
    f.cmd()
        .arg("--help")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("tenant"));
    f.cmd()
        .args(["tenant", "add", "--help"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("--same-customer"));
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
    assert_eq!(f.tenants(), serde_json::json!([]), "FTC_DB was not used");
}

// ------------------------------------------------------- newer schema

#[test]
fn a_database_from_a_newer_ftc_is_refused() {
    let f = Ftc::new();
    f.add("contoso.onmicrosoft.com", "Contoso Ltd", &[]);
    {
        let c = rusqlite::Connection::open(f.db()).unwrap();
        c.pragma_update(None, "user_version", 99).unwrap();
    }
    for args in COMMANDS {
        let stderr = fails(&f, args, 1);
        assert!(stderr.contains("newer"), "{stderr}");
        assert!(stderr.contains("99"), "{stderr}");
    }
    assert_eq!(user_version(&f.db()), 99, "the version is left alone");
    let c = rusqlite::Connection::open(f.db()).unwrap();
    let n: i64 = c
        .query_row("SELECT count(*) FROM tenants", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 1, "nothing was added");
}

// ------------------------------------------------------------ corrupt

#[rstest]
#[case::random_bytes(noise(8192))]
#[case::text(b"tenant_id,domain\nthis is not a database\n".repeat(50))]
#[case::short_garbage(b"SQLite format 2\0garbage".to_vec())]
fn a_file_that_is_not_a_database_is_refused(#[case] bytes: Vec<u8>) {
    let f = Ftc::new();
    std::fs::write(f.db(), &bytes).unwrap();
    for args in COMMANDS {
        let stderr = fails(&f, args, 1);
        assert!(stderr.contains("ftc.db"), "names the file: {stderr}");
        assert!(stderr.contains("not"), "{stderr}");
    }
    f.write("feed.csv", "tenant_id,domain,customer,tpid,region,seats\n");
    fails(&f, &["tenant", "import", "feed.csv"], 1);
    assert_eq!(
        std::fs::read(f.db()).unwrap(),
        bytes,
        "the file is untouched"
    );
}

#[test]
fn a_damaged_database_gives_a_clear_error() {
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
        fails(&f, args, 1);
    }
}

#[test]
fn an_sqlite_database_of_another_program_is_refused() {
    let f = Ftc::new();
    {
        let c = rusqlite::Connection::open(f.db()).unwrap();
        c.execute_batch("CREATE TABLE notes (x TEXT); INSERT INTO notes VALUES ('mine');")
            .unwrap();
    }
    let before = std::fs::read(f.db()).unwrap();
    for args in COMMANDS {
        let stderr = fails(&f, args, 1);
        assert!(stderr.contains("ftc"), "{stderr}");
    }
    assert_eq!(
        std::fs::read(f.db()).unwrap(),
        before,
        "the file is untouched"
    );
}

#[test]
fn a_directory_as_database_is_refused() {
    let f = Ftc::new();
    std::fs::create_dir(f.db()).unwrap();
    fails(&f, &["tenant", "list"], 1);
}

// ----------------------------------------------------------- creation

#[cfg(unix)]
#[test]
fn the_database_is_created_private_with_its_folder() {
    let f = Ftc::new();
    let db = f.path("deep/er/still/ftc.db");
    assert!(!db.parent().unwrap().exists());
    f.cmd()
        .env("FTC_DB", &db)
        .args(["tenant", "list", "--json"])
        .assert()
        .code(0)
        .stdout("[]\n");
    assert!(db.is_file());
    assert_eq!(
        common::mode_of(&db),
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
    assert_eq!(common::mode_of(&db2), 0o600);
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
    assert_eq!(common::mode_of(&db), 0o600);
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
