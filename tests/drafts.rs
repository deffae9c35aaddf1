//! `ftc cadence draft` (issue 15 item 1 and 2): each draft parsed back with
//! a real e-mail parser (mail-parser) and its headers compared with
//! `cadence show`; non-ASCII names round-trip; the customer follow-ups
//! answer the first e-mail; the language, the templates beside the config,
//! `--out`, `--mailto`, and every refusal.

use crate::common::{assert_refused, assert_refused_on, mode_of, ok_on, run, texts, Ftc, TODAY};
use mail_parser::{Address, HeaderValue, Message, MessageParser};
use serde_json::Value;

const ANN: &str = "ann@microsoft.example";
const JUERGEN: &str = "juergen@mueller.example";
const CARL: &str = "carl@mueller.example";

/// A tenant with a Microsoft contact and two customer contacts, the first
/// of whom answers surveys in German.
fn setup(config: &str) -> Ftc {
    let f = Ftc::with_config(config);
    f.add(
        "mueller.onmicrosoft.com",
        "Müller Bäckerei GmbH",
        &["--region", "emea", "--seats", "5000", "--fm", "Zoë Fischer"],
    );
    for args in [
        &[
            "--kind",
            "microsoft",
            "--role",
            "account-manager",
            "--name",
            "Ann Ärger",
            "--email",
            ANN,
        ][..],
        &[
            "--kind",
            "customer",
            "--name",
            "Jürgen Groß",
            "--email",
            JUERGEN,
            "--country",
            "DE",
            "--survey-language",
            "German",
            "--services",
            "exchange,teams",
        ][..],
        &[
            "--kind",
            "customer",
            "--name",
            "Carl Weiss",
            "--email",
            CARL,
            "--country",
            "DE",
            "--survey-language",
            "English",
            "--services",
            "exchange",
        ][..],
    ] {
        let mut all = vec!["contact", "add", "mueller"];
        all.extend_from_slice(args);
        f.ok(&all);
    }
    f
}

/// `cadence draft` on `today`; stdout.
fn draft(f: &Ftc, today: &str, extra: &[&str]) -> String {
    let mut args = vec!["cadence", "draft", "mueller"];
    args.extend_from_slice(extra);
    let out = run(f, today, &args);
    let (stdout, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(0), "{args:?}\n{stdout}\n{stderr}");
    stdout
}

fn parse(eml: &str) -> Message<'_> {
    MessageParser::default()
        .parse(eml.as_bytes())
        .unwrap_or_else(|| panic!("not a message:\n{eml}"))
}

/// Addresses as (name, e-mail), in order.
fn addresses(a: Option<&Address>) -> Vec<(Option<String>, String)> {
    a.map(|a| {
        a.iter()
            .map(|x| {
                (
                    x.name().map(str::to_string),
                    x.address().unwrap_or_default().to_string(),
                )
            })
            .collect()
    })
    .unwrap_or_default()
}

fn emails(a: Option<&Address>) -> Vec<String> {
    addresses(a).into_iter().map(|(_, e)| e).collect()
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap().to_string())
        .collect()
}

fn header_text(m: &Message, name: &str) -> Option<String> {
    match m.header(name)? {
        HeaderValue::Text(t) => Some(t.to_string()),
        HeaderValue::TextList(l) => Some(l.join(" ")),
        other => Some(format!("{other:?}")),
    }
}

