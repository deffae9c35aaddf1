//! `ftc partner set|none` and `ftc frp add|import|list` (SPEC 3.2): FRP
//! detection, `No Partner Identified` removing the partner contacts, the
//! strict FRP import, and the partner in `tenant show`; the demo's contacts
//! and partners.

use crate::common::{assert_refused, parse_json, texts, Ftc};
use predicates::prelude::*;
use rstest::rstest;
use serde_json::{json, Value};

const PARTNER_KEYS: [&str; 5] = ["name", "mpn", "deploying", "engaged", "frp"];

/// Two tenants: contoso (americas) and sakura (apj).
fn tenants() -> Ftc {
    let f = Ftc::new();
    f.add(
        "contoso.onmicrosoft.com",
        "Contoso Ltd",
        &["--region", "americas", "--seats", "5000"],
    );
    f.add(
        "sakuralogistics.onmicrosoft.com",
        "Sakura Logistics",
        &["--region", "apj", "--seats", "900"],
    );
    f
}

fn partner_contact(f: &Ftc, tenant: &str, email: &str) {
    f.json(&[
        "contact",
        "add",
        tenant,
        "--kind",
        "partner",
        "--name",
        "P",
        "--email",
        email,
        "--services",
        "teams",
    ]);
}

// --------------------------------------------------------------- partner

#[test]
fn partner_set_prints_the_partner_and_engaged_follows_deploying() {
    let f = tenants();
    assert_eq!(f.show("contoso")["partner"], Value::Null);

    let p = f.json(&[
        "partner",
        "set",
        "contoso",
        "--name",
        "Blue Harbor IT",
        "--mpn",
        "5520117",
    ]);
    let keys: Vec<&str> = p.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, PARTNER_KEYS);
    assert_eq!(
        p,
        json!({"name": "Blue Harbor IT", "mpn": "5520117", "deploying": [],
               "engaged": false, "frp": false})
    );

    let p = f.json(&[
        "partner",
        "set",
        "contoso",
        "--name",
        "Blue Harbor IT",
        "--mpn",
        "5520117",
        "--deploying",
        "EXO,teams,exchange",
    ]);
    assert_eq!(p["deploying"], json!(["exchange", "teams"]));
    assert_eq!(p["engaged"], true);
    assert_eq!(p["frp"], false);
    assert_eq!(f.show("contoso")["partner"], p);
    let h = f.history("contoso");
    assert_eq!(h[0]["action"], "partner.set");
    assert!(
        h[0]["description"].as_str().unwrap().contains("was"),
        "the replaced partner is in the history: {h}"
    );
}

#[test]
fn partner_set_that_changes_nothing_records_nothing() {
    let f = tenants();
    let args = [
        "partner",
        "set",
        "contoso",
        "--name",
        "Blue Harbor IT",
        "--mpn",
        "5520117",
    ];
    f.json(&args);
    let n = f.history("contoso").as_array().unwrap().len();
    f.cmd()
        .args(args)
        .assert()
        .code(0)
        .stderr(predicate::str::contains("nothing changed"));
    assert_eq!(f.history("contoso").as_array().unwrap().len(), n);
}

#[test]
fn a_partner_is_an_frp_when_its_mpn_is_on_the_list() {
    let f = tenants();
    f.json(&[
        "frp",
        "add",
        "4410003",
        "Sakura Digital",
        "--region",
        "apac",
    ]);
    let p = f.json(&[
        "partner",
        "set",
        "sakuralogistics",
        "--name",
        "Sakura Digital KK",
        "--mpn",
        "4410003",
        "--deploying",
        "teams",
    ]);
    assert_eq!(p["frp"], true);
    assert_eq!(p["engaged"], true);

    // Whether it is an FRP follows the list: a partner set before its MPN
    // was listed becomes an FRP when it is.
    f.json(&[
        "partner",
        "set",
        "contoso",
        "--name",
        "Maple Systems",
        "--mpn",
        "4410005",
    ]);
    assert_eq!(f.show("contoso")["partner"]["frp"], false);
    f.json(&["frp", "add", "4410005", "Maple Systems Integration"]);
    assert_eq!(f.show("contoso")["partner"]["frp"], true);
}

#[test]
fn an_frp_outside_the_tenants_region_is_a_warning() {
    let f = tenants();
    f.json(&[
        "frp",
        "add",
        "4410002",
        "Northwind Cloud",
        "--region",
        "emea",
    ]);
    let out = f
        .cmd()
        .args([
            "partner",
            "set",
            "contoso",
            "--name",
            "Northwind Cloud",
            "--mpn",
            "4410002",
        ])
        .output()
        .unwrap();
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("warning:") && stderr.contains("emea"),
        "{stderr}"
    );
    let w = f.show("contoso")["warnings"].to_string();
    assert!(w.contains("FRP for emea only"), "{w}");
}

