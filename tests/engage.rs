//! `ftc engage` through a real pseudo-terminal (expectrl): a walk that
//! records a send, a later walk that records a reply, a customer writing
//! first (who answered, whether it wants FTC help), an ineligible tenant
//! not walked, Ctrl-C leaving the database alone, and the refusal without
//! a terminal.
#![cfg(unix)]

use crate::common::{assert_refused, texts, Ftc};
use expectrl::{ControlCode, Eof, Expect, Session};
use std::process::Command;
use std::time::Duration;

/// `ftc engage ARGS` on a pty, with this environment and `today`.
fn engage(f: &Ftc, today: &str, args: &[&str]) -> expectrl::session::OsSession {
    let mut c = Command::new(assert_cmd::cargo::cargo_bin("ftc"));
    c.arg("engage")
        .args(args)
        .current_dir(f.dir.path())
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", f.dir.path())
        .env("TERM", "xterm")
        .env("FTC_DB", f.database())
        .env("FTC_CONFIG", f.config())
        .env("FTC_TODAY", today)
        .env("FTC_USER", "tester")
        .env("NO_COLOR", "1");
    let mut s = Session::spawn(c).expect("spawn ftc engage on a pty");
    s.set_expect_timeout(Some(Duration::from_secs(20)));
    s
}

/// The exit code of the finished session.
fn exit_code(s: &expectrl::session::OsSession) -> i32 {
    match s.get_process().wait().expect("wait") {
        expectrl::process::unix::WaitStatus::Exited(_, code) => code,
        other => panic!("ftc did not exit normally: {other:?}"),
    }
}

fn setup() -> Ftc {
    let f = Ftc::new();
    f.add(
        "contoso.onmicrosoft.com",
        "Contoso",
        &["--seats", "5000", "--region", "emea", "--tpid", "1"],
    );
    f.ok(&[
        "contact",
        "add",
        "contoso",
        "--kind",
        "microsoft",
        "--role",
        "account-manager",
        "--name",
        "Ann Lee",
        "--email",
        "ann@microsoft.example",
    ]);
    f
}

