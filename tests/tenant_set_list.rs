//! `ftc tenant set` (winner and COVID rules), `tenant list` (every format,
//! every filter), tenant references, and `tenant dupes`.

use crate::common::{
    assert_prints, assert_refused, domains, parse_json, parse_jsonl, texts, Ftc, TENANT_KEYS,
};
use rstest::rstest;
use serde_json::{json, Value};

const CONTOSO_GUID: &str = "b807a900-75a2-441a-b42d-40173e8dd30e";

/// Four tenants of three customers, across regions, FMs and eligibility:
///
/// | domain | customer | region | seats | source | fm |
/// |---|---|---|---|---|---|
/// | contoso.onmicrosoft.com | Contoso Ltd (100) | americas | 5000 | commerce | alice |
/// | contosolab.onmicrosoft.com | Contoso Ltd (100) | americas | 100 | commerce | alice (inherited) |
/// | fabrikam.onmicrosoft.com | Fabrikam (200) | emea | 800 | commerce | bob |
/// | northwind.onmicrosoft.com | Northwind Traders | apj | 10 | exception | chen |
fn populated() -> Ftc {
    let f = Ftc::new();
    f.add(
        "contoso.onmicrosoft.com",
        "Contoso Ltd",
        &[
            "--tpid",
            "100",
            "--region",
            "americas",
            "--seats",
            "5000",
            "--source",
            "commerce",
            "--fm",
            "alice",
            "--tenant-id",
            CONTOSO_GUID,
        ],
    );
    f.add(
        "contosolab.onmicrosoft.com",
        "Contoso Ltd",
        &[
            "--tpid", "100", "--region", "amer", "--seats", "100", "--source", "commerce",
        ],
    );
    f.add(
        "fabrikam.onmicrosoft.com",
        "Fabrikam",
        &[
            "--tpid", "200", "--region", "emea", "--seats", "800", "--source", "commerce", "--fm",
            "bob",
        ],
    );
    f.add(
        "northwind.onmicrosoft.com",
        "Northwind Traders",
        &["--region", "apac", "--seats", "10", "--fm", "chen"],
    );
    f
}

fn winners(f: &Ftc) -> Vec<String> {
    f.tenants()
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["winner"] == json!(true))
        .map(|t| t["domain"].as_str().unwrap().to_string())
        .collect()
}

// ---------------------------------------------------------------- winner

#[test]
fn a_new_winner_clears_the_old_one_of_the_same_tpid() {
    let f = populated();
    let t = f.json(&["tenant", "set", "contoso", "--winner"]);
    assert_eq!(t["winner"], json!(true));
    assert_eq!(winners(&f), ["contoso.onmicrosoft.com"]);

    let out = f
        .cmd()
        .args(["tenant", "set", "contosolab", "--winner", "--json"])
        .output()
        .unwrap();
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert_eq!(parse_json(&out.stdout)["winner"], json!(true));
    assert!(
        stderr.contains("contoso.onmicrosoft.com"),
        "says which tenant lost it: {stderr}"
    );
    assert_eq!(winners(&f), ["contosolab.onmicrosoft.com"]);
    assert_eq!(f.show("contoso")["winner"], json!(false));

    // The tenant that lost the flag has it in its history.
    let h = f.history("contoso");
    assert_eq!(h.as_array().unwrap().len(), 3, "{h}");
    assert!(
        h[0]["description"].as_str().unwrap().contains("winner"),
        "{h}"
    );
    // The customer view marks the winner.
    assert_eq!(
        f.json(&["customer", "show", "100"])["winner"],
        json!("contosolab.onmicrosoft.com")
    );
}

#[test]
fn winners_of_different_customers_do_not_interfere() {
    let f = populated();
    f.json(&["tenant", "set", "contoso", "--winner"]);
    f.json(&["tenant", "set", "fabrikam", "--winner"]);
    assert_eq!(
        winners(&f),
        ["contoso.onmicrosoft.com", "fabrikam.onmicrosoft.com"]
    );
    f.json(&["tenant", "set", "contoso", "--no-winner"]);
    assert_eq!(winners(&f), ["fabrikam.onmicrosoft.com"]);
}

