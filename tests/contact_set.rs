//! `ftc contact set TENANT EMAIL`: any field changes with the checks of
//! `contact add`; a refusal changes nothing.

use crate::common::{assert_refused, history_of, texts, Ftc};

fn setup() -> Ftc {
    let f = Ftc::new();
    f.add(
        "contoso.onmicrosoft.com",
        "Contoso Ltd",
        &["--region", "americas", "--seats", "5000"],
    );
    for args in [
        &[
            "--kind",
            "microsoft",
            "--role",
            "pdm",
            "--name",
            "Pat Doe",
            "--email",
            "pat@microsoft.example",
            "--partner",
            "1234567",
        ][..],
        &[
            "--kind",
            "customer",
            "--name",
            "Cara Lane",
            "--email",
            "cara@contoso.example",
            "--country",
            "US",
            "--survey-language",
            "English",
            "--services",
            "exchange",
        ][..],
    ] {
        let mut all = vec!["contact", "add", "contoso"];
        all.extend_from_slice(args);
        f.ok(&all);
    }
    f
}

fn contact(f: &Ftc, email: &str) -> serde_json::Value {
    let list = f.json(&["contact", "list", "contoso"]);
    list.as_array()
        .unwrap()
        .iter()
        .find(|c| c["email"] == email)
        .cloned()
        .unwrap_or_else(|| panic!("no {email} in {list}"))
}

#[test]
fn fields_change_and_the_history_says_what() {
    let f = setup();
    f.ok(&[
        "contact",
        "set",
        "contoso",
        "PAT@microsoft.example",
        "--role",
        "pse",
        "--name",
        "Pat Doe-Smith",
        "--do-not-contact",
        "yes",
    ]);
    let c = contact(&f, "pat@microsoft.example");
    assert_eq!(c["role"], "pse");
    assert_eq!(c["name"], "Pat Doe-Smith");
    assert_eq!(c["do_not_contact"], true);
    assert_eq!(c["partner"], "1234567");
    let h = history_of(&f, "contoso", "contact.set");
    assert_eq!(h.len(), 1, "{h:?}");
    assert!(
        h[0].contains("role pdm → pse") && h[0].contains("do not contact yes"),
        "{h:?}"
    );

    f.ok(&[
        "contact",
        "set",
        "contoso",
        "pat@microsoft.example",
        "--no-partner",
    ]);
    assert_eq!(
        contact(&f, "pat@microsoft.example")["partner"],
        serde_json::Value::Null
    );

    f.ok(&[
        "contact",
        "set",
        "contoso",
        "cara@contoso.example",
        "--services",
        "teams, SharePoint Online",
        "--survey-eligible",
        "yes",
        "--country",
        "Canada",
    ]);
    let c = contact(&f, "cara@contoso.example");
    assert_eq!(c["services"], serde_json::json!(["teams", "sharepoint"]));
    assert_eq!(c["survey_eligible"], true);
    assert_eq!(c["country"], "Canada");
}

#[test]
fn the_same_values_again_change_nothing() {
    let f = setup();
    let frozen = f.freeze();
    let out = f
        .cmd()
        .args([
            "contact",
            "set",
            "contoso",
            "cara@contoso.example",
            "--country",
            "US",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(texts(&out).1.contains("unchanged"), "{}", texts(&out).1);
    frozen.assert_unchanged("the same values again");
}

#[test]
fn the_checks_of_contact_add_hold_and_a_refusal_changes_nothing() {
    let f = setup();
    for (args, code) in [
        (&["cara@contoso.example", "--role", "pdm"][..], 2),
        (&["cara@contoso.example", "--country", ""][..], 2),
        (&["cara@contoso.example", "--services", "nonsense"][..], 1),
        (
            &["pat@microsoft.example", "--survey-eligible", "yes"][..],
            1,
        ),
        (
            &["pat@microsoft.example", "--role", "account-manager"][..],
            2,
        ),
        (
            &["pat@microsoft.example", "--survey-eligible", "maybe"][..],
            2,
        ),
        (
            &["pat@microsoft.example", "--partner", "1", "--no-partner"][..],
            2,
        ),
        (&["pat@microsoft.example"][..], 2),
        (&["nobody@contoso.example", "--name", "X"][..], 1),
    ] {
        let mut all = vec!["contact", "set", "contoso"];
        all.extend_from_slice(args);
        assert_refused(&f, &all, code);
    }
}

#[test]
fn add_points_at_set_for_a_known_address() {
    let f = setup();
    let out = f
        .cmd()
        .args([
            "contact",
            "add",
            "contoso",
            "--kind",
            "microsoft",
            "--role",
            "pdm",
            "--name",
            "P",
            "--email",
            "pat@microsoft.example",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        texts(&out)
            .1
            .contains("ftc contact set contoso.onmicrosoft.com pat@microsoft.example"),
        "{}",
        texts(&out).1
    );
}
