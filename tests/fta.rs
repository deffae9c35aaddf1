//! `ftc fta request|assign|close|list` and `ftc architect add|list` (SPEC
//! 3.5, rule 4.4) as stories: completeness and routing, due dates on each
//! region's business days, the balancer's choices (capacity, region, ties),
//! hand-picked assignments, `--all`, every refusal (exit 1, or 2 for bad
//! input, nothing written), and the agenda's `fta` items.

use crate::common::{assert_prints, assert_refused, parse_json, texts, Ftc};
use serde_json::Value;
use std::process::Output;

/// An EMEA holiday on Monday 5 July 2027 (today is Thursday 1 July).
const EMEA_HOLIDAY: &str = "[calendar.holidays]\nemea = [\"2027-07-05\"]\n";

const FUNDING: [&str; 6] = [
    "--attach",
    "sow",
    "--attach",
    "staffing-plan",
    "--attach",
    "cost-breakdown",
];

const REQUEST_KEYS: [&str; 17] = [
    "id",
    "type",
    "route",
    "received_on",
    "due_on",
    "requester",
    "tenant",
    "region",
    "attachments",
    "mailboxes",
    "source_env",
    "justification",
    "details",
    "architect",
    "assigned_on",
    "late",
    "closed_on",
];

fn run(f: &Ftc, args: &[&str]) -> Output {
    f.cmd().args(args).output().expect("run ftc")
}

fn keys(v: &Value) -> Vec<&str> {
    v.as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect()
}

/// `fta request --type T --requester EMAIL` plus `extra`, which must succeed.
fn request(f: &Ftc, kind: &str, extra: &[&str]) -> Value {
    let mut args = vec![
        "fta",
        "request",
        "--type",
        kind,
        "--requester",
        "sam@microsoft.example",
    ];
    args.extend_from_slice(extra);
    f.json(&args)
}

/// A funding request for `region` received on `received`; returns its id.
fn funding(f: &Ftc, region: &str, received: &str) -> i64 {
    let mut extra = vec!["--region", region, "--received", received];
    extra.extend_from_slice(&FUNDING);
    request(f, "ecif-dwr", &extra)["id"].as_i64().unwrap()
}

fn architect(f: &Ftc, name: &str, capacity: &str, regions: &[&str]) -> Value {
    let mut args = vec!["architect", "add", name, "--capacity", capacity];
    for r in regions {
        args.push("--region");
        args.push(r);
    }
    f.json(&args)
}

fn assign(f: &Ftc, id: i64, extra: &[&str]) -> Value {
    let id = id.to_string();
    let mut args = vec!["fta", "assign", id.as_str()];
    args.extend_from_slice(extra);
    f.json(&args)
}

