//! `ftc status set|show|values` (SPEC 3.4): a workload's seats split over
//! L1 / L2 / L3 values, replaced whole; every refusal leaves the status and
//! the history as they were.

use crate::common::{assert_prints, assert_refused, parse_json, texts, Ftc};
use rstest::rstest;
use serde_json::{json, Value};

const STATUS_KEYS: [&str; 5] = ["workload", "total", "rows", "balanced", "updated_on"];
const ROW_KEYS: [&str; 5] = ["l1", "l2", "l3", "count", "target"];

/// contoso with an Exchange status already set, and fabrikam with none.
fn tenants() -> Ftc {
    let f = Ftc::new();
    f.add(
        "contoso.onmicrosoft.com",
        "Contoso Ltd",
        &["--region", "americas", "--seats", "5000"],
    );
    f.add("fabrikam.onmicrosoft.com", "Fabrikam", &["--seats", "900"]);
    f.json(&[
        "status",
        "set",
        "contoso",
        "--workload",
        "exchange",
        "--total",
        "10",
        "--row",
        "In Progress||=6@2027-08-01",
        "--row",
        "Status Unknown|Customer Unresponsive|=4",
    ]);
    f
}

/// `status set contoso ARGS...`, which must be refused (`assert_refused`).
fn refused_set(f: &Ftc, args: &[&str], code: i32) -> String {
    let mut all = vec!["status", "set", "contoso"];
    all.extend_from_slice(args);
    assert_refused(f, &all, code)
}

fn keys(v: &Value) -> Vec<&str> {
    v.as_object().unwrap().keys().map(String::as_str).collect()
}

#[test]
fn set_prints_the_status_and_show_lists_it() {
    let f = tenants();
    let s = f.json(&[
        "status",
        "set",
        "contoso",
        "--workload",
        "Microsoft 365 Apps",
        "--total",
        "60",
        "--row",
        "Blocked|Adoption Readiness|Privacy=10@2027-09-15",
        "--row",
        "In Progress||=30@2027-08-01",
        "--row",
        "No Intent|Using Competitive Solution|WPS Office=15",
        "--row",
        "Duplicate/Invalid||=5",
    ]);
    assert_eq!(keys(&s), STATUS_KEYS);
    assert_eq!(s["workload"], "m365-apps");
    assert_eq!(s["total"], 60);
    assert_eq!(s["balanced"], true);
    assert_eq!(s["updated_on"], crate::common::TODAY);
    let rows = s["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 4);
    for r in rows {
        assert_eq!(keys(r), ROW_KEYS);
    }
    assert_eq!(rows[0]["l1"], "Blocked");
    assert_eq!(rows[0]["l2"], "Adoption Readiness");
    assert_eq!(rows[0]["l3"], "Privacy");
    assert_eq!(rows[0]["count"], 10);
    assert_eq!(rows[0]["target"], "2027-09-15");
    assert_eq!(
        rows[1],
        json!({"l1": "In Progress", "l2": null, "l3": null, "count": 30, "target": "2027-08-01"})
    );
    assert_eq!(
        rows[2],
        json!({"l1": "No Intent", "l2": "Using Competitive Solution", "l3": "WPS Office",
               "count": 15, "target": null})
    );
    assert_eq!(
        rows[3],
        json!({"l1": "Duplicate/Invalid", "l2": null, "l3": null, "count": 5, "target": null})
    );

    // show: every workload, in the workloads' reference order.
    let all = f.json(&["status", "show", "contoso"]);
    let list = all.as_array().unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0]["workload"], "exchange");
    assert_eq!(list[0]["total"], 10);
    assert_eq!(
        list[0]["rows"],
        json!([
            {"l1": "In Progress", "l2": null, "l3": null, "count": 6, "target": "2027-08-01"},
            {"l1": "Status Unknown", "l2": "Customer Unresponsive", "l3": null, "count": 4, "target": null}
        ])
    );
    assert_eq!(list[0]["balanced"], true);
    assert_eq!(list[1], s);
    assert_eq!(
        f.json(&["status", "show", "contoso", "--workload", "opp"]),
        json!([s])
    );
    assert_eq!(
        f.json(&["status", "show", "contoso", "--workload", "teams"]),
        json!([])
    );
    assert_eq!(f.json(&["status", "show", "fabrikam"]), json!([]));

    let h = f.history("contoso");
    assert_eq!(h[0]["action"], "status.set");
    assert_eq!(
        h[0]["description"],
        "m365-apps: total 60: Blocked / Adoption Readiness / Privacy 10 by 2027-09-15; \
         In Progress 30 by 2027-08-01; No Intent / Using Competitive Solution / WPS Office 15; \
         Duplicate/Invalid 5"
    );
    assert_eq!(h[0]["actor"], crate::common::USER);
}

