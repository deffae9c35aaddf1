//! The duplicate check on every way in (issue 12): the feed flags a new
//! customer that looks like a known one and puts it on the agenda of the
//! FM working that customer; `tenant set --customer` joins it,
//! `--not-duplicate` records it was checked; `customer list --name` finds
//! a customer by any form the check treats as the same name.

use crate::common::{assert_refused, Ftc};
use serde_json::Value;

const HEADER: &str = "tenant_id,domain,customer,tpid,region,seats\n";

fn guid(n: u32) -> String {
    format!("00000000-0000-4000-8000-{n:012}")
}

fn feed(rows: &[(u32, &str, &str, u32)]) -> String {
    let mut s = HEADER.to_string();
    for (n, domain, customer, tpid) in rows {
        s.push_str(&format!(
            "{},{domain},\"{customer}\",{tpid},emea,2000\n",
            guid(*n)
        ));
    }
    s
}

fn duplicates(f: &Ftc, fm: &str) -> Vec<Value> {
    f.json(&["agenda", "--fm", fm])
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["kind"] == "duplicate")
        .cloned()
        .collect()
}

/// Two customers worked by alice and bob, then a feed with a new one like
/// each and one unlike any.
fn worked() -> Ftc {
    let f = Ftc::new();
    f.write(
        "first.csv",
        &feed(&[
            (1, "adatum.onmicrosoft.com", "A. Datum Corporation", 100),
            (2, "fabrikam.onmicrosoft.com", "Fabrikam GmbH", 200),
        ]),
    );
    f.json(&["tenant", "import", "first.csv"]);
    f.ok(&["tenant", "set", "adatum", "--fm", "alice"]);
    f.ok(&["tenant", "set", "fabrikam", "--fm", "bob"]);
    f
}

