//! Seed 002's partner page: the usage feed, claims, what a partner sees,
//! its referrals, and usage in the FRP referral rule.

use crate::common::{assert_refused, ok_on, texts, Ftc, TODAY};
use serde_json::{json, Value};

const CONTOSO: &str = "11111111-1111-4111-8111-111111111111";
const FABRIKAM: &str = "22222222-2222-4222-8222-222222222222";

fn ok(f: &Ftc, args: &[&str]) -> Value {
    ok_on(f, TODAY, args)
}

/// Contoso (600 seats) and Fabrikam (300 seats), with tenant IDs.
fn setup() -> Ftc {
    let f = Ftc::new();
    for (label, customer, seats, id) in [
        ("contoso", "Contoso Ltd", "600", CONTOSO),
        ("fabrikam", "Fabrikam Inc", "300", FABRIKAM),
    ] {
        ok(
            &f,
            &[
                "tenant",
                "add",
                "--domain",
                &format!("{label}.onmicrosoft.com"),
                "--customer",
                customer,
                "--seats",
                seats,
                "--region",
                "emea",
                "--tenant-id",
                id,
            ],
        );
    }
    f
}

fn feed(f: &Ftc, name: &str, rows: &[(&str, &str, &str, i64, i64)]) -> std::path::PathBuf {
    let mut text = String::from("month,tenant_id,workload,paid_units,active_users,ignored\n");
    for (tenant, workload, month, active, paid) in rows {
        text.push_str(&format!("{month},{tenant},{workload},{paid},{active},x\n"));
    }
    f.write(name, &text)
}

fn import(f: &Ftc, path: &std::path::Path, extra: &[&str]) -> Value {
    let p = path.to_str().unwrap();
    let mut args = vec!["usage", "import", p];
    args.extend_from_slice(extra);
    ok(f, &args)
}

#[test]
fn the_usage_feed_imports_once_and_again_changes_nothing() {
    let f = setup();
    let path = feed(
        &f,
        "usage.csv",
        &[
            (CONTOSO, "exchange", "2027-05", 85, 1000),
            (CONTOSO, "Microsoft Teams", "2027-05", 500, 1000),
            (CONTOSO, "exchange", "2027-06", 90, 1000),
            (FABRIKAM, "spo", "2027-06", 10, 0),
        ],
    );
    let s = import(&f, &path, &["--dry-run"]);
    assert_eq!(s["inserted"], 4);
    assert_eq!(s["dry_run"], true);
    assert_eq!(ok(&f, &["usage", "show", "contoso"]), json!([]));
    let s = import(&f, &path, &[]);
    assert_eq!(
        (s["inserted"].clone(), s["updated"].clone()),
        (json!(4), json!(0))
    );
    // The same feed again: nothing changes, not a byte.
    let frozen = f.freeze();
    let s = import(&f, &path, &[]);
    assert_eq!(
        (s["inserted"].clone(), s["unchanged"].clone()),
        (json!(0), json!(4))
    );
    frozen.assert_unchanged("the same usage feed again");
    // A changed month is an update.
    let changed = feed(
        &f,
        "changed.csv",
        &[(CONTOSO, "exchange", "2027-06", 95, 1000)],
    );
    let s = import(&f, &changed, &[]);
    assert_eq!(
        (s["updated"].clone(), s["inserted"].clone()),
        (json!(1), json!(0))
    );

    let months = ok(
        &f,
        &["usage", "show", "contoso", "--workload", "Exchange Online"],
    );
    assert_eq!(
        months,
        json!([
            {"workload": "exchange", "month": "2027-06", "active_users": 95, "paid_units": 1000, "usage_percent": 9.5},
            {"workload": "exchange", "month": "2027-05", "active_users": 85, "paid_units": 1000, "usage_percent": 8.5}
        ])
    );
    // tenant show: each workload's latest month; no paid units, no percentage.
    let usage = ok(&f, &["tenant", "show", "fabrikam"])["usage"].clone();
    assert_eq!(
        usage,
        json!([{"workload": "sharepoint", "month": "2027-06", "active_users": 10, "paid_units": 0, "usage_percent": null}])
    );
    let usage = ok(&f, &["tenant", "show", "contoso"])["usage"].clone();
    assert_eq!(usage.as_array().unwrap().len(), 2, "{usage}");
    // The report: tenants with usage and the median Usage % per workload
    // (a workload without paid units has no percentage).
    let r = ok(&f, &["report"])["usage"].clone();
    assert_eq!(r["exchange"], json!({"tenants": 1, "median_percent": 9.5}));
    assert_eq!(r["teams"], json!({"tenants": 1, "median_percent": 50.0}));
    assert_eq!(
        r["sharepoint"],
        json!({"tenants": 0, "median_percent": null})
    );
}