fn attempts(f: &Ftc, today: &str) -> serde_json::Value {
    let out = f
        .cmd()
        .env("FTC_TODAY", today)
        .args(["cadence", "show", "contoso", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{:?}", texts(&out));
    crate::common::parse_json(&out.stdout)
}

#[test]
fn a_walk_records_a_send_and_a_later_walk_a_reply() {
    let f = setup();
    // 2027-07-01 is a Thursday: the first account-team contact is due today.
    let mut s = engage(&f, "2027-07-01", &["contoso"]);
    s.expect("Account Team Contact").unwrap();
    s.expect("ann@microsoft.example").unwrap();
    s.expect("Write the Account Team Contact as an e-mail draft?")
        .unwrap();
    s.send("n").unwrap();
    s.expect("Did you send the Account Team Contact today?")
        .unwrap();
    s.send("y").unwrap();
    s.expect("Has anyone answered?").unwrap();
    s.send("\r").unwrap(); // "No answer yet"
    s.expect("Next: Account Team Meeting (the account team, attempt 2) due 2027-07-06")
        .unwrap();
    s.expect(Eof).unwrap();
    assert_eq!(exit_code(&s), 0);
    let shown = attempts(&f, "2027-07-01");
    assert_eq!(shown["attempts"].as_array().unwrap().len(), 1);
    assert_eq!(shown["attempts"][0]["party"], "account-team");
    assert_eq!(shown["next"]["due_on"], "2027-07-06");

    // Tuesday: the meeting is due; it was not sent, but the account team replied.
    let mut s = engage(&f, "2027-07-06", &["contoso"]);
    s.expect("Write the Account Team Meeting as an e-mail draft?")
        .unwrap();
    s.send("n").unwrap();
    s.expect("Did you send the Account Team Meeting today?")
        .unwrap();
    s.send("n").unwrap();
    s.expect("Has anyone answered?").unwrap();
    s.send("\x1b[B").unwrap(); // down to "The account team replied"
    s.send("\r").unwrap();
    // Which of its contacts: Ann, the default (after "Not one on file").
    s.expect("Who answered?").unwrap();
    s.expect("Not one on file").unwrap();
    s.send("\r").unwrap();
    // DIBS from the account team, one workload.
    s.expect("Did the account team give DIBS for a workload?")
        .unwrap();
    s.send("y").unwrap();
    s.expect("Which workload?").unwrap();
    s.send("\r").unwrap(); // the first: Exchange Online
    s.expect("Target go-live date").unwrap();
    s.send("2027-09-01\r").unwrap();
    s.expect("Intent to deploy?").unwrap();
    s.send("\r").unwrap(); // yes
    s.expect("Business reason?").unwrap();
    s.send("\x1b[B").unwrap(); // the first reason
    s.send("\r").unwrap();
    s.expect("Success owner").unwrap();
    s.send("Ann Lee\r").unwrap();
    s.expect("Engagement start date").unwrap();
    s.send("\r").unwrap();
    s.expect("DIBS for another workload?").unwrap();
    s.send("n").unwrap();
    // Full DIBS below the CSS seat count for an FRP-eligible workload: the
    // proposal rests on whether the customer wants FTC help, so it asks.
    s.expect("The proposal rests on it: does the customer want FastTrack (FTC) help?")
        .unwrap();
    s.send("\x1b[A").unwrap(); // up from "not known yet" to "no"
    s.send("\r").unwrap();
    // No FTC help wanted: css.
    s.expect("The rules propose css (queue FTCQ CSS EMEA)")
        .unwrap();
    s.expect("Apply css now?").unwrap();
    s.send("y").unwrap();
    s.expect("Assigned css (FTCQ CSS EMEA)").unwrap();
    s.expect("Recorded for contoso.onmicrosoft.com").unwrap();
    // Assigned: no contact to make any more.
    s.expect("Next: nothing to do now: assigned css (FTCQ CSS EMEA) on 2027-07-06")
        .unwrap();
    s.expect(Eof).unwrap();
    assert_eq!(exit_code(&s), 0);
    let shown = attempts(&f, "2027-07-06");
    assert_eq!(shown["attempts"].as_array().unwrap().len(), 1);
    assert_eq!(shown["attempts"][0]["replied_on"], "2027-07-06");
    assert_eq!(shown["next"], serde_json::Value::Null);
    assert_eq!(shown["next_step"]["kind"], "none");
    // Ann, who answered, is marked engaged.
    let contacts = f.json(&["contact", "list", "contoso"]);
    assert_eq!(contacts[0]["email"], "ann@microsoft.example");
    assert_eq!(contacts[0]["engaged"], true);
    let notes = f.history("contoso");
    let text = notes.to_string();
    assert!(text.contains("account team responded"), "{text}");
    // The DIBS landed through `dibs record`'s code, with its task.
    let dibs = f.json(&["dibs", "show", "contoso"]);
    assert_eq!(dibs[0]["workload"], "exchange", "{dibs}");
    assert_eq!(dibs[0]["go_live"], "2027-09-01");
    assert_eq!(dibs[0]["intent"], "yes");
    assert_eq!(dibs[0]["reason"], "End of Life of Existing IT");
    assert_eq!(dibs[0]["owner"], "Ann Lee");
    assert_eq!(dibs[0]["source"], "account-team");
    assert_eq!(dibs[0]["complete"], true);
    let tasks = f.json(&["tasks", "contoso"]);
    let t3993 = tasks
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == 3993)
        .unwrap()
        .clone();
    assert_eq!(t3993["status"], "Complete");
    // The proposal was applied: assigned, and task 2453 done with full DIBS.
    let shown = f.show("contoso");
    assert_eq!(shown["stage"], "assigned");
    assert_eq!(shown["assignment"]["option"], "css");
    assert_eq!(shown["assignment"]["queue"], "FTCQ CSS EMEA");
    let t2453 = tasks
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == 2453)
        .unwrap()
        .clone();
    assert_eq!(t2453["status"], "Complete");
}

#[test]
fn ctrl_c_exits_130_and_writes_nothing() {
    let f = setup();
    let before = f.freeze();
    let mut s = engage(&f, "2027-07-01", &["contoso"]);
    s.expect("Write the Account Team Contact as an e-mail draft?")
        .unwrap();
    s.send("n").unwrap();
    s.expect("Did you send the Account Team Contact today?")
        .unwrap();
    s.send(ControlCode::EndOfText).unwrap();
    s.expect(Eof).unwrap();
    assert_eq!(exit_code(&s), 130);
    before.assert_unchanged("engage interrupted at the first question");
    assert_eq!(
        attempts(&f, "2027-07-01")["attempts"]
            .as_array()
            .unwrap()
            .len(),
        0
    );
}