#[test]
fn slugs_and_display_names_in_any_case_are_accepted() {
    let f = tenants();
    let s = f.json(&[
        "status",
        "set",
        "contoso",
        "--workload",
        "MICROSOFT TEAMS",
        "--total",
        "9",
        "--row",
        "blocked|billing-licensing-and-subscription|no-free-trial=2@2027-09-01",
        "--row",
        "BLOCKED|it change management and resourcing|Product Portfolio Overlap=3@2027-10-01",
        "--row",
        "status-unknown|new-subscription-or-workload=4",
    ]);
    assert_eq!(s["workload"], "teams");
    let rows = &s["rows"];
    assert_eq!(rows[0]["l2"], "Billing, Licensing and Subscription");
    assert_eq!(rows[0]["l3"], "No free trial");
    assert_eq!(rows[1]["l1"], "Blocked");
    assert_eq!(rows[1]["l2"], "IT Change Management and Resourcing");
    assert_eq!(rows[1]["l3"], "Product portfolio overlap");
    assert_eq!(rows[2]["l1"], "Status Unknown");
    assert_eq!(rows[2]["l2"], "New Subscription or Workload");
    assert_eq!(rows[2]["l3"], Value::Null);
}

#[test]
fn a_set_replaces_the_whole_split_of_its_workload_only() {
    let f = tenants();
    f.json(&[
        "status",
        "set",
        "contoso",
        "--workload",
        "teams",
        "--total",
        "3",
        "--row",
        "Duplicate/Invalid||=3",
    ]);
    let teams = f.json(&["status", "show", "contoso", "--workload", "teams"]);
    let s = f.json(&[
        "status",
        "set",
        "contoso",
        "--workload",
        "exo",
        "--total",
        "12",
        "--row",
        "Blocked|Legal/Regulatory|Legal=12@2027-12-01",
    ]);
    assert_eq!(
        s["rows"],
        json!([{"l1": "Blocked", "l2": "Legal/Regulatory", "l3": "Legal", "count": 12,
                "target": "2027-12-01"}])
    );
    let all = f.json(&["status", "show", "contoso"]);
    assert_eq!(
        all,
        json!([s, teams[0]]),
        "teams untouched, exchange replaced"
    );
    let h = f.history("contoso");
    assert_eq!(
        h[0]["description"],
        "exchange: total 12: Blocked / Legal/Regulatory / Legal 12 by 2027-12-01 \
         (was total 10: In Progress 6 by 2027-08-01; Status Unknown / Customer Unresponsive 4)"
    );

    // The same split again changes and records nothing.
    let before = f.freeze();
    let out = f
        .cmd()
        .args([
            "status",
            "set",
            "contoso",
            "--workload",
            "exchange",
            "--total",
            "12",
            "--row",
            "blocked|legal-regulatory|legal=12@2027-12-01",
        ])
        .output()
        .unwrap();
    let (stdout, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("nothing changed"), "{stderr}");
    assert!(stdout.contains("Legal/Regulatory / Legal"), "{stdout}");
    before.assert_unchanged("the same split again");
}

