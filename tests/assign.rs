//! `ftc assign` (SPEC 3.5, rules 4.2 and 4.3) as stories: the rules'
//! decision explained without a write, applied with its queue per region,
//! history and task 2453, a manual override recorded as such, every refusal
//! (exit 1, nothing written), the stages `assigned` and `skip` with the
//! GoBack rule, and the agenda's `assign` items.

use crate::common::{
    assert_prints, assert_refused, assert_refused_on, history_of, parse_json, run, texts, Ftc,
    TODAY,
};
use rstest::rstest;
use serde_json::{json, Value};

// ------------------------------------------------------------ helpers

/// `args --json` on `today`; must exit 0.
fn ok_on(f: &Ftc, today: &str, args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.push("--json");
    let out = run(f, today, &all);
    let (stdout, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(0), "{args:?} on {today}\n{stderr}");
    parse_json(stdout.as_bytes())
}

fn ok(f: &Ftc, args: &[&str]) -> Value {
    ok_on(f, TODAY, args)
}

fn add_on(f: &Ftc, today: &str, label: &str, customer: &str, extra: &[&str]) {
    let domain = format!("{label}.onmicrosoft.com");
    let mut args = vec!["tenant", "add", "--domain", &domain, "--customer", customer];
    args.extend_from_slice(extra);
    ok_on(f, today, &args);
}

fn full_dibs_on(f: &Ftc, today: &str, tenant: &str, workload: &str) {
    ok_on(
        f,
        today,
        &[
            "dibs",
            "record",
            tenant,
            "--workload",
            workload,
            "--source",
            "customer",
            "--go-live",
            "2027-12-01",
            "--intent",
            "yes",
            "--reason",
            "Increase Security",
            "--owner",
            "Ann Lee",
        ],
    );
}

fn full_dibs(f: &Ftc, tenant: &str, workload: &str) {
    full_dibs_on(f, TODAY, tenant, workload);
}

/// The status of one task of a tenant's checklist.
fn task(f: &Ftc, tenant: &str, id: u64) -> Value {
    f.json(&["tasks", tenant])
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == id)
        .unwrap_or_else(|| panic!("task {id} not listed"))["status"]
        .clone()
}

fn stage_on(f: &Ftc, today: &str, tenant: &str) -> String {
    ok_on(f, today, &["tenant", "show", tenant])["stage"]
        .as_str()
        .unwrap()
        .to_string()
}

/// Contoso: 5,000 seats in EMEA, added today, nothing else recorded.
fn contoso() -> Ftc {
    let f = Ftc::new();
    add_on(
        &f,
        TODAY,
        "contoso",
        "Contoso Ltd",
        &["--seats", "5000", "--region", "emea", "--fm", "alice"],
    );
    f
}

// ------------------------------------------------------------ explain

