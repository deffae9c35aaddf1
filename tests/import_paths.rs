//! The import's fast paths (a feed into an empty database, a feed that
//! changes nothing) must leave exactly what the general path leaves, which
//! standard input always takes. Each test imports the same feed both ways
//! and compares what the CLI reports.

use crate::common::{parse_json, write_feed, Ftc};
use serde_json::Value;
use std::io::Write as _;
use std::process::Stdio;

/// `tenant import` of `feed` (a file, or `-` with `stdin`), `--json`;
/// returns (exit code, stdout as JSON or Null).
fn import(f: &Ftc, file: &str, stdin: Option<&[u8]>, extra: &[&str]) -> (i32, Value) {
    let mut cmd = f.std_cmd();
    cmd.args(["tenant", "import", file, "--json"]).args(extra);
    cmd.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("run ftc");
    {
        let mut pipe = child.stdin.take().expect("stdin");
        if let Some(bytes) = stdin {
            pipe.write_all(bytes).expect("write stdin");
        }
    }
    let out = child.wait_with_output().expect("wait");
    let v = if out.stdout.is_empty() {
        Value::Null
    } else {
        parse_json(&out.stdout)
    };
    (out.status.code().expect("exit code"), v)
}

/// Import `text` into a new database by file (fast) and by stdin (general).
fn both_ways(text: &str, extra: &[&str]) -> ((i32, Value, String), (i32, Value, String)) {
    let a = Ftc::new();
    let path = a.write("feed.csv", text);
    let (code_a, out_a) = import(&a, path.to_str().unwrap(), None, extra);
    let b = Ftc::new();
    let (code_b, out_b) = import(&b, "-", Some(text.as_bytes()), extra);
    // Both ways list the customers by name key as their columns say.
    if code_a == 0 && code_b == 0 && !extra.contains(&"--dry-run") {
        a.assert_key_lists_current();
        b.assert_key_lists_current();
    }
    (
        (code_a, out_a, a.snapshot_without_times()),
        (code_b, out_b, b.snapshot_without_times()),
    )
}

#[test]
fn a_feed_into_an_empty_database_matches_the_general_path() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("feed.csv");
    write_feed(&path, 3, 300);
    let mut text = std::fs::read_to_string(&path).unwrap();
    // A customer on rows apart, renamed on its last line; another on rows
    // apart under one name.
    text.push_str(
        "aaaaaaaa-0000-4000-8000-000000000003,same1.onmicrosoft.com,Same Name,30000002,emea,900,,\n\
         aaaaaaaa-0000-4000-8000-000000000001,late1.onmicrosoft.com,Early Name,30000001,emea,700,no,\n\
         aaaaaaaa-0000-4000-8000-000000000004,same2.onmicrosoft.com,Same Name,30000002,emea,90,,\n\
         aaaaaaaa-0000-4000-8000-000000000002,late2.onmicrosoft.com,Late Name Inc,30000001,apj,80,,Chile\n",
    );
    let (fast, general) = both_ways(&text, &[]);
    assert_eq!(fast.0, 0);
    assert_eq!(fast.1, general.1, "the summaries differ");
    assert_eq!(fast.1["inserted"], 304);
    assert_eq!(fast.2, general.2, "the databases differ");
    assert!(fast.2.contains("Late Name Inc"));
    assert!(!fast.2.contains("Early Name"));
}

#[test]
fn a_repeat_or_a_bad_row_in_a_new_database_is_reported_as_the_general_path_does() {
    let head = "tenant_id,domain,customer,tpid,region,seats\n";
    let g = |n: u32| format!("bbbbbbbb-0000-4000-8000-{n:012}");
    let repeats = [
        // the same tenant ID twice
        format!(
            "{head}{},r1.com,R One,1,emea,500\n{},r2.com,R Two,2,emea,500\n",
            g(1),
            g(1)
        ),
        // the same domain twice
        format!(
            "{head}{},r1.com,R One,1,emea,500\n{},r1.com,R Two,2,emea,500\n",
            g(1),
            g(2)
        ),
        // a bad value
        format!(
            "{head}{},r1.com,R One,1,emea,500\n{},r2.com,R Two,2,mars,500\n",
            g(1),
            g(2)
        ),
    ];
    for text in &repeats {
        for extra in [&[][..], &["--skip-invalid"][..]] {
            let (fast, general) = both_ways(text, extra);
            assert_eq!(fast.0, general.0, "exit codes for {text} {extra:?}");
            assert_eq!(fast.1, general.1, "summaries for {text} {extra:?}");
            assert_eq!(fast.2, general.2, "databases for {text} {extra:?}");
            if extra.is_empty() {
                assert_eq!(fast.0, 2, "{text}");
            } else {
                assert_eq!(fast.1["inserted"], 1, "{text}");
            }
        }
    }
}