#[test]
fn the_feed_flags_a_suspect_and_the_matched_fm_sees_it() {
    let f = worked();
    f.write(
        "second.csv",
        &feed(&[
            (3, "adatumcorp.onmicrosoft.com", "Adatum Corp", 300),
            (4, "fabrikamde.onmicrosoft.com", "Fabrikam", 400),
            (5, "litware.onmicrosoft.com", "Litware Inc", 500),
        ]),
    );
    let sum = f.json(&["tenant", "import", "second.csv"]);
    assert_eq!(sum["inserted"], 3);
    let suspects = sum["suspects"].as_array().unwrap();
    assert_eq!(suspects.len(), 2, "{sum}");
    assert_eq!(suspects[0]["line"], 2);
    assert_eq!(suspects[0]["domain"], "adatumcorp.onmicrosoft.com");
    assert_eq!(suspects[0]["customer"], "Adatum Corp");
    let m = &suspects[0]["matches"][0];
    assert_eq!(m["customer"], "A. Datum Corporation");
    assert_eq!(m["tpid"], 100);
    assert_eq!(m["fm"], "alice");
    assert_eq!(m["reason"], "similar-name");
    // Why, in words (issue 12, item 4).
    assert!(!m["matched"].as_array().unwrap().is_empty(), "{m}");
    assert!(m["why"].as_str().unwrap().starts_with("same: "), "{m}");
    assert_eq!(suspects[1]["matches"][0]["reason"], "same-name");
    // On the agenda of the FM working the matched customer, not the other's.
    let a = duplicates(&f, "alice");
    assert_eq!(a.len(), 1, "{a:?}");
    assert_eq!(a[0]["domain"], "adatumcorp.onmicrosoft.com");
    let detail = a[0]["detail"].as_str().unwrap();
    assert!(detail.contains("A. Datum Corporation"), "{detail}");
    assert!(detail.contains("(same: "), "{detail}");
    let b = duplicates(&f, "bob");
    assert_eq!(b.len(), 1);
    assert_eq!(b[0]["domain"], "fabrikamde.onmicrosoft.com");
    let show = f.show("adatumcorp");
    assert!(show["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|w| w.as_str().unwrap().contains("suspected duplicate")));
    // The same feed again changes nothing and flags nothing new.
    let again = f.json(&["tenant", "import", "second.csv"]);
    assert_eq!(again["unchanged"], 3);
    assert_eq!(again["suspects"], serde_json::json!([]));
}

/// Every agenda item of a tenant (all FMs).
fn items_of(f: &Ftc, domain: &str) -> Vec<String> {
    f.json(&["agenda"])
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["domain"] == domain)
        .map(|i| i["kind"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_suspect_is_not_contacted_until_it_is_resolved() {
    let f = worked();
    f.write(
        "second.csv",
        &feed(&[(4, "fabrikamde.onmicrosoft.com", "Fabrikam", 400)]),
    );
    f.json(&["tenant", "import", "second.csv"]);
    // Seed 004: do not contact a customer already working with an FM.
    let domain = "fabrikamde.onmicrosoft.com";
    assert_eq!(items_of(&f, domain), ["duplicate"]);
    let cadence = f.json(&["cadence", "show", "fabrikamde"]);
    assert_eq!(cadence["next"], Value::Null, "{cadence}");
    assert!(
        cadence["next_step"]["why"]
            .as_str()
            .unwrap()
            .contains("suspected duplicate: its customer looks like Fabrikam GmbH (TPID 200)"),
        "{cadence}"
    );
    assert_refused(
        &f,
        &["cadence", "send", "fabrikamde", "--party", "account-team"],
        1,
    );
    // Checked and not a duplicate: its cadence starts.
    f.ok(&["tenant", "set", "fabrikamde", "--not-duplicate"]);
    assert_eq!(items_of(&f, domain), ["contact"]);
    assert_eq!(
        f.json(&["cadence", "show", "fabrikamde"])["next"]["party"],
        "account-team"
    );
}

#[test]
fn joining_the_customer_moves_the_tenant_and_takes_its_fm() {
    let f = worked();
    f.write(
        "second.csv",
        &feed(&[(3, "adatumcorp.onmicrosoft.com", "Adatum Corp", 300)]),
    );
    f.json(&["tenant", "import", "second.csv"]);
    let t = f.json(&["tenant", "set", "adatumcorp", "--customer", "100"]);
    assert_eq!(t["customer"], "A. Datum Corporation");
    assert_eq!(t["tpid"], 100);
    assert_eq!(t["fm"], "alice");
    assert!(duplicates(&f, "alice").is_empty());
    let h = crate::common::history_of(&f, "adatumcorp", "tenant.set");
    assert!(
        h.last()
            .unwrap()
            .contains("moved to customer A. Datum Corporation"),
        "{h:?}"
    );
    assert!(h.last().unwrap().contains("FM alice"), "{h:?}");
}

/// The move by hand outlives a re-import of the same feed (its TPID still
/// names the customer the tenant was moved from); a feed that gives the
/// tenant another TPID moves it, and the move by hand is over.
#[test]
fn a_move_by_hand_holds_until_the_feed_says_something_new() {
    let f = worked();
    let second = feed(&[(3, "adatumcorp.onmicrosoft.com", "Adatum Corp", 300)]);
    f.write("second.csv", &second);
    f.json(&["tenant", "import", "second.csv"]);
    f.ok(&["tenant", "set", "adatumcorp", "--customer", "100"]);
    for _ in 0..2 {
        let sum = f.json(&["tenant", "import", "second.csv"]);
        assert_eq!(
            (sum["unchanged"].as_u64(), sum["updated"].as_u64()),
            (Some(1), Some(0)),
            "{sum}"
        );
        let t = f.show("adatumcorp");
        assert_eq!(
            (t["tpid"].as_i64(), t["fm"].as_str()),
            (Some(100), Some("alice"))
        );
        assert!(duplicates(&f, "alice").is_empty());
    }
    // Another change of the row (its seats) keeps the customer too.
    f.write("seats.csv", &second.replace(",2000\n", ",2500\n"));
    let sum = f.json(&["tenant", "import", "seats.csv"]);
    assert_eq!(sum["updated"], 1, "{sum}");
    assert_eq!(f.show("adatumcorp")["tpid"], 100);
    // The feed now gives it TPID 400: it follows the feed.
    f.write(
        "third.csv",
        &feed(&[(3, "adatumcorp.onmicrosoft.com", "Adatum Holdings", 400)]),
    );
    let third = f.json(&["tenant", "import", "third.csv"]);
    assert_eq!(f.show("adatumcorp")["tpid"], 400);
    // "Adatum Holdings" is a new customer like A. Datum: flagged again.
    assert_eq!(third["suspects"].as_array().unwrap().len(), 1, "{third}");
    // Not "Adatum Corp" (TPID 300), left with no tenants: nobody works it.
    let matched: Vec<&Value> = third["suspects"][0]["matches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| &m["customer"])
        .collect();
    assert_eq!(matched, [&Value::from("A. Datum Corporation")], "{third}");
    assert_eq!(duplicates(&f, "alice").len(), 1);
    // And back to TPID 300: the move by hand is forgotten, and so is the
    // suspicion about the customer it left (none points at its own).
    f.json(&["tenant", "import", "second.csv"]);
    assert_eq!(f.show("adatumcorp")["tpid"], 300);
    assert!(duplicates(&f, "alice").is_empty());
    let shown = f.json(&["cadence", "show", "adatumcorp"]);
    assert_eq!(shown["next_step"]["kind"], "contact", "{shown}");
}

/// `tenant dupes` leaves out a pair an FM checked and a customer left with
/// no tenants; two customers of one name without a TPID are told apart by
/// the domain of one of their tenants.
#[test]
fn dupes_lists_only_open_pairs_and_a_domain_names_a_customer() {
    let f = worked();
    f.write(
        "second.csv",
        &feed(&[
            (3, "fabrikamde.onmicrosoft.com", "Fabrikam", 300),
            (4, "adatumcorp.onmicrosoft.com", "Adatum Corp", 400),
        ]),
    );
    f.json(&["tenant", "import", "second.csv"]);
    let pairs = |f: &Ftc| -> Vec<(String, String)> {
        f.json(&["tenant", "dupes"])
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                (
                    p["a"].as_str().unwrap().into(),
                    p["b"].as_str().unwrap().into(),
                )
            })
            .collect()
    };
    assert_eq!(pairs(&f).len(), 2, "{:?}", pairs(&f));
    f.ok(&["tenant", "set", "fabrikamde", "--not-duplicate"]);
    f.ok(&["tenant", "set", "adatumcorp", "--customer", "100"]);
    assert_eq!(pairs(&f), Vec::<(String, String)>::new());

    for (n, fm) in [(1, "fm1"), (2, "fm2")] {
        f.add(
            &format!("c{n}.onmicrosoft.com"),
            "Contoso GmbH",
            &["--fm", fm, "--force"],
        );
    }
    f.add("c3.onmicrosoft.com", "Contoso Kft", &["--force"]);
    let err = assert_refused(
        &f,
        &["tenant", "set", "c3", "--customer", "Contoso GmbH"],
        1,
    );
    assert!(err.contains("the domain of one of its tenants"), "{err}");
    let t = f.json(&["tenant", "set", "c3", "--customer", "c2.onmicrosoft.com"]);
    assert_eq!(t["customer"], "Contoso GmbH");
    // It joined c2's customer (worked by fm2), not c1's.
    let gmbh: Vec<(i64, String)> = f
        .json(&["customer", "list", "--name", "Contoso GmbH"])
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["name"] == "Contoso GmbH")
        .map(|c| (c["tenants"].as_i64().unwrap(), c["fms"].to_string()))
        .collect();
    assert!(
        gmbh.contains(&(2, "[\"fm2\",\"tester\"]".into())),
        "{gmbh:?}"
    );
    assert!(gmbh.contains(&(1, "[\"fm1\"]".into())), "{gmbh:?}");
}

#[test]
fn not_duplicate_clears_it_and_refusals_change_nothing() {
    let f = worked();
    f.write(
        "second.csv",
        &feed(&[(4, "fabrikamde.onmicrosoft.com", "Fabrikam", 400)]),
    );
    f.json(&["tenant", "import", "second.csv"]);
    // Refused: an unknown customer, and --not-duplicate on a tenant with no
    // suspicion; nothing changes.
    assert_refused(&f, &["tenant", "set", "fabrikamde", "--customer", "999"], 1);
    assert_refused(&f, &["tenant", "set", "adatum", "--not-duplicate"], 1);
    assert_eq!(duplicates(&f, "bob").len(), 1);
    f.ok(&["tenant", "set", "fabrikamde", "--not-duplicate"]);
    assert!(duplicates(&f, "bob").is_empty());
    let t = f.show("fabrikamde");
    assert_eq!(t["customer"], "Fabrikam");
}

#[test]
fn customer_list_finds_a_customer_by_any_form_of_its_name() {
    let f = worked();
    for query in ["adatum", "Adatum Corp", "A Datum", "ADATUM CORPORATION"] {
        let found = f.json(&["customer", "list", "--name", query]);
        let names: Vec<&str> = found
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].as_str().unwrap())
            .collect();
        assert!(
            names.contains(&"A. Datum Corporation"),
            "{query}: {names:?}"
        );
    }
    let found = f.json(&["customer", "list", "--name", "Adatum Corp"]);
    assert_eq!(found[0]["reason"], "similar-name");
    assert!(found[0]["score"].as_f64().unwrap() >= 0.85);

    // Words joined in the query and apart in the name, or the other way,
    // with other words beside them; the letters of the query anywhere in
    // the name's letters.
    f.add(
        "woodgrove.onmicrosoft.com",
        "Wood Grove Bank",
        &["--tpid", "700"],
    );
    f.add("litware.onmicrosoft.com", "Litware Inc", &["--tpid", "800"]);
    let names_for = |query: &str| -> Vec<String> {
        f.json(&["customer", "list", "--name", query])
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].as_str().unwrap().to_string())
            .collect()
    };
    for query in ["woodgrove", "Woodgrove Bnak", "grovebank"] {
        assert_eq!(names_for(query), ["Wood Grove Bank"], "{query}");
    }
    assert_eq!(names_for("Litxare"), ["Litware Inc"]);
    let out = crate::common::run(
        &f,
        crate::common::TODAY,
        &[
            "tenant",
            "add",
            "--domain",
            "woodgrove2.onmicrosoft.com",
            "--customer",
            "Woodgrove Bnak",
        ],
    );
    let (stdout, _) = crate::common::texts(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout.contains("Wood Grove Bank"), "{stdout}");
}
