//! `ftc tasks` and `ftc task set` (SPEC 3.4): the checklist of a new
//! tenant, `when-used` tasks that appear once a pause or `task set` gives
//! them a status, statuses in any case or as slugs, and every refusal
//! (exit 1 or 2, nothing written).

use crate::common::{
    assert_prints, assert_refused, history_of, parse_json, run, texts, Ftc, TODAY,
};
use rstest::rstest;
use serde_json::{json, Value};

const TASK_KEYS: [&str; 6] = ["id", "name", "mandatory", "role", "status", "updated_on"];

/// The `always` tasks, in catalog order.
const ALWAYS: [u64; 6] = [2453, 3993, 3994, 3995, 3655, 3730];

const STATUSES: [&str; 13] = [
    "Not Started",
    "Not Required",
    "In Progress",
    "Complete",
    "Paused-Customer Delay",
    "Deferred-Customer Extended Delay",
    "Warning",
    "Blocked-Pending Remediation",
    "Blocked-Technical-Customer",
    "Blocked-Business",
    "Blocked-Other",
    "Blocked-Technical-MS",
    "Cancelled",
];

// ------------------------------------------------------------ helpers

fn ok(f: &Ftc, today: &str, args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.push("--json");
    let out = run(f, today, &all);
    let (stdout, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(0), "{args:?}\n{stderr}");
    parse_json(stdout.as_bytes())
}

fn tasks(f: &Ftc, tenant: &str) -> Value {
    f.json(&["tasks", tenant])
}

fn ids(list: &Value) -> Vec<u64> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_u64().unwrap())
        .collect()
}

fn find(list: &Value, id: u64) -> Value {
    list.as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == id)
        .unwrap_or_else(|| panic!("task {id} not listed in {list}"))
        .clone()
}

/// `task set TENANT ID --status S` plus `extra`, on `today`.
fn set(f: &Ftc, today: &str, tenant: &str, id: &str, status: &str, extra: &[&str]) -> Value {
    let mut a = vec!["task", "set", tenant, id, "--status", status];
    a.extend_from_slice(extra);
    ok(f, today, &a)
}

fn two_tenants() -> Ftc {
    let f = Ftc::new();
    f.add(
        "contoso.onmicrosoft.com",
        "Contoso Ltd",
        &["--region", "americas", "--seats", "5000"],
    );
    f.add(
        "fabrikam.onmicrosoft.com",
        "Fabrikam",
        &["--region", "emea", "--seats", "800"],
    );
    f
}

// ------------------------------------------------------------ the checklist

#[test]
fn a_new_tenant_has_the_always_tasks_not_started() {
    let f = two_tenants();
    let list = tasks(&f, "contoso");
    assert_eq!(ids(&list), ALWAYS);
    let first = &list[0];
    let keys: Vec<&str> = first
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, TASK_KEYS);
    assert_eq!(first["id"], 2453);
    assert_eq!(
        first["name"],
        "(Gateway Only) Completion of Engagement Process"
    );
    assert_eq!(first["mandatory"], true);
    assert_eq!(first["role"], "FastTrack Manager");
    assert_eq!(first["status"], "Not Started");
    assert_eq!(first["updated_on"], Value::Null);
    assert_eq!(
        find(&list, 3655),
        json!({
            "id": 3655, "name": "Account Team 1st Contact", "mandatory": false,
            "role": "Targeting Manager", "status": "Not Started", "updated_on": null
        })
    );

    // No day column while no task has one.
    assert_prints(&f, &["tasks", "contoso"]);
    let csv = f.ok(&["tasks", "contoso", "--format", "csv"]);
    assert_eq!(
        csv.lines().next(),
        Some("id,name,mandatory,role,status,updated_on")
    );
    assert_eq!(csv.lines().count(), 1 + ALWAYS.len());
}

#[rstest]
#[case("customer", 3996, "Customer Requested delay")]
#[case("account-team", 3985, "ATU Requested delay")]
fn a_pause_brings_its_when_used_task_onto_the_checklist(
    #[case] by: &str,
    #[case] id: u64,
    #[case] name: &str,
) {
    let f = two_tenants();
    assert!(!ids(&tasks(&f, "contoso")).contains(&id));
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
            by,
            "--reason",
            "Freeze",
        ],
    );
    let list = tasks(&f, "contoso");
    let mut want = ALWAYS.to_vec();
    // Catalog order: 3985 and 3996 come after 3995 and before 3655.
    want.insert(4, id);
    assert_eq!(ids(&list), want);
    assert_eq!(
        find(&list, id),
        json!({
            "id": id, "name": name, "mandatory": false, "role": "Targeting Manager",
            "status": "Complete", "updated_on": "2027-07-02"
        })
    );
    assert_eq!(
        ids(&tasks(&f, "fabrikam")),
        ALWAYS,
        "the other tenant's checklist"
    );
}

#[test]
fn task_set_sets_a_status_and_brings_a_when_used_task_onto_the_checklist() {
    let f = two_tenants();
    let v = set(&f, "2027-07-05", "contoso", "3663", "complete", &[]);
    assert_eq!(
        v,
        json!({
            "id": 3663, "name": "Send Email Outreach #1", "mandatory": false,
            "role": "Targeting Manager", "status": "Complete", "updated_on": "2027-07-05"
        })
    );
    let list = tasks(&f, "contoso");
    assert_eq!(ids(&list), [2453, 3993, 3994, 3995, 3655, 3730, 3663]);
    assert_eq!(find(&list, 3663), v);
    assert_eq!(
        history_of(&f, "contoso", "task.set"),
        ["task 3663 Send Email Outreach #1: Not Started -> Complete on 2027-07-05"]
    );
    // Even `Not Started` is a status set: the task stays on the checklist.
    let v = set(&f, "2027-07-06", "contoso", "3664", "not-started", &[]);
    assert_eq!(
        (v["status"].as_str(), v["updated_on"].as_str()),
        (Some("Not Started"), Some("2027-07-06"))
    );
    assert!(ids(&tasks(&f, "contoso")).contains(&3664));
    assert_eq!(ids(&tasks(&f, "fabrikam")), ALWAYS);
}