#[test]
fn a_bad_usage_feed_is_refused_with_its_line_numbers_and_changes_nothing() {
    let f = setup();
    let bad = f.write(
        "bad.csv",
        &format!(
            "tenant_id,workload,month,active_users,paid_units\n\
             {CONTOSO},exchange,2027-05,85,1000\n\
             33333333-3333-4333-8333-333333333333,exchange,2027-05,1,2\n\
             {CONTOSO},nonsense,2027-13,-1,x\n\
             \n\
             {CONTOSO},exchange,2027-05,86,1000\n"
        ),
    );
    let stderr = assert_refused(&f, &["usage", "import", bad.to_str().unwrap()], 2);
    for line in ["line 3:", "line 4:", "line 6:"] {
        assert!(stderr.contains(line), "{line} in {stderr}");
    }
    assert!(!stderr.contains("line 2:"), "{stderr}");
    // --skip-invalid takes the good row.
    let s = import(&f, &bad, &["--skip-invalid"]);
    assert_eq!(s["inserted"], 1);
    assert_eq!(s["rejected"].as_array().unwrap().len(), 3);
    // No header, a header without the columns: exit 2, nothing written.
    let empty = f.write("empty.csv", "");
    assert_refused(&f, &["usage", "import", empty.to_str().unwrap()], 2);
    let wrong = f.write("wrong.csv", "tenant,month\nx,y\n");
    assert_refused(&f, &["usage", "import", wrong.to_str().unwrap()], 2);
}