#[test]
fn the_account_team_draft_has_the_recipients_of_cadence_show() {
    let f = setup("");
    let eml = draft(&f, TODAY, &[]);
    let m = parse(&eml);
    let next = &ok_on(&f, TODAY, &["cadence", "show", "mueller"])["next"];
    assert_eq!(next["template"], "Account Team Contact");
    assert_eq!(emails(m.to()), strings(&next["to"]));
    assert_eq!(emails(m.cc()), strings(&next["cc"]));
    // A non-ASCII name is encoded (RFC 2047) and comes back whole.
    assert!(eml.contains("=?utf-8?"), "{eml}");
    assert_eq!(
        addresses(m.to()),
        vec![(Some("Ann Ärger".to_string()), ANN.to_string())]
    );
    assert_eq!(header_text(&m, "X-Unsent").as_deref(), Some("1"));
    let subject = m.subject().unwrap();
    assert!(subject.contains("Müller Bäckerei GmbH"), "{subject}");
    assert!(!subject.starts_with("RE:"), "{subject}");
    assert!(m.in_reply_to().is_empty());
    // Filled in: the customer, the FM, the reply-by date (three business
    // days after Thursday 1 July 2027: Tuesday 6 July), English wording.
    let body = m.body_text(0).unwrap();
    for want in [
        "Müller Bäckerei GmbH",
        "Zoë Fischer",
        "Tuesday, 6 July 2027",
    ] {
        assert!(body.contains(want), "{want} not in:\n{body}");
    }
    assert!(!body.contains('{'), "a placeholder was left:\n{body}");
}

/// The customer e-mails, in the first customer's survey language (German),
/// the second and third answering the first.
#[test]
fn customer_follow_ups_answer_the_first_e_mail() {
    let f = setup("");
    ok_on(
        &f,
        TODAY,
        &["cadence", "send", "mueller", "--party", "account-team"],
    );
    ok_on(
        &f,
        "2027-07-02",
        &["cadence", "reply", "mueller", "--party", "account-team"],
    );
    let first = draft(&f, "2027-07-02", &[]);
    let m1 = parse(&first);
    let next = &ok_on(&f, "2027-07-02", &["cadence", "show", "mueller"])["next"];
    assert_eq!(next["template"], "Customer 1st Contact");
    assert_eq!(emails(m1.to()), strings(&next["to"]));
    assert_eq!(emails(m1.cc()), strings(&next["cc"]));
    assert!(emails(m1.cc()).contains(&ANN.to_string()));
    assert_eq!(header_text(&m1, "Content-Language").as_deref(), Some("de"));
    let id1 = m1.message_id().unwrap().to_string();
    let subject1 = m1.subject().unwrap().to_string();
    let body = m1.body_text(0).unwrap();
    // German: the reply-by date three business days after 2 July.
    assert!(body.contains("7. Juli 2027"), "{body}");
    assert!(
        body.contains("Exchange") && body.contains("Teams"),
        "{body}"
    );
    // The same draft again: the same Message-ID (a later step can answer it).
    assert_eq!(
        parse(&draft(&f, "2027-07-02", &[])).message_id(),
        Some(id1.as_str())
    );

    ok_on(
        &f,
        "2027-07-02",
        &["cadence", "send", "mueller", "--party", "customer"],
    );
    for (day, template) in [
        ("2027-07-07", "Customer 2nd Contact"),
        ("2027-07-12", "Customer 3rd Contact"),
    ] {
        let next = &ok_on(&f, day, &["cadence", "show", "mueller"])["next"];
        assert_eq!(next["template"], template);
        let eml = draft(&f, day, &[]);
        let m = parse(&eml);
        assert_eq!(emails(m.to()), strings(&next["to"]));
        assert_eq!(emails(m.cc()), strings(&next["cc"]));
        assert_eq!(m.in_reply_to().as_text(), Some(id1.as_str()), "{eml}");
        assert_eq!(m.references().as_text(), Some(id1.as_str()), "{eml}");
        assert_ne!(m.message_id(), Some(id1.as_str()));
        assert_eq!(m.subject(), Some(format!("RE: {subject1}").as_str()));
        ok_on(
            &f,
            day,
            &["cadence", "send", "mueller", "--party", "customer"],
        );
    }
}

