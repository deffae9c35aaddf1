//! `ftc rfa add|list` (SPEC 3.5) as stories: an RFA recorded and listed,
//! the same ID updating its status (in history), every refusal (exit 1 or
//! 2, nothing written), and a recent approved RFA taking its tenant out of
//! the proactive cadence and straight to assignment.

use crate::common::{assert_prints, assert_refused, parse_json, run, texts, Ftc, TODAY};
use serde_json::{json, Value};

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

fn history_of(f: &Ftc, tenant: &str, prefix: &str) -> Vec<String> {
    let mut v: Vec<String> = f
        .history(tenant)
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"].as_str().unwrap().starts_with(prefix))
        .map(|e| e["description"].as_str().unwrap().to_string())
        .collect();
    v.reverse();
    v
}

/// Contoso (5,000 seats, emea) and Fabrikam (8,000, americas), added on
/// 1 June 2027: their first contacts are overdue.
fn world() -> Ftc {
    let f = Ftc::new();
    for (domain, customer, seats, region) in [
        ("contoso.onmicrosoft.com", "Contoso Ltd", "5000", "emea"),
        ("fabrikam.onmicrosoft.com", "Fabrikam", "8000", "americas"),
    ] {
        ok_on(
            &f,
            "2027-06-01",
            &[
                "tenant",
                "add",
                "--domain",
                domain,
                "--customer",
                customer,
                "--seats",
                seats,
                "--region",
                region,
                "--fm",
                "alice",
            ],
        );
    }
    f
}

#[test]
fn an_rfa_is_recorded_listed_and_updated_by_its_id() {
    let f = world();
    let v = ok_on(
        &f,
        "2027-06-28",
        &[
            "rfa",
            "add",
            "contoso",
            "--id",
            "RFA-1001",
            "--workloads",
            "EXO, teams",
            "--status",
            "on-hold",
        ],
    );
    assert_eq!(
        v,
        json!({"id": "RFA-1001", "domain": "contoso.onmicrosoft.com",
               "workloads": ["exchange", "teams"], "status": "on-hold", "on": "2027-06-28"})
    );
    ok(
        &f,
        &[
            "rfa",
            "add",
            "fabrikam",
            "--id",
            "RFA-2002",
            "--workloads",
            "spo",
            "--status",
            "cancelled",
            "--on",
            "2027-06-30",
        ],
    );
    assert_eq!(
        ok(&f, &["rfa", "list"]),
        json!([
            {"id": "RFA-2002", "domain": "fabrikam.onmicrosoft.com", "workloads": ["sharepoint"],
             "status": "cancelled", "on": "2027-06-30"},
            v
        ])
    );
    assert_eq!(
        ok(&f, &["rfa", "list", "--tenant", "fabrikam"])[0]["id"],
        "RFA-2002"
    );
    assert_eq!(
        history_of(&f, "contoso", "rfa."),
        ["RFA RFA-1001 on-hold on 2027-06-28 for exchange, teams"]
    );

    // The same ID again: its status moves, dated today.
    let v = ok(
        &f,
        &[
            "rfa",
            "add",
            "contoso",
            "--id",
            "RFA-1001",
            "--workloads",
            "exchange,teams",
            "--status",
            "Approved",
        ],
    );
    assert_eq!(v["status"], "approved");
    assert_eq!(v["on"], "2027-07-01");
    assert_eq!(
        history_of(&f, "contoso", "rfa.")[1],
        "RFA RFA-1001: on-hold -> approved; on 2027-06-28 -> 2027-07-01"
    );
    assert_eq!(ok(&f, &["rfa", "list"]).as_array().unwrap().len(), 2);

    // Again with nothing new: nothing recorded.
    let before = f.freeze();
    let out = run(
        &f,
        "2027-07-05",
        &[
            "rfa",
            "add",
            "contoso",
            "--id",
            "RFA-1001",
            "--workloads",
            "teams,exchange",
            "--status",
            "approved",
            "--json",
        ],
    );
    let (stdout, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("unchanged; nothing recorded"), "{stderr}");
    assert_eq!(parse_json(stdout.as_bytes())["on"], "2027-07-01");
    before.assert_unchanged("the same RFA again");

    // A table for a person.
    assert_prints(&f, &["rfa", "list"]);
}

