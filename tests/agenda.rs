//! `ftc agenda` (SPEC 3.3): contact items overdue, due today and upcoming,
//! pause ends, the order, the filters, and the tenants that have no contact
//! items (ineligible, paused, responded).

use crate::common::{assert_prints, assert_refused, parse_json, texts, Ftc};
use serde_json::{json, Value};

const KEYS: [&str; 8] = [
    "domain",
    "fm",
    "kind",
    "party",
    "attempt",
    "due_on",
    "overdue_days",
    "detail",
];

/// A config under which no tenant is reactive (rule 4.3.8).
const NOT_REACTIVE: &str = "[assignment]\nreactive_max_seats = 0\n";

/// Run `args --json` on `today`, require exit 0, parse stdout.
fn ok(f: &Ftc, today: &str, args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.push("--json");
    let out = f.cmd().env("FTC_TODAY", today).args(&all).output().unwrap();
    let (stdout, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(0), "{args:?} on {today}\n{stderr}");
    parse_json(stdout.as_bytes())
}

/// `agenda EXTRA --json` on `today`.
fn agenda(f: &Ftc, today: &str, extra: &[&str]) -> Value {
    let mut args = vec!["agenda"];
    args.extend_from_slice(extra);
    let v = ok(f, today, &args);
    for item in v.as_array().expect("an array") {
        let keys: Vec<&String> = item.as_object().unwrap().keys().collect();
        assert_eq!(keys, KEYS, "{item}");
    }
    v
}

/// (domain label, kind, party, attempt, due_on, overdue_days) of each item.
type Row = (String, String, Value, Value, String, i64);

fn rows(v: &Value) -> Vec<Row> {
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
                i["party"].clone(),
                i["attempt"].clone(),
                i["due_on"].as_str().unwrap().to_string(),
                i["overdue_days"].as_i64().unwrap(),
            )
        })
        .collect()
}

fn contact(label: &str, party: &str, attempt: u32, due: &str, late: i64) -> Row {
    (
        label.into(),
        "contact".into(),
        json!(party),
        json!(attempt),
        due.into(),
        late,
    )
}

fn pause_ends(label: &str, due: &str, late: i64) -> Row {
    (
        label.into(),
        "pause-ends".into(),
        Value::Null,
        Value::Null,
        due.into(),
        late,
    )
}

/// `tenant add` on `day`.
fn add_on(f: &Ftc, day: &str, label: &str, extra: &[&str]) {
    let domain = format!("{label}.onmicrosoft.com");
    let customer = format!("{label} Ltd");
    let mut args = vec![
        "tenant",
        "add",
        "--domain",
        &domain,
        "--customer",
        &customer,
    ];
    args.extend_from_slice(extra);
    ok(f, day, &args);
}

