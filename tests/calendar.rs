//! `ftc agenda --format ics` (issue 15 item 4): parsed back with a real
//! iCalendar parser (the `icalendar` crate): one all-day event per agenda
//! item with the tenant, the step, the template and the recipients, and
//! UIDs that stay the same from one export to the next.

use crate::common::{assert_refused, ok_on, run, texts, Ftc, TODAY};
use icalendar::{Calendar, CalendarComponent, Component, DatePerhapsTime, Event};

fn setup() -> Ftc {
    let f = Ftc::new();
    f.add(
        "contoso.onmicrosoft.com",
        "Contoso Ltd",
        &["--region", "americas", "--seats", "5000", "--fm", "alice"],
    );
    f.add(
        "fabrikam.onmicrosoft.com",
        "Fabrikam, Inc.",
        &["--region", "emea", "--seats", "3000", "--fm", "bob"],
    );
    for (tenant, email, name) in [
        ("contoso", "ann@microsoft.example", "Ann Lee"),
        ("contoso", "raj@microsoft.example", "Raj Rao"),
        ("fabrikam", "eve@microsoft.example", "Ève Moreau"),
    ] {
        f.ok(&[
            "contact",
            "add",
            tenant,
            "--kind",
            "microsoft",
            "--role",
            "account-manager",
            "--name",
            name,
            "--email",
            email,
        ]);
    }
    f.ok(&[
        "contact",
        "add",
        "contoso",
        "--kind",
        "customer",
        "--name",
        "Carl Diaz",
        "--email",
        "carl@contoso.example",
        "--country",
        "US",
        "--survey-language",
        "English",
        "--services",
        "exchange",
    ]);
    f
}

/// The agenda as iCalendar on `today`, parsed.
fn ics(f: &Ftc, today: &str, extra: &[&str]) -> (String, Vec<Event>) {
    let mut args = vec!["agenda", "--format", "ics"];
    args.extend_from_slice(extra);
    let out = run(f, today, &args);
    let (stdout, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let cal: Calendar = stdout
        .parse()
        .unwrap_or_else(|e| panic!("not iCalendar: {e}\n{stdout}"));
    let events = cal
        .components
        .into_iter()
        .filter_map(|c| match c {
            CalendarComponent::Event(e) => Some(e),
            _ => None,
        })
        .collect();
    (stdout, events)
}

fn day(e: &Event) -> chrono::NaiveDate {
    match e.get_start() {
        Some(DatePerhapsTime::Date(d)) => d,
        other => panic!("not an all-day event: {other:?}"),
    }
}

#[test]
fn every_agenda_item_is_an_all_day_event_with_its_recipients() {
    let f = setup();
    ok_on(
        &f,
        TODAY,
        &["cadence", "send", "contoso", "--party", "account-team"],
    );
    ok_on(
        &f,
        "2027-07-02",
        &["cadence", "reply", "contoso", "--party", "account-team"],
    );
    let today = "2027-07-02";
    let agenda = ok_on(&f, today, &["agenda", "--days", "10"]);
    let items = agenda.as_array().unwrap();
    let (text, events) = ics(&f, today, &["--days", "10"]);
    assert!(text.starts_with("BEGIN:VCALENDAR\r\n"), "{text}");
    assert!(
        text.split("\r\n").all(|l| l.len() <= 75),
        "lines are folded at 75 octets"
    );
    assert_eq!(events.len(), items.len(), "{text}");
    assert!(!items.is_empty());
    for (item, e) in items.iter().zip(&events) {
        let domain = item["domain"].as_str().unwrap();
        let summary = e.get_summary().unwrap();
        assert!(summary.contains(domain), "{summary}");
        assert!(e.get_uid().unwrap().ends_with("@ftc"));
        // Due today or later: on its day; overdue: today.
        let due = chrono::NaiveDate::parse_from_str(item["due_on"].as_str().unwrap(), "%Y-%m-%d")
            .unwrap();
        assert_eq!(
            day(e),
            due.max(chrono::NaiveDate::from_ymd_opt(2027, 7, 2).unwrap())
        );
        let description = e.get_description().unwrap();
        assert!(
            description.contains(&format!("Tenant: {domain}")),
            "{description}"
        );
        if item["kind"] == "contact" {
            let next = &ok_on(&f, today, &["cadence", "show", domain])["next"];
            let template = next["template"].as_str().unwrap();
            assert!(
                description.contains(&format!("Template: {template}")),
                "{description}"
            );
            let to: Vec<&str> = next["to"]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_str().unwrap())
                .collect();
            assert!(
                description.contains(&format!("To: {}", to.join(", "))),
                "{description}"
            );
            let cc: Vec<&str> = next["cc"]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_str().unwrap())
                .collect();
            if !cc.is_empty() {
                assert!(
                    description.contains(&format!("Cc: {}", cc.join(", "))),
                    "{description}"
                );
            }
        }
    }
    // The customer step of contoso is written to its customer and copies
    // both account-team contacts.
    let contoso = events
        .iter()
        .find(|e| e.get_summary().unwrap().contains("contoso"))
        .unwrap();
    let d = contoso.get_description().unwrap();
    assert!(
        d.contains("Customer 1st Contact") && d.contains("carl@contoso.example"),
        "{d}"
    );
    assert!(
        d.contains("Cc: ann@microsoft.example, raj@microsoft.example"),
        "{d}"
    );
}

