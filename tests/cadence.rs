//! `ftc cadence send|reply|pause|resume|show` (SPEC 3.3, rules 4.1 and 4.2)
//! as stories: a full run with no reply, the partner step, replies and
//! declines, pauses, every refusal (exit 1, nothing written) and the
//! engagement notes.

use crate::common::{assert_prints_on, assert_refused_on, history_of, parse_json, run, texts, Ftc};
use serde_json::{json, Value};

/// An EMEA holiday on Monday 5 July 2027: EMEA due dates skip it.
const EMEA_HOLIDAY: &str = "[calendar.holidays]\nemea = [\"2027-07-05\"]\n";

const ANN: &str = "ann@microsoft.example"; // account manager
const PETE: &str = "pete@microsoft.example"; // PDM
const SUE: &str = "sue@microsoft.example"; // PSE
const CARL: &str = "carl@contoso.example"; // customer
const DORA: &str = "dora@contoso.example"; // customer, do-not-contact
const PAT: &str = "pat@fabrikam-partners.example"; // partner contact

// ------------------------------------------------------------ helpers

/// Run `args --json` on `today`, require exit 0, parse stdout.
fn ok(f: &Ftc, today: &str, args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.push("--json");
    let out = run(f, today, &all);
    let (stdout, stderr) = texts(&out);
    assert_eq!(
        out.status.code(),
        Some(0),
        "ftc {args:?} on {today}\nstdout:\n{stdout}\nstderr:\n{stderr}"
    );
    parse_json(stdout.as_bytes())
}

/// `cadence show TENANT --json` on `today`.
fn show(f: &Ftc, today: &str, tenant: &str) -> Value {
    ok(f, today, &["cadence", "show", tenant])
}

/// `cadence send TENANT --party P` on `today`, plus `extra`.
fn send(f: &Ftc, today: &str, tenant: &str, party: &str, extra: &[&str]) -> Value {
    let mut args = vec!["cadence", "send", tenant, "--party", party];
    args.extend_from_slice(extra);
    ok(f, today, &args)
}

/// `cadence reply TENANT --party P` on `today`, plus `extra`.
fn reply(f: &Ftc, today: &str, tenant: &str, party: &str, extra: &[&str]) -> Value {
    let mut args = vec!["cadence", "reply", tenant, "--party", party];
    args.extend_from_slice(extra);
    ok(f, today, &args)
}

/// The stage `tenant list` reports on `today`.
fn listed_stage(f: &Ftc, today: &str, domain: &str) -> Value {
    let list = ok(f, today, &["tenant", "list"]);
    list.as_array()
        .unwrap()
        .iter()
        .find(|t| t["domain"] == domain)
        .unwrap_or_else(|| panic!("{domain} not listed"))["stage"]
        .clone()
}

fn microsoft(f: &Ftc, tenant: &str, email: &str, role: &str) {
    f.json(&[
        "contact",
        "add",
        tenant,
        "--kind",
        "microsoft",
        "--role",
        role,
        "--name",
        "MS",
        "--email",
        email,
    ]);
}

fn customer(f: &Ftc, tenant: &str, email: &str, extra: &[&str]) {
    let mut args = vec![
        "contact",
        "add",
        tenant,
        "--kind",
        "customer",
        "--name",
        "Customer",
        "--email",
        email,
        "--country",
        "United Kingdom",
        "--survey-language",
        "English",
        "--services",
        "teams",
    ];
    args.extend_from_slice(extra);
    f.json(&args);
}

fn partner_contact(f: &Ftc, tenant: &str, email: &str) {
    f.json(&[
        "contact",
        "add",
        tenant,
        "--kind",
        "partner",
        "--name",
        "Partner",
        "--email",
        email,
        "--services",
        "exchange",
    ]);
}

fn real_partner(f: &Ftc, tenant: &str) {
    f.json(&[
        "partner",
        "set",
        tenant,
        "--name",
        "Fabrikam Partners",
        "--mpn",
        "1234567",
        "--deploying",
        "exo",
    ]);
}

/// Contoso on EMEA (5,000 seats), with the EMEA holiday on 5 July, an
/// account manager, a PDM and a PSE, a customer contact, a do-not-contact
/// customer contact and a partner contact (but no partner on the tenant).
fn contoso() -> Ftc {
    let f = Ftc::with_config(EMEA_HOLIDAY);
    f.add(
        "contoso.onmicrosoft.com",
        "Contoso",
        &["--seats", "5000", "--region", "emea", "--fm", "alice"],
    );
    microsoft(&f, "contoso", ANN, "account-manager");
    microsoft(&f, "contoso", PETE, "pdm");
    microsoft(&f, "contoso", SUE, "pse");
    customer(&f, "contoso", CARL, &["--survey-eligible"]);
    customer(&f, "contoso", DORA, &["--do-not-contact"]);
    partner_contact(&f, "contoso", PAT);
    f
}

/// The next step's party, attempt, due date, template and via.
fn next(v: &Value) -> (String, u64, String, String, String) {
    let n = &v["next"];
    assert!(n.is_object(), "no next step in {v:#}");
    (
        n["party"].as_str().unwrap().to_string(),
        n["attempt"].as_u64().unwrap(),
        n["due_on"].as_str().unwrap().to_string(),
        n["template"].as_str().unwrap().to_string(),
        n["via"].as_str().unwrap().to_string(),
    )
}

fn step(
    party: &str,
    attempt: u64,
    due: &str,
    template: &str,
    via: &str,
) -> (String, u64, String, String, String) {
    (
        party.into(),
        attempt,
        due.into(),
        template.into(),
        via.into(),
    )
}

fn emails(v: &Value) -> Vec<&str> {
    v.as_array()
        .unwrap_or_else(|| panic!("not an array: {v}"))
        .iter()
        .map(|e| e.as_str().unwrap())
        .collect()
}

