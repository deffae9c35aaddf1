//! `customer list|show`, `history`, `config show|init`, `demo` and
//! `completions`.

use crate::common::{
    assert_prints, assert_refused, domains, parse_json, texts, Ftc, TENANT_KEYS, TODAY,
};
use predicates::prelude::*;
use rstest::rstest;
use serde_json::json;

/// Contoso Ltd (TPID 100) with two tenants worked by alice, the first the
/// winner; Fabrikam (no TPID) with one tenant worked by bob.
fn customers_db() -> Ftc {
    let f = Ftc::new();
    f.add(
        "contoso.onmicrosoft.com",
        "Contoso Ltd",
        &["--tpid", "100", "--seats", "5000", "--fm", "alice"],
    );
    f.add(
        "contosolab.onmicrosoft.com",
        "Contoso Ltd",
        &["--tpid", "100", "--seats", "300"],
    );
    f.add(
        "fabrikam.onmicrosoft.com",
        "Fabrikam",
        &["--seats", "800", "--fm", "bob"],
    );
    f.json(&["tenant", "set", "contoso", "--winner"]);
    f
}

// --------------------------------------------------------------- customer

#[test]
fn customer_list_counts_tenants_seats_fms_and_the_winner() {
    let f = customers_db();
    let v = f.json(&["customer", "list"]);
    let list = v.as_array().expect("an array");
    assert_eq!(list.len(), 2, "{v}");
    let contoso = list
        .iter()
        .find(|c| c["tpid"] == json!(100))
        .expect("Contoso");
    assert_eq!(contoso["name"], json!("Contoso Ltd"));
    assert_eq!(contoso["tenants"], json!(2));
    assert_eq!(contoso["seats"], json!(5300));
    assert_eq!(contoso["fms"], json!(["alice"]));
    assert_eq!(contoso["winner"], json!("contoso.onmicrosoft.com"));
    let fabrikam = list
        .iter()
        .find(|c| c["name"] == json!("Fabrikam"))
        .expect("Fabrikam");
    assert_eq!(fabrikam["tpid"], json!(null));
    assert_eq!(fabrikam["tenants"], json!(1));
    assert_eq!(fabrikam["winner"], json!(null));

    assert_prints(&f, &["customer", "list"]);

    let filtered = f.json(&["customer", "list", "--name", "FAB"]);
    assert_eq!(filtered.as_array().unwrap().len(), 1);
    assert_eq!(filtered[0]["name"], json!("Fabrikam"));
    assert_eq!(Ftc::new().init().json(&["customer", "list"]), json!([]));
}

#[test]
fn customer_show_by_tpid_lists_its_tenants_and_marks_the_winner() {
    let f = customers_db();
    let c = f.json(&["customer", "show", "100"]);
    assert_eq!(c["tpid"], json!(100));
    assert_eq!(c["name"], json!("Contoso Ltd"));
    assert_eq!(c["winner"], json!("contoso.onmicrosoft.com"));
    assert_eq!(
        domains(&c["tenants"]),
        ["contoso.onmicrosoft.com", "contosolab.onmicrosoft.com"]
    );
    for t in c["tenants"].as_array().unwrap() {
        let keys: Vec<&str> = t.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, TENANT_KEYS);
    }
    assert_eq!(c["tenants"][0]["winner"], json!(true));
    assert_eq!(c["tenants"][1]["winner"], json!(false));

    assert_prints(&f, &["customer", "show", "100"]);
}

#[test]
fn customer_show_by_name_any_case() {
    let f = customers_db();
    let c = f.json(&["customer", "show", "fabrikam"]);
    assert_eq!(c["name"], json!("Fabrikam"));
    assert_eq!(domains(&c["tenants"]), ["fabrikam.onmicrosoft.com"]);
}

#[rstest]
#[case("999")]
#[case("Nobody Inc")]
fn customer_show_unknown_exits_1(#[case] which: &str) {
    let f = customers_db();
    assert_refused(&f, &["customer", "show", which], 1);
}

// ---------------------------------------------------------------- history