#[rstest]
#[case::unknown_l1(&["--workload", "exchange", "--total", "10", "--row", "Pending=10"])]
#[case::unknown_l2(&["--workload", "exchange", "--total", "10", "--row", "Blocked|Legal=10@2027-09-01"])]
#[case::unknown_l3(&["--workload", "exchange", "--total", "10", "--row", "No Intent|Using Competitive Solution|Lotus=10"])]
#[case::l2_not_allowed(&["--workload", "exchange", "--total", "10", "--row", "Blocked|Customer Unresponsive|=10@2027-09-01"])]
#[case::l2_missing(&["--workload", "exchange", "--total", "10", "--row", "No Intent||=10"])]
#[case::l2_forbidden(&["--workload", "exchange", "--total", "10", "--row", "In Progress|Adoption Readiness|=10@2027-08-01"])]
#[case::privacy_not_for_exchange(&["--workload", "exchange", "--total", "10", "--row", "Blocked|Adoption Readiness|Privacy=10@2027-09-01"])]
#[case::l3_missing(&["--workload", "m365-apps", "--total", "10", "--row", "Blocked|Adoption Readiness|=10@2027-09-01"])]
#[case::l3_forbidden(&["--workload", "exchange", "--total", "10", "--row", "Status Unknown|Customer Unresponsive|Other=10"])]
#[case::target_missing(&["--workload", "exchange", "--total", "10", "--row", "Blocked|Adoption Readiness|Other=10"])]
#[case::target_forbidden(&["--workload", "exchange", "--total", "10", "--row", "No Intent|Executive Sponsorship|Other=10@2027-09-01"])]
#[case::counts_short(&["--workload", "exchange", "--total", "10", "--row", "In Progress||=4@2027-08-01", "--row", "Duplicate/Invalid||=5"])]
#[case::counts_over(&["--workload", "exchange", "--total", "8", "--row", "Duplicate/Invalid||=9"])]
#[case::repeated_row(&["--workload", "exchange", "--total", "10", "--row", "Duplicate/Invalid||=5", "--row", "duplicate-invalid=5"])]
#[case::unknown_workload(&["--workload", "exchang", "--total", "10", "--row", "Duplicate/Invalid||=10"])]
fn refusals_exit_1_and_change_nothing(#[case] args: &[&str]) {
    let f = tenants();
    refused_set(&f, args, 1);
}

#[test]
fn an_unknown_tenant_is_refused() {
    let f = tenants();
    assert_refused(
        &f,
        &[
            "status",
            "set",
            "northwind",
            "--workload",
            "exchange",
            "--total",
            "1",
            "--row",
            "Duplicate/Invalid||=1",
        ],
        1,
    );
}

#[rstest]
#[case::no_count(&["--total", "10", "--row", "In Progress||10@2027-08-01"])]
#[case::bad_count(&["--total", "10", "--row", "In Progress||=ten@2027-08-01"])]
#[case::negative_count(&["--total", "10", "--row", "Duplicate/Invalid||=-1"])]
#[case::bad_date(&["--total", "10", "--row", "In Progress||=10@2027-02-30"])]
#[case::date_form(&["--total", "10", "--row", "In Progress||=10@1/8/2027"])]
#[case::no_l1(&["--total", "10", "--row", "|Customer Unresponsive|=10"])]
// A malformed row is found before a value the taxonomy refuses.
#[case::malformed_before_refused(&["--total", "10", "--row", "Pending=10", "--row", "x"])]
#[case::bad_total(&["--total", "ten", "--row", "Duplicate/Invalid||=10"])]
fn malformed_input_exits_2_and_changes_nothing(#[case] args: &[&str]) {
    let f = tenants();
    let mut all = vec!["--workload", "exchange"];
    all.extend_from_slice(args);
    refused_set(&f, &all, 2);
}

#[test]
fn a_row_is_required() {
    let f = tenants();
    refused_set(&f, &["--workload", "exchange", "--total", "0"], 2);
}