fn attempt(
    party: &str,
    n: u32,
    via: &str,
    sent: &str,
    due: &str,
    replied: Option<&str>,
    forced: bool,
) -> Value {
    json!({"party": party, "attempt": n, "via": via, "sent_on": sent, "due_on": due,
           "replied_on": replied, "declined": false, "forced": forced})
}

/// An attempt answered by a decline on `declined_on`.
fn declined_attempt(
    party: &str,
    n: u32,
    via: &str,
    sent: &str,
    due: &str,
    declined_on: &str,
) -> Value {
    let mut a = attempt(party, n, via, sent, due, Some(declined_on), false);
    a["declined"] = json!(true);
    a
}

/// The tenant's engagement notes as stored, oldest first: (date, text).
fn stored_notes(f: &Ftc) -> Vec<(String, String)> {
    f.query("SELECT created_on, text FROM notes WHERE kind = 'engagement' ORDER BY id")
        .into_iter()
        .map(|r| (r[0].clone().unwrap(), r[1].clone().unwrap()))
        .collect()
}

// ------------------------------------------------- 1. the full run, no reply

#[test]
fn a_run_with_no_reply_ends_unresponsive_on_business_days() {
    let f = contoso();
    // The same config on an Americas tenant: the EMEA holiday does not apply.
    f.add(
        "fourthcoffee.onmicrosoft.com",
        "Fourth Coffee",
        &["--seats", "5000", "--region", "americas"],
    );

    // Thursday 1 July, the day it was added: nothing sent yet.
    let v = show(&f, "2027-07-01", "contoso");
    assert_eq!(v["stage"], "new");
    assert_eq!(v["attempts"], json!([]));
    assert_eq!(v["paused_until"], Value::Null);
    assert_eq!(
        next(&v),
        step(
            "account-team",
            1,
            "2027-07-01",
            "Account Team Contact",
            "email"
        )
    );
    assert_eq!(emails(&v["next"]["to"]), [ANN, PETE, SUE]);
    assert_eq!(emails(&v["next"]["cc"]), Vec::<&str>::new());
    // The one next step is that contact.
    assert_eq!(v["next_step"]["kind"], "contact");
    assert_eq!(v["next_step"]["due_on"], "2027-07-01");
    assert_eq!(
        v["next_step"]["what"],
        "Account Team Contact (the account team, attempt 1)"
    );
    assert_eq!(v["next_step"]["option"], Value::Null);
    assert_eq!(
        listed_stage(&f, "2027-07-01", "contoso.onmicrosoft.com"),
        "new"
    );

    // AT1 on Thu 1 Jul: the window closes 3 business days later, skipping
    // the weekend and the EMEA holiday on Mon 5 Jul: Wed 7 Jul.
    let v = send(&f, "2027-07-01", "contoso", "account-team", &[]);
    assert_eq!(v["domain"], "contoso.onmicrosoft.com");
    assert_eq!(v["stage"], "account-team");
    assert_eq!(
        v["attempts"],
        json!([attempt(
            "account-team",
            1,
            "email",
            "2027-07-01",
            "2027-07-07",
            None,
            false
        )])
    );
    assert_eq!(
        next(&v),
        step(
            "account-team",
            2,
            "2027-07-07",
            "Account Team Meeting",
            "meeting"
        )
    );
    assert_eq!(emails(&v["next"]["to"]), [ANN, PETE, SUE]);
    assert_eq!(emails(&v["next"]["cc"]), Vec::<&str>::new());
    assert_eq!(
        show(&f, "2027-07-01", "contoso"),
        v,
        "send prints what show shows"
    );
    // Without the holiday (Americas) it would be Tue 6 Jul.
    let a = send(&f, "2027-07-01", "fourthcoffee", "account-team", &[]);
    assert_eq!(a["next"]["due_on"], "2027-07-06");
    assert_eq!(show(&f, "2027-07-06", "contoso")["stage"], "account-team");
    assert_eq!(
        listed_stage(&f, "2027-07-06", "contoso.onmicrosoft.com"),
        "account-team"
    );

    // AT2, the meeting, on its due date Wed 7 Jul: closes Mon 12 Jul.
    let v = send(&f, "2027-07-07", "contoso", "account-team", &[]);
    assert_eq!(
        v["attempts"][1],
        attempt(
            "account-team",
            2,
            "meeting",
            "2027-07-07",
            "2027-07-12",
            None,
            false
        )
    );
    assert_eq!(
        next(&v),
        step("customer", 1, "2027-07-12", "Customer 1st Contact", "email")
    );
    // The customer contacts that may be e-mailed; the account team copied
    // without its PDM and PSE, the partner contact never.
    assert_eq!(emails(&v["next"]["to"]), [CARL]);
    assert_eq!(emails(&v["next"]["cc"]), [ANN]);
    assert_eq!(v["stage"], "account-team");
    assert_eq!(show(&f, "2027-07-09", "contoso")["stage"], "account-team");
    assert_eq!(show(&f, "2027-07-12", "contoso")["stage"], "customer");

    // Customer 1 on Mon 12 Jul (recorded a day later with --on): closes Thu 15 Jul.
    let v = send(
        &f,
        "2027-07-13",
        "contoso",
        "customer",
        &["--on", "2027-07-12"],
    );
    assert_eq!(
        v["attempts"][2],
        attempt(
            "customer",
            1,
            "email",
            "2027-07-12",
            "2027-07-15",
            None,
            false
        )
    );
    assert_eq!(
        next(&v),
        step("customer", 2, "2027-07-15", "Customer 2nd Contact", "email")
    );
    assert_eq!(emails(&v["next"]["to"]), [CARL]);
    assert_eq!(emails(&v["next"]["cc"]), [ANN]);
    assert_eq!(v["stage"], "customer");

    // Customer 2 on Thu 15 Jul: closes Tue 20 Jul.
    let v = send(&f, "2027-07-15", "contoso", "customer", &[]);
    assert_eq!(
        v["attempts"][3],
        attempt(
            "customer",
            2,
            "email",
            "2027-07-15",
            "2027-07-20",
            None,
            false
        )
    );
    assert_eq!(
        next(&v),
        step("customer", 3, "2027-07-20", "Customer 3rd Contact", "email")
    );
    assert_eq!(emails(&v["next"]["cc"]), [ANN]);
    assert!(!v["next"]["cc"].to_string().contains(PAT));

    // Customer 3 on Tue 20 Jul: closes Fri 23 Jul; nothing more to send.
    let v = send(&f, "2027-07-20", "contoso", "customer", &[]);
    assert_eq!(v["next"], Value::Null);
    assert_eq!(v["attempts"].as_array().unwrap().len(), 5);
    assert_eq!(
        v["attempts"][4],
        attempt(
            "customer",
            3,
            "email",
            "2027-07-20",
            "2027-07-23",
            None,
            false
        )
    );
    assert_eq!(v["stage"], "customer");
    assert_eq!(show(&f, "2027-07-22", "contoso")["stage"], "customer");
    // The third window closes: unresponsive, that day and after.
    assert_eq!(show(&f, "2027-07-23", "contoso")["stage"], "unresponsive");
    assert_eq!(show(&f, "2027-09-01", "contoso")["stage"], "unresponsive");
    assert_eq!(show(&f, "2027-09-01", "contoso")["next"], Value::Null);
    assert_eq!(
        listed_stage(&f, "2027-07-23", "contoso.onmicrosoft.com"),
        "unresponsive"
    );
    let list = ok(
        &f,
        "2027-07-23",
        &["tenant", "list", "--stage", "unresponsive"],
    );
    assert_eq!(crate::common::domains(&list), ["contoso.onmicrosoft.com"]);

    // The whole run, as show lists it.
    assert_eq!(
        show(&f, "2027-07-23", "contoso")["attempts"],
        json!([
            attempt(
                "account-team",
                1,
                "email",
                "2027-07-01",
                "2027-07-07",
                None,
                false
            ),
            attempt(
                "account-team",
                2,
                "meeting",
                "2027-07-07",
                "2027-07-12",
                None,
                false
            ),
            attempt(
                "customer",
                1,
                "email",
                "2027-07-12",
                "2027-07-15",
                None,
                false
            ),
            attempt(
                "customer",
                2,
                "email",
                "2027-07-15",
                "2027-07-20",
                None,
                false
            ),
            attempt(
                "customer",
                3,
                "email",
                "2027-07-20",
                "2027-07-23",
                None,
                false
            ),
        ])
    );
    let last = show(&f, "2027-07-23", "contoso");
    let keys: Vec<&String> = last.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        [
            "domain",
            "stage",
            "attempts",
            "answers",
            "next",
            "next_step",
            "paused_until"
        ]
    );
    // The one next step: the unresponsive assignment, from the day the window closed.
    assert_eq!(last["next_step"]["kind"], "assign");
    assert_eq!(last["next_step"]["option"], "unresponsive");
    assert_eq!(last["next_step"]["due_on"], "2027-07-23");
}

