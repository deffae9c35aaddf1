//! `ftc note add|intent|list` (SPEC 3.4, rule 4.5) and the agenda's
//! `next-action` items (SPEC 3.3).

use crate::common::{assert_prints, assert_refused, parse_json, parse_jsonl, texts, Ftc, TODAY};
use serde_json::{json, Value};

/// The keys of a note, in order.
const NOTE_KEYS: [&str; 13] = [
    "id",
    "kind",
    "text",
    "author",
    "created_on",
    "workload",
    "scope",
    "risks",
    "next_action",
    "next_date",
    "next_owner",
    "verdict",
    "warnings",
];

const GREAT: &str =
    "The customer plans to deploy Teams to 2,000 users because Skype for Business ends.";

/// Two tenants of Contoso (TPID 100) and one of Fabrikam, added today.
fn world() -> Ftc {
    let f = Ftc::new();
    f.add(
        "contoso.onmicrosoft.com",
        "Contoso Ltd",
        &["--tpid", "100", "--seats", "5000", "--region", "americas"],
    );
    f.add(
        "contosolab.onmicrosoft.com",
        "Contoso Ltd",
        &["--tpid", "100", "--seats", "300", "--region", "americas"],
    );
    f.add(
        "fabrikam.onmicrosoft.com",
        "Fabrikam",
        &["--seats", "800", "--region", "emea"],
    );
    f
}

/// Run `args` (with `--json`), expect `code`; returns (stdout, stderr).
fn run(f: &Ftc, args: &[&str], code: i32) -> (String, String) {
    let out = f.cmd().args(args).arg("--json").output().unwrap();
    let (stdout, stderr) = texts(&out);
    assert_eq!(
        out.status.code(),
        Some(code),
        "{args:?}\nstdout:\n{stdout}\nstderr:\n{stderr}"
    );
    (stdout, stderr)
}

fn keys(v: &Value) -> Vec<&str> {
    v.as_object()
        .unwrap_or_else(|| panic!("not an object: {v}"))
        .keys()
        .map(String::as_str)
        .collect()
}

/// `note list TENANT EXTRA --json`, every item checked for its keys.
fn list(f: &Ftc, tenant: &str, extra: &[&str]) -> Vec<Value> {
    let mut args = vec!["note", "list", tenant];
    args.extend_from_slice(extra);
    let v = f.json(&args);
    let items = v.as_array().expect("an array").clone();
    for n in &items {
        assert_eq!(keys(n), NOTE_KEYS, "{n}");
    }
    items
}

fn texts_of(notes: &[Value]) -> Vec<&str> {
    notes.iter().map(|n| n["text"].as_str().unwrap()).collect()
}

/// The history descriptions of one action, newest first.
fn history_of(f: &Ftc, tenant: &str, action: &str) -> Vec<String> {
    f.history(tenant)
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == action)
        .map(|e| e["description"].as_str().unwrap().to_string())
        .collect()
}

/// `note intent TENANT --workload W --text T EXTRA --json`, exit 0.
fn intent(f: &Ftc, tenant: &str, workload: &str, text: &str, extra: &[&str]) -> Value {
    let mut args = vec![
        "note",
        "intent",
        tenant,
        "--workload",
        workload,
        "--text",
        text,
    ];
    args.extend_from_slice(extra);
    let v = f.json(&args);
    assert_eq!(keys(&v), ["id", "verdict", "warnings"], "{v}");
    v
}

// ----------------------------------------------------------------- note add

