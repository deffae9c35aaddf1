//! `ftc tenant import`: the commerce feed (SPEC 3.1). Upsert by tenant ID,
//! idempotent, strict by default, `--skip-invalid`, `--dry-run`, stdin.

use crate::common::{assert_refused, domains, parse_json, texts, Ftc};
use predicates::prelude::*;
use serde_json::{json, Value};

const HEADER: &str = "tenant_id,domain,customer,tpid,region,seats,managed";
const G1: &str = "11111111-0000-4000-8000-000000000001";
const G2: &str = "11111111-0000-4000-8000-000000000002";
const G3: &str = "11111111-0000-4000-8000-000000000003";
const G4: &str = "11111111-0000-4000-8000-000000000004";

/// Three good rows: one ineligible (100 seats), one unmanaged, one with an
/// empty `managed` (the default, managed) and a region alias.
fn feed() -> String {
    format!(
        "{HEADER}\n\
         {G1},alpha.onmicrosoft.com,Alpha Corp,501,amer,400,yes\n\
         {G2},beta.onmicrosoft.com,Beta Ltd,502,emea,100,no\n\
         {G3},gamma.onmicrosoft.com,Gamma,503,apac,9000,\n"
    )
}

/// Run `tenant import ARGS --json`; returns (exit code, summary or Null, stderr).
fn import(f: &Ftc, args: &[&str]) -> (i32, Value, String) {
    let out = f
        .cmd()
        .args(["tenant", "import"])
        .args(args)
        .arg("--json")
        .output()
        .unwrap();
    let (stdout, stderr) = texts(&out);
    let v = if stdout.trim().is_empty() {
        Value::Null
    } else {
        parse_json(stdout.as_bytes())
    };
    (out.status.code().expect("an exit code"), v, stderr)
}

/// The summary counts, without `rejected`.
fn counts(v: &Value) -> [u64; 4] {
    ["inserted", "updated", "unchanged", "ineligible"]
        .map(|k| v[k].as_u64().unwrap_or_else(|| panic!("{k} in {v}")))
}

fn rejected_lines(v: &Value) -> Vec<u64> {
    v["rejected"]
        .as_array()
        .expect("rejected is an array")
        .iter()
        .map(|r| r["line"].as_u64().expect("line"))
        .collect()
}

