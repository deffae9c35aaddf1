//! The status split rules as a table: valid splits and each kind of refusal.

use super::*;
use crate::config::ReferenceExt;
use crate::reference::TaxonomyRow;
use rstest::rstest;
use std::sync::OnceLock;

/// The shipped data, or the shipped data plus two config L3 values: one for
/// every workload, one for Teams only (under an L2 that had no L3).
fn reference(extended: bool) -> Reference {
    if !extended {
        return Reference::builtin();
    }
    let row = |l1: &str, l2: &str, l3: &str, w: &str| TaxonomyRow {
        l1: l1.into(),
        l2: l2.into(),
        l3: Some(l3.into()),
        workload: w.into(),
    };
    Reference::with(&ReferenceExt {
        taxonomy: vec![
            row("blocked", "adoption-readiness", "Union Consultation", "*"),
            row(
                "Status Unknown",
                "Customer Unresponsive",
                "Out of Office",
                "teams",
            ),
        ],
        ..Default::default()
    })
    .unwrap()
}

/// A short name for each outcome, so the table reads as a table.
fn kind(r: &Result<Vec<StatusRow>, StatusError>) -> &'static str {
    use StatusError::*;
    match r {
        Ok(_) => "ok",
        Err(Malformed { .. }) => "malformed",
        Err(BadCount { .. }) => "bad-count",
        Err(BadDate { .. }) => "bad-date",
        Err(Unknown {
            level: Level::L1, ..
        }) => "unknown-l1",
        Err(Unknown {
            level: Level::L2, ..
        }) => "unknown-l2",
        Err(Unknown {
            level: Level::L3, ..
        }) => "unknown-l3",
        Err(L2NotAllowed { .. }) => "l2-not-allowed",
        Err(L2Missing { .. }) => "l2-missing",
        Err(L2Forbidden { .. }) => "l2-forbidden",
        Err(L3NotAllowed { .. }) => "l3-not-allowed",
        Err(L3Missing { .. }) => "l3-missing",
        Err(L3Forbidden { .. }) => "l3-forbidden",
        Err(TargetMissing { .. }) => "target-missing",
        Err(TargetForbidden { .. }) => "target-forbidden",
        Err(Duplicate { .. }) => "duplicate",
        Err(Unbalanced { .. }) => "unbalanced",
    }
}

fn check(
    extended: bool,
    workload: &str,
    total: u32,
    rows: &[&str],
) -> Result<Vec<StatusRow>, StatusError> {
    static PLAIN: OnceLock<Reference> = OnceLock::new();
    static EXTENDED: OnceLock<Reference> = OnceLock::new();
    let r = if extended {
        EXTENDED.get_or_init(|| reference(true))
    } else {
        PLAIN.get_or_init(|| reference(false))
    };
    let parsed: Vec<RowInput> = rows.iter().map(|r| parse_row(r).unwrap()).collect();
    check_split(r, workload, total, &parsed)
}

const AUG: &str = "@2027-08-01";

