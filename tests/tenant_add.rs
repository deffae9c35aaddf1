//! `ftc tenant add`: validation, the tenant object it prints, duplicate
//! domains and tenant IDs, the duplicate-customer check (SPEC 3.1, rule 4.6)
//! and joining a customer by TPID with its FM.

use crate::common::{
    assert_output_on, assert_refused, domains, parse_json, texts, Ftc, TENANT_KEYS, TODAY,
};
use predicates::prelude::*;
use rstest::rstest;
use serde_json::json;

const GUID: &str = "1b2c3d4e-0000-4000-8000-00000000abcd";

/// The candidates `tenant add --json` of `customer` (as the tenant
/// second.onmicrosoft.com) lists when the duplicate check refuses it.
fn refused_candidates(f: &Ftc, customer: &str) -> serde_json::Value {
    let out = f
        .cmd()
        .args([
            "tenant",
            "add",
            "--domain",
            "second.onmicrosoft.com",
            "--customer",
            customer,
            "--json",
        ])
        .output()
        .unwrap();
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(1), "{customer}: {stderr}");
    parse_json(&out.stdout)
}

#[test]
fn add_prints_the_resulting_tenant_object() {
    let f = Ftc::new();
    let out = f
        .cmd()
        .args([
            "tenant",
            "add",
            "--domain",
            "Contoso.OnMicrosoft.com",
            "--customer",
            "Contoso Ltd",
            "--tpid",
            "100",
            "--tenant-id",
            "{1B2C3D4E-0000-4000-8000-00000000ABCD}",
            "--region",
            "emea",
            "--seats",
            "1_500",
            "--fm",
            "alice",
            "--unmanaged",
            "--json",
        ])
        .output()
        .unwrap();
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("added contoso.onmicrosoft.com"), "{stderr}");
    let t = parse_json(&out.stdout);
    let keys: Vec<&str> = t.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, TENANT_KEYS, "the tenant object's keys, in order");
    assert_eq!(
        t,
        json!({
            "domain": "contoso.onmicrosoft.com",
            "tenant_id": GUID,
            "customer": "Contoso Ltd",
            "tpid": 100,
            "region": "emea",
            "seats": 1500,
            "eligible": true,
            "source": "exception",
            "fm": "alice",
            "managed": false,
            "winner": false,
            "covid_rfa": false,
            "goback": false,
            "stage": "new",
            "assignment": null,
        })
    );
    // It is really stored, not only printed.
    assert_eq!(f.tenants(), json!([t]));
}

#[test]
fn add_minimal_tenant_has_nulls_and_defaults() {
    let f = Ftc::new();
    let t = f.add("fabrikam.onmicrosoft.com", "Fabrikam", &[]);
    assert_eq!(t["tenant_id"], json!(null));
    assert_eq!(t["tpid"], json!(null));
    assert_eq!(t["region"], json!(null));
    assert_eq!(t["seats"], json!(null));
    assert_eq!(t["managed"], json!(true), "managed is the default");
    assert_eq!(
        t["fm"],
        json!("tester"),
        "the acting user is the default FM"
    );
    assert_eq!(t["source"], json!("exception"));
    assert_eq!(
        t["eligible"],
        json!(true),
        "an exception is eligible whatever its seats"
    );
}

#[test]
fn add_without_json_prints_a_table_on_stdout() {
    let f = Ftc::new();
    f.cmd()
        .args([
            "tenant",
            "add",
            "--domain",
            "fabrikam.com",
            "--customer",
            "Fabrikam",
        ])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("fabrikam.com").and(predicate::str::contains("Fabrikam")))
        .stderr(predicate::str::contains("added fabrikam.com"));
}

#[rstest]
#[case::commerce_below_minimum("commerce", "149", false, "ineligible")]
#[case::commerce_at_minimum("commerce", "150", true, "new")]
#[case::exception_tiny("exception", "3", true, "new")]
#[case::rfa_below_minimum("rfa", "10", false, "ineligible")]
fn eligibility_follows_source_and_seats(
    #[case] source: &str,
    #[case] seats: &str,
    #[case] eligible: bool,
    #[case] stage: &str,
) {
    let f = Ftc::new();
    let t = f.add(
        "fabrikam.com",
        "Fabrikam",
        &["--source", source, "--seats", seats],
    );
    assert_eq!(t["source"], json!(source));
    assert_eq!(t["eligible"], json!(eligible));
    assert_eq!(t["stage"], json!(stage));
}