#[test]
fn note_add_prints_the_note_field_by_field_and_records_it() {
    let f = world();
    let v = f.json(&[
        "note",
        "add",
        "contoso",
        "--text",
        "  Pilot of 50 users done.  ",
        "--kind",
        "technical",
        "--scope",
        "Teams and Exchange, 5,000 users",
        "--risks",
        "Branch office bandwidth",
        "--next-action",
        "Plan wave 1",
        "--next-date",
        "2027-07-08",
        "--next-owner",
        "bob",
    ]);
    assert_eq!(keys(&v), NOTE_KEYS);
    assert!(v["id"].as_i64().unwrap() > 0);
    assert_eq!(
        v,
        json!({"id": v["id"], "kind": "technical", "text": "Pilot of 50 users done.",
               "author": "tester", "created_on": TODAY, "workload": null,
               "scope": "Teams and Exchange, 5,000 users",
               "risks": "Branch office bandwidth", "next_action": "Plan wave 1",
               "next_date": "2027-07-08", "next_owner": "bob", "verdict": null,
               "warnings": null})
    );
    assert_eq!(
        history_of(&f, "contoso", "note.add"),
        [
            "technical note: Pilot of 50 users done.; scope: Teams and Exchange, 5,000 users; \
          risks: Branch office bandwidth; next action: Plan wave 1 (bob) on 2027-07-08"
        ]
    );
    // As listed, the same object.
    assert_eq!(list(&f, "contoso", &[]), [v]);

    // The default kind is engagement; the author is --as; empty options are left out.
    let v = f.json(&[
        "note",
        "add",
        "contoso",
        "--text",
        "Kick-off held",
        "--as",
        "alice",
        "--scope",
        " ",
    ]);
    assert_eq!(v["kind"], "engagement");
    assert_eq!(v["author"], "alice");
    assert_eq!(v["scope"], Value::Null);
    assert_eq!(v["next_action"], Value::Null);
    // A next action without a date or owner is fine.
    let v = f.json(&[
        "note",
        "add",
        "fabrikam",
        "--text",
        "Waiting for licences",
        "--kind",
        "migration",
        "--next-action",
        "Ask for the licence date",
    ]);
    assert_eq!(
        (&v["next_action"], &v["next_date"], &v["next_owner"]),
        (
            &json!("Ask for the licence date"),
            &Value::Null,
            &Value::Null
        )
    );
    // Table output by default, the confirmation on stderr.
    let out = f
        .cmd()
        .args(["note", "add", "fabrikam", "--text", "Env checked"])
        .args(["--kind", "environment"])
        .output()
        .unwrap();
    let (stdout, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout.contains("Env checked"), "{stdout}");
    assert_eq!(stderr, "fabrikam.onmicrosoft.com: environment note added\n");
}

#[test]
fn note_add_refuses_bad_input_and_writes_nothing() {
    let f = world();
    for (args, code) in [
        (&["note", "add", "contoso", "--text", ""][..], 2),
        (&["note", "add", "contoso", "--text", "  \n "][..], 2),
        (
            &[
                "note",
                "add",
                "contoso",
                "--text",
                "x",
                "--next-date",
                "2027-07-09",
            ][..],
            2,
        ),
        (
            &[
                "note",
                "add",
                "contoso",
                "--text",
                "x",
                "--next-owner",
                "bob",
            ][..],
            2,
        ),
        (
            &[
                "note",
                "add",
                "contoso",
                "--text",
                "x",
                "--next-action",
                "y",
                "--next-date",
                "9 July",
            ][..],
            2,
        ),
        (
            &["note", "add", "contoso", "--text", "x", "--kind", "intent"][..],
            2,
        ),
        (&["note", "add", "contoso"][..], 2),
        (&["note", "add", "nowhere", "--text", "x"][..], 1),
    ] {
        assert_refused(&f, &[args, &["--json"]].concat(), code);
    }
    assert!(list(&f, "contoso", &["--all"]).is_empty());
}