#[test]
fn ctrl_c_after_answering_the_first_question_writes_nothing() {
    let f = setup();
    let before = f.freeze();
    let mut s = engage(&f, "2027-07-01", &["contoso"]);
    s.expect("Write the Account Team Contact as an e-mail draft?")
        .unwrap();
    s.send("n").unwrap();
    s.expect("Did you send the Account Team Contact today?")
        .unwrap();
    s.send("y").unwrap();
    s.expect("Has anyone answered?").unwrap();
    s.send(ControlCode::EndOfText).unwrap();
    s.expect(Eof).unwrap();
    assert_eq!(exit_code(&s), 130);
    before.assert_unchanged("engage interrupted after an answer");
}

#[test]
fn without_a_terminal_it_exits_2_with_the_flag_commands() {
    let f = setup();
    assert_refused(&f, &["engage", "contoso"], 2);
}

#[test]
fn ctrl_c_at_the_assignment_proposal_writes_nothing_at_all() {
    let f = Ftc::new();
    // A small tenant nobody has answered: reactive applies from the start,
    // and it is not contacted proactively (no send is asked about).
    f.add(
        "tiny.onmicrosoft.com",
        "Tiny Traders",
        &["--seats", "500", "--region", "emea"],
    );
    let before = f.freeze();
    let mut s = engage(&f, "2027-07-01", &["tiny"]);
    s.expect("Next: assign reactive (FTCQ REACTIVE) due 2027-07-01")
        .unwrap();
    // The customer may still write first.
    s.expect("Has anyone answered?").unwrap();
    s.expect("The customer replied").unwrap();
    s.send("\r").unwrap(); // "No answer yet"
    s.expect("The rules propose reactive (queue FTCQ REACTIVE)")
        .unwrap();
    s.expect("Apply reactive now?").unwrap();
    s.send(ControlCode::EndOfText).unwrap();
    s.expect(Eof).unwrap();
    assert_eq!(exit_code(&s), 130);
    // Nothing at all is written.
    before.assert_unchanged("engage interrupted at the proposal");
}

#[test]
fn a_customer_that_writes_first_is_asked_who_and_whether_it_wants_ftc_help() {
    let f = setup();
    f.ok(&[
        "contact",
        "add",
        "contoso",
        "--kind",
        "customer",
        "--name",
        "Carl Client",
        "--email",
        "carl@contoso.example",
        "--country",
        "United Kingdom",
        "--survey-language",
        "English",
        "--services",
        "exchange",
    ]);
    let mut s = engage(&f, "2027-07-01", &["contoso"]);
    s.expect("Write the Account Team Contact as an e-mail draft?")
        .unwrap();
    s.send("n").unwrap();
    s.expect("Did you send the Account Team Contact today?")
        .unwrap();
    s.send("n").unwrap();
    // Nothing was sent, but the customer may write first.
    s.expect("Has anyone answered?").unwrap();
    s.expect("The customer replied").unwrap();
    s.send("\x1b[B").unwrap(); // down to "The customer replied"
    s.send("\r").unwrap();
    s.expect("Who answered?").unwrap();
    s.expect("Carl Client <carl@contoso.example>").unwrap();
    s.send("\r").unwrap(); // the default: Carl
    s.expect("Did the customer give DIBS for a workload?")
        .unwrap();
    s.send("n").unwrap();
    s.expect("Does the customer want FastTrack (FTC) help?")
        .unwrap();
    s.send("y").unwrap();
    // The customer answered: the cadence is over, the option applies.
    s.expect("The rules propose wants-ftc-no-dibs (queue FTCQ NO DIBS)")
        .unwrap();
    s.expect("Apply wants-ftc-no-dibs now?").unwrap();
    s.send("n").unwrap();
    s.expect("Recorded for contoso.onmicrosoft.com").unwrap();
    s.expect("Next: assign wants-ftc-no-dibs (FTCQ NO DIBS) due 2027-07-01")
        .unwrap();
    s.expect(Eof).unwrap();
    assert_eq!(exit_code(&s), 0);
    let shown = attempts(&f, "2027-07-01");
    assert_eq!(shown["stage"], "responded");
    assert_eq!(shown["next"], serde_json::Value::Null);
    assert_eq!(shown["next_step"]["option"], "wants-ftc-no-dibs");
    let contacts = f.json(&["contact", "list", "contoso"]);
    let carl = contacts
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["email"] == "carl@contoso.example")
        .unwrap();
    assert_eq!(carl["engaged"], true);
    assert!(crate::common::history_of(&f, "contoso", "tenant.set")
        .contains(&"wants FTC help: yes".to_string()));
}

