//! `ftc contact add|list|remove|engaged` (SPEC 3.2): the required fields of
//! each kind, the refusals and their exit codes, and the contacts and
//! warnings of `tenant show`.

use crate::common::{assert_prints, assert_refused, parse_json, parse_jsonl, texts, Ftc};
use predicates::prelude::*;
use rstest::rstest;
use serde_json::{json, Value};

const CONTACT_KEYS: [&str; 11] = [
    "name",
    "email",
    "kind",
    "role",
    "country",
    "survey_language",
    "services",
    "survey_eligible",
    "do_not_contact",
    "engaged",
    "partner",
];

/// Two tenants, no contacts yet.
fn tenants() -> Ftc {
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

/// `contact add TENANT` with `args`; must succeed; the contact printed.
fn add(f: &Ftc, tenant: &str, args: &[&str]) -> Value {
    let mut all = vec!["contact", "add", tenant];
    all.extend_from_slice(args);
    f.json(&all)
}

const CUSTOMER: [&str; 12] = [
    "--kind",
    "customer",
    "--name",
    "Ann Lee",
    "--email",
    "ann.lee@contoso.example.com",
    "--country",
    "United States",
    "--survey-language",
    "English",
    "--services",
    "exo, SharePoint Online",
];

const PARTNER: [&str; 8] = [
    "--kind",
    "partner",
    "--name",
    "Pat Quinn",
    "--email",
    "pat@partner.example.net",
    "--services",
    "teams",
];

const MICROSOFT: [&str; 8] = [
    "--kind",
    "microsoft",
    "--name",
    "Mo Khan",
    "--email",
    "mo.khan@microsoft.example.com",
    "--role",
    "account-manager",
];

// ------------------------------------------------------------------- add

#[test]
fn add_a_customer_contact_prints_it() {
    let f = tenants();
    let out = f
        .cmd()
        .args(["contact", "add", "contoso"])
        .args(CUSTOMER)
        .args(["--survey-eligible", "--json"])
        .output()
        .unwrap();
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("contoso.onmicrosoft.com")
            && stderr.contains("ann.lee@contoso.example.com"),
        "{stderr}"
    );
    let c = parse_json(&out.stdout);
    let keys: Vec<&str> = c.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, CONTACT_KEYS);
    assert_eq!(
        c,
        json!({
            "name": "Ann Lee",
            "email": "ann.lee@contoso.example.com",
            "kind": "customer",
            "role": null,
            "country": "United States",
            "survey_language": "English",
            "services": ["exchange", "sharepoint"],
            "survey_eligible": true,
            "do_not_contact": false,
            "engaged": false,
            "partner": null
        })
    );
    let h = f.history("contoso");
    assert_eq!(h[0]["action"], "contact.add");
    assert!(
        h[0]["description"].as_str().unwrap().contains("Ann Lee"),
        "{h}"
    );
}

#[test]
fn add_a_partner_and_a_microsoft_contact() {
    let f = tenants();
    let p = add(&f, "contoso", &PARTNER);
    assert_eq!(p["kind"], "partner");
    assert_eq!(p["services"], json!(["teams"]));
    assert_eq!(p["role"], Value::Null);
    assert_eq!(p["survey_eligible"], false);

    let m = add(&f, "contoso", &MICROSOFT);
    assert_eq!(m["kind"], "microsoft");
    assert_eq!(m["role"], "account-manager");
    assert_eq!(m["services"], json!([]));
    assert_eq!(m["country"], Value::Null);

    // Every role of the spec is accepted.
    for (i, role) in ["pdm", "pse", "ats", "csm", "other"].iter().enumerate() {
        let email = format!("m{i}@microsoft.example.com");
        let c = add(
            &f,
            "fabrikam",
            &[
                "--kind",
                "microsoft",
                "--name",
                "M",
                "--email",
                &email,
                "--role",
                role,
            ],
        );
        assert_eq!(c["role"], *role);
    }
}

#[test]
fn do_not_contact_is_recorded() {
    let f = tenants();
    let mut args = CUSTOMER.to_vec();
    args.push("--do-not-contact");
    let c = add(&f, "contoso", &args);
    assert_eq!(c["do_not_contact"], true);
}