/// name -> (open, total) from `architect list`.
fn load(f: &Ftc) -> Vec<(String, u64, u64)> {
    f.json(&["architect", "list"])
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["name"].as_str().unwrap().to_string(),
                a["open"].as_u64().unwrap(),
                a["total"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn contoso(config: &str) -> Ftc {
    let f = Ftc::with_config(config);
    f.add(
        "contoso.onmicrosoft.com",
        "Contoso",
        &["--seats", "5000", "--region", "emea", "--fm", "fiona"],
    );
    f
}

// ------------------------------------------------------------ requests

#[test]
fn a_complete_request_is_routed_and_due_two_business_days_later() {
    let f = contoso("");
    let r = request(
        &f,
        "ecif-dwr",
        &[&["--tenant", "contoso"][..], &FUNDING].concat(),
    );
    assert_eq!(keys(&r), REQUEST_KEYS);
    assert_eq!(r["id"], 1);
    assert_eq!(r["type"], "ecif-dwr");
    assert_eq!(r["route"], "fta");
    // Received today, Thursday: Friday, Monday.
    assert_eq!(r["received_on"], "2027-07-01");
    assert_eq!(r["due_on"], "2027-07-05");
    assert_eq!(r["tenant"], "contoso.onmicrosoft.com");
    assert_eq!(r["region"], "emea");
    assert_eq!(
        r["attachments"],
        serde_json::json!(["sow", "staffing-plan", "cost-breakdown"])
    );
    assert_eq!(r["architect"], Value::Null);
    assert_eq!(r["late"], Value::Null);
    // History on the tenant.
    let h = f.history("contoso").to_string();
    assert!(
        h.contains("fta.request") && h.contains("ecif-dwr request #1"),
        "{h}"
    );
    // A task-list hook: the tenant has an FTA request now (see store::fta).
    let listed = f.json(&["fta", "list"]);
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert_eq!(keys(&listed[0]), REQUEST_KEYS);
    assert_eq!(listed[0], r);
}

#[test]
fn each_type_routes_and_needs_its_items() {
    let f = Ftc::new();
    let migration = request(
        &f,
        "migration-exception",
        &[
            "--region",
            "americas",
            "--mailboxes",
            "1200",
            "--source-env",
            "Lotus Domino 9",
            "--justification",
            "parallel migration",
            "--details",
            "two sites",
        ],
    );
    assert_eq!(migration["route"], "fta");
    assert_eq!(migration["mailboxes"], 1200);
    assert_eq!(migration["source_env"], "Lotus Domino 9");
    assert_eq!(migration["details"], "two sites");
    let workshop = request(
        &f,
        "discovery-workshop",
        &[&["--region", "apj"][..], &FUNDING].concat(),
    );
    assert_eq!(workshop["route"], "fta");
    assert_eq!(
        request(&f, "pre-license-engagement", &["--region", "emea"])["route"],
        "fta"
    );
    assert_eq!(
        request(&f, "land-benefit", &["--region", "emea"])["route"],
        "ftchelp"
    );
    assert_eq!(
        request(&f, "sales-support", &["--region", "emea"])["route"],
        "ftchelp"
    );
    assert_eq!(f.json(&["fta", "list"]).as_array().unwrap().len(), 5);
}

#[test]
fn incomplete_and_malformed_requests_are_refused_and_write_nothing() {
    let f = contoso("");
    f.add(
        "fabrikam.onmicrosoft.com",
        "Fabrikam",
        &["--seats", "900"], // no region
    );
    let base = [
        "fta",
        "request",
        "--requester",
        "sam@microsoft.example",
        "--region",
        "emea",
    ];
    let with = |extra: &[&str]| -> Vec<String> {
        base.iter()
            .chain(extra.iter())
            .map(|s| s.to_string())
            .collect()
    };
    let call = |extra: &[&str], code: i32| {
        let args = with(extra);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        assert_refused(&f, &args, code)
    };
    // Funding without its attachments: every missing one is named.
    call(&["--type", "ecif-dwr", "--attach", "sow"], 1);
    call(&["--type", "discovery-workshop"], 1);
    call(
        &["--type", "migration-exception", "--justification", " "],
        1,
    );
    call(
        &[
            "--type",
            "migration-exception",
            "--mailboxes",
            "0",
            "--source-env",
            "Notes",
            "--justification",
            "why",
        ],
        1,
    );
    // Received in the future.
    call(&["--type", "land-benefit", "--received", "2027-07-02"], 1);
    // Bad input: exit 2.
    call(&["--type", "workshop"], 2);
    call(&["--type", "land-benefit", "--received", "2027-02-30"], 2);
    call(&["--type", "land-benefit", "--mailboxes", "-3"], 2);
    call(&["--type", "ecif-dwr", "--attach", "invoice"], 2);
    assert_refused(
        &f,
        &[
            "fta",
            "request",
            "--type",
            "land-benefit",
            "--requester",
            "not-an-address",
            "--region",
            "emea",
        ],
        2,
    );
    assert_refused(
        &f,
        &[
            "fta",
            "request",
            "--type",
            "land-benefit",
            "--requester",
            "sam@microsoft.example",
        ],
        2,
    );
    // Tenants: unknown; one without a region and no --region; a --region
    // that disagrees with the tenant's.
    let tenant = |t: &str, extra: &[&str], code: i32| {
        let mut args = vec![
            "fta",
            "request",
            "--type",
            "land-benefit",
            "--requester",
            "sam@microsoft.example",
            "--tenant",
            t,
        ];
        args.extend_from_slice(extra);
        assert_refused(&f, &args, code)
    };
    tenant("nosuch", &[], 1);
    tenant("fabrikam", &[], 1);
    tenant("contoso", &["--region", "apj"], 1);
    assert_eq!(f.json(&["fta", "list"]), serde_json::json!([]));

    // The tenant's region, or --region when the tenant has none.
    let r = request(
        &f,
        "land-benefit",
        &["--tenant", "fabrikam", "--region", "apac"],
    );
    assert_eq!(r["region"], "apj");
    let r = request(
        &f,
        "land-benefit",
        &["--tenant", "contoso", "--region", "emea"],
    );
    assert_eq!(r["region"], "emea");
}

#[test]
fn due_dates_skip_weekends_and_the_region_s_holidays() {
    let f = contoso(EMEA_HOLIDAY);
    let due = |extra: &[&str]| request(&f, "land-benefit", extra)["due_on"].clone();
    // Friday 25 June: Monday and Tuesday.
    assert_eq!(
        due(&["--region", "emea", "--received", "2027-06-25"]),
        "2027-06-29"
    );
    // Thursday 1 July in EMEA: Friday, then Monday 5 is a holiday: Tuesday.
    assert_eq!(
        due(&["--tenant", "contoso", "--received", "2027-07-01"]),
        "2027-07-06"
    );
    // The same day in the Americas: Friday 2, Monday 5.
    assert_eq!(
        due(&["--region", "americas", "--received", "2027-07-01"]),
        "2027-07-05"
    );
    // Received on a Saturday: Monday and Tuesday.
    assert_eq!(
        due(&["--region", "apj", "--received", "2027-06-26"]),
        "2027-06-29"
    );
    // Received today by default.
    assert_eq!(
        request(&f, "sales-support", &["--region", "emea"])["received_on"],
        "2027-07-01"
    );
}

#[test]
fn the_sla_comes_from_the_config() {
    let f = Ftc::with_config("[fta]\nsla_business_days = 5\n");
    let r = request(&f, "land-benefit", &["--region", "emea"]);
    // Thursday 1 July + 5 business days: Thursday 8 July.
    assert_eq!(r["due_on"], "2027-07-08");
}

// ------------------------------------------------------------ architects

#[test]
fn architects_are_upserted_with_a_default_capacity_of_five() {
    let f = Ftc::new();
    let a = f.json(&["architect", "add", "Ann Lee"]);
    assert_eq!(
        keys(&a),
        ["name", "capacity", "regions", "open", "total", "available"]
    );
    assert_eq!(a["capacity"], 5);
    assert_eq!(a["regions"], serde_json::json!(["americas", "emea", "apj"]));
    // An update keeps what its flags do not change, and the name's spelling.
    let a = f.json(&[
        "architect",
        "add",
        "ann lee",
        "--region",
        "emea",
        "--region",
        "apac",
    ]);
    assert_eq!(a["name"], "Ann Lee");
    assert_eq!(a["capacity"], 5);
    assert_eq!(a["regions"], serde_json::json!(["emea", "apj"]));
    let a = f.json(&["architect", "add", "Ann Lee", "--capacity", "2"]);
    assert_eq!(a["capacity"], 2);
    assert_eq!(a["regions"], serde_json::json!(["emea", "apj"]));
    let out = run(&f, &["architect", "add", "Ann Lee", "--capacity", "2"]);
    assert!(texts(&out).1.contains("nothing changed"));
    f.json(&["architect", "add", "Bo", "--capacity", "1"]);
    let list = f.json(&["architect", "list"]);
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Ann Lee", "Bo"]);
    // Bad input: exit 2, nothing written.
    assert_refused(&f, &["architect", "add", "Cy", "--capacity", "0"], 2);
    assert_refused(&f, &["architect", "add", " "], 2);
    assert_refused(&f, &["architect", "add", "Cy", "--region", "mars"], 2);
}

// ------------------------------------------------------------ the balancer

#[test]
fn the_balancer_weighs_region_capacity_load_and_name() {
    let f = Ftc::new();
    architect(&f, "ann", "1", &["emea"]);
    architect(&f, "bob", "2", &[]);
    architect(&f, "cat", "2", &["emea"]);
    let r1 = funding(&f, "emea", "2027-07-01");
    let r2 = funding(&f, "emea", "2027-07-01");
    let r3 = funding(&f, "americas", "2027-07-01");
    let r4 = funding(&f, "emea", "2027-07-01");
    let r5 = funding(&f, "apj", "2027-07-01");

    // All three serve EMEA with nothing open: the name decides.
    let a = assign(&f, r1, &[]);
    assert_eq!(keys(&a)[..4], ["id", "architect", "due_on", "late"]);
    assert_eq!(a["architect"], "ann");
    assert_eq!(a["due_on"], "2027-07-05");
    assert_eq!(a["late"], false);
    assert_eq!(a["manual"], false);
    // ann is at capacity; bob and cat tie: bob.
    assert_eq!(assign(&f, r2, &[])["architect"], "bob");
    // Only bob serves the Americas.
    assert_eq!(assign(&f, r3, &[])["architect"], "bob");
    // bob is full now: cat.
    assert_eq!(assign(&f, r4, &[])["architect"], "cat");
    assert_eq!(
        load(&f),
        [
            ("ann".to_string(), 1, 1),
            ("bob".to_string(), 2, 2),
            ("cat".to_string(), 1, 1)
        ]
    );
    // APJ: only bob serves it, and he is full.
    assert_refused(&f, &["fta", "assign", &r5.to_string()], 1);

    // Closing ann's request frees her; a newcomer with no history beats her
    // on the number of assignments ever.
    let closed = f.json(&["fta", "close", &r1.to_string()]);
    assert_eq!(closed["closed_on"], "2027-07-01");
    assert_eq!(closed["architect"], "ann");
    architect(&f, "dan", "3", &["emea", "apj"]);
    let r6 = funding(&f, "emea", "2027-07-01");
    assert_eq!(assign(&f, r6, &[])["architect"], "dan");
    let r7 = funding(&f, "emea", "2027-07-01");
    // ann (0 open, 1 ever) and cat (1 open): ann.
    assert_eq!(assign(&f, r7, &[])["architect"], "ann");
    assert_eq!(assign(&f, r5, &[])["architect"], "dan");
    assert_eq!(
        load(&f),
        [
            ("ann".to_string(), 1, 2),
            ("bob".to_string(), 2, 2),
            ("cat".to_string(), 1, 1),
            ("dan".to_string(), 2, 2)
        ]
    );
    let open = f.json(&["fta", "list", "--open"]);
    assert_eq!(open.as_array().unwrap().len(), 6);
    assert!(open.as_array().unwrap().iter().all(|r| r["id"] != r1));
}

#[test]
fn assignments_are_refused_when_they_cannot_apply() {
    let f = contoso("");
    let r = funding(&f, "emea", "2027-07-01");
    assert_refused(&f, &["fta", "assign", &r.to_string()], 1);
    architect(&f, "ann", "1", &["emea"]);
    let help = request(&f, "sales-support", &["--region", "emea"])["id"]
        .as_i64()
        .unwrap();
    assert_refused(&f, &["fta", "assign", &help.to_string()], 1);
    assert_refused(&f, &["fta", "assign", "99"], 1);
    assert_refused(&f, &["fta", "assign"], 2);
    assert_refused(&f, &["fta", "assign", "1", "--all"], 2);
    assert_refused(&f, &["fta", "assign", "--all", "--to", "ann"], 2);
    assert_refused(&f, &["fta", "assign", "1", "--force"], 2);
    assert_refused(&f, &["fta", "assign", "x"], 2);
    assign(&f, r, &[]);
    assert_refused(&f, &["fta", "assign", &r.to_string()], 1);
    f.json(&["fta", "close", &r.to_string()]);
    assert_refused(&f, &["fta", "close", &r.to_string()], 1);
    assert_refused(&f, &["fta", "assign", &r.to_string()], 1);
    assert_refused(&f, &["fta", "close", "99"], 1);
    // A closed request that never had an architect.
    let n = funding(&f, "emea", "2027-07-01");
    let c = f.json(&["fta", "close", &n.to_string()]);
    assert_eq!(c["architect"], Value::Null);
    assert_eq!(c["closed_on"], "2027-07-01");
}

#[test]
fn a_hand_picked_architect_must_have_room_and_serve_the_region_unless_forced() {
    let f = contoso("");
    architect(&f, "ann", "1", &["emea"]);
    architect(&f, "bob", "3", &["americas"]);
    let first = funding(&f, "emea", "2027-07-01");
    let a = assign(&f, first, &["--to", "ANN"]);
    assert_eq!(a["architect"], "ann");
    assert_eq!(a["manual"], true);
    let second = funding(&f, "emea", "2027-07-01");
    let id = second.to_string();
    assert_refused(&f, &["fta", "assign", &id, "--to", "ann"], 1);
    assert_refused(&f, &["fta", "assign", &id, "--to", "bob"], 1);
    assert_refused(&f, &["fta", "assign", &id, "--to", "zed"], 1);
    let forced = assign(&f, second, &["--to", "ann", "--force"]);
    assert_eq!(forced["architect"], "ann");
    assert_eq!(forced["manual"], true);
    assert_eq!(load(&f)[0], ("ann".to_string(), 2, 2));
    let h = f.json(&["fta", "list"]);
    assert_eq!(h[1]["architect"], "ann");
}

#[test]
fn a_request_assigned_after_its_due_date_is_late() {
    let f = contoso("");
    architect(&f, "ann", "5", &[]);
    // Received Monday 28 June: due Wednesday 30 June, assigned 1 July.
    let r = funding(&f, "emea", "2027-06-28");
    let a = assign(&f, r, &[]);
    assert_eq!(a["due_on"], "2027-06-30");
    assert_eq!(a["late"], true);
    let listed = f.json(&["fta", "list"]);
    assert_eq!(listed[0]["late"], true);
    assert_eq!(listed[0]["assigned_on"], "2027-07-01");
    // On its due date it is on time.
    let on_time = funding(&f, "emea", "2027-06-29");
    assert_eq!(assign(&f, on_time, &[])["late"], false);
}

#[test]
fn assign_all_takes_the_oldest_first_and_leaves_what_nobody_can_take() {
    let f = contoso("");
    // Nothing pending: an empty array.
    assert_eq!(f.json(&["fta", "assign", "--all"]), serde_json::json!([]));
    architect(&f, "ann", "2", &["emea"]);
    let newer = funding(&f, "emea", "2027-07-01");
    let older = funding(&f, "emea", "2027-06-24");
    let middle = funding(&f, "emea", "2027-06-29");
    let apj = funding(&f, "apj", "2027-06-20");
    request(&f, "land-benefit", &["--region", "emea"]); // FTCHelp: never assigned
    let out = run(&f, &["fta", "assign", "--all", "--json"]);
    let (stdout, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let done = parse_json(stdout.as_bytes());
    let ids: Vec<i64> = done
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, [older, middle]);
    assert_eq!(done[0]["late"], true); // due 28 June
    assert_eq!(done[1]["late"], false); // due today
                                        // Those left pending are named.
    assert!(stderr.contains(&format!("#{apj}")), "{stderr}");
    assert!(stderr.contains(&format!("#{newer}")), "{stderr}");
    // Nobody with room at all: exit 1, nothing written.
    assert_refused(&f, &["fta", "assign", "--all"], 1);
    architect(&f, "bob", "5", &[]);
    let done = f.json(&["fta", "assign", "--all"]);
    let picks: Vec<(i64, &str)> = done
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["id"].as_i64().unwrap(), a["architect"].as_str().unwrap()))
        .collect();
    assert_eq!(picks, [(apj, "bob"), (newer, "bob")]);
    assert_eq!(f.json(&["fta", "assign", "--all"]), serde_json::json!([]));
}

