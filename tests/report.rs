//! `ftc report` (SPEC 3.6): the pipeline per stage, assignment option,
//! DIBS coverage and region, its filters, that its stages agree with
//! `tenant list`, and the readable table.

use crate::common::{assert_prints, parse_json, texts, Ftc, TODAY};
use serde_json::{json, Value};
use std::collections::BTreeMap;

fn ok_on(f: &Ftc, today: &str, args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.push("--json");
    let out = f.cmd().env("FTC_TODAY", today).args(&all).output().unwrap();
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

fn dibs(f: &Ftc, tenant: &str, workload: &str, full: bool) {
    let mut args = vec![
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
        "--owner",
        "Ann Lee",
    ];
    if full {
        args.extend_from_slice(&["--reason", "Increase Security"]);
    }
    ok(f, &args);
}

/// Seen from Thursday 1 July 2027:
/// - amy (americas, alice, 5,000): added 21 Jun, first contact overdue;
/// - axe (americas, bob, 20,000): full exchange DIBS, partial teams, css;
/// - eel (emea, alice, 100 from the feed): ineligible;
/// - emu (emea, bob): paused;
/// - elk (emea, alice): the customer replied; partial exchange DIBS;
/// - gnu (emea, alice): GoBack with an FRP: skip (frp-engaged);
/// - ape (apj, alice): added today, its first contact due today;
/// - nob (no region, bob): added today.
fn world() -> Ftc {
    let f = Ftc::new();
    ok(&f, &["frp", "add", "4410003", "Sakura Digital"]);
    let s = |seats: &'static str, region: &'static str, fm: &'static str| -> Vec<&'static str> {
        let mut v = vec!["--seats", seats, "--fm", fm];
        if !region.is_empty() {
            v.extend_from_slice(&["--region", region]);
        }
        v
    };
    add_on(
        &f,
        "2027-06-21",
        "amy",
        "Amy Apparel",
        &s("5000", "americas", "alice"),
    );
    add_on(
        &f,
        "2027-06-21",
        "axe",
        "Axe Tools",
        &s("20000", "americas", "bob"),
    );
    let mut eel = s("100", "emea", "alice");
    eel.extend_from_slice(&["--source", "commerce"]);
    add_on(&f, "2027-06-21", "eel", "Eel Fisheries", &eel);
    add_on(
        &f,
        "2027-06-21",
        "emu",
        "Emu Farms",
        &s("6000", "emea", "bob"),
    );
    add_on(
        &f,
        "2027-06-21",
        "elk",
        "Elk Lodges",
        &s("7000", "emea", "alice"),
    );
    add_on(
        &f,
        "2027-01-04",
        "gnu",
        "Gnu Software",
        &s("8000", "emea", "alice"),
    );
    add_on(&f, TODAY, "ape", "Ape Robotics", &s("3000", "apj", "alice"));
    add_on(&f, TODAY, "nob", "Nob Hill Bakery", &s("2000", "", "bob"));
    dibs(&f, "axe", "exchange", true);
    dibs(&f, "axe", "teams", false);
    ok(&f, &["assign", "axe"]);
    ok(
        &f,
        &[
            "cadence",
            "pause",
            "emu",
            "--until",
            "2027-07-10",
            "--requested-by",
            "customer",
            "--reason",
            "Busy",
        ],
    );
    ok(&f, &["cadence", "reply", "elk", "--party", "customer"]);
    dibs(&f, "elk", "exchange", false);
    ok_on(
        &f,
        "2027-01-04",
        &[
            "partner",
            "set",
            "gnu",
            "--name",
            "Sakura Digital",
            "--mpn",
            "4410003",
            "--deploying",
            "teams",
        ],
    );
    ok_on(&f, "2027-01-04", &["assign", "gnu"]);
    ok_on(&f, "2027-06-01", &["tenant", "set", "gnu", "--goback"]);
    f
}

fn stages(pairs: &[(&str, u64)]) -> Value {
    let mut m = serde_json::Map::new();
    for s in [
        "new",
        "account-team",
        "partner",
        "customer",
        "responded",
        "unresponsive",
        "paused",
        "assigned",
        "ineligible",
        "skip",
    ] {
        let n = pairs.iter().find(|(k, _)| *k == s).map_or(0, |(_, n)| *n);
        m.insert(s.into(), n.into());
    }
    Value::Object(m)
}

#[test]
fn the_pipeline_by_stage_option_dibs_and_region() {
    let f = world();
    let r = ok(&f, &["report"]);
    let keys: Vec<&String> = r.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        [
            "tenants",
            "by_stage",
            "by_option",
            "dibs",
            "usage",
            "overdue_contacts",
            "by_region"
        ]
    );
    assert_eq!(r["tenants"], 8);
    assert_eq!(
        r["by_stage"],
        stages(&[
            ("new", 3),
            ("assigned", 1),
            ("ineligible", 1),
            ("paused", 1),
            ("responded", 1),
            ("skip", 1)
        ])
    );
    assert_eq!(
        r["by_option"],
        json!({"duplicate-invalid": 0, "frp-engaged": 1, "partner-css": 0,
               "partner-no-dibs": 0, "css": 1, "frp-referral": 0,
               "account-team-declined": 0, "customer-declined": 0, "no-intent": 0,
               "unresponsive": 0, "wants-ftc-no-dibs": 0, "reactive": 0})
    );
    // Every workload, in the reference order; none = tenants without a record.
    let dibs = r["dibs"].as_object().unwrap();
    assert_eq!(dibs.keys().next().unwrap(), "exchange");
    assert_eq!(dibs.len(), 20);
    assert_eq!(
        dibs["exchange"],
        json!({"full": 1, "partial": 1, "none": 6})
    );
    assert_eq!(dibs["teams"], json!({"full": 0, "partial": 1, "none": 7}));
    assert_eq!(dibs["intune"], json!({"full": 0, "partial": 0, "none": 8}));
    assert_eq!(r["overdue_contacts"], 1);
    assert_eq!(
        r["by_region"],
        json!({
            "americas": {"tenants": 2, "by_stage": stages(&[("new", 1), ("assigned", 1)]),
                         "overdue_contacts": 1},
            "emea": {"tenants": 4, "by_stage": stages(&[("ineligible", 1), ("paused", 1),
                         ("responded", 1), ("skip", 1)]), "overdue_contacts": 0},
            "apj": {"tenants": 1, "by_stage": stages(&[("new", 1)]), "overdue_contacts": 0},
            "none": {"tenants": 1, "by_stage": stages(&[("new", 1)]), "overdue_contacts": 0}
        })
    );
}