#[test]
fn an_ineligible_tenant_is_said_so_and_not_walked() {
    let f = Ftc::new();
    f.add(
        "few.onmicrosoft.com",
        "Few Seats",
        &["--seats", "100", "--source", "commerce", "--region", "emea"],
    );
    let before = f.freeze();
    let mut s = engage(&f, "2027-07-01", &["few"]);
    s.expect("few.onmicrosoft.com is ineligible: nothing to do now: ineligible: 100 seats")
        .unwrap();
    s.expect(Eof).unwrap();
    assert_eq!(exit_code(&s), 0);
    before.assert_unchanged("engage with nothing to do");
}

#[test]
fn a_pdm_that_answers_is_not_asked_for_dibs() {
    let f = Ftc::new();
    f.add(
        "litware.onmicrosoft.com",
        "Litware",
        &["--seats", "2000", "--region", "emea", "--unmanaged"],
    );
    f.ok(&[
        "contact",
        "add",
        "litware",
        "--kind",
        "microsoft",
        "--role",
        "pdm",
        "--name",
        "Pete Pdm",
        "--email",
        "pete@microsoft.example",
    ]);
    let mut s = engage(&f, "2027-07-01", &["litware"]);
    s.expect("Write the Account Team Contact as an e-mail draft?")
        .unwrap();
    s.send("n").unwrap();
    s.expect("Did you send the Account Team Contact today?")
        .unwrap();
    s.send("y").unwrap();
    s.expect("Has anyone answered?").unwrap();
    s.send("\x1b[B").unwrap(); // "The account team replied"
    s.send("\r").unwrap();
    s.expect("Who answered?").unwrap();
    s.send("\r").unwrap(); // Pete, the PDM
    s.expect("A PDM answered: PDMs cannot provide DIBS.")
        .unwrap();
    s.expect("Recorded for litware.onmicrosoft.com").unwrap();
    s.expect(Eof).unwrap();
    assert_eq!(exit_code(&s), 0);
    assert_eq!(f.json(&["dibs", "show", "litware"]), serde_json::json!([]));
}

#[test]
fn a_partner_that_deploys_nothing_is_recorded_as_no_partner() {
    let f = setup();
    f.ok(&[
        "partner",
        "set",
        "contoso",
        "--name",
        "Northwind",
        "--mpn",
        "1234567",
    ]);
    f.ok(&["cadence", "reply", "contoso", "--party", "account-team"]);
    let mut s = engage(&f, "2027-07-01", &["contoso"]);
    // No partner contact on file: no draft is offered.
    s.expect("Did you send the Partner Contact today?").unwrap();
    s.send("y").unwrap();
    s.expect("Has anyone answered?").unwrap();
    s.send("\x1b[B").unwrap(); // "The partner replied"
    s.send("\r").unwrap();
    s.expect("Did the partner give DIBS for a workload?")
        .unwrap();
    s.send("n").unwrap();
    s.expect("Does the partner deploy a workload for the customer?")
        .unwrap();
    s.send("n").unwrap();
    s.expect("no partner identified: the partner deploys nothing")
        .unwrap();
    s.expect("Next: Customer 1st Contact").unwrap();
    s.expect(Eof).unwrap();
    assert_eq!(exit_code(&s), 0);
    let t = f.show("contoso");
    assert_eq!(t["partner"]["name"], "No Partner Identified");
}

#[test]
fn a_start_after_go_live_is_asked_again_keeping_the_other_answers() {
    let f = setup();
    let mut s = engage(&f, "2027-07-01", &["contoso"]);
    s.expect("Write the Account Team Contact as an e-mail draft?")
        .unwrap();
    s.send("n").unwrap();
    s.expect("Did you send the Account Team Contact today?")
        .unwrap();
    s.send("y").unwrap();
    s.expect("Has anyone answered?").unwrap();
    s.send("\x1b[B").unwrap();
    s.send("\r").unwrap();
    s.expect("Who answered?").unwrap();
    s.send("\r").unwrap();
    s.expect("Did the account team give DIBS for a workload?")
        .unwrap();
    s.send("y").unwrap();
    s.expect("Which workload?").unwrap();
    s.send("\r").unwrap();
    s.expect("Target go-live date").unwrap();
    s.send("2027-09-01\r").unwrap();
    s.expect("Intent to deploy?").unwrap();
    s.send("\r").unwrap();
    s.expect("Business reason?").unwrap();
    s.send("\x1b[B").unwrap();
    s.send("\r").unwrap();
    s.expect("Success owner").unwrap();
    s.send("Ann Lee\r").unwrap();
    s.expect("Engagement start date").unwrap();
    s.send("2027-10-01\r").unwrap();
    s.expect("is after the go-live date 2027-09-01: give the dates again")
        .unwrap();
    s.expect("Target go-live date").unwrap();
    s.send("2027-09-01\r").unwrap();
    s.expect("Engagement start date").unwrap();
    s.send("2027-08-01\r").unwrap();
    s.expect("DIBS for another workload?").unwrap();
    s.send("n").unwrap();
    // Whether the customer wants FTC help is not known: nothing proposed.
    s.expect("does the customer want FastTrack (FTC) help?")
        .unwrap();
    s.send("\r").unwrap(); // "not known yet"
    s.expect("No assignment option applies yet:").unwrap();
    s.expect("css waits for an answer").unwrap();
    s.expect(Eof).unwrap();
    assert_eq!(exit_code(&s), 0);
    let dibs = f.json(&["dibs", "show", "contoso"]);
    assert_eq!(dibs[0]["start"], "2027-08-01");
    assert_eq!(dibs[0]["owner"], "Ann Lee");
    assert_eq!(dibs[0]["complete"], true);
}