#[test]
fn history_is_newest_first_with_the_actor() {
    if crate::common::file_only("--as names the actor on the file; the server records its login: server::the_server_s_roles_show_through_ftc") {
        return;
    }
    let f = Ftc::new();
    f.add(
        "contoso.onmicrosoft.com",
        "Contoso Ltd",
        &["--seats", "500"],
    );
    f.add("fabrikam.onmicrosoft.com", "Fabrikam", &[]);
    f.json(&[
        "tenant",
        "set",
        "contoso",
        "--seats",
        "600",
        "--as",
        "alice",
        "--today",
        "2027-07-02",
    ]);
    f.json(&[
        "tenant",
        "set",
        "contoso",
        "--fm",
        "bob",
        "--as",
        "bob",
        "--today",
        "2027-07-05",
    ]);
    f.json(&["tenant", "set", "fabrikam", "--seats", "1"]);

    let h = f.history("contoso");
    let entries = h.as_array().unwrap();
    assert_eq!(entries.len(), 3, "only contoso's entries: {h}");
    let actors: Vec<&str> = entries
        .iter()
        .map(|e| e["actor"].as_str().unwrap())
        .collect();
    assert_eq!(actors, ["bob", "alice", "tester"]);
    let days: Vec<&str> = entries.iter().map(|e| e["on"].as_str().unwrap()).collect();
    assert_eq!(days, ["2027-07-05", "2027-07-02", TODAY]);
    for k in ["at", "on", "actor", "action", "description"] {
        assert!(entries[0].get(k).is_some(), "{k} in {h}");
    }
    assert!(
        entries[1]["description"].as_str().unwrap().contains("600"),
        "{h}"
    );
    assert!(
        entries[0]["description"].as_str().unwrap().contains("bob"),
        "{h}"
    );

    let table = f.ok(&["history", "contoso"]);
    let lines: Vec<&str> = table.lines().collect();
    assert!(lines[0].contains("actor"), "{table}");
    let actor_column: Vec<&str> = lines[2..]
        .iter()
        .filter_map(|l| l.split_whitespace().nth(1))
        .collect();
    assert_eq!(actor_column, ["bob", "alice", "tester"], "{table}");
}