#[rstest]
// valid splits
#[case::one_row_in_progress(false, "exchange", 10, &["In Progress||=10@2027-08-01"], "ok")]
#[case::unknown_and_in_progress(false, "exchange", 8, &["Status Unknown|Customer Unresponsive|=3", "In Progress||=5@2027-08-01"], "ok")]
#[case::new_subscription(false, "sharepoint", 4, &["Status Unknown|New Subscription or Workload|=4"], "ok")]
#[case::privacy_m365_apps(false, "m365-apps", 4, &["Blocked|Adoption Readiness|Privacy=4@2027-09-01"], "ok")]
#[case::privacy_windows(false, "windows", 4, &["Blocked|Adoption Readiness|Privacy=4@2027-09-01"], "ok")]
#[case::slugs(false, "teams", 2, &["blocked|adoption-readiness|other=2@2027-09-01"], "ok")]
#[case::any_case(false, "sharepoint", 2, &["BLOCKED|adoption READINESS|OTHER=2@2027-09-01"], "ok")]
#[case::duplicate_invalid(false, "exchange", 3, &["Duplicate/Invalid||=3"], "ok")]
#[case::duplicate_invalid_slug_short(false, "exchange", 3, &["duplicate-invalid=3"], "ok")]
#[case::competitor_for_its_workload(false, "teams", 3, &["No Intent|Using Competitive Solution|Slack=3"], "ok")]
#[case::edge_only_l3(false, "edge", 3, &["Blocked|IT Change Management and Resourcing|Resource Limitation=3@2027-09-01"], "ok")]
#[case::l2_with_a_comma(false, "teams", 2, &["Blocked|Billing, Licensing and Subscription|No free trial=2@2027-09-01"], "ok")]
#[case::same_row_other_dates(false, "exchange", 10, &["In Progress||=5@2027-08-01", "In Progress=5@2027-09-01"], "ok")]
#[case::zero_total(false, "exchange", 0, &["Status Unknown|New Subscription or Workload|=0"], "ok")]
#[case::five_l1s(false, "m365-apps", 15, &["Status Unknown|Customer Unresponsive|=1", "In Progress||=2@2027-08-01", "Blocked|App Compatibility|(OPP) Legacy Macros=3@2027-10-01", "No Intent|Using Competitive Solution|WPS Office=4", "Duplicate/Invalid||=5"], "ok")]
#[case::config_l3_everywhere(true, "exchange", 1, &["Blocked|Adoption Readiness|Union Consultation=1@2027-09-01"], "ok")]
#[case::config_l3_for_teams(true, "teams", 1, &["Status Unknown|Customer Unresponsive|Out of Office=1"], "ok")]
#[case::config_l3_keeps_empty_l3(true, "teams", 1, &["Status Unknown|Customer Unresponsive|=1"], "ok")]
// a value not in the taxonomy
#[case::unknown_l1(false, "exchange", 3, &["Pending=3"], "unknown-l1")]
#[case::unknown_l2(false, "exchange", 3, &["Blocked|Weather|Other=3@2027-09-01"], "unknown-l2")]
#[case::unknown_l3(false, "exchange", 3, &["No Intent|Using Competitive Solution|Lotus=3"], "unknown-l3")]
#[case::config_l3_not_shipped(false, "exchange", 1, &["Blocked|Adoption Readiness|Union Consultation=1@2027-09-01"], "unknown-l3")]
// an L2 not allowed, missing, or present where it must not be
#[case::l2_of_another_l1(false, "exchange", 3, &["Blocked|Customer Unresponsive|=3@2027-09-01"], "l2-not-allowed")]
#[case::l2_missing_blocked(false, "exchange", 3, &["Blocked=3@2027-09-01"], "l2-missing")]
#[case::l2_missing_no_intent(false, "exchange", 3, &["No Intent||=3"], "l2-missing")]
#[case::l2_on_in_progress(false, "exchange", 3, &["In Progress|Adoption Readiness|=3@2027-08-01"], "l2-forbidden")]
#[case::l2_on_duplicate(false, "exchange", 3, &["Duplicate/Invalid|Customer Unresponsive|=3"], "l2-forbidden")]
// an L3 not allowed for that L2 and workload, or missing
#[case::privacy_exchange(false, "exchange", 4, &["Blocked|Adoption Readiness|Privacy=4@2027-09-01"], "l3-not-allowed")]
#[case::competitor_other_workload(false, "power-bi", 3, &["No Intent|Using Competitive Solution|Slack=3"], "l3-not-allowed")]
#[case::edge_l3_on_exchange(false, "exchange", 3, &["Blocked|IT Change Management and Resourcing|Resource Limitation=3@2027-09-01"], "l3-not-allowed")]
#[case::l3_missing(false, "exchange", 3, &["Blocked|Adoption Readiness|=3@2027-09-01"], "l3-missing")]
#[case::l3_missing_no_intent(false, "teams", 3, &["No Intent|Executive Sponsorship|=3"], "l3-missing")]
#[case::l3_under_l2_without(false, "exchange", 3, &["Status Unknown|Customer Unresponsive|Other=3"], "l3-forbidden")]
#[case::l3_without_l2(false, "exchange", 3, &["In Progress||Other=3@2027-08-01"], "l3-forbidden")]
#[case::config_l3_other_workload(true, "exchange", 1, &["Status Unknown|Customer Unresponsive|Out of Office=1"], "l3-forbidden")]
// target dates
#[case::target_missing_in_progress(false, "exchange", 3, &["In Progress||=3"], "target-missing")]
#[case::target_missing_blocked(false, "exchange", 3, &["Blocked|Legal/Regulatory|Legal=3"], "target-missing")]
#[case::target_on_status_unknown(false, "exchange", 3, &["Status Unknown|Customer Unresponsive|=3@2027-08-01"], "target-forbidden")]
#[case::target_on_no_intent(false, "exchange", 3, &["No Intent|Executive Sponsorship|Other=3@2027-08-01"], "target-forbidden")]
#[case::target_on_duplicate(false, "exchange", 3, &["Duplicate/Invalid||=3@2027-08-01"], "target-forbidden")]
// the split as a whole
#[case::short_of_total(false, "exchange", 10, &["In Progress||=5@2027-08-01"], "unbalanced")]
#[case::over_total(false, "exchange", 4, &["In Progress||=5@2027-08-01"], "unbalanced")]
#[case::repeated_row(false, "exchange", 10, &["In Progress||=5@2027-08-01", "in-progress=5@2027-08-01"], "duplicate")]
#[case::row_errors_before_the_sum(false, "exchange", 99, &["In Progress||=5@2027-08-01", "Pending=3"], "unknown-l1")]
fn splits(
    #[case] extended: bool,
    #[case] workload: &str,
    #[case] total: u32,
    #[case] rows: &[&str],
    #[case] expected: &str,
) {
    let got = check(extended, workload, total, rows);
    assert_eq!(kind(&got), expected, "{workload} {rows:?}: {got:?}");
    if let Err(e) = &got {
        assert!(!e.is_malformed());
        assert!(e.hint().is_some_and(|h| !h.is_empty()), "{e}: a hint");
        if !matches!(e, StatusError::Unbalanced { .. }) {
            assert!(e.to_string().starts_with("--row \""), "names the row: {e}");
        }
    }
}