#[test]
fn reply_windows_per_party_come_from_the_config() {
    let f = Ftc::with_config("[cadence]\nresponse_days = 2\ncustomer_days = 5\n");
    f.add(
        "contoso.onmicrosoft.com",
        "Contoso",
        &["--seats", "5000", "--region", "americas"],
    );
    customer(&f, "contoso", CARL, &[]);
    // Two business days for the account team: Thu 1 Jul -> Mon 5 Jul.
    let v = send(&f, "2027-07-01", "contoso", "account-team", &[]);
    assert_eq!(v["attempts"][0]["due_on"], "2027-07-05");
    let v = send(&f, "2027-07-05", "contoso", "account-team", &[]);
    assert_eq!(next(&v).2, "2027-07-07");
    // Five for the customer: Wed 7 Jul -> Wed 14 Jul.
    let v = send(&f, "2027-07-07", "contoso", "customer", &[]);
    assert_eq!(v["attempts"][2]["due_on"], "2027-07-14");
    assert_eq!(next(&v).2, "2027-07-14");
}

#[test]
fn the_table_view_of_show_and_send_messages() {
    let f = contoso();
    // The cadence after the send on stdout; what was recorded and what is
    // next on stderr.
    assert_prints_on(
        &f,
        "2027-07-01",
        &["cadence", "send", "contoso", "--party", "account-team"],
    );
    assert_prints_on(&f, "2027-07-01", &["cadence", "show", "contoso"]);
}

#[test]
fn an_unmanaged_tenant_with_only_a_pdm_gets_a_pdm_follow_up() {
    let f = Ftc::new();
    f.add(
        "litware.onmicrosoft.com",
        "Litware",
        &["--seats", "2000", "--region", "americas", "--unmanaged"],
    );
    microsoft(&f, "litware", PETE, "pdm");
    let v = send(&f, "2027-07-01", "litware", "account-team", &[]);
    assert_eq!(
        next(&v),
        step(
            "account-team",
            2,
            "2027-07-06",
            "PDM Follow-up",
            "follow-up"
        )
    );
    assert_eq!(emails(&v["next"]["to"]), [PETE]);
    let v = send(&f, "2027-07-06", "litware", "account-team", &[]);
    assert_eq!(v["attempts"][1]["via"], "follow-up");
    assert_eq!(
        history_of(&f, "litware", "note.add").last().unwrap(),
        "engagement note: Account team did not respond to the first contact; follow-up e-mail sent to the PDM."
    );
}

// ------------------------------------------------- 2. and 3. the partner step