#[test]
fn enterprise_notes_go_on_the_winner_tenant_only() {
    let f = world();
    let (_, stderr) = run(
        &f,
        &[
            "note",
            "add",
            "contoso",
            "--kind",
            "enterprise",
            "--text",
            "SLT review",
        ],
        1,
    );
    assert_eq!(
        stderr,
        "error: contoso.onmicrosoft.com is not the winner tenant of Contoso Ltd: enterprise notes go on the winner tenant\n\
         hint: Contoso Ltd has no winner tenant; `ftc tenant set contoso.onmicrosoft.com --winner` makes this one it\n"
    );
    f.json(&["tenant", "set", "contoso", "--winner"]);
    let (_, stderr) = run(
        &f,
        &[
            "note",
            "add",
            "contosolab",
            "--kind",
            "enterprise",
            "--text",
            "SLT review",
        ],
        1,
    );
    assert!(
        stderr.contains(
            "hint: contoso.onmicrosoft.com is the winner tenant of Contoso Ltd: add it there"
        ),
        "{stderr}"
    );
    assert!(list(&f, "contosolab", &["--all"]).is_empty());
    let v = f.json(&[
        "note",
        "add",
        "contoso",
        "--kind",
        "enterprise",
        "--text",
        "SLT review",
    ]);
    assert_eq!(
        (&v["kind"], &v["text"]),
        (&json!("enterprise"), &json!("SLT review"))
    );
    // Other kinds go on any tenant.
    f.json(&[
        "note",
        "add",
        "contosolab",
        "--kind",
        "technical",
        "--text",
        "Lab",
    ]);
}

// -------------------------------------------------------------- note intent