#[test]
fn rows_get_display_names() {
    let rows = check(
        false,
        "teams",
        7,
        &[
            "blocked|billing-licensing-and-subscription|no-free-trial=2@2027-09-01",
            "status-unknown|customer-unresponsive=5",
        ],
    )
    .unwrap();
    assert_eq!(
        rows,
        vec![
            StatusRow {
                l1: "Blocked".into(),
                l2: Some("Billing, Licensing and Subscription".into()),
                l3: Some("No free trial".into()),
                count: 2,
                target: NaiveDate::from_ymd_opt(2027, 9, 1),
            },
            StatusRow {
                l1: "Status Unknown".into(),
                l2: Some("Customer Unresponsive".into()),
                l3: None,
                count: 5,
                target: None,
            },
        ]
    );
}

#[test]
fn a_slug_finds_the_l3_of_this_workload() {
    // Intune's "Windows 10 Enrollment Issues" and Defender's "Windows 10 -
    // Enrollment Issues" share a slug; each workload gets its own.
    for (w, name) in [
        ("intune", "Windows 10 Enrollment Issues"),
        ("defender-endpoint", "Windows 10 - Enrollment Issues"),
    ] {
        let rows = check(
            false,
            w,
            1,
            &["blocked|product-feature-capability|windows-10-enrollment-issues=1@2027-09-01"],
        )
        .unwrap();
        assert_eq!(rows[0].l3.as_deref(), Some(name));
    }
}

#[test]
fn other_is_allowed_under_every_l2_with_l3_values_for_every_workload() {
    let r = Reference::builtin();
    let mut checked = 0;
    for w in &r.workloads {
        for l1 in &r.l1 {
            for l2 in l2_values(&r, &l1.name, &w.slug) {
                let (l3s, empty_ok) = l3_values(&r, &l1.name, l2, &w.slug);
                if l3s.is_empty() {
                    assert!(empty_ok, "{} / {l2}: no L3 and no empty L3", l1.name);
                    continue;
                }
                assert!(!empty_ok, "{} / {l2} needs an L3", l1.name);
                let date = if l1.target_date == Rule::Required {
                    AUG
                } else {
                    ""
                };
                let row = format!("{}|{l2}|Other=1{date}", l1.slug);
                let got = check(false, &w.slug, 1, &[&row]);
                assert_eq!(kind(&got), "ok", "{row} for {}: {got:?}", w.slug);
                checked += 1;
            }
        }
    }
    assert!(checked > 200, "{checked}");
}