#[rstest]
#[case::bad_mpn(&["--name", "X", "--mpn", "MPN-12"])]
#[case::na_mpn(&["--name", "X", "--mpn", "N/A"])]
#[case::no_mpn(&["--name", "X"])]
#[case::no_name(&["--mpn", "12"])]
#[case::empty_name(&["--name", " ", "--mpn", "12"])]
#[case::no_partner_name(&["--name", "no partner identified", "--mpn", "12"])]
fn partner_set_refuses_malformed_input_with_2(#[case] extra: &[&str]) {
    let f = tenants();
    let mut args = vec!["partner", "set", "contoso"];
    args.extend_from_slice(extra);
    assert_refused(&f, &args, 2);
}

#[test]
fn partner_set_refuses_an_unknown_workload_and_an_unknown_tenant_with_1() {
    let f = tenants();
    assert_refused(
        &f,
        &[
            "partner",
            "set",
            "contoso",
            "--name",
            "X",
            "--mpn",
            "12",
            "--deploying",
            "teams,lotus-notes",
        ],
        1,
    );
    assert_refused(
        &f,
        &["partner", "set", "nowhere", "--name", "X", "--mpn", "12"],
        1,
    );
    assert_refused(&f, &["partner", "none", "nowhere"], 1);
}

#[test]
fn partner_none_sets_no_partner_and_removes_the_partner_contacts() {
    let f = tenants();
    f.json(&["frp", "add", "4410001", "Contoso Consulting Partners"]);
    f.json(&[
        "partner",
        "set",
        "contoso",
        "--name",
        "Contoso Consulting Partners",
        "--mpn",
        "4410001",
        "--deploying",
        "teams",
    ]);
    partner_contact(&f, "contoso", "p1@ccp.example.net");
    partner_contact(&f, "contoso", "p2@ccp.example.net");
    partner_contact(&f, "sakuralogistics", "p3@ccp.example.net");
    f.json(&[
        "contact",
        "add",
        "contoso",
        "--kind",
        "microsoft",
        "--name",
        "Mo",
        "--email",
        "mo@microsoft.example.com",
        "--role",
        "pdm",
    ]);
    f.json(&[
        "contact",
        "add",
        "contoso",
        "--kind",
        "customer",
        "--name",
        "Cy",
        "--email",
        "cy@contoso.example.com",
        "--country",
        "Chile",
        "--survey-language",
        "Spanish",
        "--services",
        "teams",
        "--survey-eligible",
    ]);

    let out = f
        .cmd()
        .args(["partner", "none", "contoso", "--json"])
        .output()
        .unwrap();
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("removed 2 partner contacts"), "{stderr}");
    let p = parse_json(&out.stdout);
    assert_eq!(
        p,
        json!({"name": "No Partner Identified", "mpn": "N/A", "deploying": [],
               "engaged": false, "frp": false})
    );
    assert_eq!(f.show("contoso")["partner"], p);

    let kinds: Vec<String> = f
        .json(&["contact", "list", "contoso"])
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["kind"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(kinds, ["microsoft", "customer"], "only partner contacts go");
    assert_eq!(
        f.json(&["contact", "list", "sakuralogistics"])
            .as_array()
            .unwrap()
            .len(),
        1,
        "other tenants keep theirs"
    );
    let h = f.history("contoso");
    assert_eq!(h[0]["action"], "partner.none");
    let d = h[0]["description"].as_str().unwrap();
    assert!(d.contains("p1@ccp.example.net") && d.contains("was"), "{d}");

    // Again: nothing to do, nothing recorded.
    let n = h.as_array().unwrap().len();
    f.cmd()
        .args(["partner", "none", "contoso"])
        .assert()
        .code(0)
        .stderr(predicate::str::contains("nothing changed"));
    assert_eq!(f.history("contoso").as_array().unwrap().len(), n);
}

#[test]
fn partner_none_on_a_tenant_without_partner_says_how_many_contacts_went() {
    let f = tenants();
    partner_contact(&f, "sakuralogistics", "p@x.example.net");
    f.cmd()
        .args(["partner", "none", "sakuralogistics"])
        .assert()
        .code(0)
        .stderr(predicate::str::contains("removed 1 partner contact"));
    assert_eq!(f.json(&["contact", "list", "sakuralogistics"]), json!([]));
    assert_eq!(
        f.show("sakuralogistics")["partner"]["name"],
        "No Partner Identified"
    );
}

// ------------------------------------------------------------------- frp