#[test]
fn a_change_that_changes_nothing_is_not_recorded() {
    let f = Ftc::new();
    f.add(
        "contoso.onmicrosoft.com",
        "Contoso Ltd",
        &["--seats", "500"],
    );
    let out = f
        .cmd()
        .args(["tenant", "set", "contoso", "--seats", "500"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        texts(&out).1.contains("nothing changed"),
        "{}",
        texts(&out).1
    );
    assert_eq!(f.history("contoso").as_array().unwrap().len(), 1);
}

// ----------------------------------------------------------------- config

#[test]
fn config_show_prints_the_effective_config() {
    let f =
        Ftc::with_config("[eligibility]\nmin_seats = 200\n\n[roles]\nslt_editors = [\"alice\"]\n");
    let out = f.cmd().args(["config", "show"]).output().unwrap();
    let (stdout, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stdout.contains("min_seats = 200"), "{stdout}");
    assert!(
        stdout.contains("response_days = 3"),
        "defaults merged in: {stdout}"
    );
    assert!(
        stderr.contains("config.toml"),
        "names the file on stderr: {stderr}"
    );
    let v = f.json(&["config", "show"]);
    assert_eq!(v["eligibility"]["min_seats"], json!(200));
    assert_eq!(v["roles"]["slt_editors"], json!(["alice"]));
    assert_eq!(v["goback"]["css_activity_days"], json!(90));
    // JSON Lines is one line.
    let out = f
        .cmd()
        .args(["config", "show", "--format", "jsonl"])
        .output()
        .unwrap();
    let (stdout, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    let line: serde_json::Value = serde_json::from_str(stdout.trim()).unwrap();
    assert_eq!(line["eligibility"]["min_seats"], json!(200));

    // And it is the config the rules use.
    let t = f.add(
        "a.onmicrosoft.com",
        "A Org",
        &["--source", "commerce", "--seats", "180"],
    );
    assert_eq!(t["eligible"], json!(false));
}

#[test]
fn a_missing_default_config_is_fine() {
    let f = Ftc::new();
    f.bare_cmd()
        .args(["config", "show"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("min_seats = 150"));
}

#[test]
fn config_init_writes_a_template_and_refuses_to_overwrite() {
    let f = Ftc::new();
    let target = f.path("new/dir/ftc.toml");
    f.cmd()
        .args(["config", "init", target.to_str().unwrap()])
        .assert()
        .code(0)
        .stderr(predicate::str::contains("ftc.toml"));
    let written = std::fs::read_to_string(&target).unwrap();
    assert!(
        written.contains("[eligibility]") && written.contains('#'),
        "a commented template"
    );
    // The template is a valid config.
    f.cmd()
        .env("FTC_CONFIG", &target)
        .args(["config", "show"])
        .assert()
        .code(0);
    // A second init refuses and leaves the file alone.
    std::fs::write(&target, "# mine\n").unwrap();
    f.cmd()
        .args(["config", "init", target.to_str().unwrap()])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("error:").and(predicate::str::contains("ftc.toml")));
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "# mine\n");
    // Without a path it writes the config in use, which exists: refused.
    f.cmd().args(["config", "init"]).assert().code(1);
    assert_eq!(std::fs::read_to_string(f.config()).unwrap(), "");
}

#[test]
fn config_init_writes_the_default_config_file() {
    let f = Ftc::new();
    f.bare_cmd().args(["config", "init"]).assert().code(0);
    let path = f.path("xdg-config/ftc/config.toml");
    assert!(path.is_file(), "expected {}", path.display());
    f.bare_cmd()
        .args(["config", "show"])
        .assert()
        .code(0)
        .stderr(predicate::str::contains("xdg-config/ftc/config.toml"));
    f.bare_cmd().args(["config", "init"]).assert().code(1);
}

/// `config init` writes to the `--config` path by default (its help says
/// so), so that path not existing yet must not stop it.
#[test]
fn config_init_writes_a_missing_explicit_config_path() {
    let f = Ftc::new();
    let target = f.path("fresh.toml");
    let out = f
        .cmd()
        .env("FTC_CONFIG", &target)
        .args(["config", "init"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", texts(&out).1);
    assert!(target.is_file());
}

#[rstest]
#[case::nested("[cadence]\nresponse_dayz = 4\n")]
#[case::section("[bogus]\nx = 1\n")]
#[case::top_level("min_seats = 100\n")]
#[case::roles("[roles]\nslt_editor = [\"alice\"]\n")]
fn an_unknown_config_key_exits_2_naming_file_and_key(#[case] text: &str) {
    let f = Ftc::with_config(text);
    for args in [
        &["config", "show"][..],
        &["tenant", "list"],
        &["tenant", "add", "--domain", "a.com", "--customer", "A"],
    ] {
        // Naming the file and the key; not even the database is created.
        assert_refused(&f, args, 2);
    }
}

#[rstest]
#[case::not_toml("[eligibility\nmin_seats = 1\n")]
#[case::wrong_type("[eligibility]\nmin_seats = \"many\"\n")]
#[case::bad_holiday("[calendar.holidays]\nemea = [\"2027-02-30\"]\n")]
fn a_malformed_config_exits_2(#[case] text: &str) {
    let f = Ftc::with_config(text);
    assert_refused(&f, &["tenant", "list"], 2);
}

#[test]
fn a_missing_explicit_config_is_an_error() {
    let f = Ftc::new();
    f.cmd()
        .env("FTC_CONFIG", f.path("nope.toml"))
        .args(["tenant", "list"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("error:").and(predicate::str::contains("nope.toml")));
    assert_refused(&f, &["--config", "nope2.toml", "tenant", "list"], 2);
}

// ------------------------------------------------------------------- demo

#[test]
fn demo_builds_a_database_and_prints_the_tenants() {
    let f = Ftc::new();
    let untouched = f.freeze();
    let demo = f.path("demo/ftc-demo.db");
    let demo_s = demo.to_str().unwrap();
    let out = f.cmd().args(["demo", "--db", demo_s]).output().unwrap();
    let (stdout, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stdout.lines().next().unwrap().contains("domain"),
        "{stdout}"
    );
    assert!(stdout.contains("contoso.onmicrosoft.com"), "{stdout}");
    assert!(stderr.contains("--db"), "says how to continue: {stderr}");

    let list = |f: &Ftc| {
        let out = f
            .cmd()
            .args(["--db", demo_s, "tenant", "list", "--json"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        parse_json(&out.stdout)
    };
    let first = list(&f);
    let n = first.as_array().unwrap().len();
    assert!(n >= 10, "a demo worth the name: {n} tenants");
    let (tenant_table, agenda) = stdout
        .split_once("\nAgenda of alice")
        .expect("an agenda after the tenants");
    assert_eq!(
        tenant_table
            .lines()
            .filter(|l| l.contains(".onmicrosoft.com"))
            .count(),
        n
    );
    assert!(
        agenda.contains("contact"),
        "the agenda has contact items: {agenda}"
    );
    let out = f
        .cmd()
        .args(["--db", demo_s, "history", "contoso", "--json"])
        .output()
        .unwrap();
    assert!(
        parse_json(&out.stdout).as_array().unwrap().len() > 1,
        "with history"
    );
    untouched.assert_unchanged("`demo --db` (FTC_DB is not touched)");

    // Twice: rebuilt, the same tenants.
    f.cmd().args(["demo", "--db", demo_s]).assert().code(0);
    assert_eq!(list(&f), first);
}

#[test]
fn demo_json_prints_the_tenants_and_the_agenda() {
    let f = Ftc::new();
    let demo = f.path("d.db");
    let out = f
        .cmd()
        .args(["demo", "--db", demo.to_str().unwrap(), "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v = parse_json(&out.stdout);
    assert!(!v["tenants"].as_array().unwrap().is_empty());
    let agenda = v["agenda"].as_array().unwrap();
    assert!(
        agenda
            .iter()
            .any(|i| i["overdue_days"].as_i64().unwrap() > 0),
        "overdue items"
    );
    assert!(
        agenda
            .iter()
            .any(|i| i["overdue_days"].as_i64().unwrap() < 0),
        "upcoming items"
    );
    assert!(
        agenda.iter().any(|i| i["kind"] == "pause-ends"),
        "a pause ends"
    );
}

#[test]
fn demo_refuses_a_database_that_is_not_a_demo() {
    if crate::common::file_only("the demo builds a file") {
        return;
    }
    let f = Ftc::new();
    f.add("contoso.onmicrosoft.com", "Contoso Ltd", &[]);
    let db = f.db();
    assert_refused(&f, &["demo", "--db", db.to_str().unwrap()], 1);

    // Nor any other file.
    let text = f.write("notes.txt", "my notes\n");
    f.cmd()
        .args(["demo", "--db", text.to_str().unwrap()])
        .assert()
        .code(1);
    assert_eq!(std::fs::read_to_string(&text).unwrap(), "my notes\n");
}

#[test]
fn demo_without_db_never_uses_the_real_database() {
    if crate::common::file_only("the demo builds a file") {
        return;
    }
    let f = Ftc::new();
    f.add("contoso.onmicrosoft.com", "Contoso Ltd", &[]);
    let before = f.freeze();
    // FTC_DB points at the real database; the demo goes to the data dir.
    f.cmd().args(["demo"]).assert().code(0);
    before.assert_unchanged("the demo");
    assert!(f.path("xdg-data/ftc/ftc-demo.db").is_file());
}

// ------------------------------------------------------------ completions

#[rstest]
#[case("bash")]
#[case("zsh")]
#[case("fish")]
fn completions_are_printed(#[case] shell: &str) {
    let f = Ftc::new();
    f.cmd()
        .args(["completions", shell])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("ftc").and(predicate::str::contains("tenant")));
}

#[test]
fn completions_for_an_unknown_shell_exit_2() {
    assert_refused(&Ftc::new(), &["completions", "cmd-exe"], 2);
}