#[test]
fn a_dry_run_into_an_empty_database_writes_nothing() {
    let f = Ftc::new();
    let path = f.path("feed.csv");
    write_feed(&path, 4, 50);
    let (code, out) = import(&f, path.to_str().unwrap(), None, &["--dry-run"]);
    assert_eq!(code, 0);
    assert_eq!(out["inserted"], 50);
    assert_eq!(f.tenants(), serde_json::json!([]));
}

/// Import `first` by file, then `second` once by file (the unchanged path
/// when it applies) and once by stdin into a copy made the same way.
fn again(first: &str, second: &str) -> ((i32, Value, String), (i32, Value, String)) {
    let run = |by_file: bool| {
        let f = Ftc::new();
        let p1 = f.write("first.csv", first);
        assert_eq!(import(&f, p1.to_str().unwrap(), None, &[]).0, 0);
        let (code, out) = if by_file {
            let p2 = f.write("second.csv", second);
            import(&f, p2.to_str().unwrap(), None, &[])
        } else {
            import(&f, "-", Some(second.as_bytes()), &[])
        };
        if code == 0 {
            f.assert_key_lists_current();
        }
        (code, out, f.snapshot_without_times())
    };
    (run(true), run(false))
}

#[test]
fn a_feed_that_changes_nothing_or_something_matches_the_general_path() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("feed.csv");
    write_feed(&path, 5, 120);
    let first = std::fs::read_to_string(&path).unwrap();
    let lines: Vec<&str> = first.lines().collect();
    let seconds = [
        // unchanged
        first.clone(),
        // unchanged, rows in another order
        format!("{}\n{}\n", lines[0], lines[1..].iter().rev().cloned().collect::<Vec<_>>().join("\n")),
        // one row repeated
        format!("{first}{}\n", lines[7]),
        // seats changed on one row
        first.replacen(",yes,Peru", ",yes,Chile", 1),
        // managed left out: not a change; then set to no: a change
        first.replace(",yes,Peru", ",,Peru"),
        first.replacen(",yes,Peru", ",no,Peru", 1),
        // a new tenant
        format!("{first}cccccccc-0000-4000-8000-000000000001,new1.onmicrosoft.com,Brand New,40000001,apj,900,yes,\n"),
        // a customer renamed
        first.replace("Feed s5n Customer 3, Ltd", "Feed s5n Customer Three, Ltd"),
    ];
    for second in &seconds {
        let (fast, general) = again(&first, second);
        assert_eq!(fast.0, general.0);
        assert_eq!(fast.1, general.1, "summaries for\n{second}");
        assert_eq!(fast.2, general.2, "databases for\n{second}");
    }
    let (fast, _) = again(&first, &seconds[0]);
    assert_eq!(fast.1["unchanged"], 120);
    assert_eq!(fast.1["updated"], 0);
}

#[test]
fn an_imported_tenant_shows_the_import_in_its_history() {
    let f = Ftc::new();
    let path = f.path("feed.csv");
    write_feed(&path, 6, 10);
    f.ok(&["tenant", "import", path.to_str().unwrap()]);
    let h = f.history("s6n3.onmicrosoft.com");
    let entries = h.as_array().unwrap();
    assert_eq!(entries.len(), 1, "{h}");
    assert_eq!(entries[0]["action"], "tenant.import");
    assert!(
        entries[0]["description"]
            .as_str()
            .unwrap()
            .contains("10 new tenants"),
        "{h}"
    );
}

#[test]
fn a_feed_without_a_header_is_refused_before_a_database_is_created() {
    let f = Ftc::new();
    let untouched = f.freeze();
    let empty = f.write("empty.csv", "");
    let out = f
        .cmd()
        .args(["tenant", "import"])
        .arg(&empty)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    untouched.assert_unchanged("a refused import (it creates no database)");
}