#[test]
fn an_account_team_reply_moves_on_to_a_real_partner_then_the_customer() {
    let f = contoso();
    send(&f, "2027-07-01", "contoso", "account-team", &[]);
    real_partner(&f, "contoso");

    // The account team answers on Fri 2 Jul: the partner is next, due that day.
    let v = reply(
        &f,
        "2027-07-02",
        "contoso",
        "account-team",
        &["--contact", ANN],
    );
    assert_eq!(v["attempts"][0]["replied_on"], "2027-07-02");
    assert_eq!(v["stage"], "partner");
    assert_eq!(
        next(&v),
        step("partner", 1, "2027-07-02", "Partner Contact", "email")
    );
    // To the partner contacts; copied: the whole account team (no PDM or
    // PSE here is tied to another partner).
    assert_eq!(emails(&v["next"]["to"]), [PAT]);
    assert_eq!(emails(&v["next"]["cc"]), [ANN, PETE, SUE]);
    let contacts = ok(&f, "2027-07-02", &["contact", "list", "contoso"]);
    let ann = contacts
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["email"] == ANN)
        .unwrap();
    assert_eq!(ann["engaged"], true, "the contact who answered is engaged");

    // The partner e-mail on Fri 2 Jul: its window closes Thu 8 Jul (holiday on the 5th).
    let v = send(&f, "2027-07-02", "contoso", "partner", &[]);
    assert_eq!(
        v["attempts"][1],
        attempt(
            "partner",
            1,
            "email",
            "2027-07-02",
            "2027-07-08",
            None,
            false
        )
    );
    assert_eq!(
        next(&v),
        step("customer", 1, "2027-07-08", "Customer 1st Contact", "email")
    );
    assert_eq!(show(&f, "2027-07-07", "contoso")["stage"], "partner");
    assert_eq!(show(&f, "2027-07-08", "contoso")["stage"], "customer");

    // The partner answers on Tue 6 Jul: the customer is due that day; the
    // partner contact is not copied on customer e-mails.
    let v = reply(&f, "2027-07-06", "contoso", "partner", &[]);
    assert_eq!(v["attempts"][1]["replied_on"], "2027-07-06");
    assert_eq!(v["stage"], "customer");
    assert_eq!(
        next(&v),
        step("customer", 1, "2027-07-06", "Customer 1st Contact", "email")
    );
    assert_eq!(emails(&v["next"]["to"]), [CARL]);
    assert_eq!(emails(&v["next"]["cc"]), [ANN]);

    assert_eq!(
        history_of(&f, "contoso", "note.add"),
        [
            "engagement note: First contact e-mail sent to the account team.",
            "engagement note: The account team responded.",
            "engagement note: Contact e-mail sent to the partner.",
            "engagement note: The partner responded.",
        ]
    );
}

#[test]
fn a_partner_that_deploys_nothing_yet_still_gets_its_step() {
    let f = contoso();
    f.json(&[
        "partner",
        "set",
        "contoso",
        "--name",
        "Fabrikam Partners",
        "--mpn",
        "1234567",
    ]);
    send(&f, "2027-07-01", "contoso", "account-team", &[]);
    let v = reply(&f, "2027-07-02", "contoso", "account-team", &[]);
    assert_eq!(next(&v).0, "partner");
}

#[test]
fn no_partner_identified_drops_the_partner_step() {
    let f = contoso();
    real_partner(&f, "contoso");
    send(&f, "2027-07-01", "contoso", "account-team", &[]);
    let v = reply(&f, "2027-07-02", "contoso", "account-team", &[]);
    assert_eq!(next(&v).0, "partner");

    f.json(&["partner", "none", "contoso"]);
    let v = show(&f, "2027-07-02", "contoso");
    assert_eq!(v["stage"], "customer");
    assert_eq!(
        next(&v),
        step("customer", 1, "2027-07-02", "Customer 1st Contact", "email")
    );
    // `partner none` removed the partner contact.
    assert_eq!(emails(&v["next"]["cc"]), [ANN]);
    assert_refused_on(
        &f,
        "2027-07-02",
        &["cadence", "send", "contoso", "--party", "partner"],
        1,
    );
    assert_refused_on(
        &f,
        "2027-07-02",
        &["cadence", "reply", "contoso", "--party", "partner"],
        1,
    );
}

#[test]
fn without_any_partner_the_customer_follows_the_account_team() {
    let f = contoso();
    send(&f, "2027-07-01", "contoso", "account-team", &[]);
    let v = reply(&f, "2027-07-02", "contoso", "account-team", &[]);
    assert_eq!(
        next(&v),
        step("customer", 1, "2027-07-02", "Customer 1st Contact", "email")
    );
}

#[test]
fn a_partner_dropped_after_its_e_mail_no_longer_delays_the_customer() {
    let f = contoso();
    real_partner(&f, "contoso");
    send(&f, "2027-07-01", "contoso", "account-team", &[]);
    reply(&f, "2027-07-02", "contoso", "account-team", &[]);
    let v = send(&f, "2027-07-02", "contoso", "partner", &[]);
    assert_eq!(next(&v).2, "2027-07-08");
    f.json(&["partner", "none", "contoso"]);
    // The partner attempt stays listed; the customer was due when the account team answered.
    let v = show(&f, "2027-07-06", "contoso");
    assert_eq!(v["attempts"].as_array().unwrap().len(), 2);
    assert_eq!(
        next(&v),
        step("customer", 1, "2027-07-02", "Customer 1st Contact", "email")
    );
}

// ------------------------------------------------- 4. and 5. replies and declines