#[test]
fn only_slt_editors_may_change_the_winner() {
    if crate::common::file_only("the file's editors are the config's; the server's are its role: server::the_server_s_roles_show_through_ftc") {
        return;
    }
    let f = Ftc::with_config("[roles]\nslt_editors = [\"alice\"]\n");
    f.add("contoso.onmicrosoft.com", "Contoso Ltd", &["--tpid", "100"]);
    f.add(
        "contosolab.onmicrosoft.com",
        "Contoso Ltd",
        &["--tpid", "100"],
    );
    for flag in ["--winner", "--no-winner"] {
        assert_refused(&f, &["tenant", "set", "contoso", flag], 1);
    }
    // A refused command changes nothing, also not the other flags asked for.
    assert_refused(
        &f,
        &["tenant", "set", "contoso", "--winner", "--seats", "999"],
        1,
    );

    // alice may, by --as or FTC_USER.
    let t = f.json(&["tenant", "set", "contoso", "--winner", "--as", "alice"]);
    assert_eq!(t["winner"], json!(true));
    let out = f
        .cmd()
        .env("FTC_USER", "alice")
        .args(["tenant", "set", "contosolab", "--winner", "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", texts(&out).1);
    assert_eq!(winners(&f), ["contosolab.onmicrosoft.com"]);
    assert_eq!(f.history("contosolab")[0]["actor"], json!("alice"));
}

// ------------------------------------------------------------------ COVID

#[test]
fn the_covid_rfa_flag_can_never_be_cleared() {
    let f = populated();
    let t = f.json(&["tenant", "set", "fabrikam", "--covid-rfa"]);
    assert_eq!(t["covid_rfa"], json!(true));
    assert_refused(&f, &["tenant", "set", "fabrikam", "--no-covid-rfa"], 1);
    // Together with another change: the whole command is refused.
    assert_refused(
        &f,
        &["tenant", "set", "fabrikam", "--no-covid-rfa", "--fm", "zed"],
        1,
    );
    assert_eq!(f.show("fabrikam")["covid_rfa"], json!(true));
    assert_eq!(f.show("fabrikam")["fm"], json!("bob"));
}

#[test]
fn covid_rfa_and_no_covid_rfa_together_are_a_usage_error() {
    let f = populated();
    assert_refused(
        &f,
        &["tenant", "set", "fabrikam", "--covid-rfa", "--no-covid-rfa"],
        2,
    );
}

// ------------------------------------------------------------ tenant set

#[test]
fn set_changes_fields_and_records_each_change() {
    let f = populated();
    let t = f.json(&[
        "tenant",
        "set",
        "fabrikam",
        "--seats",
        "120",
        "--region",
        "apac",
        "--fm",
        "dana",
        "--unmanaged",
    ]);
    assert_eq!(t["seats"], json!(120));
    assert_eq!(t["region"], json!("apj"));
    assert_eq!(t["fm"], json!("dana"));
    assert_eq!(t["managed"], json!(false));
    assert_eq!(t["eligible"], json!(false));
    assert_eq!(t["stage"], json!("ineligible"));
    let shown = f.show("fabrikam");
    assert_eq!(
        (shown["seats"].clone(), shown["fm"].clone()),
        (json!(120), json!("dana")),
        "stored"
    );
    let h = f.history("fabrikam");
    let newest = h[0]["description"].as_str().unwrap();
    for want in ["800", "120", "dana"] {
        assert!(newest.contains(want), "{want} in {newest}");
    }
}

#[test]
fn set_without_a_change_asked_exits_2() {
    let f = populated();
    assert_refused(&f, &["tenant", "set", "fabrikam"], 2);
    assert_refused(&f, &["tenant", "set", "fabrikam", "--seats", "many"], 2);
    assert_refused(&f, &["tenant", "set", "fabrikam", "--region", "mars"], 2);
}

// ----------------------------------------------------------- list formats

#[test]
fn list_table_has_a_header_and_a_row_per_tenant() {
    let f = populated();
    let out = assert_prints(&f, &["tenant", "list"]);
    assert!(
        !out.contains('\u{1b}'),
        "no colour codes with NO_COLOR: {out:?}"
    );
    assert!(
        out.lines().all(|l| l.chars().count() <= 100),
        "fits 100 columns:\n{out}"
    );
}

#[test]
fn list_json_is_an_array_of_tenant_objects() {
    let f = populated();
    let out = f.ok(&["tenant", "list", "--format", "json"]);
    let v = parse_json(out.as_bytes());
    let arr = v.as_array().expect("an array");
    assert_eq!(arr.len(), 4);
    for t in arr {
        let keys: Vec<&str> = t.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, TENANT_KEYS);
    }
    // `--json` is the same.
    assert_eq!(f.tenants(), v);
    // Empty is [].
    assert_eq!(
        parse_json(
            Ftc::new()
                .init()
                .ok(&["tenant", "list", "--json"])
                .as_bytes()
        ),
        json!([])
    );
}

