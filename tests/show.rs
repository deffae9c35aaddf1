//! `tenant show` brings the service record together: workloads (DIBS,
//! status, intent note), notes, tasks, cadence.

use crate::common::{assert_prints, Ftc};

#[test]
fn show_lists_workloads_notes_tasks_and_cadence() {
    let f = Ftc::new();
    f.add(
        "contoso.onmicrosoft.com",
        "Contoso",
        &["--seats", "5000", "--region", "emea"],
    );
    // Nothing recorded yet: the next step is the first contact.
    assert_prints(&f, &["tenant", "show", "contoso"]);
    f.ok(&[
        "dibs",
        "record",
        "contoso",
        "--workload",
        "exo",
        "--source",
        "customer",
        "--go-live",
        "2027-09-01",
        "--intent",
        "yes",
        "--reason",
        "increase security",
        "--owner",
        "Ann",
    ]);
    f.ok(&[
        "status",
        "set",
        "contoso",
        "--workload",
        "exchange",
        "--total",
        "10",
        "--row",
        "In Progress=6@2027-09-01",
        "--row",
        "Status Unknown|Customer Unresponsive=4",
    ]);
    f.ok(&[
        "note",
        "intent",
        "contoso",
        "--workload",
        "exchange",
        "--text",
        "The customer plans to move all mailboxes because the servers reach end of life.",
    ]);
    for i in 0..5 {
        f.ok(&["note", "add", "contoso", "--text", &format!("note {i}")]);
    }
    let v = f.show("contoso");
    let w = v["workloads"].as_array().unwrap();
    assert_eq!(w.len(), 1, "{v}");
    assert_eq!(w[0]["workload"], "exchange");
    assert_eq!(w[0]["dibs"]["complete"], true);
    assert_eq!(w[0]["dibs"]["reason"], "Increase Security");
    assert_eq!(w[0]["status"]["total"], 10);
    assert_eq!(w[0]["status"]["balanced"], true);
    assert!(w[0]["intent_note"]
        .as_str()
        .unwrap()
        .starts_with("The customer plans"));
    // The last 4 notes, newest first; --all-notes every one.
    let notes = v["notes"].as_array().unwrap();
    assert_eq!(notes.len(), 4);
    assert_eq!(notes[0]["text"], "note 4");
    let all = f.json(&["tenant", "show", "contoso", "--all-notes"]);
    assert_eq!(all["notes"].as_array().unwrap().len(), 6);
    // Tasks: the first full DIBS from the customer completed 3995.
    let t3995 = v["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == 3995)
        .unwrap()
        .clone();
    assert_eq!(t3995["status"], "Complete");
    // Full DIBS decide css: that assignment is the one next step, not a contact.
    assert_eq!(v["cadence"]["next"], serde_json::Value::Null);
    assert_eq!(v["cadence"]["next_step"]["kind"], "assign");
    assert_eq!(v["cadence"]["next_step"]["option"], "css");
    assert_eq!(v["stage"], "new");
    // The table shows the same, readably (piped: a row is one line).
    assert_prints(&f, &["tenant", "show", "contoso"]);
}

#[test]
fn the_config_adds_workloads_reasons_and_l3_values() {
    let f = Ftc::with_config(
        "[reference]\n\
         business_reasons = [\"Reduce Carbon Footprint\"]\n\
         workloads = [{ slug = \"loop\", name = \"Microsoft Loop\", aliases = [\"fluid\"], frp_eligible = false }]\n\
         taxonomy = [{ l1 = \"Blocked\", l2 = \"Adoption Readiness\", l3 = \"Union Consultation\", workload = \"loop\" }]\n",
    );
    f.add("contoso.onmicrosoft.com", "Contoso", &["--seats", "5000"]);
    f.ok(&[
        "dibs",
        "record",
        "contoso",
        "--workload",
        "fluid",
        "--source",
        "customer",
        "--intent",
        "yes",
        "--reason",
        "reduce carbon footprint",
    ]);
    f.ok(&[
        "status",
        "set",
        "contoso",
        "--workload",
        "Microsoft Loop",
        "--total",
        "5",
        "--row",
        "Blocked|Adoption Readiness|Union Consultation=5@2027-09-01",
    ]);
    let v = f.show("contoso");
    assert_eq!(v["workloads"][0]["workload"], "loop");
    assert_eq!(
        v["workloads"][0]["dibs"]["reason"],
        "Reduce Carbon Footprint"
    );
    assert_eq!(
        v["workloads"][0]["status"]["rows"][0]["l3"],
        "Union Consultation"
    );

    // Without the config none of it is known.
    let plain = Ftc::new();
    plain.add("contoso.onmicrosoft.com", "Contoso", &["--seats", "5000"]);
    let out = plain
        .cmd()
        .args([
            "dibs",
            "record",
            "contoso",
            "--workload",
            "loop",
            "--source",
            "customer",
            "--intent",
            "yes",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));

    // A broken [reference] entry names the file and exits 2.
    let bad = Ftc::with_config(
        "[reference]\ntaxonomy = [{ l1 = \"Nope\", l2 = \"x\", workload = \"*\" }]\n",
    );
    let out = bad.cmd().args(["tenant", "list"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("config.toml"));
}