#[test]
fn explain_says_what_is_missing_until_an_option_applies_and_changes_nothing() {
    let f = contoso();
    let untouched = f.freeze();
    let out = run(&f, TODAY, &["assign", "contoso", "--explain", "--json"]);
    let (stdout, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(
        parse_json(stdout.as_bytes()),
        json!({"domain": "contoso.onmicrosoft.com", "option": null, "queue": null,
        "reasons": [], "missing": [
            "account-team attempt 1 is due 2027-07-01",
            "no DIBS recorded yet (`ftc dibs record`)",
            "whether the customer wants FTC help is not known (`ftc tenant set --wants-ftc`)"
        ]})
    );
    assert!(
        stderr.contains("error: no assignment option applies to contoso.onmicrosoft.com yet"),
        "{stderr}"
    );
    assert!(
        stderr.contains("  - account-team attempt 1 is due 2027-07-01"),
        "{stderr}"
    );
    untouched.assert_unchanged("--explain");
    // Without an option, applying is refused the same way.
    assert_refused(&f, &["assign", "contoso"], 1);

    full_dibs(&f, "contoso", "exchange");
    ok(&f, &["tenant", "set", "contoso", "--wants-ftc", "yes"]);
    let before_explain = f.freeze();
    let v = ok(&f, &["assign", "contoso", "--explain"]);
    assert_eq!(
        v,
        json!({"domain": "contoso.onmicrosoft.com", "option": "frp-referral",
               "queue": "FTCQ ALL FTC", "reasons": [
                   "full DIBS for exchange",
                   "the customer wants FTC help",
                   "exchange is FRP-eligible with 5000 seats, a go-live date, intent yes and a success owner",
                   "usage not considered: none recorded for the tenant"
               ], "missing": []})
    );
    before_explain.assert_unchanged("--explain");
    // The table, for a person.
    assert_prints(&f, &["assign", "contoso", "--explain"]);
    // --explain decides; it takes no option to apply.
    assert_refused(
        &f,
        &["assign", "contoso", "--explain", "--option", "css"],
        2,
    );
}

/// An answer recorded by mistake is taken back: the proposal that rests
/// on it waits again.
#[test]
fn wants_ftc_unknown_takes_the_answer_back() {
    let f = contoso();
    full_dibs(&f, "contoso", "exchange");
    ok(&f, &["tenant", "set", "contoso", "--wants-ftc", "no"]);
    assert_eq!(ok(&f, &["assign", "contoso", "--explain"])["option"], "css");
    let v = ok(&f, &["tenant", "set", "contoso", "--wants-ftc", "unknown"]);
    assert_eq!(v["wants_ftc"], Value::Null, "{v}");
    assert_eq!(
        history_of(&f, "contoso", "tenant.set")
            .last()
            .map(String::as_str),
        Some("wants FTC help: not known")
    );
    let err = assert_refused(&f, &["assign", "contoso", "--explain"], 1);
    assert!(err.contains("css waits for an answer"), "{err}");
    // Anything else is a usage error that changes nothing.
    let before = f.freeze();
    let err = assert_refused(&f, &["tenant", "set", "contoso", "--wants-ftc", "maybe"], 2);
    assert!(err.contains("yes, no or unknown"), "{err}");
    before.assert_unchanged("a refused --wants-ftc");
}

// ------------------------------------------------------------ applying

#[test]
fn applying_records_the_assignment_its_history_and_task_2453() {
    let f = contoso();
    full_dibs(&f, "contoso", "exchange");
    assert_eq!(task(&f, "contoso", 2453), "Not Started");
    // Below the CSS criteria with an FRP-eligible workload, css rests on
    // the answer "wants FTC help": it waits for it while the cadence runs.
    let err = assert_refused(&f, &["assign", "contoso", "--to", "Dana Park"], 1);
    assert!(err.contains("css waits for an answer"), "{err}");
    ok(&f, &["tenant", "set", "contoso", "--wants-ftc", "no"]);
    let v = ok(&f, &["assign", "contoso", "--to", "Dana Park"]);
    assert_eq!(
        v,
        json!({"domain": "contoso.onmicrosoft.com", "option": "css",
        "queue": "FTCQ CSS EMEA", "assignee": "Dana Park", "on": "2027-07-01",
        "manual": false, "reasons": [
            "full DIBS for exchange",
            "5000 seats, below the CSS criteria (10000 or more)",
            "exchange is FRP-eligible with 5000 seats, a go-live date, intent yes and a success \
             owner, but the customer does not want FTC help, so no FRP referral"
        ], "frp": null})
    );
    let shown = f.show("contoso");
    assert_eq!(shown["stage"], "assigned");
    assert_eq!(
        shown["assignment"],
        json!({"option": "css", "queue": "FTCQ CSS EMEA", "assignee": "Dana Park",
               "on": "2027-07-01"})
    );
    assert_eq!(f.tenants()[0]["assignment"], shown["assignment"]);
    assert_eq!(ok(&f, &["cadence", "show", "contoso"])["stage"], "assigned");
    assert_eq!(
        history_of(&f, "contoso", "assign"),
        [
            "assigned css (FTCQ CSS EMEA) to Dana Park on 2027-07-01 by the rules: \
          full DIBS for exchange; 5000 seats, below the CSS criteria (10000 or more); \
          exchange is FRP-eligible with 5000 seats, a go-live date, intent yes and a success \
          owner, but the customer does not want FTC help, so no FRP referral"
        ]
    );
    assert_eq!(task(&f, "contoso", 2453), "Complete");
    assert!(history_of(&f, "contoso", "task.set")
        .last()
        .unwrap()
        .starts_with(
            "task 2453 (Gateway Only) Completion of Engagement Process: Not Started -> Complete"
        ));
    // An assigned tenant has no contact items, and no assign item.
    assert_eq!(ok(&f, &["agenda"]), json!([]));
    assert_eq!(
        ok(&f, &["tenant", "list", "--stage", "assigned"])[0]["domain"],
        "contoso.onmicrosoft.com"
    );

    // The same again: nothing recorded, the assignment printed, exit 0.
    let before = f.freeze();
    let out = run(&f, TODAY, &["assign", "contoso", "--json"]);
    let (stdout, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("already; nothing recorded"), "{stderr}");
    assert_eq!(parse_json(stdout.as_bytes()), v);
    before.assert_unchanged("assigning the same again");

    // Another person in the queue is a new assignment.
    let erin = ok_on(&f, "2027-07-02", &["assign", "contoso", "--to", "Erin"]);
    assert_eq!(erin["assignee"], "Erin");
    assert_eq!(erin["on"], "2027-07-02");
    assert_eq!(
        history_of(&f, "contoso", "assign")[1],
        "assigned css (FTCQ CSS EMEA) to Erin on 2027-07-02 by the rules: full DIBS for \
         exchange; 5000 seats, below the CSS criteria (10000 or more); exchange is FRP-eligible \
         with 5000 seats, a go-live date, intent yes and a success owner, but the customer does \
         not want FTC help, so no FRP referral (was css (FTCQ CSS EMEA))"
    );
}

#[rstest]
#[case("emea", "FTCQ CSS EMEA")]
#[case("apj", "FTCQ CSS APJ")]
#[case("amer", "FTCQ CSS Americas")]
fn regional_queues_take_the_tenants_region(#[case] region: &str, #[case] queue: &str) {
    let f = Ftc::new();
    add_on(
        &f,
        TODAY,
        "bigco",
        "Big Co",
        &["--seats", "25000", "--region", region],
    );
    full_dibs(&f, "bigco", "teams");
    let v = ok(&f, &["assign", "bigco"]);
    assert_eq!(v["option"], "css");
    assert_eq!(v["queue"], queue);
    assert_eq!(
        v["reasons"][1],
        "25000 seats meet the CSS criteria (10000 or more)"
    );
}

#[test]
fn a_regional_queue_needs_the_region() {
    let f = Ftc::new();
    add_on(
        &f,
        TODAY,
        "noregion",
        "No Region Inc",
        &["--seats", "25000"],
    );
    full_dibs(&f, "noregion", "teams");
    let v = ok(&f, &["assign", "noregion", "--explain"]);
    assert_eq!(v["option"], "css");
    assert_eq!(v["queue"], Value::Null);
    assert_refused(&f, &["assign", "noregion"], 1);
    // A queue without a region is fine.
    let v = ok(&f, &["assign", "noregion", "--option", "reactive"]);
    assert_eq!(v["queue"], "FTCQ REACTIVE");
}

#[test]
fn an_override_is_recorded_as_manual_with_what_the_rules_said() {
    let f = contoso();
    let v = ok(
        &f,
        &[
            "assign",
            "contoso",
            "--option",
            "Wants-FTC-No-DIBS",
            "--to",
            "Dana",
        ],
    );
    assert_eq!(v["option"], "wants-ftc-no-dibs");
    assert_eq!(v["queue"], "FTCQ NO DIBS");
    assert_eq!(v["manual"], true);
    assert_eq!(v["reasons"][0], "manual override by tester");
    assert!(v["reasons"][1]
        .as_str()
        .unwrap()
        .starts_with("the rules decide nothing yet: account-team attempt 1 is due 2027-07-01"));
    assert!(history_of(&f, "contoso", "assign")[0].starts_with(
        "assigned wants-ftc-no-dibs (FTCQ NO DIBS) to Dana on 2027-07-01: manual override (the rules decide nothing yet"
    ));
    // No full DIBS: task 2453 stays open.
    assert_eq!(task(&f, "contoso", 2453), "Not Started");
    assert_eq!(f.show("contoso")["stage"], "assigned");

    // Overriding what the rules say names their option.
    full_dibs(&f, "contoso", "exchange");
    let v = ok(&f, &["assign", "contoso", "--option", "reactive"]);
    assert_eq!(v["assignee"], Value::Null);
    assert_eq!(
        v["reasons"][1],
        "the rules say css: full DIBS for exchange; 5000 seats, below the CSS criteria (10000 or more); \
         exchange is FRP-eligible with 5000 seats, a go-live date, intent yes and a success owner, \
         but the customer never said it wants FTC help, so no FRP referral"
    );
    assert!(
        history_of(&f, "contoso", "assign")[1].ends_with("(was wants-ftc-no-dibs (FTCQ NO DIBS))")
    );
    assert_eq!(task(&f, "contoso", 2453), "Complete");
    assert_eq!(f.show("contoso")["assignment"]["option"], "reactive");

    // frp-referral brings its checklist tasks (shown: frp-referral).
    let before: usize = f.json(&["tasks", "contoso"]).as_array().unwrap().len();
    ok(&f, &["assign", "contoso", "--option", "frp-referral"]);
    let after: usize = f.json(&["tasks", "contoso"]).as_array().unwrap().len();
    assert!(after > before, "{before} -> {after}");
}

#[test]
fn refusals_change_nothing() {
    let f = contoso();
    let hint = assert_refused(&f, &["assign", "contoso", "--option", "cs"], 1);
    assert!(
        hint.contains("hint: one of: duplicate-invalid, frp-engaged, partner-css"),
        "{hint}"
    );
    assert_refused(&f, &["assign", "nobody", "--option", "css"], 1);
    assert_refused(
        &f,
        &[
            "assign",
            "contoso",
            "--option",
            "reactive",
            "--on",
            "2027-07-02",
        ],
        1,
    );
    assert_refused(
        &f,
        &[
            "assign",
            "contoso",
            "--option",
            "reactive",
            "--on",
            "2027-02-30",
        ],
        2,
    );
    // frp-engaged takes the partner's name as its queue.
    assert_refused(&f, &["assign", "contoso", "--option", "frp-engaged"], 1);
    // An ineligible tenant is not given an option by the rules.
    add_on(
        &f,
        TODAY,
        "tiny",
        "Tiny Traders",
        &["--seats", "40", "--source", "commerce", "--region", "emea"],
    );
    assert_refused(&f, &["assign", "tiny"], 1);
    ok(&f, &["assign", "tiny", "--option", "reactive"]);
}

// ------------------------------------------------------------ the rules' facts

#[test]
fn the_rules_read_partners_declines_and_the_cadence() {
    let f = contoso();
    ok(&f, &["frp", "add", "4410003", "Sakura Digital"]);
    ok(
        &f,
        &[
            "partner",
            "set",
            "contoso",
            "--name",
            "Sakura Digital",
            "--mpn",
            "4410003",
            "--deploying",
            "teams",
        ],
    );
    let v = ok(&f, &["assign", "contoso", "--explain"]);
    assert_eq!(v["option"], "frp-engaged");
    assert_eq!(v["queue"], "Sakura Digital");

    let f = contoso();
    ok(
        &f,
        &[
            "cadence",
            "reply",
            "contoso",
            "--party",
            "customer",
            "--declined",
        ],
    );
    let v = ok(&f, &["assign", "contoso", "--explain"]);
    assert_eq!(v["option"], "customer-declined");
    assert_eq!(v["queue"], "FTCQ No DIBS");

    // Small and nobody answered: reactive from the start.
    let f = Ftc::new();
    add_on(
        &f,
        TODAY,
        "small",
        "Small Biz",
        &["--seats", "400", "--region", "apj"],
    );
    assert_eq!(
        ok(&f, &["assign", "small", "--explain"])["option"],
        "reactive"
    );
    // Not contacted proactively: no contact is due.
    assert_refused(
        &f,
        &["cadence", "send", "small", "--party", "account-team"],
        1,
    );
    // The account team writes first.
    ok_on(
        &f,
        "2027-07-02",
        &["cadence", "reply", "small", "--party", "account-team"],
    );
    let out = run(&f, "2027-07-02", &["assign", "small", "--explain"]);
    assert_eq!(out.status.code(), Some(1), "someone replied: not reactive");
    let (_, stderr) = texts(&out);
    assert!(
        stderr.contains("customer attempt 1 is due 2027-07-02"),
        "{stderr}"
    );
}

// ------------------------------------------------------------ GoBack

/// A tenant added and assigned on 4 January 2027 by override, marked
/// GoBack on 1 June; `extra` runs in between (on the day given).
fn goback(option: &str, extra: &[(&str, &[&str])]) -> Ftc {
    let f = Ftc::new();
    ok(&f, &["frp", "add", "4410003", "Sakura Digital"]);
    add_on(
        &f,
        "2027-01-04",
        "gb",
        "Graphic Design Institute",
        &["--seats", "20000", "--region", "emea", "--fm", "alice"],
    );
    ok_on(
        &f,
        "2027-01-04",
        &[
            "partner",
            "set",
            "gb",
            "--name",
            "Sakura Digital",
            "--mpn",
            "4410003",
            "--deploying",
            "teams",
        ],
    );
    ok_on(&f, "2027-01-04", &["assign", "gb", "--option", option]);
    for (day, args) in extra {
        ok_on(&f, day, args);
    }
    ok_on(&f, "2027-06-01", &["partner", "none", "gb"]);
    ok_on(&f, "2027-06-01", &["tenant", "set", "gb", "--goback"]);
    f
}

#[test]
fn a_goback_tenant_assigned_to_an_frp_is_skipped() {
    for option in ["frp-engaged", "frp-referral"] {
        let f = goback(option, &[]);
        let shown = f.show("gb");
        assert_eq!(shown["stage"], "skip", "{option}");
        assert_eq!(shown["goback"], true);
        assert_eq!(shown["assignment"]["option"], option);
        assert!(
            shown["warnings"][0]
                .as_str()
                .unwrap()
                .starts_with(&format!("skip: GoBack tenant assigned {option}")),
            "{shown}"
        );
        assert_eq!(ok(&f, &["agenda", "--days", "30"]), json!([]));
        assert_eq!(
            ok(&f, &["tenant", "list", "--stage", "skip"])[0]["domain"],
            "gb.onmicrosoft.com"
        );
        assert_eq!(ok(&f, &["cadence", "show", "gb"])["stage"], "skip");
        assert_refused(&f, &["assign", "gb"], 1);
        // --explain says the same: no option, and why.
        let out = run(&f, TODAY, &["assign", "gb", "--explain", "--json"]);
        let (stdout, stderr) = texts(&out);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        let v = parse_json(stdout.as_bytes());
        assert_eq!((&v["option"], &v["missing"]), (&json!(null), &json!([])));
        assert!(
            v["reasons"][0]
                .as_str()
                .unwrap()
                .starts_with("gb.onmicrosoft.com is skipped: GoBack tenant assigned"),
            "{v}"
        );
        assert!(
            stderr.contains("error: gb.onmicrosoft.com is skipped"),
            "{stderr}"
        );
    }
}

#[test]
fn explain_proposes_nothing_for_an_ineligible_tenant_as_assign_refuses() {
    let f = Ftc::new();
    add_on(
        &f,
        TODAY,
        "tiny",
        "Tiny Biz",
        &["--seats", "120", "--region", "emea", "--source", "commerce"],
    );
    assert_eq!(ok(&f, &["cadence", "show", "tiny"])["next"], json!(null));
    let untouched = f.freeze();
    let out = run(&f, TODAY, &["assign", "tiny", "--explain", "--json"]);
    let (stdout, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(
        parse_json(stdout.as_bytes()),
        json!({"domain": "tiny.onmicrosoft.com", "option": null, "queue": null,
               "reasons": ["tiny.onmicrosoft.com is not eligible for FastTrack"],
               "missing": []})
    );
    assert!(
        stderr.contains("error: tiny.onmicrosoft.com is not eligible for FastTrack"),
        "{stderr}"
    );
    untouched.assert_unchanged("--explain");
    assert_refused(&f, &["assign", "tiny"], 1);
}

#[test]
fn a_goback_tenant_at_css_is_skipped_while_active_then_worked_again() {
    let f = goback(
        "css",
        &[(
            "2027-05-03",
            &["note", "add", "gb", "--text", "CSS updated the plan"],
        )],
    );
    // Activity on 3 May: left alone through 1 August (90 days).
    assert_eq!(stage_on(&f, "2027-07-01", "gb"), "skip");
    let w = ok_on(&f, "2027-08-01", &["tenant", "show", "gb"])["warnings"][0].clone();
    assert_eq!(
        w,
        "skip: GoBack tenant assigned css with activity on 2027-05-03, within 90 days: \
         CSS is working it; leave it alone until 2027-08-01"
    );
    assert_eq!(ok_on(&f, "2027-08-01", &["agenda"]), json!([]));
    // From 2 August it is worked again, from the start of the cadence.
    assert_eq!(stage_on(&f, "2027-08-02", "gb"), "new");
    let cadence = ok_on(&f, "2027-08-02", &["cadence", "show", "gb"]);
    assert_eq!(cadence["attempts"], json!([]));
    assert_eq!(cadence["next"]["party"], "account-team");
    assert_eq!(cadence["next"]["due_on"], "2027-08-02");
    let items = ok_on(&f, "2027-08-02", &["agenda"]);
    assert_eq!(items[0]["kind"], "contact");
    assert_eq!(items[0]["due_on"], "2027-08-02");
}

#[test]
fn a_quiet_goback_tenant_at_css_is_worked_again_and_can_be_assigned_anew() {
    // Its earlier engagement: contacted (forced: it was assigned already)
    // and answered in January.
    let f = goback(
        "partner-css",
        &[
            (
                "2027-01-04",
                &[
                    "cadence",
                    "send",
                    "gb",
                    "--party",
                    "account-team",
                    "--force",
                ],
            ),
            (
                "2027-01-05",
                &["cadence", "reply", "gb", "--party", "customer"],
            ),
        ],
    );
    let shown = f.show("gb");
    assert_eq!(shown["stage"], "new");
    assert_eq!(shown["assignment"]["option"], "partner-css");
    assert_eq!(shown["cadence"]["attempts"], json!([]));
    assert_eq!(shown["cadence"]["next"]["due_on"], "2027-06-01");
    let items = ok(&f, &["agenda"]);
    assert_eq!(items.as_array().unwrap().len(), 1, "{items}");
    assert_eq!(items[0]["kind"], "contact");
    assert_eq!(items[0]["overdue_days"], 30);
    // A new look, a new assignment: assigned again.
    full_dibs(&f, "gb", "exchange");
    let v = ok(&f, &["assign", "gb"]);
    assert_eq!(v["option"], "css");
    assert_eq!(f.show("gb")["stage"], "assigned");
    assert_eq!(ok(&f, &["agenda"]), json!([]));
    // Its new cadence starts on the GoBack day: nothing is recorded before it.
    assert_refused(
        &f,
        &[
            "cadence",
            "send",
            "gb",
            "--party",
            "account-team",
            "--on",
            "2027-05-31",
            "--force",
        ],
        1,
    );
    // An assignment recorded for a day on or before the GoBack mark is the
    // earlier one, not a new one.
    let f = goback("css", &[]);
    ok(
        &f,
        &["assign", "gb", "--option", "css", "--on", "2027-06-01"],
    );
    assert_eq!(f.show("gb")["stage"], "new");
}

// ------------------------------------------------------------ the agenda

/// Seen from Thursday 1 July 2027:
/// - bigco (20,000 seats, alice): full DIBS recorded 28 Jun: css, its one
///   next step (its meeting is not listed beside it);
/// - small (400, alice), added 21 Jun: reactive from then, and not
///   contacted proactively (no contact item);
/// - declined (5,000, bob): the customer declined on 29 Jun;
/// - done (20,000, alice): full DIBS and assigned: nothing;
/// - tiny (100 seats from the feed, alice): ineligible: nothing;
/// - quiet (5,000, alice), added today: its first contact only.
fn agenda_world() -> Ftc {
    let f = Ftc::new();
    add_on(
        &f,
        "2027-06-21",
        "bigco",
        "Big Co",
        &["--seats", "20000", "--region", "emea", "--fm", "alice"],
    );
    add_on(
        &f,
        "2027-06-21",
        "small",
        "Small Biz",
        &["--seats", "400", "--region", "apj", "--fm", "alice"],
    );
    add_on(
        &f,
        "2027-06-21",
        "declined",
        "Declined Co",
        &["--seats", "5000", "--region", "americas", "--fm", "bob"],
    );
    add_on(
        &f,
        "2027-06-21",
        "done",
        "Done Deal",
        &["--seats", "20000", "--region", "emea", "--fm", "alice"],
    );
    add_on(
        &f,
        "2027-06-21",
        "tiny",
        "Tiny Traders",
        &[
            "--seats", "100", "--source", "commerce", "--region", "emea", "--fm", "alice",
        ],
    );
    add_on(
        &f,
        TODAY,
        "quiet",
        "Quiet Corp",
        &["--seats", "5000", "--region", "emea", "--fm", "alice"],
    );
    for t in ["bigco", "declined", "done"] {
        ok_on(
            &f,
            "2027-06-21",
            &["cadence", "send", t, "--party", "account-team"],
        );
    }
    full_dibs_on(&f, "2027-06-28", "bigco", "exchange");
    full_dibs_on(&f, "2027-06-28", "done", "exchange");
    ok_on(&f, "2027-06-28", &["assign", "done"]);
    ok_on(
        &f,
        "2027-06-29",
        &[
            "cadence",
            "reply",
            "declined",
            "--party",
            "customer",
            "--declined",
        ],
    );
    f
}

/// (label, kind, due_on, overdue_days, detail) of each item.
fn rows(v: &Value) -> Vec<(String, String, String, i64, String)> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["domain"]
                    .as_str()
                    .unwrap()
                    .trim_end_matches(".onmicrosoft.com")
                    .to_string(),
                i["kind"].as_str().unwrap().to_string(),
                i["due_on"].as_str().unwrap().to_string(),
                i["overdue_days"].as_i64().unwrap(),
                i["detail"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn row(
    label: &str,
    kind: &str,
    due: &str,
    late: i64,
    detail: &str,
) -> (String, String, String, i64, String) {
    (label.into(), kind.into(), due.into(), late, detail.into())
}

#[test]
fn the_agenda_lists_tenants_ready_for_an_assignment() {
    let f = agenda_world();
    let v = ok(&f, &["agenda"]);
    assert_eq!(
        rows(&v),
        [
            row(
                "small",
                "assign",
                "2027-06-21",
                10,
                "reactive (FTCQ REACTIVE)"
            ),
            row("bigco", "assign", "2027-06-28", 3, "css (FTCQ CSS EMEA)"),
            row(
                "declined",
                "assign",
                "2027-06-29",
                2,
                "customer-declined (FTCQ No DIBS)"
            ),
            row(
                "quiet",
                "contact",
                "2027-07-01",
                0,
                "Account Team Contact (no Microsoft contact on file)"
            ),
        ]
    );
    let item = v
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["kind"] == "assign" && i["domain"] == "bigco.onmicrosoft.com")
        .unwrap();
    assert_eq!(
        item,
        &json!({"domain": "bigco.onmicrosoft.com", "fm": "alice", "kind": "assign",
                "party": null, "attempt": null, "due_on": "2027-06-28",
                "overdue_days": 3, "detail": "css (FTCQ CSS EMEA)"})
    );
    // The filters apply to assign items too.
    assert_eq!(
        rows(&ok(&f, &["agenda", "--fm", "bob"])),
        [row(
            "declined",
            "assign",
            "2027-06-29",
            2,
            "customer-declined (FTCQ No DIBS)"
        )]
    );
    assert_eq!(
        rows(&ok(&f, &["agenda", "--region", "apj"])),
        [row(
            "small",
            "assign",
            "2027-06-21",
            10,
            "reactive (FTCQ REACTIVE)"
        )],
        "small's one item"
    );
    // Applying the option takes the items off.
    ok(&f, &["assign", "bigco"]);
    ok(&f, &["assign", "small"]);
    assert_eq!(
        rows(&ok(&f, &["agenda"])),
        [
            row(
                "declined",
                "assign",
                "2027-06-29",
                2,
                "customer-declined (FTCQ No DIBS)"
            ),
            row(
                "quiet",
                "contact",
                "2027-07-01",
                0,
                "Account Team Contact (no Microsoft contact on file)"
            ),
        ]
    );
}

/// Each fact of a tenant's own row that can decide an option puts it on the
/// agenda, once it is eligible, and not while an assignment is in force.
#[test]
fn the_agenda_finds_tenants_ready_by_a_fact_of_their_own() {
    let f = Ftc::new();
    for (label, seats) in [("dupe", "5000"), ("wants", "5000"), ("few", "100")] {
        add_on(
            &f,
            "2027-06-21",
            label,
            &format!("{label} Ltd"),
            &[
                "--seats", seats, "--region", "emea", "--fm", "alice", "--source", "commerce",
            ],
        );
        if label == "few" {
            // Ineligible: no contact is due.
            assert_refused_on(
                &f,
                "2027-06-21",
                &["cadence", "send", label, "--party", "account-team"],
                1,
            );
        } else {
            ok_on(
                &f,
                "2027-06-21",
                &["cadence", "send", label, "--party", "account-team"],
            );
        }
    }
    ok_on(
        &f,
        "2027-06-28",
        &["tenant", "set", "dupe", "--duplicate-invalid"],
    );
    ok_on(
        &f,
        "2027-06-29",
        &["tenant", "set", "wants", "--wants-ftc", "yes"],
    );
    // `few` is wanted too, but below the eligibility minimum: nothing.
    ok_on(
        &f,
        "2027-06-29",
        &["tenant", "set", "few", "--wants-ftc", "yes"],
    );
    let assigns = |v: &Value| -> Vec<(String, String)> {
        rows(v)
            .into_iter()
            .filter(|r| r.1 == "assign")
            .map(|r| (r.0, r.4))
            .collect()
    };
    let expected = |labels: &[&str]| -> Vec<(String, String)> {
        labels
            .iter()
            .map(|l| {
                let why = ok(&f, &["assign", l, "--explain"]);
                (
                    l.to_string(),
                    format!(
                        "{} ({})",
                        why["option"].as_str().unwrap(),
                        why["queue"].as_str().unwrap()
                    ),
                )
            })
            .collect()
    };
    // `wants` wants FTC help, but wants-ftc-no-dibs waits while its cadence
    // is open (full DIBS may still come): its contact is the next step.
    let v = ok(&f, &["agenda"]);
    assert_eq!(assigns(&v), expected(&["dupe"]), "{v}");
    assert_eq!(assigns(&v)[0].1, "duplicate-invalid (FTCQ FRAUD)");
    assert!(
        rows(&v).iter().any(|r| r.0 == "wants" && r.1 == "contact"),
        "{v}"
    );
    // The customer answers on 30 Jun: the cadence is over, the option applies.
    ok_on(
        &f,
        "2027-06-30",
        &["cadence", "reply", "wants", "--party", "customer"],
    );
    let v = ok(&f, &["agenda"]);
    assert_eq!(assigns(&v), expected(&["wants", "dupe"]), "{v}");
    assert_eq!(assigns(&v)[0].1, "wants-ftc-no-dibs (FTCQ NO DIBS)");
    assert!(!rows(&v).iter().any(|r| r.1 == "contact"), "{v}");
    // Assigned: off the agenda.
    ok(&f, &["assign", "dupe"]);
    assert_eq!(assigns(&ok(&f, &["agenda"])), expected(&["wants"]));
}
