//! `ftc dibs record|show|reasons` (SPEC 1 and 3.4) as stories: a record
//! printed and listed field by field, partial updates merged with what is
//! stored, business reasons matched in any case, every refusal (exit 1,
//! nothing written), the PDM rule, and the checklist task that only the
//! tenant's first full DIBS completes.

use crate::common::{
    assert_prints, assert_refused, history_of, parse_json, run, texts, Ftc, TODAY,
};
use rstest::rstest;
use serde_json::{json, Value};

const ANN: &str = "ann@microsoft.example"; // account manager
const PETE: &str = "pete@microsoft.example"; // PDM
const CARL: &str = "carl@contoso.example"; // customer
const PAT: &str = "pat@partner.example"; // partner
const FIONA: &str = "fiona@fabrikam.example"; // customer of the other tenant

const DIBS_KEYS: [&str; 8] = [
    "workload", "go_live", "intent", "reason", "owner", "start", "source", "complete",
];

// ------------------------------------------------------------ helpers

/// `dibs record TENANT` plus `args`, with --json, on `today`; must succeed.
fn record_on(f: &Ftc, today: &str, tenant: &str, args: &[&str]) -> Value {
    let mut all = vec!["dibs", "record", tenant];
    all.extend_from_slice(args);
    all.push("--json");
    let out = run(f, today, &all);
    let (stdout, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(0), "{all:?}\n{stderr}");
    parse_json(stdout.as_bytes())
}

fn record(f: &Ftc, tenant: &str, args: &[&str]) -> Value {
    record_on(f, TODAY, tenant, args)
}

fn dibs(f: &Ftc, tenant: &str) -> Value {
    f.json(&["dibs", "show", tenant])
}

/// The status and day of one task on the tenant's checklist.
fn task(f: &Ftc, tenant: &str, id: u64) -> (Value, Value) {
    let list = f.json(&["tasks", tenant]);
    let t = list
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == id)
        .unwrap_or_else(|| panic!("task {id} not listed"));
    (t["status"].clone(), t["updated_on"].clone())
}

fn contact(f: &Ftc, tenant: &str, kind: &str, email: &str, extra: &[&str]) {
    let mut args = vec![
        "contact", "add", tenant, "--kind", kind, "--name", "Someone", "--email", email,
    ];
    args.extend_from_slice(extra);
    f.json(&args);
}

/// Two tenants; contoso has an account manager, a PDM, a customer and a
/// partner contact; fabrikam a customer contact.
fn contoso() -> Ftc {
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
    contact(
        &f,
        "contoso",
        "microsoft",
        ANN,
        &["--role", "account-manager"],
    );
    contact(&f, "contoso", "microsoft", PETE, &["--role", "pdm"]);
    let customer = [
        "--country",
        "United States",
        "--survey-language",
        "English",
        "--services",
        "exchange",
    ];
    contact(&f, "contoso", "customer", CARL, &customer);
    contact(&f, "contoso", "partner", PAT, &["--services", "teams"]);
    contact(&f, "fabrikam", "customer", FIONA, &customer);
    f
}

const FULL: [&str; 8] = [
    "--go-live",
    "2027-09-30",
    "--intent",
    "yes",
    "--reason",
    "Increase Security",
    "--owner",
    "Ann Lee",
];

/// `--workload W --source S` followed by `rest`.
fn args<'a>(workload: &'a str, source: &'a str, rest: &[&'a str]) -> Vec<&'a str> {
    let mut v = vec!["--workload", workload, "--source", source];
    v.extend_from_slice(rest);
    v
}

// ------------------------------------------------------------ record and show