#[test]
fn frp_add_upserts_and_list_prints_every_region_served() {
    let f = Ftc::new();
    f.init();
    assert_eq!(f.json(&["frp", "list"]), json!([]));
    let a = f.json(&[
        "frp",
        "add",
        "4410001",
        "Contoso Consulting",
        "--region",
        "amer",
        "--region",
        "emea",
    ]);
    assert_eq!(
        a,
        json!({"mpn": "4410001", "name": "Contoso Consulting", "regions": ["americas", "emea"]})
    );
    // Upsert: the same MPN updates name and regions.
    f.json(&["frp", "add", "4410001", "Contoso Consulting Partners"]);
    f.json(&[
        "frp",
        "add",
        "4410003",
        "Sakura Digital",
        "--region",
        "APAC",
    ]);
    assert_eq!(
        f.json(&["frp", "list"]),
        json!([
            {"mpn": "4410001", "name": "Contoso Consulting Partners",
             "regions": ["americas", "emea", "apj"]},
            {"mpn": "4410003", "name": "Sakura Digital", "regions": ["apj"]}
        ])
    );
    let csv = f.ok(&["frp", "list", "--format", "csv"]);
    assert_eq!(csv.lines().next().unwrap(), "mpn,name,regions");
}

#[rstest]
#[case::bad_mpn(&["frp", "add", "44-1", "X"])]
#[case::no_name(&["frp", "add", "441"])]
#[case::bad_region(&["frp", "add", "441", "X", "--region", "mars"])]
fn frp_add_refuses_malformed_input_with_2(#[case] args: &[&str]) {
    let f = tenants();
    assert_refused(&f, args, 2);
}

const FRP_CSV: &str = "mpn,name,regions\n\
    4410001,Contoso Consulting Partners,americas;emea\n\
    4410002,Northwind Cloud Services,emea\n\
    4410003,Sakura Digital,apj\n\
    4410004,\"Pacific Modern Workplace, Ltd\",apac emea\n\
    4410005,Maple Systems Integration,\n";

#[test]
fn frp_import_inserts_then_changes_nothing_then_updates() {
    let f = Ftc::new();
    let file = f.write("frp.csv", FRP_CSV);
    let file = file.to_str().unwrap();
    let s = f.json(&["frp", "import", file]);
    assert_eq!(s["inserted"], 5);
    assert_eq!(s["updated"], 0);
    assert_eq!(s["rejected"], json!([]));
    let list = f.json(&["frp", "list"]);
    assert_eq!(list.as_array().unwrap().len(), 5);
    let pacific = list
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["mpn"] == "4410004")
        .unwrap();
    assert_eq!(pacific["name"], "Pacific Modern Workplace, Ltd");
    assert_eq!(pacific["regions"], json!(["emea", "apj"]));
    let maple = list
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["mpn"] == "4410005")
        .unwrap();
    assert_eq!(maple["regions"], json!(["americas", "emea", "apj"]));

    let s = f.json(&["frp", "import", file]);
    assert_eq!(
        (s["inserted"].as_u64(), s["unchanged"].as_u64()),
        (Some(0), Some(5))
    );
    assert_eq!(f.json(&["frp", "list"]), list);

    let f2 = f.write("frp2.csv", "Name,MPN\nSakura Digital Japan,4410003\n");
    let s = f.json(&["frp", "import", f2.to_str().unwrap()]);
    assert_eq!(
        (s["updated"].as_u64(), s["removed"].as_u64()),
        (Some(1), Some(0))
    );
    assert_eq!(f.json(&["frp", "list"]).as_array().unwrap().len(), 5);
}