#[test]
fn refusals_change_nothing() {
    let f = world();
    ok(
        &f,
        &[
            "rfa",
            "add",
            "contoso",
            "--id",
            "RFA-1",
            "--workloads",
            "teams",
            "--status",
            "approved",
        ],
    );
    assert_refused(
        &f,
        &[
            "rfa",
            "add",
            "contoso",
            "--id",
            "RFA-9",
            "--workloads",
            "teams,lotus",
            "--status",
            "approved",
        ],
        1,
    );
    assert_refused(
        &f,
        &[
            "rfa",
            "add",
            "fabrikam",
            "--id",
            "RFA-1",
            "--workloads",
            "teams",
            "--status",
            "approved",
        ],
        1,
    );
    assert_refused(
        &f,
        &[
            "rfa",
            "add",
            "nobody",
            "--id",
            "RFA-9",
            "--workloads",
            "teams",
            "--status",
            "approved",
        ],
        1,
    );
    assert_refused(
        &f,
        &[
            "rfa",
            "add",
            "contoso",
            "--id",
            "RFA-9",
            "--workloads",
            "teams",
            "--status",
            "approved",
            "--on",
            "2027-07-02",
        ],
        1,
    );
    assert_refused(
        &f,
        &[
            "rfa",
            "add",
            "contoso",
            "--id",
            "RFA-9",
            "--workloads",
            "teams",
            "--status",
            "pending",
        ],
        2,
    );
    assert_refused(
        &f,
        &[
            "rfa",
            "add",
            "contoso",
            "--id",
            " ",
            "--workloads",
            "teams",
            "--status",
            "approved",
        ],
        2,
    );
    assert_refused(&f, &["rfa", "add", "contoso", "--id", "RFA-9"], 2);
    assert_eq!(ok(&f, &["rfa", "list"]).as_array().unwrap().len(), 1);
}

#[test]
fn a_recent_approved_rfa_skips_the_cadence_and_goes_straight_to_assignment() {
    let f = world();
    // Both tenants' first contacts are overdue.
    let kinds = |v: &Value| -> Vec<(String, String)> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|i| {
                (
                    i["domain"].as_str().unwrap().to_string(),
                    i["kind"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    assert_eq!(ok(&f, &["agenda"]).as_array().unwrap().len(), 2);
    // An RFA on hold changes nothing.
    ok_on(
        &f,
        "2027-06-25",
        &[
            "rfa",
            "add",
            "contoso",
            "--id",
            "RFA-7",
            "--workloads",
            "teams",
            "--status",
            "on-hold",
        ],
    );
    assert_eq!(f.show("contoso")["stage"], "new");
    // Approved on 25 June.
    ok_on(
        &f,
        "2027-06-25",
        &[
            "rfa",
            "add",
            "contoso",
            "--id",
            "RFA-7",
            "--workloads",
            "teams",
            "--status",
            "approved",
        ],
    );
    let shown = f.show("contoso");
    assert_eq!(shown["stage"], "responded");
    assert!(
        shown["warnings"][0]
            .as_str()
            .unwrap()
            .starts_with("RFA RFA-7 approved on 2027-06-25: no proactive cadence"),
        "{shown}"
    );
    assert_eq!(
        ok(&f, &["tenant", "list", "--stage", "responded"])[0]["domain"],
        "contoso.onmicrosoft.com"
    );
    let v = ok(&f, &["agenda"]);
    assert_eq!(
        kinds(&v),
        [
            (
                "fabrikam.onmicrosoft.com".to_string(),
                "contact".to_string()
            ),
            ("contoso.onmicrosoft.com".to_string(), "assign".to_string()),
        ]
    );
    // The RFA options apply (no partner, no workload meets the FRP
    // referral criteria: css), never wants-ftc-no-dibs; due the day it
    // was approved.
    assert_eq!(
        v[1],
        json!({"domain": "contoso.onmicrosoft.com", "fm": "alice", "kind": "assign",
               "party": null, "attempt": null, "due_on": "2027-06-25", "overdue_days": 6,
               "detail": "css (FTCQ CSS EMEA)"})
    );
    let why = ok(&f, &["assign", "contoso", "--explain"]);
    assert_eq!(why["option"], "css");
    assert_eq!(
        why["reasons"],
        json!([
            "RFA RFA-7 was approved on 2027-06-25: the customer asked for FastTrack help",
            "an RFA asks for FastTrack help",
            "no partner is engaged and no workload meets the FRP referral criteria"
        ])
    );
    // No contact step beside it: the cadence is skipped.
    let cadence = ok(&f, &["cadence", "show", "contoso"]);
    assert_eq!(cadence["next"], Value::Null);
    assert_eq!(cadence["next_step"]["kind"], "assign");
    assert_eq!(cadence["next_step"]["option"], "css");
    // The customer's own answer recorded on the tenant does not change the
    // RFA options.
    ok(&f, &["tenant", "set", "contoso", "--wants-ftc", "no"]);
    let why = ok(&f, &["assign", "contoso", "--explain"]);
    assert_eq!(why["option"], "css");
    ok(&f, &["tenant", "set", "contoso", "--wants-ftc", "yes"]);

    // 30 days on it still counts; the day after, the cadence is back.
    assert_eq!(
        ok_on(&f, "2027-07-25", &["tenant", "show", "contoso"])["stage"],
        "responded"
    );
    assert_eq!(
        ok_on(&f, "2027-07-26", &["tenant", "show", "contoso"])["stage"],
        "new"
    );
    let later = ok_on(&f, "2027-07-26", &["agenda"]);
    assert!(kinds(&later).contains(&("contoso.onmicrosoft.com".to_string(), "contact".to_string())));

    // Applied, the assignment ends it: no items at all.
    ok(&f, &["assign", "contoso"]);
    assert_eq!(f.show("contoso")["stage"], "assigned");
    assert_eq!(
        kinds(&ok(&f, &["agenda"])),
        [(
            "fabrikam.onmicrosoft.com".to_string(),
            "contact".to_string()
        )]
    );
}