/// Tenants on every footing, seen from Thursday 1 July 2027 (no holidays):
/// - bravo (9,000 seats, bob, emea) and alpha (2,000, alice, americas),
///   added Fri 25 Jun, nothing sent: the first contact is 6 days late;
/// - charlie (500, alice, americas), added today: due today;
/// - delta (3,000, bob, apj): first contact sent Tue 29 Jun, the meeting is
///   due Fri 2 Jul;
/// - hotel (700, bob, americas): first contact sent Wed 30 Jun, the meeting
///   is due Mon 5 Jul;
/// - echo: ineligible (100 seats from the feed), added 25 Jun;
/// - foxtrot (4,000, alice, emea): added 25 Jun, paused today until Sat 3 Jul;
/// - golf (6,000, bob, americas): the customer answered.
fn world() -> Ftc {
    // These stories are about contact items: no tenant here is small enough
    // to be `reactive` (the `assign` items are in tests/assign.rs).
    let f = Ftc::with_config(NOT_REACTIVE);
    let early = "2027-06-25";
    add_on(
        &f,
        early,
        "alpha",
        &["--seats", "2000", "--fm", "alice", "--region", "americas"],
    );
    add_on(
        &f,
        early,
        "bravo",
        &["--seats", "9000", "--fm", "bob", "--region", "emea"],
    );
    add_on(
        &f,
        "2027-07-01",
        "charlie",
        &["--seats", "500", "--fm", "alice", "--region", "americas"],
    );
    add_on(
        &f,
        "2027-06-28",
        "delta",
        &["--seats", "3000", "--fm", "bob", "--region", "apj"],
    );
    add_on(
        &f,
        "2027-06-30",
        "hotel",
        &["--seats", "700", "--fm", "bob", "--region", "americas"],
    );
    add_on(
        &f,
        early,
        "echo",
        &[
            "--seats", "100", "--source", "commerce", "--fm", "alice", "--region", "americas",
        ],
    );
    add_on(
        &f,
        early,
        "foxtrot",
        &["--seats", "4000", "--fm", "alice", "--region", "emea"],
    );
    add_on(
        &f,
        early,
        "golf",
        &["--seats", "6000", "--fm", "bob", "--region", "americas"],
    );

    ok(
        &f,
        "2027-07-01",
        &[
            "contact",
            "add",
            "alpha",
            "--kind",
            "microsoft",
            "--role",
            "account-manager",
            "--name",
            "Ann",
            "--email",
            "ann@microsoft.example",
        ],
    );
    ok(
        &f,
        "2027-06-29",
        &["cadence", "send", "delta", "--party", "account-team"],
    );
    ok(
        &f,
        "2027-06-30",
        &["cadence", "send", "hotel", "--party", "account-team"],
    );
    ok(
        &f,
        early,
        &["cadence", "send", "golf", "--party", "account-team"],
    );
    ok(
        &f,
        "2027-06-28",
        &["cadence", "reply", "golf", "--party", "customer"],
    );
    ok(
        &f,
        "2027-07-01",
        &[
            "cadence",
            "pause",
            "foxtrot",
            "--until",
            "2027-07-03",
            "--requested-by",
            "account-team",
            "--reason",
            "Offsite",
        ],
    );
    f
}

#[test]
fn today_lists_what_is_due_oldest_first_then_larger_tenants() {
    let f = world();
    let v = agenda(&f, "2027-07-01", &[]);
    assert_eq!(
        rows(&v),
        [
            contact("bravo", "account-team", 1, "2027-06-25", 6),
            contact("alpha", "account-team", 1, "2027-06-25", 6),
            contact("charlie", "account-team", 1, "2027-07-01", 0),
        ]
    );
    assert_eq!(
        v[1],
        json!({"domain": "alpha.onmicrosoft.com", "fm": "alice", "kind": "contact",
               "party": "account-team", "attempt": 1, "due_on": "2027-06-25",
               "overdue_days": 6,
               "detail": "Account Team Contact to ann@microsoft.example"})
    );
    assert_eq!(
        v[0]["detail"],
        "Account Team Contact (no Microsoft contact on file)"
    );
    // --today works as FTC_TODAY does.
    let out = f
        .cmd()
        .args(["agenda", "--json", "--today", "2027-07-01"])
        .env_remove("FTC_TODAY")
        .output()
        .unwrap();
    assert_eq!(parse_json(&out.stdout), v);
}

#[test]
fn days_adds_upcoming_items_with_negative_overdue_days() {
    let f = world();
    let v = agenda(&f, "2027-07-01", &["--days", "2"]);
    assert_eq!(
        rows(&v),
        [
            contact("bravo", "account-team", 1, "2027-06-25", 6),
            contact("alpha", "account-team", 1, "2027-06-25", 6),
            contact("charlie", "account-team", 1, "2027-07-01", 0),
            contact("delta", "account-team", 2, "2027-07-02", -1),
            pause_ends("foxtrot", "2027-07-03", -2),
        ]
    );
    assert_eq!(
        v[3]["detail"],
        "Account Team Meeting (no Microsoft contact on file)"
    );
    assert_eq!(v[4]["fm"], "alice");
    assert_eq!(
        v[4]["detail"],
        "pause at the account team's request ends: Offsite"
    );

    // Mon 5 Jul is 4 days ahead: hotel's meeting is in with --days 4, not 3.
    let three = rows(&agenda(&f, "2027-07-01", &["--days", "3"]));
    assert!(!three.iter().any(|r| r.0 == "hotel"), "{three:?}");
    let four = rows(&agenda(&f, "2027-07-01", &["--days", "4"]));
    assert_eq!(
        four.last().unwrap(),
        &contact("hotel", "account-team", 2, "2027-07-05", -4)
    );
    assert_eq!(four.len(), 6);
}