#[test]
fn frp_import_replace_removes_the_frps_not_in_the_file() {
    let f = Ftc::new();
    let file = f.write("frp.csv", FRP_CSV);
    f.json(&["frp", "import", file.to_str().unwrap()]);
    let out = f
        .cmd()
        .args(["frp", "import", "-", "--replace", "--json"])
        .write_stdin("mpn,name\n4410003,Sakura Digital\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(parse_json(&out.stdout)["removed"], 4);
    assert_eq!(
        f.json(&["frp", "list"]),
        json!([{"mpn": "4410003", "name": "Sakura Digital", "regions": ["americas", "emea", "apj"]}])
    );
}

#[test]
fn frp_import_refuses_a_file_with_a_bad_row_listing_every_line() {
    let f = tenants();
    f.json(&["frp", "add", "1", "Already Listed"]);
    let bad = "mpn,name,regions\n\
        4410001,Good Partner,emea\n\
        \n\
        44x,Bad Mpn,emea\n\
        4410002,,emea\n\
        4410003,Bad Region,mars\n\
        4410001,Repeated,apj\n\
        4410009,Also Good,\n";
    let file = f.write("bad.csv", bad);
    let file = file.to_str().unwrap();
    assert_refused(&f, &["frp", "import", file], 2);
    // In JSON, the summary lists the lines too (on stdout); still exit 2,
    // still nothing written.
    let untouched = f.freeze();
    let out = f
        .cmd()
        .args(["frp", "import", file, "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", texts(&out).1);
    untouched.assert_unchanged("the refused frp import --json");
    let s = parse_json(&out.stdout);
    let lines: Vec<u64> = s["rejected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, [4, 5, 6, 7]);
    assert_eq!(s["inserted"], 0);
}

#[rstest]
#[case::no_name_column("mpn,regions\n1,emea\n")]
#[case::twice("mpn,name,MPN\n1,A,1\n")]
#[case::empty("")]
fn frp_import_refuses_a_bad_header_with_2(#[case] text: &str) {
    let f = tenants();
    let file = f.write("h.csv", text);
    assert_refused(&f, &["frp", "import", file.to_str().unwrap()], 2);
}

#[test]
fn frp_import_of_a_missing_file_exits_2() {
    let f = tenants();
    assert_refused(&f, &["frp", "import", "nope.csv"], 2);
}

#[test]
fn frp_import_dry_run_writes_nothing() {
    let f = Ftc::new();
    let file = f.write("frp.csv", FRP_CSV);
    let s = f.json(&["frp", "import", file.to_str().unwrap(), "--dry-run"]);
    assert_eq!(s["inserted"], 5);
    assert_eq!(s["dry_run"], true);
    assert_eq!(f.json(&["frp", "list"]), json!([]));
}

// ------------------------------------------------------------------ demo

#[test]
fn the_demo_has_contacts_partners_and_the_frp_list() {
    let f = Ftc::new();
    let demo = f.path("demo.db");
    let db = demo.to_str().unwrap();
    let out = f.cmd().args(["demo", "--db", db]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", texts(&out).1);
    let q = |args: &[&str]| {
        let out = f
            .cmd()
            .args(["--db", db])
            .args(args)
            .arg("--json")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", texts(&out).1);
        parse_json(&out.stdout)
    };

    assert_eq!(q(&["frp", "list"]).as_array().unwrap().len(), 5);

    let wwi = q(&["tenant", "show", "wideworldimporters"]);
    assert_eq!(wwi["partner"]["frp"], true);
    assert_eq!(wwi["partner"]["engaged"], true);
    // The partner page shows something real: the FRP's claims with usage,
    // and the tenant among its referrals with its AU%.
    let page = q(&["partner", "view", "wideworldimporters", "--mpn", "4410003"]);
    assert_eq!(page["usage_visible"], true);
    let claimed: Vec<&Value> = page["workloads"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["claimed"] == true)
        .collect();
    assert_eq!(claimed.len(), 2, "{page}");
    assert!(
        claimed.iter().all(|w| w["usage_percent"].is_number()),
        "{page}"
    );
    let referrals = q(&["referrals", "--mpn", "4410003"]);
    assert_eq!(referrals[0]["domain"], "wideworldimporters.onmicrosoft.com");
    assert!(referrals[0]["au_percent"].is_number(), "{referrals}");
    assert!(!q(&["usage", "show", "fabrikam"])
        .as_array()
        .unwrap()
        .is_empty());

    let fabrikam = q(&["tenant", "show", "fabrikam"]);
    assert_eq!(fabrikam["partner"]["frp"], false);
    assert_eq!(fabrikam["partner"]["engaged"], true);

    let northwind = q(&["tenant", "show", "northwindtraders"]);
    assert_eq!(northwind["partner"]["name"], "No Partner Identified");
    assert!(northwind["contacts"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["kind"] != "partner"));

    // The unmanaged tenant whose only Microsoft contact is a PDM.
    let aw = q(&["tenant", "show", "adventureworks"]);
    assert_eq!(aw["managed"], false);
    let ms: Vec<&Value> = aw["contacts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["kind"] == "microsoft")
        .collect();
    assert!(
        !ms.is_empty() && ms.iter().all(|c| c["role"] == "pdm"),
        "{aw}"
    );

    // A do-not-contact customer contact somewhere; about 15 tenants with contacts.
    let tenants = q(&["tenant", "list"]);
    let mut with_contacts = 0;
    let mut dnc = 0;
    for t in tenants.as_array().unwrap() {
        let c = q(&["contact", "list", t["domain"].as_str().unwrap()]);
        let c = c.as_array().unwrap();
        if !c.is_empty() {
            with_contacts += 1;
        }
        dnc += c.iter().filter(|x| x["do_not_contact"] == true).count();
        assert!(
            c.iter()
                .all(|x| x["email"].as_str().unwrap().ends_with(".example.com")
                    || x["email"].as_str().unwrap().ends_with(".example.net")),
            "example domains only"
        );
    }
    assert!((12..=20).contains(&with_contacts), "{with_contacts}");
    assert!(dnc >= 1);
}