#[test]
fn a_customer_reply_on_the_second_attempt_ends_the_cadence() {
    let f = contoso();
    send(&f, "2027-07-01", "contoso", "account-team", &[]);
    send(&f, "2027-07-07", "contoso", "account-team", &[]);
    send(&f, "2027-07-12", "contoso", "customer", &[]);
    send(&f, "2027-07-15", "contoso", "customer", &[]);

    // The address in another case finds the contact.
    let v = reply(
        &f,
        "2027-07-19",
        "contoso",
        "customer",
        &["--on", "2027-07-16", "--contact", "Carl@Contoso.example"],
    );
    assert_eq!(v["stage"], "responded");
    assert_eq!(v["next"], Value::Null);
    let a = v["attempts"].as_array().unwrap();
    assert_eq!(a.len(), 4);
    assert_eq!(a[2]["replied_on"], Value::Null);
    assert_eq!(
        a[3],
        attempt(
            "customer",
            2,
            "email",
            "2027-07-15",
            "2027-07-20",
            Some("2027-07-16"),
            false
        )
    );
    // Responded whatever the day: the third window never matters.
    assert_eq!(show(&f, "2027-09-01", "contoso")["stage"], "responded");
    assert_eq!(
        listed_stage(&f, "2027-09-01", "contoso.onmicrosoft.com"),
        "responded"
    );

    let contacts = ok(&f, "2027-07-19", &["contact", "list", "contoso"]);
    for c in contacts.as_array().unwrap() {
        assert_eq!(c["engaged"], c["email"] == CARL, "{c}");
    }
    assert_eq!(
        history_of(&f, "contoso", "cadence.reply"),
        ["customer responded on 2027-07-16 (carl@contoso.example)"]
    );
    assert_eq!(
        history_of(&f, "contoso", "note.add").last().unwrap(),
        "engagement note: The customer responded."
    );

    // Nothing more is sent, and the customer cannot answer twice.
    assert_refused_on(
        &f,
        "2027-07-20",
        &["cadence", "send", "contoso", "--party", "customer"],
        1,
    );
    assert_refused_on(
        &f,
        "2027-07-20",
        &["cadence", "reply", "contoso", "--party", "customer"],
        1,
    );
    // No contact item on the agenda.
    let agenda = ok(&f, "2027-07-20", &["agenda", "--days", "30"]);
    assert_eq!(agenda, json!([]));
}

#[test]
fn an_account_team_decline_ends_it_and_so_does_a_customer_decline() {
    let f = contoso();
    send(&f, "2027-07-01", "contoso", "account-team", &[]);
    let v = reply(&f, "2027-07-02", "contoso", "account-team", &["--declined"]);
    // The attempt it answers shows the decline and its day.
    assert_eq!(
        v["attempts"][0],
        declined_attempt(
            "account-team",
            1,
            "email",
            "2027-07-01",
            "2027-07-07",
            "2027-07-02"
        )
    );
    // Nobody else is contacted: its option is the next step.
    assert_eq!(v["stage"], "responded");
    assert_eq!(v["next"], Value::Null);
    assert_eq!(v["next_step"]["kind"], "assign");
    assert_eq!(v["next_step"]["option"], "account-team-declined");
    assert_eq!(v["next_step"]["due_on"], "2027-07-02");
    assert_eq!(show(&f, "2027-08-02", "contoso")["stage"], "responded");
    assert_eq!(
        history_of(&f, "contoso", "cadence.decline"),
        ["account team declined to engage on 2027-07-02"]
    );
    assert_refused_on(
        &f,
        "2027-07-02",
        &["cadence", "send", "contoso", "--party", "customer"],
        1,
    );
    assert_eq!(
        history_of(&f, "contoso", "note.add"),
        [
            "engagement note: First contact e-mail sent to the account team.",
            "engagement note: The account team declined to engage.",
        ]
    );

    // The account team answers, the customer declines: ended too.
    let g = contoso();
    send(&g, "2027-07-01", "contoso", "account-team", &[]);
    reply(&g, "2027-07-02", "contoso", "account-team", &[]);
    send(&g, "2027-07-02", "contoso", "customer", &[]);
    let v = reply(
        &g,
        "2027-07-06",
        "contoso",
        "customer",
        &["--declined", "--contact", CARL],
    );
    assert_eq!(
        v["attempts"][1],
        declined_attempt(
            "customer",
            1,
            "email",
            "2027-07-02",
            "2027-07-08",
            "2027-07-06"
        )
    );
    assert_eq!(v["next"], Value::Null);
    assert_eq!(v["stage"], "responded");
    assert_eq!(v["next_step"]["kind"], "assign");
    assert_eq!(v["next_step"]["option"], "customer-declined");
    assert_eq!(show(&g, "2027-08-02", "contoso")["stage"], "responded");
    assert_refused_on(
        &g,
        "2027-07-12",
        &["cadence", "send", "contoso", "--party", "customer"],
        1,
    );
    assert_eq!(
        history_of(&g, "contoso", "note.add"),
        [
            "engagement note: First contact e-mail sent to the account team.",
            "engagement note: The account team responded.",
            "engagement note: First contact e-mail sent to the customer.",
            "engagement note: The customer declined to engage.",
        ]
    );
}

#[test]
fn an_answer_before_any_send_moves_the_stage_past_new() {
    let f = contoso();
    // The account team wrote first: nothing was sent, but the cadence has begun.
    let v = reply(&f, "2027-07-01", "contoso", "account-team", &[]);
    assert_eq!(v["attempts"], json!([]));
    assert_eq!(
        next(&v),
        step("customer", 1, "2027-07-01", "Customer 1st Contact", "email")
    );
    assert_eq!(v["stage"], "customer");
    assert_eq!(
        listed_stage(&f, "2027-07-01", "contoso.onmicrosoft.com"),
        "customer"
    );
}

// ------------------------------------------------- 6. pause and resume