#[test]
fn uids_are_stable_and_unique() {
    let f = setup();
    ok_on(
        &f,
        TODAY,
        &[
            "note",
            "add",
            "fabrikam",
            "--text",
            "Call booked with Eve.",
            "--next-action",
            "Send the agenda",
            "--next-date",
            "2027-07-05",
        ],
    );
    let (_, first) = ics(&f, TODAY, &["--days", "10"]);
    let uids: Vec<String> = first
        .iter()
        .map(|e| e.get_uid().unwrap().to_string())
        .collect();
    let mut unique = uids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), uids.len(), "{uids:?}");
    // Exported again the next day: the same items keep their UIDs.
    let (_, again) = ics(&f, "2027-07-02", &["--days", "9"]);
    let later: Vec<String> = again
        .iter()
        .map(|e| e.get_uid().unwrap().to_string())
        .collect();
    let mut a = uids.clone();
    let mut b = later.clone();
    a.sort();
    b.sort();
    assert_eq!(a, b);
    // Sent: the account-team event is gone; the next one has its own UID.
    ok_on(
        &f,
        TODAY,
        &["cadence", "send", "contoso", "--party", "account-team"],
    );
    let (_, after) = ics(&f, TODAY, &["--days", "10"]);
    let after: Vec<String> = after
        .iter()
        .map(|e| e.get_uid().unwrap().to_string())
        .collect();
    assert!(
        !after.contains(&"contact.account-team-1.contoso.onmicrosoft.com@ftc".to_string()),
        "{after:?}"
    );
    assert!(
        after.contains(&"contact.account-team-2.contoso.onmicrosoft.com@ftc".to_string()),
        "{after:?}"
    );
}

#[test]
fn only_the_agenda_speaks_ics() {
    let f = setup();
    for args in [
        &["tenant", "list", "--format", "ics"][..],
        &["report", "--format", "ics"][..],
    ] {
        assert_refused(&f, args, 2);
    }
}

/// `ftc demo` names the draft, the calendar and the HTML report among what
/// to try next, and each works on the demo database as suggested.
#[test]
fn the_demo_suggests_the_draft_the_calendar_and_the_page() {
    let f = Ftc::new();
    let db = f.path("demo.db");
    let db = db.to_str().unwrap();
    let out = f.cmd().args(["demo", "--db", db]).output().unwrap();
    let (_, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    for want in [
        "cadence draft fabrikam --out .",
        "agenda --fm alice --format ics > alice.ics",
        "report --html report.html",
    ] {
        assert!(
            stderr.contains(want),
            "the demo does not suggest {want}:\n{stderr}"
        );
    }
    let today = TODAY.to_string();
    let draft = run(
        &f,
        &today,
        &["--db", db, "cadence", "draft", "fabrikam", "--out", "."],
    );
    assert!(draft.status.success(), "{:?}", texts(&draft));
    let written: Vec<_> = std::fs::read_dir(f.dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".eml"))
        .collect();
    assert_eq!(written.len(), 1);
    let (_, events) = ics(&f, &today, &["--db", db, "--fm", "alice"]);
    assert!(!events.is_empty());
    let html = run(&f, &today, &["--db", db, "report", "--html", "report.html"]);
    assert!(html.status.success(), "{:?}", texts(&html));
    let page = std::fs::read_to_string(f.path("report.html")).unwrap();
    assert!(page.contains("<svg"));
    // --region and --fm narrow the page as they narrow the table report.
    let all = ok_on(&f, &today, &["--db", db, "report"]);
    let emea = ok_on(
        &f,
        &today,
        &["--db", db, "report", "--region", "emea", "--fm", "bob"],
    );
    let out = run(
        &f,
        &today,
        &[
            "--db", db, "report", "--html", "-", "--region", "emea", "--fm", "bob",
        ],
    );
    let (narrow, _) = texts(&out);
    assert!(out.status.success());
    assert!(
        narrow.contains(&format!(
            "{} tenants · region emea · FM bob",
            emea["tenants"]
        )),
        "{narrow}"
    );
    assert!(page.contains(&format!("{} tenants · as of", all["tenants"])));
    assert_ne!(all["tenants"], emea["tenants"]);
    // The overdue chart's rows: every FM's on the whole page, bob's alone
    // on bob's.
    let fms = |html: &str| -> Vec<String> {
        let start = html.find("<figure id=\"overdue\">").unwrap();
        let figure = &html[start..start + html[start..].find("</figure>").unwrap()];
        let body = &figure[figure.find("<tbody>").unwrap_or(0)..];
        body.split("<tr><th>")
            .skip(1)
            .map(|r| r[..r.find("</th>").unwrap()].to_string())
            .collect()
    };
    assert!(fms(&page).len() > 1, "{:?}", fms(&page));
    assert_eq!(fms(&narrow), ["bob"]);
}
