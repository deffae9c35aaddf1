//! `ftc triage` (SPEC 3.5, rule 4.7): routing by flags, the refusals (exit 1
//! or 2, nothing written), `triage list`, the FTC Insight lifecycle
//! (`plus-one`, `status`), and the interactive questions through a real
//! pseudo-terminal (expectrl).

use crate::common::{assert_prints, assert_refused, parse_json, texts, Ftc};
use rstest::rstest;
use serde_json::{json, Value};
use std::process::Output;

const KEYS: [&str; 14] = [
    "id",
    "route",
    "destination",
    "summary",
    "category",
    "tenant",
    "workload",
    "answers",
    "status",
    "completed",
    "occurrences",
    "tenants",
    "created_on",
    "author",
];

fn run(f: &Ftc, args: &[&str]) -> Output {
    f.cmd().args(args).output().expect("run ftc")
}

fn keys(v: &Value) -> Vec<&str> {
    v.as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect()
}

/// `triage --summary S` plus `answers`, which must succeed.
fn triage(f: &Ftc, summary: &str, answers: &[&str]) -> Value {
    let mut args = vec!["triage", "--summary", summary];
    args.extend_from_slice(answers);
    let v = f.json(&args);
    assert_eq!(keys(&v), KEYS);
    v
}

fn tenants() -> Ftc {
    let f = Ftc::new();
    for (d, c) in [
        ("contoso.onmicrosoft.com", "Contoso"),
        ("fabrikam.onmicrosoft.com", "Fabrikam"),
        ("tailspin.onmicrosoft.com", "Tailspin Toys"),
    ] {
        f.add(d, c, &["--seats", "500", "--region", "emea"]);
    }
    f
}

#[rstest]
#[case::error_in_the_admin_center(&["--broken"], "support")]
#[case::broken_beats_the_rest(&["--broken", "--blocks-deployment", "--question"], "support")]
#[case::blocks_deployment(&["--blocks-deployment"], "ftc-insight")]
#[case::blocking_beats_a_wish(&["--blocks-deployment", "--product-wish"], "ftc-insight")]
#[case::premier_wish(&["--product-wish", "--premier"], "dcr")]
#[case::wish(&["--product-wish"], "uservoice")]
#[case::playbook(&["--playbook", "--ftc-process"], "playbook-feedback")]
#[case::ftop(&["--ftc-process"], "ftchelp")]
#[case::deep(&["--deep-guidance", "--question"], "sme-request")]
#[case::question(&["--question"], "workload-channel")]
fn flags_route_by_the_first_yes(#[case] answers: &[&str], #[case] want: &str) {
    let f = Ftc::new();
    let v = triage(&f, "something", answers);
    assert_eq!(v["id"], 1);
    assert_eq!(v["route"], want);
    assert_eq!(v["summary"], "something");
    assert!(!v["destination"].as_str().unwrap().is_empty());
    let yes: Vec<&str> = answers.iter().map(|a| a.trim_start_matches("--")).collect();
    assert_eq!(v["answers"], json!(yes));
    assert_eq!(v["author"], "tester");
    assert_eq!(v["created_on"], "2027-07-01");
    let insight = want == "ftc-insight";
    assert_eq!(
        v["status"],
        if insight {
            json!("Emerging Issue")
        } else {
            Value::Null
        }
    );
    assert_eq!(
        v["occurrences"],
        if insight { json!(1) } else { Value::Null }
    );
    let list = f.json(&["triage", "list"]);
    assert_eq!(list, json!([v]));
}