#[test]
fn a_customer_pause_moves_due_dates_past_it_and_resume_brings_them_back() {
    let f = contoso();
    send(&f, "2027-07-01", "contoso", "account-team", &[]);
    assert_eq!(
        show(&f, "2027-07-02", "contoso")["next"]["due_on"],
        "2027-07-07"
    );

    // Fri 2 Jul to Fri 9 Jul: the window closing Wed 7 Jul moves to Mon 12 Jul.
    let v = ok(
        &f,
        "2027-07-02",
        &[
            "cadence",
            "pause",
            "contoso",
            "--until",
            "2027-07-09",
            "--requested-by",
            "customer",
            "--reason",
            "Migration freeze",
        ],
    );
    assert_eq!(v["stage"], "paused");
    assert_eq!(v["paused_until"], "2027-07-09");
    assert_eq!(v["attempts"][0]["due_on"], "2027-07-12");
    // While paused there is no contact to make.
    assert_eq!(v["next"], Value::Null);
    assert_eq!(v["next_step"]["kind"], "none");
    assert_eq!(
        v["next_step"]["why"],
        "paused until 2027-07-09 at the customer's request"
    );
    assert_eq!(
        listed_stage(&f, "2027-07-09", "contoso.onmicrosoft.com"),
        "paused"
    );
    // After it, the meeting is due the day the moved window closes.
    let v = show(&f, "2027-07-12", "contoso");
    assert_eq!(v["stage"], "account-team");
    assert_eq!(
        next(&v),
        step(
            "account-team",
            2,
            "2027-07-12",
            "Account Team Meeting",
            "meeting"
        )
    );
    let h = history_of(&f, "contoso", "cadence.pause");
    assert_eq!(
        h,
        ["paused until 2027-07-09 at the customer's request (8 days): Migration freeze; task 3996 complete"]
    );

    // Paused already; a send inside the pause is too early.
    assert_refused_on(
        &f,
        "2027-07-06",
        &[
            "cadence",
            "pause",
            "contoso",
            "--until",
            "2027-07-20",
            "--requested-by",
            "customer",
            "--reason",
            "again",
        ],
        1,
    );
    assert_refused_on(
        &f,
        "2027-07-08",
        &["cadence", "send", "contoso", "--party", "account-team"],
        1,
    );

    // Resumed on Thu 8 Jul: the pause covered 2-7 Jul, so the window
    // closing on the 7th moves to the first business day after: Thu 8 Jul.
    let v = ok(&f, "2027-07-08", &["cadence", "resume", "contoso"]);
    assert_eq!(v["stage"], "account-team");
    assert_eq!(v["paused_until"], Value::Null);
    assert_eq!(v["next"]["due_on"], "2027-07-08");
    assert_eq!(
        history_of(&f, "contoso", "cadence.resume"),
        ["resumed on 2027-07-08 (paused until 2027-07-09)"]
    );
    assert_refused_on(&f, "2027-07-08", &["cadence", "resume", "contoso"], 1);
    send(&f, "2027-07-08", "contoso", "account-team", &[]);
}

#[test]
fn a_resume_before_the_due_date_restores_it() {
    let f = contoso();
    send(&f, "2027-07-01", "contoso", "account-team", &[]);
    ok(
        &f,
        "2027-07-02",
        &[
            "cadence",
            "pause",
            "contoso",
            "--until",
            "2027-07-09",
            "--requested-by",
            "customer",
            "--reason",
            "Holiday",
        ],
    );
    // Resumed Tue 6 Jul: the pause covered 2-5 Jul; the 7th is outside it.
    let v = ok(&f, "2027-07-06", &["cadence", "resume", "contoso"]);
    assert_eq!(v["next"]["due_on"], "2027-07-07");
    assert_eq!(v["attempts"][0]["due_on"], "2027-07-07");
}