#[test]
fn a_great_intent_note_is_saved_with_its_verdict() {
    let f = world();
    let v = intent(&f, "contoso", "EXO", GREAT, &[]);
    assert_eq!(
        v,
        json!({"id": v["id"], "verdict": "great", "warnings": []})
    );
    let id = v["id"].as_i64().unwrap();
    let notes = list(&f, "contoso", &[]);
    assert_eq!(
        notes,
        [
            json!({"id": id, "kind": "intent", "text": GREAT, "author": "tester",
                "created_on": TODAY, "workload": "exchange", "scope": null, "risks": null,
                "next_action": null, "next_date": null, "next_owner": null,
                "verdict": "great", "warnings": []})
        ]
    );
    assert_eq!(
        history_of(&f, "contoso", "note.intent"),
        [format!("service intent note for exchange (great): {GREAT}")]
    );
    // A marginal one is saved too, its warnings on stderr.
    let out = f
        .cmd()
        .args(["note", "intent", "contoso", "--workload", "teams", "--json"])
        .args(["--text", "The customer plans to deploy Teams in August."])
        .output()
        .unwrap();
    let (stdout, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let v = parse_json(stdout.as_bytes());
    assert_eq!(v["verdict"], "marginal");
    assert_eq!(v["warnings"], json!(["no-reason"]));
    assert_eq!(
        stderr,
        "warning: no-reason: no reason given: say why (because, due to, so that, ...)\n\
         contoso.onmicrosoft.com: service intent note for teams saved: marginal\n"
    );
    let teams = list(&f, "contoso", &["--workload", "Microsoft Teams"]);
    assert_eq!(teams.len(), 1);
    assert_eq!(teams[0]["warnings"], json!(["no-reason"]));
    assert_eq!(teams[0]["verdict"], "marginal");
}

#[test]
fn a_poor_intent_note_is_refused_unless_forced() {
    let f = world();
    let poor = "Meeting scheduled with the customer for now.";
    let before = f.freeze();
    let (stdout, _) = run(
        &f,
        &[
            "note",
            "intent",
            "contoso",
            "--workload",
            "teams",
            "--text",
            poor,
        ],
        1,
    );
    // The codes on stdout for scripts, the reasons on stderr for people.
    assert_eq!(
        parse_json(stdout.as_bytes()),
        json!({"id": null, "verdict": "poor",
               "warnings": ["ambiguous", "no-reason", "no-intent", "logistics"]})
    );
    before.assert_unchanged("the poor note");
    assert!(list(&f, "contoso", &["--all"]).is_empty());
    // Without --json nothing goes to stdout; the warnings and the refusal go
    // to stderr, for people.
    assert_refused(
        &f,
        &[
            "note",
            "intent",
            "contoso",
            "--workload",
            "teams",
            "--text",
            poor,
        ],
        1,
    );

    // Each poor rule on its own.
    for (text, codes) in [
        (
            "Waiting for the customer because of the summer.",
            json!(["no-intent"]),
        ),
        (
            "The customer will deploy Teams because Skype ends; call on Monday.",
            json!(["logistics"]),
        ),
        (
            "Currently the customer will not deploy Teams.",
            json!(["ambiguous", "no-reason"]),
        ),
    ] {
        let (stdout, _) = run(
            &f,
            &[
                "note",
                "intent",
                "contoso",
                "--workload",
                "teams",
                "--text",
                text,
            ],
            1,
        );
        assert_eq!(parse_json(stdout.as_bytes())["warnings"], codes, "{text}");
    }

    // --force saves it, poor, and says so.
    let v = intent(&f, "contoso", "teams", poor, &["--force"]);
    assert_eq!(v["verdict"], "poor");
    assert!(v["id"].as_i64().is_some());
    let saved = list(&f, "contoso", &[]);
    assert_eq!(saved.len(), 1);
    assert_eq!(saved[0]["verdict"], "poor");
    assert_eq!(
        saved[0]["warnings"],
        json!(["ambiguous", "no-reason", "no-intent", "logistics"])
    );
    assert_eq!(
        history_of(&f, "contoso", "note.intent"),
        [format!(
            "service intent note for teams (poor: ambiguous, no-reason, no-intent, logistics), \
             saved with --force: {poor}"
        )]
    );
}

#[test]
fn intent_input_is_checked_before_anything_else() {
    let f = world();
    for (args, code) in [
        (
            &[
                "note",
                "intent",
                "contoso",
                "--workload",
                "exchang",
                "--text",
                GREAT,
            ][..],
            1,
        ),
        (
            &[
                "note",
                "intent",
                "contoso",
                "--workload",
                "teams",
                "--text",
                " ",
            ][..],
            2,
        ),
        (&["note", "intent", "contoso", "--text", GREAT][..], 2),
        (
            &[
                "note",
                "intent",
                "nowhere",
                "--workload",
                "teams",
                "--text",
                GREAT,
            ][..],
            1,
        ),
    ] {
        assert_refused(&f, &[args, &["--json"]].concat(), code);
    }
}

#[test]
fn copied_compares_with_the_latest_note_of_each_other_workload() {
    let f = world();
    intent(&f, "contoso", "exchange", GREAT, &[]);
    // The same text, in another case and spacing, on another workload.
    let shouty = GREAT.to_uppercase().replace(' ', "   ");
    let v = intent(&f, "contoso", "sharepoint", &shouty, &[]);
    assert_eq!(
        (&v["verdict"], &v["warnings"]),
        (&json!("marginal"), &json!(["copied"]))
    );
    // On the same workload it is an update, not a copy.
    let v = intent(&f, "contoso", "exchange", GREAT, &[]);
    assert_eq!(v["warnings"], json!(["copied"]), "sharepoint has it now");
    // Another tenant's notes do not count.
    let v = intent(&f, "fabrikam", "teams", GREAT, &[]);
    assert_eq!(v["warnings"], json!([]));

    // Only the latest note of each workload counts: exchange and sharepoint
    // move on, and the old text is no copy any more.
    let newer = "The customer will move mailboxes in Q4 due to a datacenter exit.";
    intent(&f, "contoso", "exchange", newer, &[]);
    intent(
        &f,
        "contoso",
        "sharepoint",
        "The customer intends to move file shares since the NAS is old.",
        &[],
    );
    assert_eq!(
        intent(&f, "contoso", "teams", GREAT, &[])["warnings"],
        json!([])
    );
    assert_eq!(
        intent(&f, "contoso", "onedrive", newer, &[])["warnings"],
        json!(["copied"])
    );
}

#[test]
fn copied_is_not_raised_on_an_unresponsive_tenant() {
    let f = Ftc::new();
    let day = "2027-06-01";
    f.cmd()
        .env("FTC_TODAY", day)
        .args(["tenant", "add", "--domain", "quiet.onmicrosoft.com"])
        .args([
            "--customer",
            "Quiet",
            "--seats",
            "2000",
            "--region",
            "americas",
        ])
        .assert()
        .success();
    f.cmd()
        .env("FTC_TODAY", day)
        .args([
            "contact", "add", "quiet", "--kind", "customer", "--name", "Carl",
        ])
        .args(["--email", "carl@quiet.example", "--country", "US"])
        .args(["--survey-language", "English", "--services", "teams"])
        .assert()
        .success();
    // Every step sent on its due day, and no answer.
    for _ in 0..10 {
        let out = f
            .cmd()
            .env("FTC_TODAY", day)
            .args(["cadence", "show", "quiet", "--json"])
            .output()
            .unwrap();
        let next = parse_json(&out.stdout)["next"].clone();
        if next.is_null() {
            break;
        }
        let due = next["due_on"].as_str().unwrap();
        f.cmd()
            .env("FTC_TODAY", due)
            .args(["cadence", "send", "quiet", "--party"])
            .arg(next["party"].as_str().unwrap())
            .assert()
            .success();
    }
    assert_eq!(f.show("quiet")["stage"], "unresponsive");

    intent(&f, "quiet", "exchange", GREAT, &[]);
    let v = intent(&f, "quiet", "sharepoint", GREAT, &[]);
    assert_eq!(
        (&v["verdict"], &v["warnings"]),
        (&json!("great"), &json!([]))
    );
}

// ---------------------------------------------------------------- note list

#[test]
fn note_list_is_newest_first_the_last_4_unless_all_and_filters() {
    let f = world();
    assert!(list(&f, "contoso", &[]).is_empty());
    assert_eq!(f.ok(&["note", "list", "contoso", "--json"]), "[]\n");
    for (kind, text) in [
        ("engagement", "one"),
        ("technical", "two"),
        ("migration", "three"),
        ("technical", "four"),
        ("environment", "five"),
    ] {
        f.json(&["note", "add", "contoso", "--kind", kind, "--text", text]);
    }
    intent(&f, "contoso", "exchange", GREAT, &[]);
    f.json(&["note", "add", "fabrikam", "--text", "elsewhere"]);

    assert_eq!(
        texts_of(&list(&f, "contoso", &[])),
        [GREAT, "five", "four", "three"]
    );
    assert_eq!(
        texts_of(&list(&f, "contoso", &["--all"])),
        [GREAT, "five", "four", "three", "two", "one"]
    );
    assert_eq!(
        texts_of(&list(&f, "contoso", &["--kind", "technical"])),
        ["four", "two"]
    );
    assert_eq!(
        texts_of(&list(&f, "contoso", &["--kind", "intent"])),
        [GREAT]
    );
    assert_eq!(
        texts_of(&list(&f, "contoso", &["--workload", "exo"])),
        [GREAT]
    );
    assert!(list(&f, "contoso", &["--workload", "teams"]).is_empty());
    assert!(list(&f, "contoso", &["--kind", "enterprise"]).is_empty());
    assert_eq!(texts_of(&list(&f, "fabrikam", &[])), ["elsewhere"]);

    // The limit applies after the filters.
    for i in 0..5 {
        f.json(&[
            "note",
            "add",
            "contoso",
            "--kind",
            "technical",
            "--text",
            &format!("t{i}"),
        ]);
    }
    assert_eq!(
        texts_of(&list(&f, "contoso", &["--kind", "technical"])),
        ["t4", "t3", "t2", "t1"]
    );
    assert_eq!(
        list(&f, "contoso", &["--kind", "technical", "--all"]).len(),
        7
    );

    // The other formats.
    let csv = f.ok(&["note", "list", "contoso", "--format", "csv"]);
    assert_eq!(csv.lines().next().unwrap(), NOTE_KEYS.join(","));
    assert_eq!(csv.lines().count(), 5);
    let out = f
        .cmd()
        .args(["note", "list", "contoso", "--all", "--format", "jsonl"])
        .output()
        .unwrap();
    assert_eq!(parse_jsonl(&out.stdout).len(), 11);
    assert_prints(&f, &["note", "list", "contoso", "--kind", "intent"]);

    // Refused: an unknown workload (1), an unknown kind (2), an unknown tenant (1).
    assert_refused(
        &f,
        &["note", "list", "contoso", "--workload", "lotus", "--json"],
        1,
    );
    assert_refused(
        &f,
        &["note", "list", "contoso", "--kind", "gossip", "--json"],
        2,
    );
    assert_refused(&f, &["note", "list", "nowhere", "--json"], 1);
}

#[test]
fn cadence_engagement_notes_are_listed_too() {
    let f = world();
    f.json(&["cadence", "send", "contoso", "--party", "account-team"]);
    let notes = list(&f, "contoso", &[]);
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0]["kind"], "engagement");
    assert_eq!(
        notes[0]["text"],
        "First contact e-mail sent to the account team."
    );
    // tenant show still lists them.
    assert_eq!(
        f.show("contoso")["notes"][0]["text"],
        "First contact e-mail sent to the account team."
    );
}