#[test]
fn hints_name_the_allowed_values_closest_first() {
    let hint = |workload: &str, total: u32, rows: &[&str]| {
        check(false, workload, total, rows)
            .unwrap_err()
            .hint()
            .unwrap()
    };
    assert!(hint("exchange", 3, &["In Progres=3"]).starts_with("L1 values: In Progress; "));
    // Nothing close: the reference order.
    assert_eq!(
        hint("exchange", 3, &["Pending=3"]),
        "L1 values: Status Unknown; In Progress; Blocked; No Intent; Duplicate/Invalid"
    );
    assert_eq!(
        hint("exchange", 3, &["In Progress||=3"]),
        "add the target date after the count: \"In Progress||=3@YYYY-MM-DD\""
    );
    assert_eq!(
        hint("exchange", 3, &["In Progress|Other|=3@2027-08-01"]),
        "leave the L2 empty: \"In Progress||=COUNT@YYYY-MM-DD\""
    );
    assert!(hint("exchange", 3, &["Blocked|Legal=3@2027-09-01"])
        .starts_with("L2 values of Blocked: Legal/Regulatory; "),);
    let h = hint(
        "exchange",
        3,
        &["Blocked|Adoption Readiness|Privacy=3@2027-09-01"],
    );
    assert!(h.ends_with(": Other"), "{h}");
    let h = hint(
        "m365-apps",
        3,
        &["Blocked|Adoption Readiness|=3@2027-09-01"],
    );
    assert_eq!(
        h,
        "L3 values of Adoption Readiness for m365-apps (Other when none fits): Other; Privacy"
    );
    // Long lists stop and point to `status values`.
    let h = hint(
        "intune",
        1,
        &["Blocked|Product Feature/Capability|Geofence=1@2027-09-01"],
    );
    assert!(
        h.starts_with("L3 values of Product Feature/Capability for intune: Geofencing"),
        "{h}"
    );
    assert!(
        h.contains("more (`ftc status values --workload intune --l1 blocked --l2 product-feature-capability` lists them)"),
        "{h}"
    );
    let h = hint(
        "exchange",
        3,
        &["Status Unknown|Customer Unresponsive|=3@2027-08-01"],
    );
    assert_eq!(
        h,
        "only In Progress and Blocked take a target date; remove @2027-08-01"
    );
    assert!(hint("exchange", 10, &["Duplicate/Invalid||=4"]).starts_with("add 6 to the counts"));
    assert!(hint("exchange", 2, &["Duplicate/Invalid||=4"]).starts_with("take 2 off"));
}

#[test]
fn messages_name_the_row_and_the_values() {
    let msg =
        |workload: &str, rows: &[&str]| check(false, workload, 3, rows).unwrap_err().to_string();
    assert_eq!(
        msg("exchange", &["Blocked|Adoption Readiness|Privacy=3@2027-09-01"]),
        "--row \"Blocked|Adoption Readiness|Privacy=3@2027-09-01\": Privacy is not an L3 of Adoption Readiness for exchange"
    );
    assert_eq!(
        msg("exchange", &["Pending=3"]),
        "--row \"Pending=3\": 'Pending' is not an L1 value"
    );
    assert_eq!(
        msg("exchange", &["Blocked|Weather|x=3@2027-09-01"]),
        "--row \"Blocked|Weather|x=3@2027-09-01\": 'Weather' is not an L2 value of Blocked"
    );
    assert_eq!(
        msg("exchange", &["In Progress||=3"]),
        "--row \"In Progress||=3\": In Progress needs a target date"
    );
    assert_eq!(
        check(false, "exchange", 10, &["Duplicate/Invalid||=4"])
            .unwrap_err()
            .to_string(),
        "the rows add up to 4, not to --total 10"
    );
}

#[rstest]
#[case(
    "In Progress||=5@2027-08-01",
    "In Progress",
    None,
    None,
    5,
    Some("2027-08-01")
)]
#[case(
    "Status Unknown|Customer Unresponsive|=3",
    "Status Unknown",
    Some("Customer Unresponsive"),
    None,
    3,
    None
)]
#[case(
    "  Blocked | Adoption Readiness | Other = 2 @ 2027-09-01 ",
    "Blocked",
    Some("Adoption Readiness"),
    Some("Other"),
    2,
    Some("2027-09-01")
)]
#[case(
    "In Progress=5@2027-08-01",
    "In Progress",
    None,
    None,
    5,
    Some("2027-08-01")
)]
#[case(
    "Status Unknown|Customer Unresponsive=0",
    "Status Unknown",
    Some("Customer Unresponsive"),
    None,
    0,
    None
)]
fn parses_rows(
    #[case] text: &str,
    #[case] l1: &str,
    #[case] l2: Option<&str>,
    #[case] l3: Option<&str>,
    #[case] count: u32,
    #[case] target: Option<&str>,
) {
    let r = parse_row(text).unwrap();
    assert_eq!(r.text, text.trim());
    assert_eq!(r.l1, l1);
    assert_eq!(r.l2.as_deref(), l2);
    assert_eq!(r.l3.as_deref(), l3);
    assert_eq!(r.count, count);
    assert_eq!(r.target.map(|d| d.to_string()).as_deref(), target);
}