#[test]
fn ineligible_paused_and_responded_tenants_have_no_contact_items() {
    let f = world();
    let all = rows(&agenda(&f, "2027-07-01", &["--days", "365"]));
    assert_eq!(all.len(), 6, "{all:?}");
    // The largest --days means everything to come, not nothing.
    for huge in ["4294967295", "50000000"] {
        assert_eq!(
            rows(&agenda(&f, "2027-07-01", &["--days", huge])),
            all,
            "--days {huge}"
        );
    }
    for r in &all {
        assert_ne!(r.0, "echo", "ineligible: {all:?}");
        assert_ne!(r.0, "golf", "responded: {all:?}");
        if r.0 == "foxtrot" {
            assert_eq!(r.1, "pause-ends", "paused: {all:?}");
        }
    }
    // Once the pause is over, foxtrot's overdue first contact is back.
    let after = rows(&agenda(&f, "2027-07-05", &[]));
    assert!(
        after.contains(&contact("foxtrot", "account-team", 1, "2027-06-25", 10)),
        "{after:?}"
    );
    assert!(!after.iter().any(|r| r.1 == "pause-ends"), "{after:?}");
    // A resumed pause no longer ends on the agenda.
    ok(&f, "2027-07-02", &["cadence", "resume", "foxtrot"]);
    let v = rows(&agenda(&f, "2027-07-02", &["--days", "5"]));
    assert!(!v.iter().any(|r| r.1 == "pause-ends"), "{v:?}");
    assert!(
        v.contains(&contact("foxtrot", "account-team", 1, "2027-06-25", 7)),
        "{v:?}"
    );
}

#[test]
fn overdue_days_grow_and_a_send_takes_the_item_off() {
    let f = world();
    assert_eq!(
        rows(&agenda(&f, "2027-07-02", &[])),
        [
            contact("bravo", "account-team", 1, "2027-06-25", 7),
            contact("alpha", "account-team", 1, "2027-06-25", 7),
            contact("charlie", "account-team", 1, "2027-07-01", 1),
            contact("delta", "account-team", 2, "2027-07-02", 0),
        ]
    );
    ok(
        &f,
        "2027-07-02",
        &["cadence", "send", "bravo", "--party", "account-team"],
    );
    ok(
        &f,
        "2027-07-02",
        &["cadence", "send", "delta", "--party", "account-team"],
    );
    let v = rows(&agenda(&f, "2027-07-02", &[]));
    assert_eq!(
        v,
        [
            contact("alpha", "account-team", 1, "2027-06-25", 7),
            contact("charlie", "account-team", 1, "2027-07-01", 1),
        ]
    );
    // bravo's meeting: 3 business days after Fri 2 Jul; foxtrot's pause is over.
    let later = rows(&agenda(&f, "2027-07-07", &["--region", "emea"]));
    assert_eq!(
        later,
        [
            contact("foxtrot", "account-team", 1, "2027-06-25", 12),
            contact("bravo", "account-team", 2, "2027-07-07", 0),
        ]
    );
}

#[test]
fn filters_by_fm_and_region() {
    let f = world();
    let alice = rows(&agenda(&f, "2027-07-01", &["--fm", "alice", "--days", "2"]));
    assert_eq!(
        alice,
        [
            contact("alpha", "account-team", 1, "2027-06-25", 6),
            contact("charlie", "account-team", 1, "2027-07-01", 0),
            pause_ends("foxtrot", "2027-07-03", -2),
        ]
    );
    assert_eq!(
        rows(&agenda(&f, "2027-07-01", &["--fm", "ALICE", "--days", "2"])),
        alice,
        "the FM in any case"
    );
    assert_eq!(
        rows(&agenda(
            &f,
            "2027-07-01",
            &["--region", "emea", "--days", "2"]
        )),
        [
            contact("bravo", "account-team", 1, "2027-06-25", 6),
            pause_ends("foxtrot", "2027-07-03", -2),
        ]
    );
    assert_eq!(
        rows(&agenda(&f, "2027-07-01", &["--region", "amer"])),
        [
            contact("alpha", "account-team", 1, "2027-06-25", 6),
            contact("charlie", "account-team", 1, "2027-07-01", 0),
        ]
    );
    assert_eq!(
        rows(&agenda(
            &f,
            "2027-07-01",
            &["--fm", "bob", "--region", "apac", "--days", "2"]
        )),
        [contact("delta", "account-team", 2, "2027-07-02", -1)]
    );
    assert_eq!(agenda(&f, "2027-07-01", &["--fm", "nobody"]), json!([]));
    assert_eq!(
        agenda(&f, "2027-07-01", &["--fm", "bob", "--region", "americas"]),
        json!([]),
        "golf responded and hotel is not due yet"
    );
}