#[test]
fn the_language_can_be_chosen_and_an_unknown_one_is_refused() {
    let f = setup("");
    for (lang, word) in [
        ("fr", "juillet"),
        ("Spanish", "julio"),
        ("pt", "julho"),
        ("ja", "7月"),
        ("de", "Juli"),
    ] {
        let m = draft(&f, TODAY, &["--lang", lang]);
        let body = parse(&m).body_text(0).unwrap().to_string();
        assert!(body.contains(word), "--lang {lang}: no {word} in\n{body}");
    }
    assert_refused(&f, &["cadence", "draft", "mueller", "--lang", "klingon"], 1);
}

#[test]
fn a_survey_language_without_templates_falls_back_to_english_and_says_so() {
    let f = setup("");
    f.ok(&[
        "contact",
        "set",
        "mueller",
        JUERGEN,
        "--survey-language",
        "Italian",
    ]);
    ok_on(
        &f,
        TODAY,
        &["cadence", "send", "mueller", "--party", "account-team"],
    );
    ok_on(
        &f,
        "2027-07-02",
        &["cadence", "reply", "mueller", "--party", "account-team"],
    );
    let out = run(&f, "2027-07-02", &["cadence", "draft", "mueller"]);
    let (stdout, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("no templates in Italian"), "{stderr}");
    assert_eq!(
        header_text(&parse(&stdout), "Content-Language").as_deref(),
        Some("en")
    );
}

#[test]
fn a_template_beside_the_config_wins_and_a_bad_one_is_refused() {
    let f = setup("");
    f.write(
        "templates/en/account-team-contact.txt",
        "Subject: Our own words for {customer}\n\nHi,\n\n{if partner}\nPartner: {partner}\n{end}\nReply by {reply_by}.\n{fm}\n",
    );
    let m = draft(&f, TODAY, &[]);
    let m = parse(&m);
    assert_eq!(m.subject(), Some("Our own words for Müller Bäckerei GmbH"));
    assert_eq!(
        m.body_text(0).unwrap().replace("\r\n", "\n"),
        "Hi,\n\nReply by Tuesday, 6 July 2027.\nZoë Fischer\n"
    );
    // Other languages keep the shipped templates.
    let de = draft(&f, TODAY, &["--lang", "de"]);
    assert!(!parse(&de).subject().unwrap().contains("Our own words"));
    f.write(
        "templates/en/account-team-contact.txt",
        "Subject: Hello {customer}\n\nDear {first_name},\n",
    );
    let err = assert_refused(&f, &["cadence", "draft", "mueller"], 2);
    assert!(
        err.contains("account-team-contact.txt") && err.contains("{first_name}"),
        "{err}"
    );
}

#[test]
fn a_draft_is_written_to_a_file_never_over_one() {
    let f = setup("");
    let path = f.path("draft.eml");
    let p = path.to_str().unwrap();
    let out = run(&f, TODAY, &["cadence", "draft", "mueller", "--out", p]);
    let (stdout, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stdout.is_empty());
    assert!(stderr.contains(p), "{stderr}");
    assert_eq!(mode_of(&path), 0o600);
    let first = std::fs::read_to_string(&path).unwrap();
    assert_eq!(emails(parse(&first).to()), vec![ANN.to_string()]);
    std::fs::write(&path, "mine").unwrap();
    assert_refused(&f, &["cadence", "draft", "mueller", "--out", p], 1);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "mine");
    f.ok(&["cadence", "draft", "mueller", "--out", p, "--force"]);
    assert!(parse(&std::fs::read_to_string(&path).unwrap())
        .subject()
        .is_some());
    // A directory: the file is named after the tenant and the step.
    std::fs::create_dir(f.path("drafts")).unwrap();
    f.ok(&[
        "cadence",
        "draft",
        "mueller",
        "--out",
        f.path("drafts").to_str().unwrap(),
    ]);
    assert!(f
        .path("drafts/mueller.onmicrosoft.com-account-team-1.eml")
        .exists());
}