#[rstest]
#[case::no_equals("In Progress||5@2027-08-01", "malformed")]
#[case::no_l1("|Customer Unresponsive|=3", "malformed")]
#[case::empty("", "malformed")]
#[case::date_sign_only("In Progress||=5@", "malformed")]
#[case::word_count("In Progress||=five", "bad-count")]
#[case::negative_count("In Progress||=-1", "bad-count")]
#[case::no_count("In Progress||=", "bad-count")]
#[case::fraction("In Progress||=2.5", "bad-count")]
#[case::too_large("In Progress||=99999999999", "bad-count")]
#[case::not_a_calendar_date("In Progress||=5@2027-02-30", "bad-date")]
#[case::other_date_form("In Progress||=5@01/08/2027", "bad-date")]
fn malformed_rows(#[case] text: &str, #[case] expected: &str) {
    let e = parse_row(text).unwrap_err();
    assert_eq!(kind(&Err(e.clone())), expected, "{text}: {e}");
    assert!(e.is_malformed());
    assert!(
        e.to_string().contains(&format!("\"{}\"", text.trim())),
        "{e}"
    );
    assert!(e.hint().unwrap().contains("L1|L2|L3=COUNT"));
}

#[test]
fn balanced_and_description() {
    let rows = check(
        false,
        "exchange",
        8,
        &[
            "In Progress||=5@2027-08-01",
            "Blocked|Adoption Readiness|Other=3@2027-09-01",
        ],
    )
    .unwrap();
    let mut s = WorkloadStatus {
        workload: "exchange".into(),
        total: 8,
        rows,
        updated_on: NaiveDate::from_ymd_opt(2027, 7, 1).unwrap(),
    };
    assert!(s.balanced());
    assert_eq!(
        describe(&s),
        "total 8: In Progress 5 by 2027-08-01; Blocked / Adoption Readiness / Other 3 by 2027-09-01"
    );
    s.total = 9;
    assert!(!s.balanced());
    assert_eq!(s.sum(), 8);
}

#[test]
fn other_is_added_where_the_taxonomy_leaves_it_out() {
    // The shipped taxonomy lists only `Legal` under Legal/Regulatory.
    let got = check(
        false,
        "exchange",
        2,
        &["Blocked|Legal/Regulatory|Other=2@2027-09-01"],
    )
    .unwrap();
    assert_eq!(got[0].l3.as_deref(), Some("Other"));
    let r = Reference::builtin();
    let (l3s, empty_ok) = l3_values(&r, "Blocked", "Legal/Regulatory", "exchange");
    assert_eq!(l3s, ["Legal", "Other"]);
    assert!(!empty_ok);
}

#[test]
fn combinations_list_every_allowed_row_with_the_missing_other() {
    let r = Reference::builtin();
    let all = combinations(&r);
    let under = |l2: &str| -> Vec<(Option<&str>, &str)> {
        all.iter()
            .filter(|c| c.l2.as_deref() == Some(l2))
            .map(|c| (c.l3.as_deref(), c.workload.as_str()))
            .collect()
    };
    assert_eq!(
        under("Legal/Regulatory"),
        [(Some("Legal"), "*"), (Some("Other"), "*")]
    );
    assert_eq!(under("Customer Unresponsive"), [(None, "*")]);
    let in_progress: Vec<_> = all.iter().filter(|c| c.l1 == "In Progress").collect();
    assert_eq!(in_progress.len(), 1);
    assert_eq!(in_progress[0].target_date, Rule::Required);
    // Every combination listed passes the check for its workload.
    for c in &all {
        let w = if c.workload == "*" {
            "exchange"
        } else {
            c.workload.as_str()
        };
        let date = if c.target_date == Rule::Required {
            AUG
        } else {
            ""
        };
        let row = format!(
            "{}|{}|{}=1{date}",
            c.l1,
            c.l2.as_deref().unwrap_or(""),
            c.l3.as_deref().unwrap_or("")
        );
        let got = check(false, w, 1, &[&row]);
        assert_eq!(kind(&got), "ok", "{row} for {w}: {got:?}");
    }
}