#[test]
fn the_report_agrees_with_tenant_list_and_the_agenda() {
    let f = world();
    for today in [TODAY, "2027-07-06", "2027-08-02"] {
        let r = ok_on(&f, today, &["report"]);
        let mut by_stage: BTreeMap<String, u64> = BTreeMap::new();
        for t in ok_on(&f, today, &["tenant", "list"]).as_array().unwrap() {
            *by_stage
                .entry(t["stage"].as_str().unwrap().to_string())
                .or_default() += 1;
        }
        for (stage, n) in r["by_stage"].as_object().unwrap() {
            assert_eq!(
                by_stage.get(stage).copied().unwrap_or(0),
                n.as_u64().unwrap(),
                "{stage} on {today}"
            );
        }
        let overdue = ok_on(&f, today, &["agenda"])
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["kind"] == "contact" && i["overdue_days"].as_i64().unwrap() > 0)
            .count() as u64;
        assert_eq!(r["overdue_contacts"], overdue, "{today}");
    }
}

#[test]
fn filters_narrow_every_count() {
    let f = world();
    let r = ok(&f, &["report", "--region", "emea"]);
    assert_eq!(r["tenants"], 4);
    assert_eq!(r["by_option"]["frp-engaged"], 1);
    assert_eq!(r["by_option"]["css"], 0);
    assert_eq!(
        r["dibs"]["exchange"],
        json!({"full": 0, "partial": 1, "none": 3})
    );
    let regions: Vec<&String> = r["by_region"].as_object().unwrap().keys().collect();
    assert_eq!(regions, ["emea"]);
    let r = ok(&f, &["report", "--fm", "BOB"]);
    assert_eq!(r["tenants"], 3);
    assert_eq!(
        r["by_stage"],
        stages(&[("new", 1), ("assigned", 1), ("paused", 1)])
    );
    assert_eq!(
        r["dibs"]["exchange"],
        json!({"full": 1, "partial": 0, "none": 2})
    );
    assert_eq!(r["by_region"]["apj"]["tenants"], 0);
    let out = f
        .cmd()
        .args(["report", "--region", "mars"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn an_empty_database_and_the_table() {
    let f = Ftc::new();
    f.init();
    let r = ok(&f, &["report"]);
    assert_eq!(r["tenants"], 0);
    assert_eq!(r["by_stage"], stages(&[]));
    assert_eq!(r["overdue_contacts"], 0);
    assert_eq!(
        r["dibs"]["exchange"],
        json!({"full": 0, "partial": 0, "none": 0})
    );
    assert_eq!(
        r["by_region"]
            .as_object()
            .unwrap()
            .keys()
            .collect::<Vec<_>>(),
        ["americas", "emea", "apj"]
    );

    let f = world();
    let table = assert_prints(&f, &["report"]);
    for w in table.lines() {
        assert!(w.chars().count() <= 100, "{w}");
    }
}

/// A long listing is read in bulk (whole tables), a short one tenant by
/// tenant: both must say the same. 250 tenants from the feed, 150 in the
/// Americas and 100 in EMEA (each region alone is read tenant by tenant).
#[test]
fn bulk_and_tenant_by_tenant_reads_agree() {
    let f = Ftc::new();
    let mut csv = String::from("tenant_id,domain,customer,tpid,region,seats\n");
    for i in 0..250 {
        let region = if i < 150 { "americas" } else { "emea" };
        csv.push_str(&format!(
            "00000000-0000-4000-8000-{i:012},t{i:03}.onmicrosoft.com,Customer {i:03},{},{region},{}\n",
            1000 + i,
            200 + i * 97
        ));
    }
    let feed = f.write("feed.csv", &csv);
    ok_on(
        &f,
        "2027-06-01",
        &["tenant", "import", feed.to_str().unwrap()],
    );
    ok(&f, &["frp", "add", "4410003", "Sakura Digital"]);
    ok_on(&f, "2027-06-01", &["assign", "t000", "--option", "css"]);
    // t011 (1,267 seats) is contacted proactively; smaller ones are reactive.
    ok_on(
        &f,
        "2027-06-02",
        &["cadence", "send", "t011", "--party", "account-team"],
    );
    ok_on(
        &f,
        "2027-06-03",
        &["cadence", "reply", "t011", "--party", "customer"],
    );
    ok_on(
        &f,
        "2027-06-02",
        &["cadence", "send", "t160", "--party", "account-team"],
    );
    ok(
        &f,
        &[
            "cadence",
            "pause",
            "t161",
            "--until",
            "2027-07-09",
            "--requested-by",
            "customer",
            "--reason",
            "Busy",
        ],
    );
    ok_on(
        &f,
        "2027-06-01",
        &[
            "partner",
            "set",
            "t170",
            "--name",
            "Sakura Digital",
            "--mpn",
            "4410003",
            "--deploying",
            "teams",
        ],
    );
    ok_on(&f, "2027-06-01", &["assign", "t170"]);
    ok_on(&f, "2027-06-15", &["tenant", "set", "t170", "--goback"]);
    ok_on(&f, "2027-06-01", &["assign", "t171", "--option", "css"]);
    ok_on(&f, "2027-06-15", &["tenant", "set", "t171", "--goback"]);
    ok(
        &f,
        &[
            "rfa",
            "add",
            "t180",
            "--id",
            "R-1",
            "--workloads",
            "teams",
            "--status",
            "approved",
        ],
    );
    let today = "2027-07-08";
    let all = ok_on(&f, today, &["report"]);
    let parts: Vec<Value> = ["americas", "emea"]
        .iter()
        .map(|r| ok_on(&f, today, &["report", "--region", r]))
        .collect();
    assert_eq!(all["tenants"], 250);
    for key in ["by_stage", "by_option"] {
        for (k, n) in all[key].as_object().unwrap() {
            let sum: u64 = parts.iter().map(|p| p[key][k].as_u64().unwrap()).sum();
            assert_eq!(n.as_u64().unwrap(), sum, "{key}.{k}");
        }
    }
    let overdue: u64 = parts
        .iter()
        .map(|p| p["overdue_contacts"].as_u64().unwrap())
        .sum();
    assert_eq!(all["overdue_contacts"], overdue);
    assert_eq!(all["by_stage"]["skip"], 1);
    assert_eq!(all["by_stage"]["assigned"], 1);
    assert_eq!(all["by_stage"]["paused"], 1);
    assert_eq!(all["by_stage"]["responded"], 2, "a reply and an RFA");
    assert_eq!(all["by_stage"]["account-team"], 1);

    let long = ok_on(&f, today, &["tenant", "list"]);
    let mut short: Vec<Value> = Vec::new();
    for r in ["americas", "emea"] {
        short.extend(
            ok_on(&f, today, &["tenant", "list", "--region", r])
                .as_array()
                .unwrap()
                .iter()
                .cloned(),
        );
    }
    short.sort_by_key(|t| t["domain"].as_str().unwrap().to_string());
    assert_eq!(long, Value::Array(short));
    assert_eq!(
        ok_on(&f, today, &["tenant", "list", "--stage", "skip"])[0]["domain"],
        "t170.onmicrosoft.com"
    );
}