#[test]
fn import_inserts_new_tenants_and_prints_the_summary() {
    let f = Ftc::new();
    let file = f.write("feed.csv", &feed());
    let (code, sum, stderr) = import(&f, &[file.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    for key in ["inserted", "updated", "unchanged", "rejected", "ineligible"] {
        assert!(sum.get(key).is_some(), "summary lacks {key}: {sum}");
    }
    assert_eq!(counts(&sum), [3, 0, 0, 1]);
    assert_eq!(sum["rejected"], json!([]));

    let list = f.tenants();
    assert_eq!(
        domains(&list),
        [
            "alpha.onmicrosoft.com",
            "beta.onmicrosoft.com",
            "gamma.onmicrosoft.com"
        ]
    );
    let by = |d: &str| {
        list.as_array()
            .unwrap()
            .iter()
            .find(|t| t["domain"] == d)
            .unwrap()
            .clone()
    };
    let alpha = by("alpha.onmicrosoft.com");
    assert_eq!(alpha["tenant_id"], json!(G1));
    assert_eq!(alpha["customer"], json!("Alpha Corp"));
    assert_eq!(alpha["tpid"], json!(501));
    assert_eq!(alpha["region"], json!("americas"));
    assert_eq!(alpha["seats"], json!(400));
    assert_eq!(alpha["source"], json!("commerce"));
    assert_eq!(alpha["managed"], json!(true));
    assert_eq!(alpha["eligible"], json!(true));
    let beta = by("beta.onmicrosoft.com");
    assert_eq!(beta["managed"], json!(false));
    assert_eq!(beta["eligible"], json!(false));
    assert_eq!(beta["stage"], json!("ineligible"));
    let gamma = by("gamma.onmicrosoft.com");
    assert_eq!(gamma["region"], json!("apj"));
    assert_eq!(
        gamma["managed"],
        json!(true),
        "an empty managed cell means managed"
    );
    assert_eq!(f.json(&["customer", "list"]).as_array().unwrap().len(), 3);
}

#[test]
fn import_table_output_is_a_summary() {
    let f = Ftc::new();
    let file = f.write("feed.csv", &feed());
    f.cmd()
        .args(["tenant", "import"])
        .arg(&file)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("inserted").and(predicate::str::contains("3")));
}

#[test]
fn changed_seats_are_an_update_recorded_in_history() {
    let f = Ftc::new();
    let file = f.write("feed.csv", &feed());
    assert_eq!(import(&f, &[file.to_str().unwrap()]).0, 0);
    let changed = feed().replace("Alpha Corp,501,amer,400", "Alpha Corp,501,amer,900");
    let file2 = f.write("feed2.csv", &changed);
    let (code, sum, stderr) = import(&f, &[file2.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(counts(&sum), [0, 1, 2, 1]);
    assert_eq!(f.show("alpha")["seats"], json!(900));

    let h = f.history("alpha");
    let entries = h.as_array().unwrap();
    assert_eq!(entries.len(), 2, "insert, then the update: {h}");
    let newest = entries[0]["description"].as_str().unwrap();
    assert!(
        newest.contains("400") && newest.contains("900"),
        "newest first: {h}"
    );
    assert_eq!(entries[0]["actor"], json!("tester"));
    // The others were not touched.
    assert_eq!(f.history("beta").as_array().unwrap().len(), 1);
}

#[test]
fn the_feed_updates_region_customer_name_and_managed() {
    let f = Ftc::new();
    let file = f.write("feed.csv", &feed());
    assert_eq!(import(&f, &[file.to_str().unwrap()]).0, 0);
    let changed = feed().replace(
        &format!("{G1},alpha.onmicrosoft.com,Alpha Corp,501,amer,400,yes"),
        &format!("{G1},alpha.onmicrosoft.com,Alpha Corporation,501,emea,400,no"),
    );
    let file2 = f.write("feed2.csv", &changed);
    let (code, sum, _) = import(&f, &[file2.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert_eq!(counts(&sum), [0, 1, 2, 1]);
    let alpha = f.show("alpha");
    assert_eq!(alpha["region"], json!("emea"));
    assert_eq!(alpha["customer"], json!("Alpha Corporation"));
    assert_eq!(alpha["managed"], json!(false));
}

#[test]
fn running_the_same_file_twice_changes_nothing() {
    let f = Ftc::new();
    let file = f.write("feed.csv", &feed());
    assert_eq!(import(&f, &[file.to_str().unwrap()]).0, 0);
    let before = f.freeze();
    let (code, sum, stderr) = import(&f, &[file.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(counts(&sum), [0, 0, 3, 1]);
    assert_eq!(sum["rejected"], json!([]));
    before.assert_unchanged("the same file again");
}

#[test]
fn a_file_with_bad_rows_is_refused_whole_and_every_bad_row_is_listed() {
    let f = Ftc::new();
    f.write("feed.csv", &feed());
    assert_eq!(import(&f, &["feed.csv"]).0, 0);
    let bad = format!(
        "{HEADER}\n\
         {G4},delta.onmicrosoft.com,Delta,504,amer,400,yes\n\
         nope,epsilon.onmicrosoft.com,Epsilon,505,amer,400,yes\n\
         11111111-0000-4000-8000-000000000006,zeta.onmicrosoft.com,Zeta,506,mars,400,yes\n\
         {G1},alpha.onmicrosoft.com,Alpha Corp,501,amer,999,yes\n"
    );
    let file = f.write("bad.csv", &bad);
    // Lines 3 and 4 are listed with their bad field; the good new row and
    // the update (lines 2 and 5) do not land either.
    assert_refused(&f, &["tenant", "import", file.to_str().unwrap()], 2);
}

#[test]
fn skip_invalid_imports_the_good_rows_and_reports_the_bad() {
    let f = Ftc::new();
    let bad = format!(
        "{HEADER}\n\
         {G4},delta.onmicrosoft.com,Delta,504,amer,400,yes\n\
         nope,epsilon.onmicrosoft.com,Epsilon,505,amer,400,yes\n\
         11111111-0000-4000-8000-000000000006,zeta.onmicrosoft.com,Zeta,506,mars,400,yes\n\
         {G1},not a domain,Alpha,501,amer,abc,yes\n"
    );
    f.write("bad.csv", &bad);
    let (code, sum, stderr) = import(&f, &["bad.csv", "--skip-invalid"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(counts(&sum), [1, 0, 0, 0]);
    assert_eq!(rejected_lines(&sum), [3, 4, 5]);
    for r in sum["rejected"].as_array().unwrap() {
        assert!(!r["error"].as_str().unwrap().is_empty(), "{r}");
    }
    let both = sum["rejected"][2]["error"].as_str().unwrap();
    assert!(
        both.contains("domain") && both.contains("seats"),
        "every problem of a row: {both}"
    );
    for l in ["line 3", "line 4", "line 5"] {
        assert!(stderr.contains(l), "{l} in {stderr}");
    }
    assert_eq!(domains(&f.tenants()), ["delta.onmicrosoft.com"]);
}

#[test]
fn dry_run_counts_but_writes_nothing() {
    let f = Ftc::new();
    f.init();
    f.write("feed.csv", &feed());
    let before = f.freeze();
    for flag in ["--dry-run", "-n"] {
        let (code, sum, stderr) = import(&f, &["feed.csv", flag]);
        assert_eq!(code, 0, "{stderr}");
        assert_eq!(counts(&sum), [3, 0, 0, 1], "{flag}");
        // Into an empty database the import switches to a rollback journal
        // (a bulk load), dry run or not: that bumps the header's counters.
        before.assert_same_pages(flag);
    }
    // And an update in a dry run is not applied either.
    assert_eq!(import(&f, &["feed.csv"]).0, 0);
    let before = f.freeze();
    f.write("feed2.csv", &feed().replace(",400,", ",900,"));
    let (code, sum, _) = import(&f, &["feed2.csv", "--dry-run"]);
    assert_eq!(code, 0);
    assert_eq!(counts(&sum), [0, 1, 2, 1]);
    before.assert_unchanged("an update in a dry run");
}

#[test]
fn dash_reads_standard_input() {
    let f = Ftc::new();
    let out = f
        .cmd()
        .args(["tenant", "import", "-", "--json"])
        .write_stdin(feed())
        .output()
        .unwrap();
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert_eq!(counts(&parse_json(&out.stdout)), [3, 0, 0, 1]);
    assert_eq!(f.tenants().as_array().unwrap().len(), 3);
}

#[test]
fn a_missing_required_column_exits_2_and_names_it() {
    let f = Ftc::new();
    f.write("feed.csv", &feed());
    assert_eq!(import(&f, &["feed.csv"]).0, 0);
    let no_seats = format!(
        "tenant_id,domain,customer,tpid,region\n{G4},delta.onmicrosoft.com,Delta,504,amer\n"
    );
    f.write("noseats.csv", &no_seats);
    assert_refused(&f, &["tenant", "import", "noseats.csv"], 2);
    // Also through stdin.
    let before = f.freeze();
    f.cmd()
        .args(["tenant", "import", "-"])
        .write_stdin(no_seats)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("seats"));
    before.assert_unchanged("the feed without seats on stdin");
}

#[test]
fn empty_or_missing_files_exit_2() {
    let f = Ftc::new();
    // A database with a tenant: into an empty one (or none) the import
    // starts a bulk load, which switches the journal and so writes the
    // file's header (or creates the file) before it reads the feed.
    f.add("contoso.onmicrosoft.com", "Contoso Ltd", &[]);
    f.write("empty.csv", "");
    assert_refused(&f, &["tenant", "import", "empty.csv"], 2);
    assert_refused(&f, &["tenant", "import", "no-such-file.csv"], 2);
}

#[test]
fn a_tenant_id_twice_in_one_file_is_rejected() {
    let f = Ftc::new();
    let twice = format!(
        "{HEADER}\n\
         {G1},alpha.onmicrosoft.com,Alpha Corp,501,amer,400,yes\n\
         {G2},beta.onmicrosoft.com,Beta Ltd,502,emea,100,no\n\
         {G1},alpha2.onmicrosoft.com,Alpha Corp,501,amer,500,yes\n"
    );
    f.write("twice.csv", &twice);
    // Strict: the whole file is refused, naming the line.
    let out = f
        .cmd()
        .args(["tenant", "import", "twice.csv"])
        .output()
        .unwrap();
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("line 4"), "{stderr}");
    assert_eq!(f.tenants(), json!([]));
    // Skipping: the first occurrence lands, the second is rejected.
    let (code, sum, _) = import(&f, &["twice.csv", "--skip-invalid"]);
    assert_eq!(code, 0);
    assert_eq!(counts(&sum)[0], 2);
    assert_eq!(rejected_lines(&sum), [4]);
    assert_eq!(
        domains(&f.tenants()),
        ["alpha.onmicrosoft.com", "beta.onmicrosoft.com"]
    );
    assert_eq!(f.show("alpha")["seats"], json!(400));
}

#[test]
fn columns_in_any_order_extra_columns_ignored() {
    let f = Ftc::new();
    let text = format!(
        "Seats,REGION,notes,tpid,Customer,domain,country,tenant_id\n\
         400,emea,whatever,501,Alpha Corp,alpha.onmicrosoft.com,France,{G1}\n"
    );
    f.write("shuffled.csv", &text);
    let (code, sum, stderr) = import(&f, &["shuffled.csv"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(counts(&sum), [1, 0, 0, 0]);
    let t = f.show("alpha");
    assert_eq!(t["seats"], json!(400));
    assert_eq!(t["region"], json!("emea"));
    assert_eq!(t["tenant_id"], json!(G1));
    assert_eq!(t["customer"], json!("Alpha Corp"));
}

#[test]
fn a_domain_owned_by_another_tenant_is_rejected() {
    let f = Ftc::new();
    f.write("feed.csv", &feed());
    assert_eq!(import(&f, &["feed.csv"]).0, 0);
    let clash = format!("{HEADER}\n{G4},alpha.onmicrosoft.com,Delta,504,amer,400,yes\n");
    f.write("clash.csv", &clash);
    assert_refused(&f, &["tenant", "import", "clash.csv"], 2);
}

#[test]
fn a_feed_row_with_a_known_tpid_joins_that_customer() {
    let f = Ftc::new();
    f.add(
        "alphahq.onmicrosoft.com",
        "Alpha Corp",
        &["--tpid", "501", "--fm", "alice"],
    );
    f.write("feed.csv", &feed());
    let (code, sum, stderr) = import(&f, &["feed.csv"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(counts(&sum), [3, 0, 0, 1]);
    let c = f.json(&["customer", "show", "501"]);
    assert_eq!(
        domains(&c["tenants"]),
        ["alpha.onmicrosoft.com", "alphahq.onmicrosoft.com"]
    );
    assert_eq!(f.json(&["customer", "list"]).as_array().unwrap().len(), 3);
}

#[test]
fn quoted_fields_bom_and_blank_lines_are_read() {
    let f = Ftc::new();
    let text = format!(
        "\u{feff}tenant_id,domain,customer,tpid,region,seats\r\n\
         {G1},fabrikam.onmicrosoft.com,\"Fabrikam, Inc.\",700,emea,\"1200\"\r\n\
         \r\n\
         {G2},\"contoso.onmicrosoft.com\",Contoso,701,americas,300\r\n"
    );
    f.write("quoted.csv", &text);
    let (code, sum, stderr) = import(&f, &["quoted.csv"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(counts(&sum), [2, 0, 0, 0]);
    assert_eq!(f.show("fabrikam")["customer"], json!("Fabrikam, Inc."));
    assert_eq!(f.show("fabrikam")["seats"], json!(1200));
}

#[test]
fn the_same_tenant_id_in_another_case_is_still_the_same_tenant() {
    let f = Ftc::new();
    f.write("feed.csv", &feed());
    assert_eq!(import(&f, &["feed.csv"]).0, 0);
    let upper = feed().replace(G1, &G1.to_uppercase());
    f.write("upper.csv", &upper);
    let (code, sum, _) = import(&f, &["upper.csv"]);
    assert_eq!(code, 0);
    assert_eq!(
        counts(&sum),
        [0, 0, 3, 1],
        "tenant IDs compare case-insensitively"
    );
    // And twice in one file, once in each case, is a duplicate.
    let twice = format!(
        "{HEADER}\n\
         {G4},delta.onmicrosoft.com,Delta,504,amer,400,yes\n\
         {},delta2.onmicrosoft.com,Delta,504,amer,400,yes\n",
        G4.to_uppercase()
    );
    f.write("twice.csv", &twice);
    assert_refused(&f, &["tenant", "import", "twice.csv"], 2);
}

#[test]
fn one_domain_on_two_rows_of_a_file_is_rejected() {
    let f = Ftc::new();
    let clash = format!(
        "{HEADER}\n\
         {G1},alpha.onmicrosoft.com,Alpha Corp,501,amer,400,yes\n\
         {G2},alpha.onmicrosoft.com,Alpha Corp,501,amer,500,yes\n"
    );
    f.write("clash.csv", &clash);
    let (code, _, stderr) = import(&f, &["clash.csv"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("line 3"), "{stderr}");
    assert_eq!(f.tenants(), json!([]));
    let (code, sum, _) = import(&f, &["clash.csv", "--skip-invalid"]);
    assert_eq!(code, 0);
    assert_eq!(rejected_lines(&sum), [3]);
    assert_eq!(f.show("alpha")["tenant_id"], json!(G1));
}

#[test]
fn a_new_domain_for_a_known_tenant_id_is_an_update() {
    let f = Ftc::new();
    f.write("feed.csv", &feed());
    assert_eq!(import(&f, &["feed.csv"]).0, 0);
    f.write(
        "renamed.csv",
        &feed().replace("alpha.onmicrosoft.com", "alphanew.onmicrosoft.com"),
    );
    let (code, sum, _) = import(&f, &["renamed.csv"]);
    assert_eq!(code, 0);
    assert_eq!(counts(&sum), [0, 1, 2, 1]);
    assert_eq!(f.show(G1)["domain"], json!("alphanew.onmicrosoft.com"));
    assert_eq!(f.history("alphanew").as_array().unwrap().len(), 2);
    f.cmd().args(["tenant", "show", "alpha"]).assert().code(1);
}

#[test]
fn the_feed_overrides_seats_set_by_hand_and_keeps_the_flags() {
    let f = Ftc::new();
    f.write("feed.csv", &feed());
    assert_eq!(import(&f, &["feed.csv"]).0, 0);
    f.json(&[
        "tenant",
        "set",
        "alpha",
        "--seats",
        "1",
        "--winner",
        "--covid-rfa",
        "--fm",
        "alice",
    ]);
    let (code, sum, _) = import(&f, &["feed.csv"]);
    assert_eq!(code, 0);
    assert_eq!(counts(&sum), [0, 1, 2, 1]);
    let alpha = f.show("alpha");
    assert_eq!(alpha["seats"], json!(400));
    assert_eq!(alpha["winner"], json!(true));
    assert_eq!(alpha["covid_rfa"], json!(true));
    assert_eq!(alpha["fm"], json!("alice"));
}

#[test]
fn a_tenant_moved_to_another_tpid_changes_customer() {
    let f = Ftc::new();
    f.write("feed.csv", &feed());
    assert_eq!(import(&f, &["feed.csv"]).0, 0);
    f.write(
        "moved.csv",
        &feed().replace("Alpha Corp,501", "Beta Ltd,502"),
    );
    let (code, sum, stderr) = import(&f, &["moved.csv"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(counts(&sum), [0, 1, 2, 1]);
    let alpha = f.show("alpha");
    assert_eq!(alpha["tpid"], json!(502));
    assert_eq!(alpha["customer"], json!("Beta Ltd"));
    assert_eq!(
        domains(&f.json(&["customer", "show", "502"])["tenants"]),
        ["alpha.onmicrosoft.com", "beta.onmicrosoft.com"]
    );
}

#[test]
fn skip_invalid_with_dry_run_writes_nothing() {
    let f = Ftc::new();
    f.init();
    let text = format!("{}nope,x.onmicrosoft.com,X,9,amer,1,yes\n", feed());
    f.write("mixed.csv", &text);
    let before = f.freeze();
    let (code, sum, _) = import(&f, &["mixed.csv", "--skip-invalid", "--dry-run"]);
    assert_eq!(code, 0);
    assert_eq!(counts(&sum), [3, 0, 0, 1]);
    assert_eq!(rejected_lines(&sum), [5]);
    // The bulk load's journal switch bumps the header's counters (above).
    before.assert_same_pages("--skip-invalid --dry-run");
}

#[test]
fn line_numbers_count_blank_lines_and_crlf() {
    let f = Ftc::new();
    // Line 1 header, 2 good, 3 blank, 4 blank, 5 bad seats, 6 good, 7 bad region.
    let text = format!(
        "{HEADER}\r\n\
         {G1},alpha.onmicrosoft.com,Alpha Corp,501,amer,400,yes\r\n\
         \r\n\
         \r\n\
         {G2},beta.onmicrosoft.com,Beta Ltd,502,emea,lots,no\r\n\
         {G3},gamma.onmicrosoft.com,Gamma,503,apac,9000,\r\n\
         00000000-0000-4000-8000-000000000009,delta.onmicrosoft.com,Delta,504,mars,10,\r\n"
    );
    let p = f.write("crlf.csv", &text);
    let (code, v, stderr) = import(&f, &[p.to_str().unwrap()]);
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(rejected_lines(&v), vec![5, 7], "{v}");
    assert!(
        stderr.contains("line 5") && stderr.contains("line 7"),
        "{stderr}"
    );
}