#[test]
fn a_record_prints_the_resulting_record_and_show_lists_it() {
    let f = contoso();
    assert_eq!(dibs(&f, "contoso"), json!([]));
    let mut a = args("Exchange Online", "customer", &FULL);
    a.extend(["--start", "2027-08-16", "--contact", "CARL@contoso.example"]);
    let out = run(
        &f,
        TODAY,
        &[&["dibs", "record", "contoso"][..], &a, &["--json"]].concat(),
    );
    let (stdout, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("contoso.onmicrosoft.com: exchange DIBS from the customer"),
        "{stderr}"
    );
    let v = parse_json(stdout.as_bytes());
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, DIBS_KEYS);
    assert_eq!(v["workload"], "exchange");
    assert_eq!(v["go_live"], "2027-09-30");
    assert_eq!(v["intent"], "yes");
    assert_eq!(v["reason"], "Increase Security");
    assert_eq!(v["owner"], "Ann Lee");
    assert_eq!(v["start"], "2027-08-16");
    assert_eq!(v["source"], "customer");
    assert_eq!(v["complete"], true);
    assert_eq!(dibs(&f, "contoso"), json!([v]));
    assert_eq!(dibs(&f, "fabrikam"), json!([]));
    assert_eq!(
        history_of(&f, "contoso", "dibs.record"),
        [format!(
            "exchange DIBS from the customer ({CARL}): go-live 2027-09-30, intent yes, \
             reason Increase Security, owner Ann Lee, start 2027-08-16; full DIBS"
        )]
    );
}

#[test]
fn fields_given_overwrite_and_the_others_are_kept() {
    let f = contoso();
    let v = record(
        &f,
        "contoso",
        &args("teams", "Account-Team", &["--intent", "Undecided"]),
    );
    assert_eq!(
        v,
        json!({
            "workload": "teams", "go_live": null, "intent": "undecided", "reason": null,
            "owner": null, "start": null, "source": "account-team", "complete": false
        })
    );
    let v = record(
        &f,
        "contoso",
        &args(
            "teams",
            "partner",
            &["--go-live", "2027-10-01", "--owner", "Bo Chen"],
        ),
    );
    assert_eq!(v["intent"], "undecided", "kept");
    assert_eq!(v["go_live"], "2027-10-01");
    assert_eq!(v["owner"], "Bo Chen");
    assert_eq!(v["source"], "partner", "the last party that gave DIBS");
    assert_eq!(v["complete"], false);
    let v = record(
        &f,
        "contoso",
        &args(
            "Microsoft Teams",
            "partner",
            &["--intent", "yes", "--reason", "work from anywhere"],
        ),
    );
    assert_eq!(
        v,
        json!({
            "workload": "teams", "go_live": "2027-10-01", "intent": "yes",
            "reason": "Work from Anywhere", "owner": "Bo Chen", "start": null,
            "source": "partner", "complete": true
        })
    );
    // Another workload is a record of its own; show lists them in the
    // order of the workloads (exchange before teams).
    record(&f, "contoso", &args("exo", "customer", &["--intent", "no"]));
    let all = dibs(&f, "contoso");
    let workloads: Vec<&str> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["workload"].as_str().unwrap())
        .collect();
    assert_eq!(workloads, ["exchange", "teams"]);
    assert_eq!(all[0]["complete"], false, "intent no is never full");
    assert_eq!(all[1], v);
    assert_eq!(
        history_of(&f, "contoso", "dibs.record"),
        [
            "teams DIBS from the account team: intent undecided",
            "teams DIBS from the partner: go-live 2027-10-01, owner Bo Chen, source account-team -> partner",
            "teams DIBS from the partner: intent undecided -> yes, reason Work from Anywhere; full DIBS",
            "exchange DIBS from the customer: intent no",
        ]
    );
}

#[rstest]
#[case("increase security", "Increase Security")]
#[case(
    "HIGH AVAILABILITY/IMPROVED UPTIME",
    "High Availability/Improved Uptime"
)]
#[case(
    "high-availability-improved-uptime",
    "High Availability/Improved Uptime"
)]
#[case("  get insights from data ", "Get Insights From Data")]
fn reasons_are_matched_in_any_case_and_stored_as_listed(#[case] input: &str, #[case] stored: &str) {
    let f = contoso();
    let v = record(
        &f,
        "contoso",
        &args("exchange", "customer", &["--reason", input]),
    );
    assert_eq!(v["reason"], stored);
    assert_eq!(dibs(&f, "contoso")[0]["reason"], stored);
}