#[test]
fn a_pause_is_limited_to_max_pause_days_unless_forced() {
    let f = Ftc::new();
    f.add(
        "fabrikam.onmicrosoft.com",
        "Fabrikam",
        &["--seats", "2000", "--region", "americas"],
    );
    let pause = |until: &str, force: bool| -> Vec<String> {
        let mut a: Vec<String> = [
            "cadence",
            "pause",
            "fabrikam",
            "--until",
            until,
            "--requested-by",
            "account-team",
            "--reason",
            "Reorganisation",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        if force {
            a.push("--force".into());
        }
        a
    };
    let args = pause("2027-07-31", false);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    // Thu 1 to Sat 31 Jul is 31 days: over the default 30.
    assert_refused_on(&f, "2027-07-01", &args, 1);
    assert_eq!(show(&f, "2027-07-01", "fabrikam")["stage"], "new");

    let args = pause("2027-07-31", true);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let v = ok(&f, "2027-07-01", &args);
    assert_eq!(v["stage"], "paused");
    assert_eq!(v["next"], Value::Null);
    // The first contact, due today, moves to Mon 2 Aug.
    let v = show(&f, "2027-08-02", "fabrikam");
    assert_eq!(v["stage"], "new");
    assert_eq!(
        next(&v),
        step(
            "account-team",
            1,
            "2027-08-02",
            "Account Team Contact",
            "email"
        )
    );
    assert_eq!(
        history_of(&f, "fabrikam", "cadence.pause"),
        ["paused until 2027-07-31 at the account team's request (31 days): Reorganisation; task 3985 complete"]
    );

    // Exactly 30 days is allowed without --force.
    let g = Ftc::new();
    g.add("fabrikam.onmicrosoft.com", "Fabrikam", &["--seats", "2000"]);
    let args = pause("2027-07-30", false);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    assert_eq!(ok(&g, "2027-07-01", &args)["paused_until"], "2027-07-30");

    // The limit comes from the config.
    let h = Ftc::with_config("[cadence]\nmax_pause_days = 5\n");
    h.add("fabrikam.onmicrosoft.com", "Fabrikam", &["--seats", "2000"]);
    let args = pause("2027-07-06", false);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    assert_refused_on(&h, "2027-07-01", &args, 1);
}

#[test]
fn pause_input_errors() {
    let f = contoso();
    assert_refused_on(
        &f,
        "2027-07-01",
        &[
            "cadence",
            "pause",
            "contoso",
            "--until",
            "2027-06-30",
            "--requested-by",
            "customer",
            "--reason",
            "x",
        ],
        1,
    );
    assert_refused_on(
        &f,
        "2027-07-01",
        &[
            "cadence",
            "pause",
            "contoso",
            "--until",
            "2027-07-08",
            "--requested-by",
            "customer",
            "--reason",
            "  ",
        ],
        2,
    );
    assert_refused_on(
        &f,
        "2027-07-01",
        &[
            "cadence",
            "pause",
            "contoso",
            "--until",
            "2027-07-08",
            "--requested-by",
            "partner",
            "--reason",
            "x",
        ],
        2,
    );
    assert_refused_on(
        &f,
        "2027-07-01",
        &[
            "cadence",
            "pause",
            "contoso",
            "--until",
            "2027-02-30",
            "--requested-by",
            "customer",
            "--reason",
            "x",
        ],
        2,
    );
}

// ------------------------------------------------- 7. refusals

#[test]
fn a_third_account_team_attempt_is_refused_even_forced() {
    let f = contoso();
    send(&f, "2027-07-01", "contoso", "account-team", &[]);
    send(&f, "2027-07-07", "contoso", "account-team", &[]);
    for extra in [&[][..], &["--force"][..]] {
        let mut args = vec!["cadence", "send", "contoso", "--party", "account-team"];
        args.extend_from_slice(extra);
        assert_refused_on(&f, "2027-07-13", &args, 1);
    }
}

#[test]
fn a_second_partner_attempt_is_refused_even_forced() {
    let f = contoso();
    real_partner(&f, "contoso");
    send(&f, "2027-07-01", "contoso", "account-team", &[]);
    reply(&f, "2027-07-02", "contoso", "account-team", &[]);
    send(&f, "2027-07-02", "contoso", "partner", &[]);
    for extra in [&[][..], &["--force"][..]] {
        let mut args = vec!["cadence", "send", "contoso", "--party", "partner"];
        args.extend_from_slice(extra);
        assert_refused_on(&f, "2027-07-08", &args, 1);
    }
}

#[test]
fn a_fourth_customer_attempt_is_refused_even_forced() {
    let f = contoso();
    send(&f, "2027-07-01", "contoso", "account-team", &[]);
    send(&f, "2027-07-07", "contoso", "account-team", &[]);
    send(&f, "2027-07-12", "contoso", "customer", &[]);
    send(&f, "2027-07-15", "contoso", "customer", &[]);
    send(&f, "2027-07-20", "contoso", "customer", &[]);
    for extra in [&[][..], &["--force"][..]] {
        let mut args = vec!["cadence", "send", "contoso", "--party", "customer"];
        args.extend_from_slice(extra);
        assert_refused_on(&f, "2027-07-26", &args, 1);
    }
}

#[test]
fn out_of_order_is_refused_unless_forced() {
    let f = contoso();
    // Nothing sent yet: the customer comes after the account team.
    assert_refused_on(
        &f,
        "2027-07-01",
        &["cadence", "send", "contoso", "--party", "customer"],
        1,
    );
    send(&f, "2027-07-01", "contoso", "account-team", &[]);
    // The account team's step is still open.
    assert_refused_on(
        &f,
        "2027-07-02",
        &["cadence", "send", "contoso", "--party", "customer"],
        1,
    );
    let v = send(&f, "2027-07-02", "contoso", "customer", &["--force"]);
    assert_eq!(
        v["attempts"][1],
        attempt(
            "customer",
            1,
            "email",
            "2027-07-02",
            "2027-07-08",
            None,
            true
        )
    );
    // The account team's step is still the next one.
    assert_eq!(next(&v).0, "account-team");
    assert_eq!(
        history_of(&f, "contoso", "cadence.send"),
        [
            "account team attempt 1 by email on 2027-07-01",
            "customer attempt 1 by email on 2027-07-02 (forced)",
        ]
    );
}

#[test]
fn too_early_is_refused_unless_forced() {
    let f = contoso();
    send(&f, "2027-07-01", "contoso", "account-team", &[]);
    assert_refused_on(
        &f,
        "2027-07-02",
        &["cadence", "send", "contoso", "--party", "account-team"],
        1,
    );
    // --on counts, not today.
    assert_refused_on(
        &f,
        "2027-07-09",
        &[
            "cadence",
            "send",
            "contoso",
            "--party",
            "account-team",
            "--on",
            "2027-07-06",
        ],
        1,
    );
    let v = send(&f, "2027-07-02", "contoso", "account-team", &["--force"]);
    assert_eq!(
        v["attempts"][1],
        attempt(
            "account-team",
            2,
            "meeting",
            "2027-07-02",
            "2027-07-08",
            None,
            true
        )
    );
    // The customer follows the forced meeting's window.
    assert_eq!(next(&v).2, "2027-07-08");
    assert!(history_of(&f, "contoso", "cadence.send")[1].ends_with("(forced)"));
    // On the due date, no force needed.
    let g = contoso();
    send(&g, "2027-07-01", "contoso", "account-team", &[]);
    let v = send(
        &g,
        "2027-07-07",
        "contoso",
        "account-team",
        &["--via", "email"],
    );
    assert_eq!(v["attempts"][1]["forced"], false);
    assert_eq!(v["attempts"][1]["via"], "email");
}

/// Contoso whose account team answered, so the customer is due.
fn customer_due(customers: &[(&str, bool)]) -> Ftc {
    let f = Ftc::new();
    f.add(
        "contoso.onmicrosoft.com",
        "Contoso",
        &["--seats", "5000", "--region", "emea"],
    );
    microsoft(&f, "contoso", ANN, "account-manager");
    for (email, dnc) in customers {
        customer(
            &f,
            "contoso",
            email,
            if *dnc { &["--do-not-contact"][..] } else { &[] },
        );
    }
    send(&f, "2027-07-01", "contoso", "account-team", &[]);
    reply(&f, "2027-07-02", "contoso", "account-team", &[]);
    f
}

#[test]
fn the_customer_is_not_sent_to_when_every_contact_is_do_not_contact() {
    let f = customer_due(&[(CARL, true), (DORA, true)]);
    let v = show(&f, "2027-07-02", "contoso");
    assert_eq!(next(&v).0, "customer");
    assert_eq!(emails(&v["next"]["to"]), Vec::<&str>::new());
    for extra in [&[][..], &["--force"][..]] {
        let mut args = vec!["cadence", "send", "contoso", "--party", "customer"];
        args.extend_from_slice(extra);
        assert_refused_on(&f, "2027-07-02", &args, 1);
    }
    // One reachable contact is enough.
    let g = customer_due(&[(CARL, false), (DORA, true)]);
    send(&g, "2027-07-02", "contoso", "customer", &[]);
}

#[test]
fn the_customer_is_not_sent_to_without_a_customer_contact() {
    let f = customer_due(&[]);
    for extra in [&[][..], &["--force"][..]] {
        let mut args = vec!["cadence", "send", "contoso", "--party", "customer"];
        args.extend_from_slice(extra);
        assert_refused_on(&f, "2027-07-02", &args, 1);
    }
}

#[test]
fn a_partner_send_without_a_partner_is_refused_even_forced() {
    let f = contoso();
    send(&f, "2027-07-01", "contoso", "account-team", &[]);
    reply(&f, "2027-07-02", "contoso", "account-team", &[]);
    for extra in [&[][..], &["--force"][..]] {
        let mut args = vec!["cadence", "send", "contoso", "--party", "partner"];
        args.extend_from_slice(extra);
        assert_refused_on(&f, "2027-07-02", &args, 1);
    }
}

#[test]
fn reply_refusals() {
    let f = contoso();
    send(&f, "2027-07-01", "contoso", "account-team", &[]);
    assert_refused_on(
        &f,
        "2027-07-02",
        &[
            "cadence",
            "reply",
            "contoso",
            "--party",
            "account-team",
            "--contact",
            "nobody@contoso.example",
        ],
        1,
    );
    assert_refused_on(
        &f,
        "2027-07-02",
        &["cadence", "reply", "contoso", "--party", "partner"],
        1,
    );
    reply(&f, "2027-07-02", "contoso", "account-team", &[]);
    assert_refused_on(
        &f,
        "2027-07-02",
        &[
            "cadence",
            "reply",
            "contoso",
            "--party",
            "account-team",
            "--declined",
        ],
        1,
    );
}

#[test]
fn bad_input_is_exit_2_and_an_unknown_tenant_exit_1() {
    let f = contoso();
    for args in [
        &["cadence", "send", "contoso", "--party", "nobody"][..],
        &[
            "cadence",
            "send",
            "contoso",
            "--party",
            "customer",
            "--on",
            "2027-13-01",
        ][..],
        &[
            "cadence",
            "send",
            "contoso",
            "--party",
            "account-team",
            "--via",
            "fax",
        ][..],
        &["cadence", "send", "contoso"][..],
        &[
            "cadence",
            "reply",
            "contoso",
            "--party",
            "customer",
            "--contact",
            "not-an-email",
        ][..],
    ] {
        assert_refused_on(&f, "2027-07-01", args, 2);
    }
    assert_refused_on(
        &f,
        "2027-07-01",
        &["cadence", "send", "nowhere", "--party", "account-team"],
        1,
    );
    assert_refused_on(&f, "2027-07-01", &["cadence", "show", "nowhere"], 1);
}

// ------------------------------------------------- 8. engagement notes

#[test]
fn every_step_adds_an_engagement_note_with_the_standard_wording() {
    let f = contoso();
    real_partner(&f, "contoso");
    send(&f, "2027-07-01", "contoso", "account-team", &[]);
    send(&f, "2027-07-07", "contoso", "account-team", &[]);
    send(&f, "2027-07-12", "contoso", "partner", &[]);
    send(&f, "2027-07-15", "contoso", "customer", &[]);
    send(&f, "2027-07-20", "contoso", "customer", &[]);
    send(&f, "2027-07-23", "contoso", "customer", &[]);
    reply(&f, "2027-07-26", "contoso", "customer", &[]);

    let wording = [
        "First contact e-mail sent to the account team.",
        "Account team did not respond to the first contact; meeting requested.",
        "Contact e-mail sent to the partner.",
        "First contact e-mail sent to the customer.",
        "Customer did not respond to the first contact attempt. Second contact e-mail sent.",
        "Customer did not respond to the second contact attempt. Third contact e-mail sent.",
        "The customer responded.",
    ];
    let in_history: Vec<String> = wording
        .iter()
        .map(|w| format!("engagement note: {w}"))
        .collect();
    assert_eq!(history_of(&f, "contoso", "note.add"), in_history);
    // Each a note of kind engagement, dated the day of the step.
    let dates = [
        "2027-07-01",
        "2027-07-07",
        "2027-07-12",
        "2027-07-15",
        "2027-07-20",
        "2027-07-23",
        "2027-07-26",
    ];
    let want: Vec<(String, String)> = dates
        .iter()
        .zip(wording)
        .map(|(d, w)| (d.to_string(), w.to_string()))
        .collect();
    assert_eq!(stored_notes(&f), want);
    // The history's own entries read plainly too.
    assert_eq!(
        history_of(&f, "contoso", "cadence.send"),
        [
            "account team attempt 1 by email on 2027-07-01",
            "account team attempt 2 by meeting on 2027-07-07",
            "partner attempt 1 by email on 2027-07-12",
            "customer attempt 1 by email on 2027-07-15",
            "customer attempt 2 by email on 2027-07-20",
            "customer attempt 3 by email on 2027-07-23",
        ]
    );
    // A refused send adds no note.
    assert_refused_on(
        &f,
        "2027-07-27",
        &["cadence", "send", "contoso", "--party", "customer"],
        1,
    );
    assert_eq!(stored_notes(&f).len(), 7);
}