#[test]
fn mailto_carries_the_same_message() {
    let f = setup("");
    ok_on(
        &f,
        TODAY,
        &["cadence", "send", "mueller", "--party", "account-team"],
    );
    ok_on(
        &f,
        "2027-07-02",
        &["cadence", "reply", "mueller", "--party", "account-team"],
    );
    let eml = draft(&f, "2027-07-02", &[]);
    let m = parse(&eml);
    let url = draft(&f, "2027-07-02", &["--mailto"]);
    let url = url.trim();
    let (to, query) = url
        .strip_prefix("mailto:")
        .unwrap()
        .split_once('?')
        .unwrap();
    assert_eq!(to, emails(m.to()).join(","));
    let decode = |s: &str| -> String {
        let b = s.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < b.len() {
            if b[i] == b'%' {
                out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
                i += 3;
            } else {
                out.push(b[i]);
                i += 1;
            }
        }
        String::from_utf8(out).unwrap()
    };
    let fields: Vec<(String, String)> = query
        .split('&')
        .map(|kv| {
            let (k, v) = kv.split_once('=').unwrap();
            (k.to_string(), decode(v))
        })
        .collect();
    let get = |k: &str| fields.iter().find(|(x, _)| x == k).map(|(_, v)| v.clone());
    assert_eq!(get("cc").unwrap(), emails(m.cc()).join(","));
    assert_eq!(get("subject").as_deref(), m.subject());
    assert_eq!(
        get("body").unwrap().replace("\r\n", "\n"),
        m.body_text(0).unwrap().replace("\r\n", "\n")
    );
}

#[test]
fn no_draft_without_an_e_mail_to_send_or_anyone_to_send_it_to() {
    let f = setup("");
    // Nobody to write to: the only Microsoft contact may not be contacted.
    f.ok(&["contact", "set", "mueller", ANN, "--do-not-contact", "yes"]);
    assert_refused(&f, &["cadence", "draft", "mueller"], 1);
    // Assigned: no contact to make.
    f.ok(&["contact", "set", "mueller", ANN, "--do-not-contact", "no"]);
    f.ok(&["assign", "mueller", "--option", "css"]);
    assert_refused_on(&f, TODAY, &["cadence", "draft", "mueller"], 1);
    // --force needs --out; --mailto and --out exclude each other.
    assert_refused(&f, &["cadence", "draft", "mueller", "--force"], 2);
    assert_refused(
        &f,
        &["cadence", "draft", "mueller", "--mailto", "--out", "x.eml"],
        2,
    );
}

/// Several candidate partners and more than one PDM/PSE: the account-team
/// e-mail goes to the account team without them and names the candidates
/// (seed 004); once one is confirmed, the paragraph is gone.
#[test]
fn the_account_team_draft_names_the_candidate_partners() {
    let f = setup("");
    for (email, role) in [
        ("pete@microsoft.example", "pdm"),
        ("sue@microsoft.example", "pse"),
    ] {
        f.ok(&[
            "contact",
            "add",
            "mueller",
            "--kind",
            "microsoft",
            "--role",
            role,
            "--name",
            "MS",
            "--email",
            email,
        ]);
    }
    f.ok(&[
        "partner",
        "set",
        "mueller",
        "--name",
        "Northwind",
        "--mpn",
        "1234567",
    ]);
    f.ok(&[
        "partner", "set", "mueller", "--name", "Litware", "--mpn", "7654321",
    ]);
    let next = &ok_on(&f, TODAY, &["cadence", "show", "mueller"])["next"];
    let m = draft(&f, TODAY, &[]);
    let m = parse(&m);
    assert_eq!(emails(m.to()), strings(&next["to"]));
    assert_eq!(emails(m.to()), vec![ANN.to_string()]);
    let body = m.body_text(0).unwrap().to_string();
    assert!(
        body.contains("Northwind (MPN 1234567) and Litware (MPN 7654321)"),
        "{body}"
    );
    f.ok(&["partner", "none", "mueller", "--mpn", "7654321"]);
    let m = draft(&f, TODAY, &[]);
    let body = parse(&m).body_text(0).unwrap().to_string();
    assert!(!body.contains("Northwind (MPN"), "{body}");
    assert_eq!(emails(parse(&m).to()).len(), 3);
}