#[rstest]
#[case::customer_without_country(&["--kind", "customer", "--survey-language", "English", "--services", "teams"])]
#[case::customer_without_language(&["--kind", "customer", "--country", "Peru", "--services", "teams"])]
#[case::customer_without_services(&["--kind", "customer", "--country", "Peru", "--survey-language", "Spanish"])]
#[case::customer_with_empty_country(&["--kind", "customer", "--country", " ", "--survey-language", "Spanish", "--services", "teams"])]
#[case::customer_with_empty_services(&["--kind", "customer", "--country", "Peru", "--survey-language", "Spanish", "--services", ","])]
#[case::partner_without_services(&["--kind", "partner"])]
#[case::microsoft_without_role(&["--kind", "microsoft", "--services", "teams"])]
fn a_missing_required_field_exits_2_naming_the_flag(#[case] extra: &[&str]) {
    let f = tenants();
    let mut args = vec![
        "contact",
        "add",
        "contoso",
        "--name",
        "X Y",
        "--email",
        "x@y.example.com",
    ];
    args.extend_from_slice(extra);
    assert_refused(&f, &args, 2);
}

#[test]
fn every_missing_customer_field_is_named_at_once() {
    let f = tenants();
    assert_refused(
        &f,
        &[
            "contact",
            "add",
            "contoso",
            "--kind",
            "customer",
            "--name",
            "X",
            "--email",
            "x@y.example.com",
        ],
        2,
    );
}

#[rstest]
#[case::no_name(&["--kind", "partner", "--email", "x@y.example.com", "--services", "teams"])]
#[case::empty_name(&["--kind", "partner", "--name", "  ", "--email", "x@y.example.com", "--services", "teams"])]
#[case::no_email(&["--kind", "partner", "--name", "X", "--services", "teams"])]
#[case::no_kind(&["--name", "X", "--email", "x@y.example.com", "--services", "teams"])]
#[case::bad_kind(&["--kind", "vendor", "--name", "X", "--email", "x@y.example.com"])]
#[case::bad_role(&["--kind", "microsoft", "--role", "boss", "--name", "X", "--email", "x@y.example.com"])]
fn clap_refuses_missing_and_malformed_flags(#[case] extra: &[&str]) {
    let f = tenants();
    let mut args = vec!["contact", "add", "contoso"];
    args.extend_from_slice(extra);
    assert_refused(&f, &args, 2);
}

#[rstest]
#[case("ann")]
#[case("ann@contoso")]
#[case("@contoso.example.com")]
#[case("ann lee@contoso.example.com")]
fn a_malformed_email_exits_2(#[case] email: &str) {
    let f = tenants();
    let mut args = vec!["contact", "add", "contoso"];
    args.extend_from_slice(&PARTNER[..4]);
    args.extend(["--email", email, "--services", "teams"]);
    assert_refused(&f, &args, 2);
    assert_refused(&f, &["contact", "remove", "contoso", email], 2);
    assert_refused(&f, &["contact", "engaged", "contoso", email], 2);
}

#[test]
fn a_role_on_a_customer_or_partner_contact_exits_2() {
    let f = tenants();
    let mut args = vec!["contact", "add", "contoso"];
    args.extend_from_slice(&PARTNER);
    args.extend(["--role", "pdm"]);
    assert_refused(&f, &args, 2);
}

#[test]
fn an_unknown_workload_is_refused_with_the_closest_ones() {
    let f = tenants();
    let mut args = vec!["contact", "add", "contoso"];
    args.extend_from_slice(&PARTNER[..6]);
    args.extend(["--services", "teams,exchang"]);
    assert_refused(&f, &args, 1);
}

#[test]
fn survey_eligible_is_refused_for_partner_and_microsoft_contacts() {
    let f = tenants();
    let mut args = vec!["contact", "add", "contoso"];
    args.extend_from_slice(&PARTNER);
    args.push("--survey-eligible");
    assert_refused(&f, &args, 1);

    let mut args = vec!["contact", "add", "contoso"];
    args.extend_from_slice(&MICROSOFT);
    args.push("--survey-eligible");
    assert_refused(&f, &args, 1);
}