#[test]
fn ftchelp_takes_a_category_from_the_reference_list() {
    let f = tenants();
    let v = triage(
        &f,
        "FTOP wizard hangs",
        &[
            "--ftc-process",
            "--category",
            "FTOP-Tools",
            "--tenant",
            "contoso",
            "--workload",
            "Exchange Online",
        ],
    );
    assert_eq!(v["route"], "ftchelp");
    assert_eq!(v["destination"], "an FTCHelp request");
    assert_eq!(v["category"], "ftop-tools");
    assert_eq!(v["tenant"], "contoso.onmicrosoft.com");
    assert_eq!(v["workload"], "exchange");
    let h = f.history("contoso").to_string();
    assert!(h.contains("triaged to ftchelp (ftop-tools)"), "{h}");
    // Without a category: null.
    assert_eq!(
        triage(&f, "report numbers are off", &["--ftc-process"])["category"],
        Value::Null
    );
    // A category with an earlier yes is left out, with a note.
    let out = run(
        &f,
        &[
            "triage",
            "--summary",
            "x",
            "--broken",
            "--ftc-process",
            "--category",
            "general",
            "--json",
        ],
    );
    let (stdout, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let v = parse_json(stdout.as_bytes());
    assert_eq!(v["route"], "support");
    assert_eq!(v["category"], Value::Null);
    assert!(stderr.contains("category is left out"), "{stderr}");
}

#[test]
fn bad_triage_input_is_refused_and_writes_nothing() {
    let f = tenants();
    triage(&f, "one already", &["--question"]);
    // No answer flags and no terminal: exit 2, the flags named.
    let e = assert_refused(&f, &["triage", "--summary", "x"], 2);
    for flag in [
        "--broken",
        "--blocks-deployment",
        "--product-wish",
        "--premier",
        "--playbook",
        "--ftc-process",
        "--category",
        "--deep-guidance",
        "--question",
    ] {
        assert!(e.contains(flag), "{flag} in {e}");
    }
    assert_refused(&f, &["triage", "--question"], 2);
    assert_refused(&f, &["triage", "--summary", "  ", "--question"], 2);
    // Sub-answers need their question.
    assert_refused(&f, &["triage", "--summary", "x", "--premier"], 2);
    assert_refused(
        &f,
        &["triage", "--summary", "x", "--category", "general"],
        2,
    );
    // Not in the reference data: exit 1 with the allowed values.
    assert_refused(
        &f,
        &[
            "triage",
            "--summary",
            "x",
            "--ftc-process",
            "--category",
            "billing",
        ],
        1,
    );
    assert_refused(
        &f,
        &[
            "triage",
            "--summary",
            "x",
            "--question",
            "--workload",
            "exchnage",
        ],
        1,
    );
    assert_refused(
        &f,
        &[
            "triage",
            "--summary",
            "x",
            "--question",
            "--tenant",
            "nosuch",
        ],
        1,
    );
    assert_refused(&f, &["triage", "list", "--route", "email"], 2);
}

#[test]
fn an_insight_counts_other_tenants_and_moves_through_its_lifecycle() {
    let f = tenants();
    let v = triage(
        &f,
        "Public folders cannot be migrated",
        &[
            "--blocks-deployment",
            "--tenant",
            "contoso",
            "--workload",
            "exchange",
        ],
    );
    assert_eq!(v["route"], "ftc-insight");
    assert_eq!(v["status"], "Emerging Issue");
    assert_eq!(v["completed"], false);
    assert_eq!(v["tenants"], json!(["contoso.onmicrosoft.com"]));
    let support = triage(&f, "error 500", &["--broken", "--tenant", "contoso"]);
    let id = v["id"].as_i64().unwrap().to_string();
    let other = support["id"].as_i64().unwrap().to_string();

    let plus = f.json(&["triage", "plus-one", &id, "--tenant", "fabrikam"]);
    assert_eq!(plus["occurrences"], 2);
    assert_eq!(
        plus["tenants"],
        json!(["contoso.onmicrosoft.com", "fabrikam.onmicrosoft.com"])
    );
    let h = f.history("fabrikam").to_string();
    assert!(h.contains("triage.plus-one"), "{h}");
    // Refused: a tenant counted already (the first one too), a
    // non-insight, an unknown id or tenant.
    assert_refused(&f, &["triage", "plus-one", &id, "--tenant", "fabrikam"], 1);
    assert_refused(&f, &["triage", "plus-one", &id, "--tenant", "contoso"], 1);
    assert_refused(
        &f,
        &["triage", "plus-one", &other, "--tenant", "tailspin"],
        1,
    );
    assert_refused(&f, &["triage", "plus-one", "99", "--tenant", "tailspin"], 1);
    assert_refused(&f, &["triage", "plus-one", &id, "--tenant", "nosuch"], 1);
    assert_refused(&f, &["triage", "plus-one", &id], 2);

    // Statuses: exact names in any case.
    let s = f.json(&["triage", "status", &id, "escalated"]);
    assert_eq!(s["status"], "Escalated");
    assert_eq!(s["completed"], false);
    let h = f.history("contoso").to_string();
    assert!(h.contains("moved from Emerging Issue to Escalated"), "{h}");
    let out = run(&f, &["triage", "status", &id, "ESCALATED"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(texts(&out).1.contains("nothing changed"));
    let e = assert_refused(&f, &["triage", "status", &id, "Fixed"], 1);
    assert!(
        e.contains("Emerging Issue") && e.contains("Resolved - Workaround"),
        "{e}"
    );
    assert_refused(&f, &["triage", "status", &other, "Escalated"], 1);
    assert_refused(&f, &["triage", "status", "99", "Escalated"], 1);
    let done = f.json(&["triage", "status", &id, "resolved - workaround"]);
    assert_eq!(done["status"], "Resolved - Workaround");
    assert_eq!(done["completed"], true);

    // An insight without a tenant counts its own report.
    let bare = triage(
        &f,
        "no bulk licensing for Teams rooms",
        &["--blocks-deployment"],
    );
    assert_eq!(bare["occurrences"], 1);
    let bare_id = bare["id"].as_i64().unwrap().to_string();
    assert_eq!(
        f.json(&["triage", "plus-one", &bare_id, "--tenant", "tailspin"])["occurrences"],
        2
    );

    let insights = f.json(&["triage", "list", "--route", "ftc-insight"]);
    let ids: Vec<i64> = insights
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, [1, 3]);
    assert_eq!(f.json(&["triage", "list"]).as_array().unwrap().len(), 3);
    assert_prints(&f, &["triage", "list"]);
}

// ------------------------------------------------------------ on a terminal

#[cfg(unix)]
mod interactive {
    use super::*;
    use expectrl::{ControlCode, Eof, Expect, Session};
    use std::process::Command;
    use std::time::Duration;

    /// `ftc triage ARGS` on a pty, with this environment.
    fn triage_pty(f: &Ftc, args: &[&str]) -> expectrl::session::OsSession {
        let mut c = Command::new(assert_cmd::cargo::cargo_bin("ftc"));
        c.arg("triage")
            .args(args)
            .current_dir(f.dir.path())
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", f.dir.path())
            .env("TERM", "xterm")
            .env("FTC_DB", f.database())
            .env("FTC_CONFIG", f.config())
            .env("FTC_TODAY", crate::common::TODAY)
            .env("FTC_USER", "tester")
            .env("NO_COLOR", "1");
        let mut s = Session::spawn(c).expect("spawn ftc triage on a pty");
        s.set_expect_timeout(Some(Duration::from_secs(20)));
        s
    }

    fn exit_code(s: &expectrl::session::OsSession) -> i32 {
        match s.get_process().wait().expect("wait") {
            expectrl::process::unix::WaitStatus::Exited(_, code) => code,
            other => panic!("ftc did not exit normally: {other:?}"),
        }
    }

    #[test]
    fn a_walk_to_uservoice() {
        let f = tenants();
        let mut s = triage_pty(
            &f,
            &[
                "--summary",
                "Wants a dark theme",
                "--tenant",
                "contoso",
                "--json",
            ],
        );
        s.expect("1/7 Is a feature already in the product failing")
            .unwrap();
        s.send("n").unwrap();
        s.expect("2/7 Is it about workload functionality").unwrap();
        s.send("n").unwrap();
        s.expect("3/7 Is it a change the customer would like")
            .unwrap();
        s.send("y").unwrap();
        s.expect("Is the customer a Premier customer?").unwrap();
        s.send("n").unwrap();
        s.expect("\"route\": \"uservoice\"").unwrap();
        s.expect(Eof).unwrap();
        assert_eq!(exit_code(&s), 0);
        let list = f.json(&["triage", "list"]);
        assert_eq!(list.as_array().unwrap().len(), 1);
        assert_eq!(list[0]["route"], "uservoice");
        assert_eq!(list[0]["answers"], json!(["product-wish"]));
        assert_eq!(list[0]["tenant"], "contoso.onmicrosoft.com");
    }

    #[test]
    fn a_walk_to_ftchelp_picks_a_category() {
        let f = tenants();
        let mut s = triage_pty(&f, &["--summary", "Usage report is empty", "--json"]);
        for q in ["1/7", "2/7", "3/7", "4/7"] {
            s.expect(q).unwrap();
            s.send("n").unwrap();
        }
        s.expect("5/7 Is it about an FTC tool").unwrap();
        s.send("y").unwrap();
        s.expect("Which FTCHelp category?").unwrap();
        s.send("\x1b[B").unwrap(); // ftop-task-change
        s.send("\x1b[B").unwrap(); // reporting-data
        s.send("\r").unwrap();
        s.expect("\"category\": \"reporting-data\"").unwrap();
        s.expect(Eof).unwrap();
        assert_eq!(exit_code(&s), 0);
        let list = f.json(&["triage", "list"]);
        assert_eq!(list[0]["route"], "ftchelp");
        assert_eq!(list[0]["category"], "reporting-data");
    }

    #[test]
    fn seven_noes_go_to_the_workload_channel() {
        let f = Ftc::new();
        let mut s = triage_pty(&f, &["--summary", "How far does the benefit go?"]);
        for q in ["1/7", "2/7", "3/7", "4/7", "5/7", "6/7", "7/7"] {
            s.expect(q).unwrap();
            s.send("n").unwrap();
        }
        s.expect("workload-channel").unwrap();
        s.expect(Eof).unwrap();
        assert_eq!(exit_code(&s), 0);
        assert_eq!(f.json(&["triage", "list"])[0]["route"], "workload-channel");
    }

    #[test]
    fn ctrl_c_exits_130_and_writes_nothing() {
        let f = tenants();
        let before = f.freeze();
        let mut s = triage_pty(&f, &["--summary", "x", "--tenant", "contoso"]);
        s.expect("1/7").unwrap();
        s.send("n").unwrap();
        s.expect("2/7").unwrap();
        s.send(ControlCode::EndOfText).unwrap();
        s.expect(Eof).unwrap();
        assert_eq!(exit_code(&s), 130);
        before.assert_unchanged("a triage interrupted by Ctrl-C");
        assert_eq!(f.json(&["triage", "list"]), json!([]));
    }

    #[test]
    fn ctrl_c_at_the_category_writes_nothing() {
        let f = Ftc::new();
        f.init();
        let mut s = triage_pty(&f, &["--summary", "x"]);
        for q in ["1/7", "2/7", "3/7", "4/7"] {
            s.expect(q).unwrap();
            s.send("n").unwrap();
        }
        s.expect("5/7").unwrap();
        s.send("y").unwrap();
        s.expect("Which FTCHelp category?").unwrap();
        s.send(ControlCode::EndOfText).unwrap();
        s.expect(Eof).unwrap();
        assert_eq!(exit_code(&s), 130);
        assert_eq!(f.json(&["triage", "list"]), json!([]));
    }
}