#[rstest]
#[case::amer("amer", "americas")]
#[case::americas_upper("AMERICAS", "americas")]
#[case::apac("apac", "apj")]
#[case::apj("apj", "apj")]
#[case::emea("EMEA", "emea")]
fn region_aliases_are_printed_canonical(#[case] given: &str, #[case] canonical: &str) {
    let f = Ftc::new();
    let t = f.add("fabrikam.com", "Fabrikam", &["--region", given]);
    assert_eq!(t["region"], json!(canonical));
    let listed = f.tenants();
    assert_eq!(listed[0]["region"], json!(canonical));
    // The table shows the canonical name too.
    f.cmd()
        .args(["tenant", "list"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(canonical));
}

#[rstest]
#[case::single_label(&["--domain", "contoso"])]
#[case::underscore(&["--domain", "con_toso.com"])]
#[case::space(&["--domain", "con toso.com"])]
#[case::leading_hyphen(&["--domain=-contoso.com"])]
#[case::ip_address(&["--domain", "10.0.0.1"])]
#[case::short_guid(&["--tenant-id", "1234"])]
#[case::guid_bad_hex(&["--tenant-id", "1b2c3d4e-0000-4000-8000-00000000abcg"])]
#[case::negative_seats(&["--seats=-5"])]
#[case::negative_seats_separate_arg(&["--seats", "-5"])]
#[case::fractional_seats(&["--seats", "12.5"])]
#[case::bad_region(&["--region", "mars"])]
#[case::zero_tpid(&["--tpid", "0"])]
#[case::empty_customer(&["--customer", "  "])]
fn invalid_values_exit_2_and_write_nothing(#[case] bad: &[&str]) {
    let f = Ftc::new();
    f.add("existing.onmicrosoft.com", "Existing Co", &[]);
    let mut args = vec!["tenant", "add"];
    if !bad.iter().any(|a| a.starts_with("--domain")) {
        args.extend(["--domain", "new.onmicrosoft.com"]);
    }
    if !bad.contains(&"--customer") {
        args.extend(["--customer", "Fabrikam"]);
    }
    args.extend_from_slice(bad);
    assert_refused(&f, &args, 2);
}

#[rstest]
#[case::same_domain("existing.onmicrosoft.com", None)]
#[case::same_domain_other_case("EXISTING.OnMicrosoft.COM", None)]
#[case::same_tenant_id("other.onmicrosoft.com", Some(GUID))]
#[case::same_tenant_id_upper_braced(
    "other.onmicrosoft.com",
    Some("{1B2C3D4E-0000-4000-8000-00000000ABCD}")
)]
fn existing_domain_or_tenant_id_exits_1(#[case] domain: &str, #[case] guid: Option<&str>) {
    let f = Ftc::new();
    f.add(
        "existing.onmicrosoft.com",
        "Existing Co",
        &["--tenant-id", GUID],
    );
    let mut args = vec![
        "tenant",
        "add",
        "--domain",
        domain,
        "--customer",
        "Another Org",
        "--force",
    ];
    if let Some(g) = guid {
        args.extend(["--tenant-id", g]);
    }
    assert_refused(&f, &args, 1);
}