/// Every other step's draft has the recipients `cadence show` names: the
/// account-team meeting, the PDM follow-up (PDMs only, the tenant
/// unmanaged), and the partner e-mail, which copies the account team and,
/// with two candidate partners and none confirmed, is written to both and
/// names both.
#[test]
fn every_step_s_draft_has_the_recipients_of_cadence_show() {
    let check = |f: &Ftc, day: &str, template: &str| -> String {
        let next = &ok_on(f, day, &["cadence", "show", "mueller"])["next"];
        assert_eq!(next["template"], template);
        let eml = draft(f, day, &[]);
        let m = parse(&eml);
        assert_eq!(emails(m.to()), strings(&next["to"]), "{template}");
        assert_eq!(emails(m.cc()), strings(&next["cc"]), "{template}");
        let body = m.body_text(0).unwrap().to_string();
        assert!(
            !body.contains('{'),
            "{template}: a placeholder left:\n{body}"
        );
        body
    };
    // The meeting request: the second account-team step.
    let f = setup("");
    ok_on(
        &f,
        TODAY,
        &["cadence", "send", "mueller", "--party", "account-team"],
    );
    check(&f, "2027-07-06", "Account Team Meeting");

    // The PDM follow-up: an unmanaged tenant whose only Microsoft contact is a PDM.
    let f = Ftc::new();
    f.add(
        "mueller.onmicrosoft.com",
        "Müller Bäckerei GmbH",
        &["--region", "emea", "--seats", "5000", "--unmanaged"],
    );
    f.ok(&[
        "contact",
        "add",
        "mueller",
        "--kind",
        "microsoft",
        "--role",
        "pdm",
        "--name",
        "Pia",
        "--email",
        "pia@microsoft.example",
    ]);
    ok_on(
        &f,
        TODAY,
        &["cadence", "send", "mueller", "--party", "account-team"],
    );
    check(&f, "2027-07-06", "PDM Follow-up");

    // The partner e-mail, two candidates listed.
    let f = setup("");
    for (name, mpn, email) in [
        ("Northwind", "1234567", "nora@northwind.example"),
        ("Litware", "7654321", "liv@litware.example"),
    ] {
        f.ok(&["partner", "set", "mueller", "--name", name, "--mpn", mpn]);
        f.ok(&[
            "contact",
            "add",
            "mueller",
            "--kind",
            "partner",
            "--name",
            name,
            "--email",
            email,
            "--services",
            "exchange",
        ]);
    }
    ok_on(
        &f,
        TODAY,
        &["cadence", "send", "mueller", "--party", "account-team"],
    );
    ok_on(
        &f,
        "2027-07-02",
        &["cadence", "reply", "mueller", "--party", "account-team"],
    );
    let body = check(&f, "2027-07-02", "Partner Contact");
    assert!(body.contains("Northwind and Litware"), "{body}");
}

#[test]
fn the_html_report_replaces_only_an_earlier_report() {
    let f = setup("");
    let page = f.path("report.html");
    let p = page.to_str().unwrap();
    f.ok(&["report", "--html", p]);
    // Again: the earlier report is replaced.
    f.ok(&["report", "--html", p]);
    // Any other file stays unless --force.
    let notes = f.write("notes.txt", "my notes");
    let n = notes.to_str().unwrap();
    assert_refused(&f, &["report", "--html", n], 1);
    assert_eq!(std::fs::read_to_string(&notes).unwrap(), "my notes");
    f.ok(&["report", "--html", n, "--force"]);
    assert!(std::fs::read_to_string(&notes).unwrap().contains("<svg"));
}