// ------------------------------------------------------------------- agenda

/// `agenda EXTRA --json` on today.
fn agenda(f: &Ftc, extra: &[&str]) -> Vec<(String, String, String, i64, String)> {
    let mut args = vec!["agenda"];
    args.extend_from_slice(extra);
    f.json(&args)
        .as_array()
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

fn item(
    label: &str,
    kind: &str,
    due: &str,
    late: i64,
    detail: &str,
) -> (String, String, String, i64, String) {
    (label.into(), kind.into(), due.into(), late, detail.into())
}

fn contact_item(label: &str) -> (String, String, String, i64, String) {
    item(
        label,
        "contact",
        TODAY,
        0,
        "Account Team Contact (no Microsoft contact on file)",
    )
}

/// Tenants added today (their first contact is due today), with notes:
/// - alpha (2,000 seats, alice, americas): a next action on 28 Jun replaced
///   by one on 3 Jul without an owner;
/// - bravo (9,000, bob, emea): a next action today, then a cadence send
///   (whose engagement note has no next action and replaces nothing);
/// - charlie (500, alice, americas): a next action 29 Jun, overdue;
/// - delta (3,000, bob, emea): a next action on 20 Jul.
fn agenda_world() -> Ftc {
    // No tenant here is small enough to be `reactive`: the agenda shows only
    // contact and next-action items (`assign` items: tests/assign.rs).
    let f = Ftc::with_config("[assignment]\nreactive_max_seats = 0\n");
    for (label, seats, fm, region) in [
        ("alpha", "2000", "alice", "americas"),
        ("bravo", "9000", "bob", "emea"),
        ("charlie", "500", "alice", "americas"),
        ("delta", "3000", "bob", "emea"),
    ] {
        f.add(
            &format!("{label}.onmicrosoft.com"),
            &format!("{label} Ltd"),
            &["--seats", seats, "--fm", fm, "--region", region],
        );
    }
    let next = |tenant: &str, action: &str, date: &str, owner: Option<&str>| {
        let mut args = vec![
            "note",
            "add",
            tenant,
            "--text",
            "Status",
            "--next-action",
            action,
            "--next-date",
            date,
        ];
        if let Some(o) = owner {
            args.extend_from_slice(&["--next-owner", o]);
        }
        f.json(&args);
    };
    next("alpha", "Send the pilot plan", "2027-06-28", Some("carol"));
    next("alpha", "Review wave 1", "2027-07-03", None);
    next("bravo", "Call the CIO", TODAY, Some("bob"));
    f.json(&["cadence", "send", "bravo", "--party", "account-team"]);
    next("charlie", "Chase the licences", "2027-06-29", Some("carol"));
    next("delta", "Go-live check", "2027-07-20", Some("dan"));
    f
}

#[test]
fn next_actions_are_on_the_agenda_from_their_date() {
    let f = agenda_world();
    let today = agenda(&f, &[]);
    assert_eq!(
        today,
        [
            item(
                "charlie",
                "next-action",
                "2027-06-29",
                2,
                "Chase the licences (carol)"
            ),
            item("bravo", "next-action", TODAY, 0, "Call the CIO (bob)"),
            contact_item("delta"),
            contact_item("alpha"),
            contact_item("charlie"),
        ]
    );
    // The whole item, as SPEC 3.3 has it.
    let v = f.json(&["agenda"]);
    assert_eq!(
        v[0],
        json!({"domain": "charlie.onmicrosoft.com", "fm": "alice", "kind": "next-action",
               "party": null, "attempt": null, "due_on": "2027-06-29", "overdue_days": 2,
               "detail": "Chase the licences (carol)"})
    );
    // Upcoming ones with --days; alpha's older next action never shows:
    // the newer one replaced it. Without an owner the detail is the action.
    let week = agenda(&f, &["--days", "2"]);
    assert_eq!(
        week[5..],
        [item(
            "alpha",
            "next-action",
            "2027-07-03",
            -2,
            "Review wave 1"
        )]
    );
    assert_eq!(week.len(), 6);
    let far = agenda(&f, &["--days", "19"]);
    assert_eq!(
        far.last().unwrap(),
        &item(
            "delta",
            "next-action",
            "2027-07-20",
            -19,
            "Go-live check (dan)"
        )
    );
    assert!(
        !far.iter().any(|r| r.4.contains("pilot plan")),
        "superseded: {far:?}"
    );
    assert_eq!(far.iter().filter(|r| r.1 == "next-action").count(), 4);
}

#[test]
fn next_action_items_follow_the_filters_and_newer_notes() {
    let f = agenda_world();
    assert_eq!(
        agenda(&f, &["--fm", "alice"]),
        [
            item(
                "charlie",
                "next-action",
                "2027-06-29",
                2,
                "Chase the licences (carol)"
            ),
            contact_item("alpha"),
            contact_item("charlie"),
        ]
    );
    assert_eq!(
        agenda(&f, &["--region", "emea", "--days", "30"])
            .iter()
            .filter(|r| r.1 == "next-action")
            .cloned()
            .collect::<Vec<_>>(),
        [
            item("bravo", "next-action", TODAY, 0, "Call the CIO (bob)"),
            item(
                "delta",
                "next-action",
                "2027-07-20",
                -19,
                "Go-live check (dan)"
            ),
        ]
    );
    assert!(agenda(&f, &["--fm", "nobody"]).is_empty());
    // A newer next action without a date takes charlie's off the agenda;
    // a note without a next action leaves bravo's where it is.
    f.json(&[
        "note",
        "add",
        "charlie",
        "--text",
        "Licences arrived",
        "--next-action",
        "None: waiting for the customer's plan",
    ]);
    f.json(&["note", "add", "bravo", "--text", "CIO on holiday"]);
    let today = agenda(&f, &[]);
    assert!(
        !today
            .iter()
            .any(|r| r.0 == "charlie" && r.1 == "next-action"),
        "{today:?}"
    );
    assert!(
        today.contains(&item(
            "bravo",
            "next-action",
            TODAY,
            0,
            "Call the CIO (bob)"
        )),
        "{today:?}"
    );
    // A day later the items are a day more overdue.
    let out = f
        .cmd()
        .env("FTC_TODAY", "2027-07-02")
        .args(["agenda", "--json", "--region", "emea"])
        .output()
        .unwrap();
    let v = parse_json(&out.stdout);
    let bravo: Vec<&Value> = v
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["kind"] == "next-action")
        .collect();
    assert_eq!(bravo.len(), 1);
    assert_eq!(bravo[0]["overdue_days"], 1);
}