#[test]
fn recording_the_same_values_again_changes_nothing() {
    let f = contoso();
    let first = record(&f, "contoso", &args("exchange", "customer", &FULL));
    let before = f.freeze();
    let out = run(
        &f,
        "2027-07-02",
        &[
            &["dibs", "record", "contoso"][..],
            &args("exchange", "customer", &FULL),
            &["--json"],
        ]
        .concat(),
    );
    let (stdout, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("unchanged; nothing recorded"), "{stderr}");
    assert_eq!(parse_json(stdout.as_bytes()), first);
    before.assert_unchanged("recording the same values again");
}

#[test]
fn the_table_and_the_reasons() {
    let f = contoso();
    record(&f, "contoso", &args("exchange", "customer", &FULL));
    // The start column is left out while empty.
    assert_prints(&f, &["dibs", "show", "contoso"]);
    assert_eq!(f.ok(&["dibs", "show", "fabrikam"]), "(none)\n");

    let reasons = f.json(&["dibs", "reasons"]);
    let reasons = reasons.as_array().unwrap();
    assert_eq!(reasons.len(), 14);
    assert_eq!(
        reasons[0],
        json!({"reason": "End of Life of Existing IT", "slug": "end-of-life-of-existing-it"})
    );
}

#[test]
fn a_reason_the_config_adds_is_accepted() {
    let f = Ftc::with_config("[reference]\nbusiness_reasons = [\"Reduce Carbon Footprint\"]\n");
    f.add("contoso.onmicrosoft.com", "Contoso", &["--seats", "500"]);
    let v = record(
        &f,
        "contoso",
        &args(
            "exchange",
            "customer",
            &["--reason", "reduce carbon footprint"],
        ),
    );
    assert_eq!(v["reason"], "Reduce Carbon Footprint");
    assert_eq!(f.json(&["dibs", "reasons"]).as_array().unwrap().len(), 15);
}

// ------------------------------------------------------------ refusals

#[rstest]
#[case("Increase Securty", "Increase Security")]
#[case("security", "Increase Security")]
#[case("greater savings", "Greater Savings over Previous Solution")]
fn an_unknown_reason_is_refused_with_the_closest(#[case] input: &str, #[case] closest: &str) {
    let f = contoso();
    let a = [
        &["dibs", "record", "contoso"][..],
        &args(
            "exchange",
            "customer",
            &["--intent", "yes", "--reason", input],
        ),
    ]
    .concat();
    let err = assert_refused(&f, &a, 1);
    let hint = err.lines().find(|l| l.starts_with("hint:")).unwrap();
    assert!(hint.contains(closest), "{hint}");
}