#[test]
fn list_jsonl_is_one_object_per_line() {
    let f = populated();
    let out = f.ok(&["tenant", "list", "--format", "jsonl"]);
    assert_eq!(out.lines().count(), 4, "{out}");
    let rows = parse_jsonl(out.as_bytes());
    assert!(rows.iter().all(Value::is_object));
    assert_eq!(Value::Array(rows), f.tenants());
    assert_eq!(
        Ftc::new()
            .init()
            .ok(&["tenant", "list", "--format", "jsonl"]),
        ""
    );
}

#[test]
fn list_csv_has_the_header_row_then_rows() {
    let f = populated();
    let out = f.ok(&["tenant", "list", "--format", "csv"]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        "domain,tenant_id,customer,tpid,region,seats,eligible,source,fm,managed,winner,covid_rfa,goback,stage,assignment"
    );
    assert_eq!(lines.len(), 5, "{out}");
    assert_eq!(
        lines[1],
        format!("contoso.onmicrosoft.com,{CONTOSO_GUID},Contoso Ltd,100,americas,5000,true,commerce,alice,true,false,false,false,new,")
    );
    assert_eq!(
        lines[4],
        "northwind.onmicrosoft.com,,Northwind Traders,,apj,10,true,exception,chen,true,false,false,false,new,"
    );
    // Empty: the header alone.
    assert_eq!(
        Ftc::new()
            .init()
            .ok(&["tenant", "list", "--format", "csv"])
            .lines()
            .count(),
        1
    );
}

#[test]
fn csv_quotes_names_with_commas() {
    let f = Ftc::new();
    f.add("fabrikam.com", "Fabrikam, Inc.", &[]);
    let out = f.ok(&["tenant", "list", "--format", "csv"]);
    assert!(
        out.lines().nth(1).unwrap().contains("\"Fabrikam, Inc.\""),
        "{out}"
    );
}

#[rstest]
#[case("json")]
#[case("jsonl")]
#[case("csv")]
#[case("table")]
fn format_from_the_environment(#[case] format: &str) {
    let f = populated();
    let by_env = f
        .cmd()
        .env("FTC_FORMAT", format)
        .args(["tenant", "list"])
        .output()
        .unwrap();
    assert_eq!(by_env.status.code(), Some(0));
    let by_flag = f.ok(&["tenant", "list", "--format", format]);
    assert_eq!(texts(&by_env).0, by_flag);
}

#[test]
fn format_flags_beat_the_environment_and_go_anywhere() {
    let f = populated();
    let out = f
        .cmd()
        .env("FTC_FORMAT", "csv")
        .args(["tenant", "list", "--json"])
        .output()
        .unwrap();
    assert_eq!(parse_json(&out.stdout), f.tenants());
    let out = f
        .cmd()
        .env("FTC_FORMAT", "csv")
        .args(["--format", "jsonl", "tenant", "list"])
        .output()
        .unwrap();
    assert_eq!(texts(&out).0.lines().count(), 4);
    assert_eq!(parse_jsonl(&out.stdout).len(), 4);
    f.cmd()
        .env("FTC_FORMAT", "yaml")
        .args(["tenant", "list"])
        .assert()
        .code(2);
    assert_refused(&f, &["tenant", "list", "--format", "xml"], 2);
}

// ----------------------------------------------------------- list filters