#[test]
fn a_duplicate_email_on_the_tenant_is_refused_in_any_case() {
    let f = tenants();
    add(&f, "contoso", &CUSTOMER);
    // The same address as a partner contact, in other case.
    let args = [
        "contact",
        "add",
        "contoso",
        "--kind",
        "partner",
        "--name",
        "Someone Else",
        "--email",
        "ANN.LEE@Contoso.Example.COM",
        "--services",
        "teams",
    ];
    assert_refused(&f, &args, 1);
    // Another tenant may have the same person.
    add(&f, "fabrikam", &CUSTOMER);
    assert_eq!(
        f.json(&["contact", "list", "fabrikam"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn the_email_domain_is_lowercased_and_lookups_ignore_case() {
    let f = tenants();
    let c = add(
        &f,
        "contoso",
        &[
            "--kind",
            "partner",
            "--name",
            "Pat",
            "--email",
            "Pat.Q@Partner.Example.NET",
            "--services",
            "teams",
        ],
    );
    assert_eq!(c["email"], "Pat.Q@partner.example.net");
    let e = f.json(&["contact", "engaged", "contoso", "pat.q@PARTNER.example.net"]);
    assert_eq!(e["engaged"], true);
}

#[test]
fn an_unknown_tenant_is_refused() {
    let f = tenants();
    let mut args = vec!["contact", "add", "nowhere"];
    args.extend_from_slice(&PARTNER);
    assert_refused(&f, &args, 1);
    assert_refused(&f, &["contact", "list", "nowhere"], 1);
}

// ------------------------------------------------------------------ list

#[test]
fn list_shows_account_team_then_partner_then_customer() {
    let f = tenants();
    assert_eq!(f.json(&["contact", "list", "contoso"]), json!([]));
    add(&f, "contoso", &CUSTOMER);
    add(&f, "contoso", &PARTNER);
    add(&f, "contoso", &MICROSOFT);
    let list = f.json(&["contact", "list", "contoso.onmicrosoft.com"]);
    let kinds: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["microsoft", "partner", "customer"]);
    for c in list.as_array().unwrap() {
        let keys: Vec<&str> = c.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, CONTACT_KEYS);
    }
    assert_eq!(f.json(&["contact", "list", "fabrikam"]), json!([]));
}

#[test]
fn list_in_every_format() {
    let f = tenants();
    add(&f, "contoso", &CUSTOMER);
    add(&f, "contoso", &MICROSOFT);

    let table = assert_prints(&f, &["contact", "list", "contoso"]);
    assert!(table.lines().all(|l| l.chars().count() <= 100), "{table}");

    let csv = f.ok(&["contact", "list", "contoso", "--format", "csv"]);
    assert_eq!(csv.lines().next().unwrap(), CONTACT_KEYS.join(","));
    assert_eq!(csv.lines().count(), 3);

    let out = f
        .cmd()
        .args(["contact", "list", "contoso", "--format", "jsonl"])
        .output()
        .unwrap();
    let lines = parse_jsonl(&out.stdout);
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[1]["email"], "ann.lee@contoso.example.com");

    // An empty list is `(none)` in a table.
    assert_eq!(f.ok(&["contact", "list", "fabrikam"]).trim(), "(none)");
}

// ---------------------------------------------------------------- remove

#[test]
fn remove_deletes_the_contact_and_records_it() {
    let f = tenants();
    add(&f, "contoso", &CUSTOMER);
    add(&f, "contoso", &PARTNER);
    let out = f
        .cmd()
        .args([
            "contact",
            "remove",
            "contoso",
            "Pat@Partner.Example.net",
            "--json",
        ])
        .output()
        .unwrap();
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("removed"), "{stderr}");
    assert_eq!(parse_json(&out.stdout)["email"], "pat@partner.example.net");
    let list = f.json(&["contact", "list", "contoso"]);
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["kind"], "customer");
    let h = f.history("contoso");
    assert_eq!(h[0]["action"], "contact.remove");
    // It can be added again.
    add(&f, "contoso", &PARTNER);
}