/// Each reason of the duplicate check refuses, prints the candidates on
/// stdout and writes nothing.
#[rstest]
#[case::same_name("Contoso Ltd", "CONTOSO, Inc.", "same-name")]
#[case::similar_name("Contoso", "Contosso", "similar-name")]
#[case::acronym("International Business Machines", "IBM", "acronym")]
#[case::acronym_other_way("IBM", "International Business Machines Corp", "acronym")]
#[case::typo_inside_a_short_name("Fabrikam GmbH", "Fabirkam", "similar-name")]
#[case::short_name_joined_and_typod("A. Datum Corporation", "Adaxum Corp", "similar-name")]
#[case::typo_in_a_qualifier("Toronto State University", "Toronto Stat University", "similar-name")]
fn duplicate_customer_is_refused(#[case] existing: &str, #[case] new: &str, #[case] reason: &str) {
    let f = Ftc::new();
    f.add(
        "first.onmicrosoft.com",
        existing,
        &["--tpid", "100", "--fm", "alice"],
    );
    let before = f.freeze();

    // Table: the candidate's domain, customer, TPID, FM and reason on
    // stdout; the refusal and its hint (--same-customer 100, --force) on
    // stderr.
    assert_output_on(
        &f,
        TODAY,
        &[
            "tenant",
            "add",
            "--domain",
            "second.onmicrosoft.com",
            "--customer",
            new,
        ],
        1,
    );

    // JSON: the same candidates as objects.
    let candidates = refused_candidates(&f, new);
    let c = &candidates.as_array().expect("an array of candidates")[0];
    assert_eq!(c["domain"], json!("first.onmicrosoft.com"));
    assert_eq!(c["customer"], json!(existing));
    assert_eq!(c["tpid"], json!(100));
    assert_eq!(c["fm"], json!("alice"));
    assert_eq!(c["reason"], json!(reason));
    let score = c["score"].as_f64().expect("a numeric score");
    assert!((0.0..=1.0).contains(&score), "{score}");
    if reason == "same-name" {
        assert_eq!(score, 1.0);
    }

    before.assert_unchanged("the duplicate check");
}