#[test]
fn a_status_set_again_keeps_its_day_unless_on_says_otherwise() {
    let f = two_tenants();
    set(&f, "2027-07-05", "contoso", "3993", "In Progress", &[]);
    // The same status a day later: nothing changes.
    let before = f.freeze();
    let out = run(
        &f,
        "2027-07-06",
        &[
            "task",
            "set",
            "contoso",
            "3993",
            "--status",
            "in-progress",
            "--json",
        ],
    );
    let (stdout, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("nothing changed"), "{stderr}");
    assert_eq!(parse_json(stdout.as_bytes())["updated_on"], "2027-07-05");
    before.assert_unchanged("the same status again");
    // A new status is dated today; --on dates it explicitly.
    let v = set(&f, "2027-07-07", "contoso", "3993", "Blocked-Business", &[]);
    assert_eq!(v["updated_on"], "2027-07-07");
    let v = set(
        &f,
        "2027-07-08",
        "contoso",
        "3993",
        "Blocked-Business",
        &["--on", "2027-07-01"],
    );
    assert_eq!(
        (v["status"].as_str(), v["updated_on"].as_str()),
        (Some("Blocked-Business"), Some("2027-07-01"))
    );
    assert_eq!(
        history_of(&f, "contoso", "task.set"),
        [
            "task 3993 Account Team Provided DIBS: Not Started -> In Progress on 2027-07-05",
            "task 3993 Account Team Provided DIBS: In Progress -> Blocked-Business on 2027-07-07",
            "task 3993 Account Team Provided DIBS: Blocked-Business -> Blocked-Business on 2027-07-01",
        ]
    );
}

#[test]
fn every_status_is_accepted_by_name_in_any_case_and_by_slug() {
    let f = two_tenants();
    for (i, status) in STATUSES.iter().enumerate() {
        let slug = status.to_lowercase().replace([' ', '/'], "-");
        let v = set(
            &f,
            TODAY,
            "contoso",
            "3655",
            &slug,
            &["--on", &format!("2027-06-{:02}", i + 1)],
        );
        assert_eq!(v["status"], *status, "slug {slug}");
        let v = set(
            &f,
            TODAY,
            "contoso",
            "3730",
            &status.to_uppercase(),
            &["--on", &format!("2027-06-{:02}", i + 1)],
        );
        assert_eq!(v["status"], *status, "upper case");
    }
}

// ------------------------------------------------------------ refusals

#[test]
fn an_unknown_status_is_refused_with_the_allowed_values() {
    let f = two_tenants();
    let err = assert_refused(
        &f,
        &["task", "set", "contoso", "3993", "--status", "done"],
        1,
    );
    for s in STATUSES {
        assert!(err.contains(s), "{s} in\n{err}");
    }
}

#[test]
fn a_task_not_in_the_catalog_is_refused_with_the_ids() {
    let f = two_tenants();
    let err = assert_refused(
        &f,
        &["task", "set", "contoso", "1234", "--status", "complete"],
        1,
    );
    for id in ["2453", "3993", "3186", "3708"] {
        assert!(err.contains(id), "{id} in\n{err}");
    }
}

#[rstest]
#[case("3286")]
#[case("3298")]
#[case("3186")]
fn a_task_off_the_tenants_checklist_is_refused(#[case] id: &str) {
    let f = two_tenants();
    assert_refused(
        &f,
        &["task", "set", "contoso", id, "--status", "complete"],
        1,
    );
}

#[test]
fn other_refusals_and_malformed_input() {
    let f = two_tenants();
    assert_refused(
        &f,
        &[
            "task",
            "set",
            "contoso",
            "3993",
            "--status",
            "complete",
            "--on",
            "2027-07-02",
        ],
        1,
    );
    assert_refused(
        &f,
        &["task", "set", "nowhere", "3993", "--status", "complete"],
        1,
    );
    assert_refused(&f, &["tasks", "nowhere"], 1);
    assert_refused(
        &f,
        &["task", "set", "contoso", "abc", "--status", "complete"],
        2,
    );
    assert_refused(
        &f,
        &[
            "task", "set", "contoso", "3993", "--status", "complete", "--on", "1 July",
        ],
        2,
    );
    assert_refused(&f, &["task", "set", "contoso", "3993"], 2);
}

#[test]
fn an_fta_request_brings_the_architect_tasks_onto_the_checklist() {
    let f = two_tenants();
    let ids = |f: &Ftc| -> Vec<u64> {
        tasks(f, "contoso")
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["id"].as_u64().unwrap())
            .collect()
    };
    assert!(!ids(&f).contains(&3286));
    f.ok(&[
        "fta",
        "request",
        "--type",
        "pre-license-engagement",
        "--requester",
        "ann@microsoft.example",
        "--tenant",
        "contoso",
    ]);
    let now = ids(&f);
    for id in [3286, 3288, 3298] {
        assert!(now.contains(&id), "{id} in {now:?}");
    }
    assert!(!tasks(&f, "fabrikam").to_string().contains("3286"));
    f.ok(&["task", "set", "contoso", "3298", "--status", "complete"]);
    let t = tasks(&f, "contoso");
    let done = t
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["id"] == 3298)
        .unwrap();
    assert_eq!(done["status"], "Complete");
}