#[test]
fn an_empty_agenda_and_the_other_formats() {
    let f = Ftc::new();
    f.init();
    assert_eq!(agenda(&f, "2027-07-01", &[]), json!([]));
    let f = world();
    let csv = f.ok(&["agenda", "--format", "csv"]);
    assert_eq!(
        csv.lines().next().unwrap(),
        "domain,fm,kind,party,attempt,due_on,overdue_days,detail"
    );
    assert_eq!(csv.lines().count(), 4);
    assert_prints(&f, &["agenda"]);
    for bad in [
        &["agenda", "--days", "-1"][..],
        &["agenda", "--days", "x"][..],
        &["agenda", "--region", "mars"][..],
    ] {
        assert_refused(&f, bad, 2);
    }
}

#[test]
fn the_agenda_follows_partner_changes() {
    let f = Ftc::new();
    add_on(
        &f,
        "2027-07-01",
        "contoso",
        &["--seats", "5000", "--region", "americas"],
    );
    ok(
        &f,
        "2027-07-01",
        &[
            "partner",
            "set",
            "contoso",
            "--name",
            "Fabrikam",
            "--mpn",
            "1234567",
            "--deploying",
            "exo",
        ],
    );
    ok(
        &f,
        "2027-07-01",
        &["cadence", "send", "contoso", "--party", "account-team"],
    );
    ok(
        &f,
        "2027-07-02",
        &["cadence", "reply", "contoso", "--party", "account-team"],
    );
    // An engaged partner that is not an FRP: partner-no-dibs (rule 4.3.3)
    // rests on the customer's answer, so while the cadence is open the
    // partner step is the one next step.
    assert_eq!(
        rows(&agenda(&f, "2027-07-02", &[])),
        [contact("contoso", "partner", 1, "2027-07-02", 0)]
    );
    ok(
        &f,
        "2027-07-02",
        &["cadence", "send", "contoso", "--party", "partner"],
    );
    // The partner's window closes Wed 7 Jul: nothing due on Tue 6 Jul; the
    // customer comes next.
    assert_eq!(rows(&agenda(&f, "2027-07-06", &[])), []);
    assert_eq!(
        rows(&agenda(&f, "2027-07-06", &["--days", "1"])),
        [contact("contoso", "customer", 1, "2027-07-07", -1)]
    );
    // No partner after all: the customer was due when the account team answered.
    ok(&f, "2027-07-06", &["partner", "none", "contoso"]);
    let shown = ok(&f, "2027-07-06", &["cadence", "show", "contoso"]);
    assert_eq!(shown["next"]["due_on"], "2027-07-02");
    assert_eq!(
        rows(&agenda(&f, "2027-07-06", &[])),
        [contact("contoso", "customer", 1, "2027-07-02", 4)]
    );
    // The partner back, and the customer says it wants no FTC help: the
    // answer partner-no-dibs rests on. Its `assign` item replaces the contact.
    ok(
        &f,
        "2027-07-06",
        &[
            "partner",
            "set",
            "contoso",
            "--name",
            "Fabrikam",
            "--mpn",
            "1234567",
            "--deploying",
            "exo",
        ],
    );
    ok(
        &f,
        "2027-07-06",
        &["tenant", "set", "contoso", "--wants-ftc", "no"],
    );
    let v = agenda(&f, "2027-07-06", &[]);
    assert_eq!(
        rows(&v),
        [(
            "contoso".to_string(),
            "assign".to_string(),
            Value::Null,
            Value::Null,
            "2027-07-06".to_string(),
            0,
        )]
    );
    assert!(
        v[0]["detail"]
            .as_str()
            .unwrap()
            .starts_with("partner-no-dibs"),
        "{v}"
    );
}