/// A typo at the start of the first word and another at its end (keys
/// side by side: two slips of the fingers), beside
/// other names with the same second word: the typo-at-the-start key
/// finds the customer on either engine (its SQL takes first words that end
/// alike), and another word of that length is no candidate.
#[test]
fn a_typo_at_both_ends_of_the_first_word_is_found() {
    let f = Ftc::new();
    f.add(
        "first.onmicrosoft.com",
        "Yorzenor Foods",
        &["--tpid", "100", "--fm", "alice"],
    );
    for (i, other) in ["Kalbanet Foods", "Morpeska Foods", "Dunwhitt Foods"]
        .iter()
        .enumerate()
    {
        f.add(&format!("other{i}.onmicrosoft.com"), other, &[]);
    }
    let before = f.freeze();
    let candidates = refused_candidates(&f, "Torzenoe Foods");
    let names: Vec<&str> = candidates
        .as_array()
        .expect("an array of candidates")
        .iter()
        .map(|c| c["customer"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Yorzenor Foods"]);
    before.assert_unchanged("the duplicate check");
}

#[test]
fn an_unknown_tpid_does_not_skip_the_duplicate_check() {
    let f = Ftc::new();
    f.add("contoso.onmicrosoft.com", "Contoso Ltd", &["--tpid", "100"]);
    let before = f.freeze();
    assert_output_on(
        &f,
        TODAY,
        &[
            "tenant",
            "add",
            "--domain",
            "contoso2.com",
            "--customer",
            "Contoso Inc",
            "--tpid",
            "200",
        ],
        1,
    );
    before.assert_unchanged("the duplicate check");
}

#[test]
fn unrelated_names_pass_the_duplicate_check() {
    let f = Ftc::new();
    f.add("contoso.onmicrosoft.com", "Contoso Ltd", &["--tpid", "100"]);
    let t = f.add("fabrikam.onmicrosoft.com", "Fabrikam", &[]);
    assert_eq!(t["customer"], json!("Fabrikam"));
    assert_eq!(f.json(&["customer", "list"]).as_array().unwrap().len(), 2);
}

/// Two one-word names that start alike but are no typo of each other.
#[test]
fn a_short_name_that_only_starts_alike_passes() {
    let f = Ftc::new();
    f.add("proseware.onmicrosoft.com", "Proseware", &["--tpid", "100"]);
    let t = f.add("prospera.onmicrosoft.com", "Prospera", &[]);
    assert_eq!(t["customer"], json!("Prospera"));
}

/// Names that differ from a customer's in two neighbouring letters in
/// place of two others are other companies, not typos: added without
/// `--force`.
#[rstest]
#[case::another_ending("Contoso", "Contour")]
#[case::another_syllable("Northwind Traders", "Northwood Traders")]
#[case::another_start("Wide World Importers", "Wide World Exporters")]
fn a_name_two_neighbouring_letters_apart_passes(#[case] existing: &str, #[case] new: &str) {
    let f = Ftc::new();
    f.add("first.onmicrosoft.com", existing, &["--tpid", "100"]);
    let t = f.add("second.onmicrosoft.com", new, &[]);
    assert_eq!(t["customer"], json!(new));
}

#[test]
fn force_adds_a_new_customer() {
    let f = Ftc::new();
    f.add(
        "contoso.onmicrosoft.com",
        "Contoso Ltd",
        &["--tpid", "100", "--fm", "alice"],
    );
    let t = f.add("contoso2.onmicrosoft.com", "CONTOSO, Inc.", &["--force"]);
    assert_eq!(t["customer"], json!("CONTOSO, Inc."));
    assert_eq!(t["tpid"], json!(null));
    assert_eq!(t["fm"], json!("tester"), "a new customer inherits no FM");
    let customers = f.json(&["customer", "list"]);
    let names: Vec<&str> = customers
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names.len(), 2, "{customers}");
    assert!(
        names.contains(&"Contoso Ltd") && names.contains(&"CONTOSO, Inc."),
        "{names:?}"
    );
}

#[test]
fn same_customer_joins_that_customer() {
    let f = Ftc::new();
    f.add(
        "contoso.onmicrosoft.com",
        "Contoso Ltd",
        &["--tpid", "100", "--fm", "alice"],
    );
    let out = f
        .cmd()
        .args([
            "tenant",
            "add",
            "--domain",
            "contosolab.onmicrosoft.com",
            "--customer",
            "CONTOSO, Inc.",
            "--same-customer",
            "100",
            "--json",
        ])
        .output()
        .unwrap();
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let t = parse_json(&out.stdout);
    assert_eq!(t["customer"], json!("Contoso Ltd"));
    assert_eq!(t["tpid"], json!(100));
    assert_eq!(t["fm"], json!("alice"));
    assert!(stderr.contains("alice"), "{stderr}");
    let customers = f.json(&["customer", "list"]);
    assert_eq!(customers.as_array().unwrap().len(), 1, "{customers}");
    assert_eq!(customers[0]["tenants"], json!(2));
}

#[test]
fn same_customer_with_an_unknown_tpid_is_refused() {
    let f = Ftc::new();
    f.add("contoso.onmicrosoft.com", "Contoso Ltd", &["--tpid", "100"]);
    assert_refused(
        &f,
        &[
            "tenant",
            "add",
            "--domain",
            "x.onmicrosoft.com",
            "--customer",
            "Contoso",
            "--same-customer",
            "999",
        ],
        1,
    );
}

#[test]
fn force_and_same_customer_together_are_a_usage_error() {
    let f = Ftc::new();
    f.add("contoso.onmicrosoft.com", "Contoso Ltd", &["--tpid", "100"]);
    assert_refused(
        &f,
        &[
            "tenant",
            "add",
            "--domain",
            "x.com",
            "--customer",
            "X",
            "--force",
            "--same-customer",
            "100",
        ],
        2,
    );
}

#[test]
fn tpid_join_inherits_the_fm_and_says_so() {
    let f = Ftc::new();
    f.add(
        "contoso.onmicrosoft.com",
        "Contoso Ltd",
        &["--tpid", "100", "--fm", "alice"],
    );
    let out = f
        .cmd()
        .args([
            "tenant",
            "add",
            "--domain",
            "contosopharma.onmicrosoft.com",
            "--customer",
            "Contoso Pharma",
            "--tpid",
            "100",
            "--json",
        ])
        .output()
        .unwrap();
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let t = parse_json(&out.stdout);
    assert_eq!(t["fm"], json!("alice"));
    assert_eq!(t["tpid"], json!(100));
    assert_eq!(
        t["customer"],
        json!("Contoso Ltd"),
        "it joins the customer of that TPID"
    );
    assert!(stderr.contains("alice"), "stderr names the FM: {stderr}");
    assert_eq!(f.json(&["customer", "list"]).as_array().unwrap().len(), 1);
}

#[test]
fn tpid_join_keeps_an_explicit_fm() {
    let f = Ftc::new();
    f.add(
        "contoso.onmicrosoft.com",
        "Contoso Ltd",
        &["--tpid", "100", "--fm", "alice"],
    );
    let out = f
        .cmd()
        .args([
            "tenant",
            "add",
            "--domain",
            "contosopharma.onmicrosoft.com",
            "--customer",
            "Contoso Pharma",
            "--tpid",
            "100",
            "--fm",
            "bob",
            "--json",
        ])
        .output()
        .unwrap();
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let t = parse_json(&out.stdout);
    assert_eq!(t["fm"], json!("bob"));
    assert_eq!(t["tpid"], json!(100));
    let fms: Vec<String> = f
        .tenants()
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            format!(
                "{}={}",
                t["domain"].as_str().unwrap(),
                t["fm"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        fms,
        [
            "contoso.onmicrosoft.com=alice",
            "contosopharma.onmicrosoft.com=bob"
        ]
    );
}

#[test]
fn add_is_recorded_in_history_with_the_actor() {
    let f = Ftc::new();
    f.add(
        "contoso.onmicrosoft.com",
        "Contoso Ltd",
        &["--seats", "500"],
    );
    let h = f.history("contoso");
    let entries = h.as_array().unwrap();
    assert_eq!(entries.len(), 1, "{h}");
    assert_eq!(entries[0]["actor"], json!("tester"));
    assert_eq!(entries[0]["on"], json!(crate::common::TODAY));
    assert_eq!(domains(&f.tenants()), ["contoso.onmicrosoft.com"]);
}

/// A negative seat count is a value, not a flag: the message says what is
/// wrong with it (exit 2), and nothing is created.
#[test]
fn negative_seats_are_refused_with_a_message_about_the_value() {
    let f = Ftc::new();
    let untouched = f.freeze();
    for args in [
        &[
            "tenant",
            "add",
            "--domain",
            "a.onmicrosoft.com",
            "--customer",
            "A",
            "--seats",
            "-5",
        ][..],
        &["tenant", "set", "a", "--seats", "-5"],
    ] {
        let out = f.cmd().args(args).output().unwrap();
        let (_, stderr) = texts(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains("seats must be 0 or more"), "{stderr}");
    }
    untouched.assert_unchanged("the refused values (they create no database)");
}

/// An acronym that ends with the initial of the legal form after the
/// name ("SHH" for "Shadowdale Hydraulics Holdings Corp."), and a name
/// whose legal form is mistyped ("Rivi Law Grouo"), are refused as the
/// customer on either engine; the name without its legal form is no
/// source of the acronym.
#[test]
fn an_acronym_with_a_legal_forms_initial_and_a_mistyped_legal_form_are_found() {
    let f = Ftc::new();
    f.add(
        "shadowdale.onmicrosoft.com",
        "Shadowdale Hydraulics Holdings Corp.",
        &["--tpid", "100", "--fm", "alice"],
    );
    f.add("other.onmicrosoft.com", "Shaw Harbor", &["--tpid", "101"]);
    f.add("rivi.onmicrosoft.com", "Rivi Law Group", &["--tpid", "102"]);
    let before = f.freeze();
    for (query, want, reason) in [
        ("SHH", "Shadowdale Hydraulics Holdings Corp.", "acronym"),
        ("Rivi Law Grouo", "Rivi Law Group", "similar-name"),
    ] {
        let candidates = refused_candidates(&f, query);
        let found: Vec<(&str, &str)> = candidates
            .as_array()
            .expect("an array of candidates")
            .iter()
            .map(|c| {
                (
                    c["customer"].as_str().unwrap(),
                    c["reason"].as_str().unwrap(),
                )
            })
            .collect();
        assert_eq!(found, [(want, reason)], "{query}");
    }
    before.assert_unchanged("the duplicate check");
}
