//! SPEC 5, reliability: a killed import leaves the database as it was. A
//! 20,000-row import is killed (SIGKILL) at 20 moments spread over its run
//! time; after each kill the file passes `PRAGMA integrity_check` and holds
//! either none or all of the feed, and the next import succeeds. Both ways
//! an import runs are killed: the staged import into a database with
//! tenants, and the bulk load into an empty one (its own rollback journal).

use crate::common::{write_feed, Ftc};
use rusqlite::Connection;
use std::path::Path;
use std::process::Stdio;
use std::time::Instant;

const ROWS: usize = 20_000;

/// A small fixed-seed generator (xorshift64*): the same moments every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Tenants, customers and history rows: what an import adds to.
fn counts(db: &Path) -> [i64; 3] {
    let c = Connection::open(db).unwrap();
    let n = |sql: &str| c.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap();
    [
        n("SELECT count(*) FROM tenants"),
        n("SELECT count(*) FROM customers"),
        n("SELECT count(*) FROM history"),
    ]
}

fn integrity(db: &Path) -> String {
    let c = Connection::open(db).unwrap();
    c.query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap()
}

/// Copy a database (no WAL beside it: ftc checkpoints when it closes).
fn copy_db(from: &Path, to: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let t = format!("{}{suffix}", to.display());
        let _ = std::fs::remove_file(&t);
        let f = format!("{}{suffix}", from.display());
        if Path::new(&f).exists() {
            std::fs::copy(&f, &t).unwrap();
        }
    }
}

#[test]
fn a_killed_staged_import_leaves_none_or_all_of_the_feed() {
    if crate::common::file_only("kills the file's import; the server's: server::a_killed_import_on_the_server_leaves_none_or_all_of_the_feed") {
        return;
    }
    let f = Ftc::new();
    // A database with tenants of its own, so "none" is not "empty".
    for (d, c) in [
        ("contoso.onmicrosoft.com", "Contoso Ltd"),
        ("fabrikam.onmicrosoft.com", "Fabrikam Inc"),
        ("tailspin.onmicrosoft.com", "Tailspin Toys"),
    ] {
        f.add(d, c, &["--seats", "700"]);
    }
    kill_imports_into(&f, 20);
}

#[test]
fn a_killed_bulk_load_into_an_empty_database_leaves_it_empty_or_whole() {
    if crate::common::file_only("the file's bulk load; the server's: server::a_killed_import_on_the_server_leaves_none_or_all_of_the_feed") {
        return;
    }
    let f = Ftc::new();
    f.init();
    assert_eq!(counts(&f.db()), [0, 0, 0]);
    kill_imports_into(&f, 10);
}

/// Kill imports of a 20,000-row feed into copies of `f`'s database at
/// `kills` moments.
fn kill_imports_into(f: &Ftc, kills: usize) {
    let base = f.path("base.db");
    copy_db(&f.db(), &base);
    let feed = f.path("feed.csv");
    write_feed(&feed, 1, ROWS);
    let small = f.path("small.csv");
    write_feed(&small, 2, 50);

    let import = |db: &Path, file: &Path| {
        let mut c = f.std_cmd();
        c.env("FTC_DB", db)
            .args(["tenant", "import"])
            .arg(file)
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        c
    };

    // The reference: the same import, not interrupted. Its run time sets the
    // range of the moments to kill at.
    let done = f.path("done.db");
    copy_db(&base, &done);
    let started = Instant::now();
    let out = import(&done, &feed).output().unwrap();
    let run_time = started.elapsed();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let none = counts(&base);
    let all = counts(&done);
    assert_eq!(all[0], none[0] + ROWS as i64);

    let mut rng = Rng(0x5EED_F00D_CAFE_0001);
    let (mut interrupted, mut found_none, mut found_all) = (0, 0, 0);
    let db = f.path("killed.db");
    let test_started = Instant::now();
    for round in 0..kills {
        copy_db(&base, &db);
        // Anywhere from before the process opens the file to just after
        // the import would have finished.
        let delay = run_time.mul_f64(1.1 * rng.unit());
        let mut child = import(&db, &feed).spawn().unwrap();
        std::thread::sleep(delay);
        if child.try_wait().unwrap().is_none() {
            interrupted += 1;
        }
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();

        let check = integrity(&db);
        assert_eq!(check, "ok", "round {round}, killed after {delay:?}");
        let now = counts(&db);
        if now == none {
            found_none += 1;
        } else if now == all {
            found_all += 1;
        } else {
            panic!(
                "round {round}, killed after {delay:?}: tenants, customers, history = {now:?}; \
                 before {none:?}, after the whole feed {all:?}"
            );
        }

        // The next import succeeds: every fifth round the big feed itself
        // (it lands whole), otherwise a small one (quicker).
        let (next, rows) = if round % 5 == 4 {
            (&feed, ROWS)
        } else {
            (&small, 50)
        };
        let out = import(&db, next).output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "round {round}: the import after the kill: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let after = counts(&db)[0];
        if next == &feed {
            assert_eq!(after, all[0], "round {round}");
        } else {
            assert_eq!(after, now[0] + rows as i64, "round {round}");
        }
        assert_eq!(integrity(&db), "ok", "round {round}");
    }
    eprintln!(
        "import of {ROWS} rows: {run_time:.1?}; {kills} kills in {:.1?}: \
         {interrupted} interrupted a running import, {found_none} left none, {found_all} all",
        test_started.elapsed()
    );
    // The moments are spread over the run time: most kills must land while
    // the import runs, or the test proves little.
    assert!(
        interrupted >= kills / 4,
        "only {interrupted} of {kills} kills interrupted an import"
    );
}