#[rstest]
#[case::region(&["--region", "americas"], &["contoso.onmicrosoft.com", "contosolab.onmicrosoft.com"])]
#[case::region_alias(&["--region", "amer"], &["contoso.onmicrosoft.com", "contosolab.onmicrosoft.com"])]
#[case::region_emea(&["--region", "emea"], &["fabrikam.onmicrosoft.com"])]
#[case::region_apac(&["--region", "apac"], &["northwind.onmicrosoft.com"])]
#[case::fm(&["--fm", "alice"], &["contoso.onmicrosoft.com", "contosolab.onmicrosoft.com"])]
#[case::fm_bob(&["--fm", "bob"], &["fabrikam.onmicrosoft.com"])]
#[case::fm_nobody(&["--fm", "zed"], &[])]
#[case::customer_any_case(&["--customer", "CONTOSO"], &["contoso.onmicrosoft.com", "contosolab.onmicrosoft.com"])]
#[case::customer_part(&["--customer", "wind tr"], &["northwind.onmicrosoft.com"])]
#[case::customer_none(&["--customer", "xyz"], &[])]
#[case::eligible(&["--eligible"], &["contoso.onmicrosoft.com", "fabrikam.onmicrosoft.com", "northwind.onmicrosoft.com"])]
#[case::ineligible(&["--ineligible"], &["contosolab.onmicrosoft.com"])]
#[case::stage_new(&["--stage", "new"], &["contoso.onmicrosoft.com", "fabrikam.onmicrosoft.com", "northwind.onmicrosoft.com"])]
#[case::stage_ineligible(&["--stage", "ineligible"], &["contosolab.onmicrosoft.com"])]
#[case::stage_assigned(&["--stage", "assigned"], &[])]
#[case::combined(&["--region", "americas", "--eligible"], &["contoso.onmicrosoft.com"])]
#[case::combined_fm_customer(&["--fm", "alice", "--customer", "fab"], &[])]
fn list_filters(#[case] filter: &[&str], #[case] want: &[&str]) {
    let f = populated();
    let mut args = vec!["tenant", "list"];
    args.extend_from_slice(filter);
    assert_eq!(domains(&f.json(&args)), want);
}

#[rstest]
#[case(&["--eligible", "--ineligible"])]
#[case(&["--stage", "bogus"])]
#[case(&["--region", "mars"])]
fn bad_list_filters_exit_2(#[case] filter: &[&str]) {
    let f = populated();
    assert_refused(&f, &[&["tenant", "list"], filter].concat(), 2);
}

// ------------------------------------------------------- tenant references

#[rstest]
#[case::domain("contoso.onmicrosoft.com")]
#[case::domain_upper("CONTOSO.OnMicrosoft.COM")]
#[case::label("contoso")]
#[case::label_upper("Contoso")]
#[case::guid(CONTOSO_GUID)]
#[case::guid_upper("B807A900-75A2-441A-B42D-40173E8DD30E")]
#[case::guid_braced("{b807a900-75a2-441a-b42d-40173e8dd30e}")]
fn tenant_references(#[case] reference: &str) {
    let f = populated();
    assert_eq!(
        f.show(reference)["domain"],
        json!("contoso.onmicrosoft.com")
    );
    assert_eq!(f.history(reference).as_array().unwrap().len(), 1);
    let t = f.json(&["tenant", "set", reference, "--seats", "5001"]);
    assert_eq!(t["domain"], json!("contoso.onmicrosoft.com"));
    assert_eq!(t["seats"], json!(5001));
}

#[rstest]
#[case::unknown_label("nosuch")]
#[case::unknown_domain("nosuch.onmicrosoft.com")]
#[case::unknown_guid("00000000-0000-4000-8000-000000000000")]
#[case::partial_label("contos")]
fn unknown_tenants_exit_1(#[case] reference: &str) {
    let f = populated();
    let cmds: [&[&str]; 3] = [&["tenant", "show"], &["history"], &["tenant", "set"]];
    for c in cmds {
        let mut args = c.to_vec();
        args.push(reference);
        if c == ["tenant", "set"] {
            args.extend(["--seats", "1"]);
        }
        assert_refused(&f, &args, 1);
    }
}

#[test]
fn an_ambiguous_label_exits_1_and_names_the_candidates() {
    let f = populated();
    f.add("contoso.com", "Contoso Ltd", &["--same-customer", "100"]);
    assert_refused(&f, &["tenant", "show", "contoso"], 1);
    assert_refused(&f, &["tenant", "set", "contoso", "--seats", "1"], 1);
    // The full domain still works.
    assert_eq!(f.show("contoso.com")["domain"], json!("contoso.com"));
}

// ---------------------------------------------------------- tenant dupes

fn dupes_db() -> Ftc {
    let f = Ftc::new();
    f.add("contoso.onmicrosoft.com", "Contoso Ltd", &["--tpid", "100"]);
    f.add("contosoinc.onmicrosoft.com", "CONTOSO, Inc.", &["--force"]);
    f.add("contosso.onmicrosoft.com", "Contosso", &["--force"]);
    f.add(
        "ibmcorp.onmicrosoft.com",
        "International Business Machines",
        &[],
    );
    f.add("ibm.onmicrosoft.com", "IBM", &["--force"]);
    f.add("fabrikam.onmicrosoft.com", "Fabrikam", &[]);
    f
}