#[test]
fn a_start_after_the_go_live_is_refused_after_merging_with_the_stored_record() {
    let f = contoso();
    let rec = |rest: &[&'static str]| -> Vec<&'static str> {
        [
            &["dibs", "record", "contoso"][..],
            &args("exchange", "customer", rest),
        ]
        .concat()
    };
    // In one update.
    assert_refused(
        &f,
        &rec(&["--go-live", "2027-09-01", "--start", "2027-09-02"]),
        1,
    );
    // The same day is fine.
    record(
        &f,
        "contoso",
        &args(
            "exchange",
            "customer",
            &["--go-live", "2027-09-01", "--start", "2027-09-01"],
        ),
    );
    // A later start against the stored go-live.
    assert_refused(&f, &rec(&["--start", "2027-09-15"]), 1);
    // An earlier go-live against the stored start.
    assert_refused(&f, &rec(&["--go-live", "2027-08-31"]), 1);
    // Both moved together is fine.
    let v = record(
        &f,
        "contoso",
        &args(
            "exchange",
            "customer",
            &["--go-live", "2027-08-31", "--start", "2027-08-02"],
        ),
    );
    assert_eq!(
        (v["go_live"].as_str(), v["start"].as_str()),
        (Some("2027-08-31"), Some("2027-08-02"))
    );
}

#[test]
fn an_unknown_workload_or_tenant_is_refused() {
    let f = contoso();
    let err = assert_refused(
        &f,
        &[
            "dibs",
            "record",
            "contoso",
            "--workload",
            "exchang",
            "--source",
            "customer",
            "--intent",
            "yes",
        ],
        1,
    );
    assert!(err.contains("hint:"), "{err}");
    assert_refused(
        &f,
        &[
            "dibs",
            "record",
            "nowhere",
            "--workload",
            "exchange",
            "--source",
            "customer",
            "--intent",
            "yes",
        ],
        1,
    );
    assert_refused(&f, &["dibs", "show", "nowhere"], 1);
}

#[test]
fn a_contact_must_be_one_of_the_tenants() {
    let f = contoso();
    for email in [FIONA, "nobody@contoso.example"] {
        assert_refused(
            &f,
            &[
                &["dibs", "record", "contoso"][..],
                &args(
                    "exchange",
                    "customer",
                    &["--intent", "yes", "--contact", email],
                ),
            ]
            .concat(),
            1,
        );
    }
}

#[test]
fn a_pdm_cannot_provide_dibs() {
    let f = contoso();
    assert_refused(
        &f,
        &[
            &["dibs", "record", "contoso"][..],
            &args("exchange", "account-team", &FULL),
            &["--contact", PETE],
        ]
        .concat(),
        1,
    );
    // Nothing was recorded, so the account manager's DIBS is the first full one.
    let out = run(
        &f,
        TODAY,
        &[
            &["dibs", "record", "contoso"][..],
            &args("exchange", "account-team", &FULL),
            &["--contact", ANN, "--json"],
        ]
        .concat(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", texts(&out).1);
    assert_eq!(parse_json(&out.stdout)["complete"], true);
    assert_eq!(task(&f, "contoso", 3993), (json!("Complete"), json!(TODAY)));
    assert!(history_of(&f, "contoso", "dibs.record")[0].contains(ANN));
}

#[test]
fn a_contact_of_another_kind_than_the_source_is_recorded_with_a_note() {
    let f = contoso();
    let out = run(
        &f,
        TODAY,
        &[
            &["dibs", "record", "contoso"][..],
            &args(
                "exchange",
                "partner",
                &["--intent", "yes", "--contact", CARL],
            ),
        ]
        .concat(),
    );
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("is a customer contact; the DIBS is recorded as from the partner"),
        "{stderr}"
    );
    assert_eq!(dibs(&f, "contoso")[0]["source"], "partner");
}

#[rstest]
#[case(&["--go-live", "2027-02-30"])]
#[case(&["--start", "next week"])]
#[case(&["--intent", "maybe"])]
#[case(&["--owner", "  "])]
#[case(&["--reason", ""])]
#[case(&["--intent", "yes", "--contact", "not-an-email"])]
#[case(&[])]
fn malformed_input_exits_2(#[case] rest: &[&str]) {
    let f = contoso();
    let a = [
        &["dibs", "record", "contoso"][..],
        &args("exchange", "customer", rest),
    ]
    .concat();
    assert_refused(&f, &a, 2);
    assert_refused(
        &f,
        &[
            "dibs",
            "record",
            "contoso",
            "--workload",
            "exchange",
            "--source",
            "fm",
            "--intent",
            "yes",
        ],
        2,
    );
    assert_refused(
        &f,
        &[
            "dibs", "record", "contoso", "--source", "customer", "--intent", "yes",
        ],
        2,
    );
}

// ------------------------------------------------------------ the checklist tasks

#[rstest]
#[case("account-team", 3993)]
#[case("partner", 3994)]
#[case("customer", 3995)]
fn the_first_full_dibs_completes_the_task_of_its_source(#[case] source: &str, #[case] id: u64) {
    let f = contoso();
    for t in [3993, 3994, 3995] {
        assert_eq!(task(&f, "contoso", t), (json!("Not Started"), Value::Null));
    }
    record_on(
        &f,
        "2027-07-05",
        "contoso",
        &args("exchange", source, &FULL),
    );
    for t in [3993, 3994, 3995] {
        let want = if t == id {
            (json!("Complete"), json!("2027-07-05"))
        } else {
            (json!("Not Started"), Value::Null)
        };
        assert_eq!(task(&f, "contoso", t), want, "task {t}");
    }
    let name = match id {
        3993 => "Account Team Provided DIBS",
        3994 => "Partner Provided DIBS",
        _ => "Customer Provided DIBS",
    };
    assert_eq!(
        history_of(&f, "contoso", "task.set"),
        [format!(
            "task {id} {name}: Not Started -> Complete (the tenant's first full DIBS)"
        )]
    );
    // The other tenant's checklist is untouched.
    assert_eq!(
        task(&f, "fabrikam", id),
        (json!("Not Started"), Value::Null)
    );
}

#[test]
fn only_the_first_full_dibs_completes_a_task() {
    let f = contoso();
    // Partial DIBS, and full DIBS with intent no, complete nothing.
    record(
        &f,
        "contoso",
        &args(
            "exchange",
            "customer",
            &["--go-live", "2027-09-30", "--intent", "yes"],
        ),
    );
    record(
        &f,
        "contoso",
        &args(
            "teams",
            "account-team",
            &[
                "--go-live",
                "2027-09-30",
                "--intent",
                "no",
                "--reason",
                "Work from Anywhere",
                "--owner",
                "Ann Lee",
            ],
        ),
    );
    assert!(history_of(&f, "contoso", "task.set").is_empty());
    assert_eq!(task(&f, "contoso", 3995).0, "Not Started");
    // The customer's exchange record becomes full on 6 July: the first.
    record_on(
        &f,
        "2027-07-06",
        "contoso",
        &args(
            "exchange",
            "customer",
            &["--reason", "increase security", "--owner", "Carl"],
        ),
    );
    assert_eq!(
        task(&f, "contoso", 3995),
        (json!("Complete"), json!("2027-07-06"))
    );
    // A second full DIBS, from the partner, is not the first: 3994 stays.
    let v = record_on(
        &f,
        "2027-07-07",
        "contoso",
        &args("sharepoint", "partner", &FULL),
    );
    assert_eq!(v["complete"], true);
    assert_eq!(
        task(&f, "contoso", 3994),
        (json!("Not Started"), Value::Null)
    );
    // Nor is turning the account team's record to yes.
    record_on(
        &f,
        "2027-07-08",
        "contoso",
        &args("teams", "account-team", &["--intent", "yes"]),
    );
    assert_eq!(
        task(&f, "contoso", 3993),
        (json!("Not Started"), Value::Null)
    );
    // Updating the first full record again changes nothing on the checklist.
    record_on(
        &f,
        "2027-07-09",
        "contoso",
        &args("exchange", "customer", &["--owner", "Dora"]),
    );
    assert_eq!(
        task(&f, "contoso", 3995),
        (json!("Complete"), json!("2027-07-06"))
    );
    assert_eq!(history_of(&f, "contoso", "task.set").len(), 1);
}

#[test]
fn a_task_completed_by_hand_already_is_left_alone() {
    let f = contoso();
    f.json(&[
        "task",
        "set",
        "contoso",
        "3995",
        "--status",
        "complete",
        "--on",
        "2027-06-20",
    ]);
    record(&f, "contoso", &args("exchange", "customer", &FULL));
    assert_eq!(
        task(&f, "contoso", 3995),
        (json!("Complete"), json!("2027-06-20"))
    );
    assert_eq!(
        history_of(&f, "contoso", "task.set").len(),
        1,
        "only the hand-set one"
    );
}