#[test]
fn removing_an_unknown_email_is_refused_naming_the_known_ones() {
    let f = tenants();
    assert_refused(
        &f,
        &["contact", "remove", "contoso", "nobody@example.com"],
        1,
    );
    add(&f, "contoso", &CUSTOMER);
    // Known on another tenant is still unknown here.
    assert_refused(
        &f,
        &[
            "contact",
            "remove",
            "fabrikam",
            "ann.lee@contoso.example.com",
        ],
        1,
    );
    assert_refused(
        &f,
        &["contact", "remove", "contoso", "nobody@example.com"],
        1,
    );
}

// --------------------------------------------------------------- engaged

#[test]
fn engaged_marks_the_contact_once() {
    let f = tenants();
    add(&f, "contoso", &MICROSOFT);
    let c = f.json(&[
        "contact",
        "engaged",
        "contoso",
        "mo.khan@microsoft.example.com",
    ]);
    assert_eq!(c["engaged"], true);
    assert_eq!(f.json(&["contact", "list", "contoso"])[0]["engaged"], true);
    let h = f.history("contoso");
    assert_eq!(h[0]["action"], "contact.engaged");
    let n = h.as_array().unwrap().len();

    // Again: nothing changes, nothing is recorded.
    f.cmd()
        .args([
            "contact",
            "engaged",
            "contoso",
            "mo.khan@microsoft.example.com",
        ])
        .assert()
        .code(0)
        .stderr(predicate::str::contains("already"));
    assert_eq!(f.history("contoso").as_array().unwrap().len(), n);
}

#[test]
fn engaged_with_an_unknown_email_is_refused() {
    let f = tenants();
    add(&f, "contoso", &MICROSOFT);
    assert_refused(
        &f,
        &[
            "contact",
            "engaged",
            "contoso",
            "ghost@microsoft.example.com",
        ],
        1,
    );
}

// ---------------------------------------------------------- tenant show

#[test]
fn tenant_show_lists_contacts_and_warns_without_a_survey_eligible_customer() {
    let f = tenants();
    let warning = "no survey-eligible customer contact";
    let has = |t: &Value, w: &str| {
        t["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x.as_str().unwrap().contains(w))
    };

    let t = f.show("contoso");
    assert_eq!(t["contacts"], json!([]));
    assert!(has(&t, warning), "{t}");

    // A customer contact that is not survey eligible: still warned.
    add(&f, "contoso", &CUSTOMER);
    add(&f, "contoso", &MICROSOFT);
    let t = f.show("contoso");
    assert_eq!(t["contacts"].as_array().unwrap().len(), 2);
    assert_eq!(t["contacts"][0]["kind"], "microsoft");
    assert_eq!(t["contacts"], f.json(&["contact", "list", "contoso"]));
    assert!(has(&t, warning), "{t}");

    // A survey-eligible customer contact: no warning.
    let mut args = CUSTOMER.to_vec();
    args[5] = "bo@contoso.example.com";
    args.push("--survey-eligible");
    add(&f, "contoso", &args);
    let t = f.show("contoso");
    assert!(!has(&t, warning), "{t}");
    // The tenant keys are all still there.
    for k in crate::common::TENANT_KEYS {
        assert!(t.get(k).is_some(), "{k} in {t}");
    }
    assert!(t.get("partner").is_some());

    // The table shows the contacts section.
    let table = f.ok(&["tenant", "show", "contoso"]);
    assert!(
        table.contains("contacts:") && table.contains("Mo Khan"),
        "{table}"
    );
}

#[test]
fn tenant_show_warns_when_every_customer_contact_is_do_not_contact() {
    let f = tenants();
    let mut args = CUSTOMER.to_vec();
    args.extend(["--survey-eligible", "--do-not-contact"]);
    add(&f, "contoso", &args);
    let t = f.show("contoso");
    let warnings = t["warnings"].to_string();
    assert!(warnings.contains("do-not-contact"), "{warnings}");
    assert!(!warnings.contains("no survey-eligible"), "{warnings}");
}