fn has_pair(pairs: &[Value], x: &str, y: &str, reason: &str) -> bool {
    pairs.iter().any(|p| {
        let (a, b) = (p["a"].as_str().unwrap(), p["b"].as_str().unwrap());
        ((a == x && b == y) || (a == y && b == x)) && p["reason"] == json!(reason)
    })
}

#[test]
fn dupes_lists_pairs_with_score_and_reason() {
    let f = dupes_db();
    let v = f.json(&["tenant", "dupes"]);
    let pairs = v.as_array().expect("an array");
    for p in pairs {
        for k in ["a", "b", "score", "reason"] {
            assert!(p.get(k).is_some(), "{k} missing in {p}");
        }
        let score = p["score"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&score), "{p}");
        let reason = p["reason"].as_str().unwrap();
        assert!(
            ["same-tpid", "same-name", "similar-name", "acronym"].contains(&reason),
            "{p}"
        );
        assert_ne!(p["a"], p["b"], "{p}");
    }
    assert!(
        has_pair(pairs, "Contoso Ltd", "CONTOSO, Inc.", "same-name"),
        "{v}"
    );
    assert!(
        has_pair(pairs, "Contoso Ltd", "Contosso", "similar-name"),
        "{v}"
    );
    assert!(
        has_pair(pairs, "International Business Machines", "IBM", "acronym"),
        "{v}"
    );
    let same = pairs
        .iter()
        .find(|p| p["reason"] == json!("same-name"))
        .unwrap();
    assert_eq!(same["score"].as_f64(), Some(1.0));
    assert!(
        !pairs
            .iter()
            .any(|p| p["a"] == json!("Fabrikam") || p["b"] == json!("Fabrikam")),
        "{v}"
    );
    // Each pair once.
    let mut seen: Vec<(String, String)> = pairs
        .iter()
        .map(|p| {
            let mut x = [
                p["a"].as_str().unwrap().to_string(),
                p["b"].as_str().unwrap().to_string(),
            ];
            x.sort();
            (x[0].clone(), x[1].clone())
        })
        .collect();
    let n = seen.len();
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), n, "{v}");
}

#[test]
fn dupes_min_score_filters() {
    let f = dupes_db();
    let v = f.json(&["tenant", "dupes", "--min-score", "1.0"]);
    let pairs = v.as_array().unwrap();
    assert!(!pairs.is_empty());
    assert!(
        pairs.iter().all(|p| p["score"].as_f64().unwrap() >= 1.0),
        "{v}"
    );
    assert_refused(&f, &["tenant", "dupes", "--min-score", "2"], 2);
    assert_refused(&f, &["tenant", "dupes", "--min-score", "high"], 2);
}

#[test]
fn dupes_on_distinct_customers_is_empty() {
    let f = Ftc::new();
    f.init();
    assert_eq!(f.json(&["tenant", "dupes"]), json!([]));
    f.add("contoso.onmicrosoft.com", "Contoso Ltd", &[]);
    f.add("fabrikam.onmicrosoft.com", "Fabrikam", &[]);
    assert_eq!(f.json(&["tenant", "dupes"]), json!([]));
}

/// A qualifier in one name only ("State") names another organisation:
/// `tenant add` takes the second university without `--force`, `tenant
/// dupes` lists nothing at the default score, and a low `--min-score`
/// shows the pair with the halved score and why.
#[test]
fn a_qualifier_in_one_name_only_is_another_organisation() {
    let f = Ftc::new();
    f.init();
    f.add("utoronto.onmicrosoft.com", "University of Toronto", &[]);
    f.add(
        "torontostate.onmicrosoft.com",
        "Toronto State University",
        &[],
    );
    assert_eq!(f.json(&["tenant", "dupes"]), json!([]));
    let v = f.json(&["tenant", "dupes", "--min-score", "0.3"]);
    let pairs = v.as_array().unwrap();
    assert_eq!(pairs.len(), 1, "{v}");
    assert!(pairs[0]["score"].as_f64().unwrap() < 0.5, "{v}");
    assert!(
        pairs[0]["why"]
            .as_str()
            .unwrap()
            .ends_with("differ: state (state in one name only: score halved)"),
        "{v}"
    );
}