#[test]
fn a_customer_that_answered_without_dibs_is_asked_for_them() {
    let f = setup();
    f.ok(&["cadence", "reply", "contoso", "--party", "customer"]);
    let mut s = engage(&f, "2027-07-01", &["contoso"]);
    s.expect("Did the customer give DIBS for a workload?")
        .unwrap();
    s.send("n").unwrap();
    s.expect(Eof).unwrap();
    assert_eq!(exit_code(&s), 0);
}

#[test]
fn a_skipped_goback_tenant_is_said_so_and_not_walked() {
    let f = setup();
    // Handed back after an FRP referral: the GoBack rule leaves it alone.
    let out = f
        .cmd()
        .env("FTC_TODAY", "2027-06-01")
        .args(["assign", "contoso", "--option", "frp-referral"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{:?}", texts(&out));
    f.ok(&["tenant", "set", "contoso", "--goback"]);
    let before = f.freeze();
    let mut s = engage(&f, "2027-07-01", &["contoso"]);
    s.expect(
        "contoso.onmicrosoft.com is skip: nothing to do now: GoBack tenant assigned frp-referral",
    )
    .unwrap();
    s.expect(Eof).unwrap();
    assert_eq!(exit_code(&s), 0);
    before.assert_unchanged("engage with nothing to do");
}

/// The walk offers the step's e-mail as a draft before asking whether it
/// was sent, writes it beside the database, and says where.
#[test]
fn the_walk_writes_the_draft_of_the_step_it_shows() {
    let f = setup();
    let mut s = engage(&f, "2027-07-01", &["contoso"]);
    s.expect("Write the Account Team Contact as an e-mail draft?")
        .unwrap();
    s.send("y").unwrap();
    let path = f.path("drafts/contoso.onmicrosoft.com-account-team-1.eml");
    s.expect(format!("draft: {}", path.display()).as_str())
        .unwrap();
    // Not sent yet: the walk ends without writing anything else.
    s.expect("Did you send the Account Team Contact today?")
        .unwrap();
    s.send("n").unwrap();
    s.expect("Has anyone answered?").unwrap();
    s.send("\r").unwrap();
    s.expect(Eof).unwrap();
    assert_eq!(exit_code(&s), 0);
    assert_eq!(crate::common::mode_of(&path), 0o600);
    assert_eq!(crate::common::mode_of(&f.path("drafts")), 0o700);
    let eml = std::fs::read(&path).unwrap();
    let m = mail_parser::MessageParser::default().parse(&eml).unwrap();
    let to: Vec<&str> = m.to().unwrap().iter().filter_map(|a| a.address()).collect();
    assert_eq!(to, ["ann@microsoft.example"]);
    assert!(m.subject().unwrap().contains("Contoso"));
    // The same step drafted again: a new file beside the first, which
    // stays as the FM left it.
    std::fs::write(&path, "edited by hand").unwrap();
    let mut s = engage(&f, "2027-07-01", &["contoso"]);
    s.expect("Write the Account Team Contact as an e-mail draft?")
        .unwrap();
    s.send("y").unwrap();
    let second = f.path("drafts/contoso.onmicrosoft.com-account-team-1-2.eml");
    s.expect(format!("draft: {}", second.display()).as_str())
        .unwrap();
    s.expect("Did you send").unwrap();
    s.send(ControlCode::EndOfText).unwrap();
    s.expect(Eof).unwrap();
    assert!(second.exists());
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "edited by hand");
}
