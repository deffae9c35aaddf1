//! The shared helpers of `common` can fail: `assert_refused` panics when a
//! refused command did write the database, and `Frozen` sees a change that is
//! only in the write-ahead log.

use crate::common::{assert_refused, Ftc};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

/// The panic message of `f`, which must panic.
fn panic_message(f: impl FnOnce()) -> String {
    let payload = catch_unwind(AssertUnwindSafe(f)).expect_err("it should have panicked");
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default()
}

#[test]
fn a_refusal_that_migrated_the_database_fails_assert_refused() {
    if crate::common::file_only("the harness's check of the file") {
        return;
    }
    // Any command migrates a database of the first schema before it looks
    // at its arguments: the refusal below exits 1 with an error and nothing
    // on stdout, but the file has changed.
    let f = Ftc::new();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/schema-v1.db");
    std::fs::copy(fixture, f.db()).unwrap();
    let message = panic_message(|| {
        assert_refused(&f, &["tenant", "show", "nobody"], 1);
    });
    assert!(
        message.contains("changed the database file"),
        "wrong panic: {message}"
    );
}

#[test]
fn a_refusal_that_created_the_database_fails_assert_refused() {
    if crate::common::file_only("the harness's check of the file") {
        return;
    }
    // A write command creates a missing database before it finds that the
    // tenant does not exist.
    let f = Ftc::new();
    let message = panic_message(|| {
        assert_refused(&f, &["note", "add", "nobody", "--text", "x"], 1);
    });
    assert!(
        message.contains("created the database"),
        "wrong panic: {message}"
    );
}

#[test]
#[should_panic(expected = "prints nothing on stdout")]
fn a_command_that_prints_fails_assert_refused() {
    let f = Ftc::new();
    f.init();
    // Exits 2 (a usage error would too), but prints the rejected rows.
    let feed = f.write("bad.csv", "mpn,name,regions\n44x,Bad,emea\n");
    assert_refused(&f, &["frp", "import", feed.to_str().unwrap(), "--json"], 2);
}

#[test]
fn a_commit_still_in_the_wal_is_a_change() {
    if crate::common::file_only("the harness's check of the file") {
        return;
    }
    let f = Ftc::new();
    f.add("contoso.onmicrosoft.com", "Contoso Ltd", &[]);
    let frozen = f.freeze();
    frozen.assert_unchanged("nothing");
    // A connection that commits and stays open: the change is in the WAL
    // only, the main file is as it was.
    let c = rusqlite::Connection::open(f.db()).unwrap();
    c.execute_batch("PRAGMA wal_autocheckpoint = 0; UPDATE tenants SET seats = 7;")
        .unwrap();
    let message = panic_message(|| frozen.assert_unchanged("the update"));
    assert!(
        message.contains("the update changed the database's WAL file"),
        "wrong panic: {message}"
    );
    // Once it is checkpointed (here, on close), the main file differs.
    drop(c);
    let message = panic_message(|| frozen.assert_unchanged("the update"));
    assert!(
        message.contains("the update changed the database file"),
        "wrong panic: {message}"
    );
}

/// On the server engine the refusal check compares every row of the
/// test's database: a write is caught.
#[test]
fn a_write_on_the_server_fails_assert_unchanged() {
    if !crate::common::on_server() {
        return;
    }
    let f = Ftc::new();
    let frozen = f.freeze();
    f.add("contoso.onmicrosoft.com", "Contoso Ltd", &[]);
    let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        frozen.assert_unchanged("the add")
    }));
    let message = caught.expect_err("a write went unseen");
    let text = message
        .downcast_ref::<String>()
        .cloned()
        .unwrap_or_default();
    assert!(
        text.starts_with("the add changed the server's database"),
        "{text}"
    );
}