#[test]
fn config_l3_values_are_accepted() {
    let f = Ftc::with_config(
        "[reference]\ntaxonomy = [{ l1 = \"Blocked\", l2 = \"adoption-readiness\", \
         l3 = \"Union Consultation\", workload = \"*\" }]\n",
    );
    f.add("contoso.onmicrosoft.com", "Contoso Ltd", &[]);
    let s = f.json(&[
        "status",
        "set",
        "contoso",
        "--workload",
        "sharepoint",
        "--total",
        "5",
        "--row",
        "Blocked|Adoption Readiness|union consultation=5@2027-09-01",
    ]);
    assert_eq!(s["rows"][0]["l3"], "Union Consultation");
    let values = f.json(&[
        "status",
        "values",
        "--workload",
        "spo",
        "--l2",
        "adoption-readiness",
    ]);
    assert_eq!(
        values,
        json!([
            {"l1": "Blocked", "l2": "Adoption Readiness", "l3": "Other", "workload": "*", "target_date": "required"},
            {"l1": "Blocked", "l2": "Adoption Readiness", "l3": "Union Consultation", "workload": "*", "target_date": "required"}
        ])
    );

    // Without the config the same row is refused.
    let g = Ftc::new();
    g.add("contoso.onmicrosoft.com", "Contoso Ltd", &[]);
    let out = g
        .cmd()
        .args([
            "status",
            "set",
            "contoso",
            "--workload",
            "sharepoint",
            "--total",
            "5",
            "--row",
            "Blocked|Adoption Readiness|Union Consultation=5@2027-09-01",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(texts(&out)
        .1
        .contains("'Union Consultation' is not an L3 value"));
}

#[test]
fn values_lists_what_a_row_may_take() {
    let f = Ftc::new();
    let v = f.json(&[
        "status",
        "values",
        "--workload",
        "exchange",
        "--l2",
        "Legal/Regulatory",
    ]);
    assert_eq!(
        v,
        json!([
            {"l1": "Blocked", "l2": "Legal/Regulatory", "l3": "Legal", "workload": "*", "target_date": "required"},
            {"l1": "Blocked", "l2": "Legal/Regulatory", "l3": "Other", "workload": "*", "target_date": "required"}
        ]),
        "Other is always among the L3 values"
    );
    let m365 = f.json(&[
        "status",
        "values",
        "--workload",
        "m365-apps",
        "--l1",
        "blocked",
    ]);
    let privacy = |list: &Value| {
        list.as_array()
            .unwrap()
            .iter()
            .any(|r| r["l3"] == "Privacy")
    };
    assert!(privacy(&m365));
    assert!(!privacy(&f.json(&[
        "status",
        "values",
        "--workload",
        "exchange"
    ])));
    let l1s = f.json(&["status", "values", "--l1", "in-progress"]);
    assert_eq!(
        l1s,
        json!([{"l1": "In Progress", "l2": null, "l3": null, "workload": "*", "target_date": "required"}])
    );
    let out = f
        .cmd()
        .args(["status", "values", "--l1", "Pending"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn piped_tables_and_csv_have_a_line_per_row() {
    let f = tenants();
    f.ok(&[
        "status",
        "set",
        "contoso",
        "--workload",
        "defender-cloud-apps",
        "--total",
        "7",
        "--row",
        "Blocked|Customer IT Infrastructure and Remediation|Desktop / Devices=3@2027-09-01",
        "--row",
        "No Intent|Using Microsoft On-Premises Solution|Commitment to On-Premises Investment or Third Party Hosting=4",
    ]);
    f.ok(&[
        "status",
        "set",
        "contoso",
        "--workload",
        "entra-id",
        "--total",
        "2",
        "--row",
        "Blocked|Product Feature/Capability|Licensing: Customers require an \"opt-in experience\" for Azure AD Premium licenses for Azure AD Premium scenarios=2@2027-09-01",
    ]);
    // Piped, a row is one line (tables fit a terminal's width only on a
    // terminal: tests/tables.rs).
    let table = assert_prints(&f, &["status", "show", "contoso"]);
    assert!(
        table
            .lines()
            .any(|l| l.starts_with("entra-id") && l.contains("opt-in experience")),
        "{table}"
    );

    let csv = f.ok(&["status", "show", "contoso", "--format", "csv"]);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "workload,total,l1,l2,l3,count,target,balanced,updated_on"
    );
    assert_eq!(lines.len(), 1 + 2 + 2 + 1, "{csv}");
    assert_eq!(
        lines[1],
        "exchange,10,In Progress,,,6,2027-08-01,true,2027-07-01"
    );

    let jsonl = f.ok(&["status", "show", "contoso", "--format", "jsonl"]);
    assert_eq!(jsonl.lines().count(), 3);
    let first = parse_json(jsonl.lines().next().unwrap().as_bytes());
    assert_eq!(first["workload"], "exchange");
}

#[test]
fn a_past_target_date_is_kept_with_a_warning() {
    let f = tenants();
    let out = f
        .cmd()
        .args([
            "status",
            "set",
            "contoso",
            "--workload",
            "exchange",
            "--total",
            "10",
            "--row",
            "In Progress||=10@2027-06-30",
        ])
        .output()
        .unwrap();
    let (_, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("warning: In Progress: the target date 2027-06-30 has passed"),
        "{stderr}"
    );
}