// ------------------------------------------------------------ the agenda

#[test]
fn the_agenda_lists_requests_waiting_for_an_architect() {
    let f = contoso("");
    f.add(
        "fabrikam.onmicrosoft.com",
        "Fabrikam",
        &["--seats", "300", "--region", "americas", "--fm", "gus"],
    );
    // Keep the tenants' own contact items out of the way.
    let fta_items = |extra: &[&str]| -> Vec<(String, Value, String, i64, String)> {
        let mut args = vec!["agenda"];
        args.extend_from_slice(extra);
        f.json(&args)
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["kind"] == "fta")
            .map(|i| {
                assert_eq!(i["party"], Value::Null);
                assert_eq!(i["attempt"], Value::Null);
                (
                    i["domain"].as_str().unwrap().to_string(),
                    i["fm"].clone(),
                    i["due_on"].as_str().unwrap().to_string(),
                    i["overdue_days"].as_i64().unwrap(),
                    i["detail"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    // Overdue, no tenant, EMEA.
    funding(&f, "emea", "2027-06-25");
    // Due Monday 5 July, Contoso (EMEA, fiona).
    request(&f, "pre-license-engagement", &["--tenant", "contoso"]);
    // Due Monday 5 July, Fabrikam (Americas, gus), to be assigned.
    let assigned = request(&f, "pre-license-engagement", &["--tenant", "fabrikam"])["id"]
        .as_i64()
        .unwrap();
    // FTCHelp requests are not the architects'.
    request(
        &f,
        "sales-support",
        &["--region", "emea", "--received", "2027-06-01"],
    );

    let today = fta_items(&[]);
    assert_eq!(
        today,
        [(
            "(no tenant)".to_string(),
            Value::Null,
            "2027-06-29".to_string(),
            2,
            "ecif-dwr request from sam@microsoft.example".to_string()
        )]
    );
    let week = fta_items(&["--days", "4"]);
    assert_eq!(week.len(), 3);
    assert_eq!(week[1].0, "contoso.onmicrosoft.com");
    assert_eq!(week[1].1, "fiona");
    assert_eq!(week[1].2, "2027-07-05");
    assert_eq!(week[1].3, -4);
    assert_eq!(
        week[1].4,
        "pre-license-engagement request from sam@microsoft.example"
    );
    assert_eq!(week[2].0, "fabrikam.onmicrosoft.com");
    // --region; --fm only keeps requests about that FM's tenants.
    let emea: Vec<String> = fta_items(&["--days", "4", "--region", "emea"])
        .into_iter()
        .map(|i| i.0)
        .collect();
    assert_eq!(emea, ["(no tenant)", "contoso.onmicrosoft.com"]);
    let gus: Vec<String> = fta_items(&["--days", "4", "--fm", "GUS"])
        .into_iter()
        .map(|i| i.0)
        .collect();
    assert_eq!(gus, ["fabrikam.onmicrosoft.com"]);
    // Assigned or closed: off the agenda.
    architect(&f, "ann", "5", &[]);
    assign(&f, assigned, &[]);
    f.json(&["fta", "close", "1"]);
    let left: Vec<String> = fta_items(&["--days", "4"])
        .into_iter()
        .map(|i| i.0)
        .collect();
    assert_eq!(left, ["contoso.onmicrosoft.com"]);
}

#[test]
fn the_list_table_and_csv_carry_every_request() {
    let f = contoso("");
    funding(&f, "emea", "2027-07-01");
    assert_prints(&f, &["fta", "list"]);
    let csv = f.ok(&["fta", "list", "--format", "csv"]);
    let header = csv.lines().next().unwrap();
    assert_eq!(header, REQUEST_KEYS.join(","));
    assert_eq!(
        f.json(&["fta", "list", "--open"]).as_array().unwrap().len(),
        1
    );
}