#[test]
fn one_partner_claims_a_workload_and_sees_usage_only_with_a_claim() {
    let f = setup();
    let path = feed(
        &f,
        "usage.csv",
        &[
            (CONTOSO, "exchange", "2027-06", 90, 1000),
            (CONTOSO, "teams", "2027-06", 500, 1000),
        ],
    );
    import(&f, &path, &[]);
    // No claim yet: the partner's page lists the claimable workloads and no usage.
    let page = ok(&f, &["partner", "view", "contoso", "--mpn", "1111111"]);
    assert_eq!(page["usage_visible"], false);
    let exchange = page["workloads"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["workload"] == "exchange")
        .cloned()
        .unwrap();
    assert_eq!(exchange["claimable"], true);
    assert_eq!(exchange["usage_percent"], Value::Null);

    ok(
        &f,
        &[
            "claim",
            "add",
            "contoso",
            "--workload",
            "teams",
            "--mpn",
            "1111111",
            "--claim-id",
            "C-77",
        ],
    );
    // Another partner cannot claim it too; the refusal names the first.
    let stderr = assert_refused(
        &f,
        &[
            "claim",
            "add",
            "contoso",
            "--workload",
            "Microsoft Teams",
            "--mpn",
            "2222222",
        ],
        1,
    );
    assert!(
        stderr.contains("1111111") && stderr.contains("C-77"),
        "{stderr}"
    );

    // With its claim, the partner sees usage, its claim number, and the
    // other workloads as claimable.
    let page = ok(&f, &["partner", "view", "contoso", "--mpn", "1111111"]);
    assert_eq!(page["usage_visible"], true);
    let w = page["workloads"].as_array().unwrap();
    assert_eq!(w[0]["workload"], "teams");
    assert_eq!(
        (w[0]["claimed"].clone(), w[0]["claim_id"].clone()),
        (json!(true), json!("C-77"))
    );
    assert_eq!(w[0]["usage_percent"], 50.0);
    let ex = w.iter().find(|x| x["workload"] == "exchange").unwrap();
    assert_eq!(
        (ex["claimable"].clone(), ex["usage_percent"].clone()),
        (json!(true), json!(9.0))
    );
    // The other partner does not see the workload 1111111 claimed, nor usage.
    let other = ok(&f, &["partner", "view", "contoso", "--mpn", "2222222"]);
    assert!(other["workloads"]
        .as_array()
        .unwrap()
        .iter()
        .all(|x| x["workload"] != "teams"));
    assert_eq!(other["usage_visible"], false);

    // Every output format.
    for format in ["table", "csv", "jsonl", "json"] {
        let out = f
            .cmd()
            .args([
                "partner", "view", "contoso", "--mpn", "1111111", "--format", format,
            ])
            .output()
            .unwrap();
        let (stdout, stderr) = texts(&out);
        assert_eq!(out.status.code(), Some(0), "{stderr}");
        assert!(
            stdout.contains("C-77") && stdout.contains("teams"),
            "{format}: {stdout}"
        );
    }
    assert_eq!(
        ok(&f, &["claim", "list", "--mpn", "1111111"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        ok(&f, &["claim", "list", "--tenant", "fabrikam"]),
        json!([])
    );
    ok(&f, &["claim", "remove", "contoso", "--workload", "teams"]);
    assert_refused(
        &f,
        &["claim", "remove", "contoso", "--workload", "teams"],
        1,
    );
    assert_eq!(ok(&f, &["claim", "list"]), json!([]));
}

fn ready_for_referral(f: &Ftc, tenant: &str) {
    ok(
        f,
        &[
            "dibs",
            "record",
            tenant,
            "--workload",
            "exchange",
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
    ok(f, &["tenant", "set", tenant, "--wants-ftc", "yes"]);
}

#[test]
fn usage_thresholds_decide_an_frp_referral_and_say_why() {
    let f = setup();
    ready_for_referral(&f, "contoso");
    // Usage unknown: the rule as before, and it says so.
    let v = ok(&f, &["assign", "contoso", "--explain"]);
    assert_eq!(v["option"], "frp-referral");
    assert!(
        v["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r == "usage not considered: none recorded for the tenant"),
        "{v}"
    );
    // 600 seats, Exchange at 45%, Teams at 50%: no threshold holds: css.
    import(
        &f,
        &feed(
            &f,
            "high.csv",
            &[
                (CONTOSO, "exchange", "2027-06", 450, 1000),
                (CONTOSO, "teams", "2027-06", 500, 1000),
            ],
        ),
        &[],
    );
    let v = ok(&f, &["assign", "contoso", "--explain"]);
    assert_eq!(v["option"], "css");
    let reasons = v["reasons"].to_string();
    assert!(
        reasons.contains("no workload's usage is below the FRP referral thresholds for 600 seats (exchange 45.0%, teams 50.0%)"),
        "{reasons}"
    );
    // Exchange at 9.9%: below 10% at 500 seats or more.
    import(
        &f,
        &feed(&f, "low.csv", &[(CONTOSO, "exchange", "2027-07", 99, 1000)]),
        &[],
    );
    let v = ok(&f, &["assign", "contoso", "--explain"]);
    assert_eq!(v["option"], "frp-referral");
    assert!(
        v["reasons"]
            .to_string()
            .contains("exchange usage 9.9% is below 10% (600 seats)"),
        "{v}"
    );
}

#[test]
fn a_referral_names_its_frp_and_the_partner_sees_it_in_its_referrals() {
    let f = setup();
    ok(&f, &["frp", "add", "4410003", "Sakura Digital"]);
    ready_for_referral(&f, "fabrikam");
    import(
        &f,
        &feed(&f, "u.csv", &[(FABRIKAM, "exchange", "2027-06", 150, 1000)]),
        &[],
    );
    // Not on the FRP list: refused; --frp with another option: refused.
    assert_refused(&f, &["assign", "fabrikam", "--frp", "9999999"], 1);
    assert_refused(
        &f,
        &["assign", "fabrikam", "--option", "css", "--frp", "4410003"],
        1,
    );
    // Applied without an FRP, the referral waits in its queue and says so.
    let a = ok(&f, &["assign", "fabrikam"]);
    assert_eq!(
        (a["option"].clone(), a["frp"].clone()),
        (json!("frp-referral"), Value::Null)
    );
    let warnings = ok(&f, &["tenant", "show", "fabrikam"])["warnings"].to_string();
    assert!(
        warnings.contains("the frp-referral waits in its queue"),
        "{warnings}"
    );
    assert_eq!(ok(&f, &["referrals", "--mpn", "4410003"]), json!([]));
    // Naming the FRP records it.
    let a = ok(&f, &["assign", "fabrikam", "--frp", "4410003"]);
    assert_eq!(a["frp"], "4410003");
    let warnings = ok(&f, &["tenant", "show", "fabrikam"])["warnings"].to_string();
    assert!(!warnings.contains("waits in its queue"), "{warnings}");
    ok(
        &f,
        &[
            "rfa",
            "add",
            "fabrikam",
            "--id",
            "RFA-9",
            "--workloads",
            "exchange",
            "--status",
            "approved",
        ],
    );
    let r = ok(&f, &["referrals", "--mpn", "4410003"]);
    let r = &r.as_array().unwrap()[0];
    assert_eq!(r["domain"], "fabrikam.onmicrosoft.com");
    assert_eq!(r["tenant_id"], FABRIKAM);
    assert_eq!(
        (r["rfa_id"].clone(), r["rfa_workloads"].clone()),
        (json!("RFA-9"), json!(["exchange"]))
    );
    assert_eq!(r["assigned_on"], TODAY);
    assert_eq!(
        (r["au_percent"].clone(), r["au_note"].clone()),
        (json!(15.0), Value::Null)
    );
    // Every format.
    for format in ["table", "csv", "jsonl"] {
        let out = f
            .cmd()
            .args(["referrals", "--mpn", "4410003", "--format", format])
            .output()
            .unwrap();
        let (stdout, stderr) = texts(&out);
        assert_eq!(out.status.code(), Some(0), "{stderr}");
        assert!(
            stdout.contains("fabrikam.onmicrosoft.com"),
            "{format}: {stdout}"
        );
    }
}

#[test]
fn a_referral_without_usage_at_the_time_says_so() {
    let f = setup();
    ok(&f, &["frp", "add", "4410003", "Sakura Digital"]);
    ok(
        &f,
        &[
            "assign",
            "contoso",
            "--option",
            "frp-referral",
            "--frp",
            "4410003",
        ],
    );
    let r = ok(&f, &["referrals", "--mpn", "4410003"]);
    assert_eq!(r[0]["au_percent"], Value::Null);
    assert!(
        r[0]["au_note"].as_str().unwrap().contains("FRP Dashboard"),
        "{r}"
    );
}
