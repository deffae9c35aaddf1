//! GoBack tenants (SPEC 1 and rule 4.2): an existing tenant handed back for
//! another look. Its earlier assignment decides whether it is left alone
//! (stage `skip`) or worked again from the start of the cadence; an
//! assignment applied after it was marked is a new one (stage `assigned`).

use super::assignment::AssignOption;
use chrono::{Days, NaiveDate};

/// Which of a tenant's assignments (oldest first, by their days) is in
/// force: the latest; for a GoBack tenant the latest applied on a day after
/// the one it was marked on. One applied on that day or before is the
/// earlier assignment being looked at again.
pub fn in_force(goback_on: Option<NaiveDate>, days: &[NaiveDate]) -> Option<usize> {
    match goback_on {
        None => days.len().checked_sub(1),
        Some(g) => days.iter().rposition(|d| *d > g),
    }
}

/// The assignment a GoBack tenant was handed back with: the latest applied
/// on or before the day it was marked.
pub fn earlier(goback_on: NaiveDate, days: &[NaiveDate]) -> Option<usize> {
    days.iter().rposition(|d| *d <= goback_on)
}

/// Whether the CSS activity rule needs the tenant's last activity.
pub fn needs_activity(earlier: Option<AssignOption>) -> bool {
    matches!(
        earlier,
        Some(AssignOption::Css) | Some(AssignOption::PartnerCss)
    )
}

/// What the GoBack rule says about a tenant with no assignment in force.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Leave it alone, and why.
    Skip(String),
    /// Work it again: the cadence starts over on this day.
    Rework { from: NaiveDate },
}

/// The GoBack rule. `earlier` is the assignment it was handed back with;
/// `last_activity` its last note, DIBS or status change or cadence entry up
/// to the day it was marked (what came later is the FM's own look at it);
/// `days` is `goback.css_activity_days`. Activity counts from `today - days`
/// through today. When the activity ages out, the rework starts the day
/// after it does.
pub fn verdict(
    goback_on: NaiveDate,
    earlier: Option<AssignOption>,
    last_activity: Option<NaiveDate>,
    today: NaiveDate,
    days: u32,
) -> Verdict {
    match earlier {
        Some(o @ (AssignOption::FrpEngaged | AssignOption::FrpReferral)) => Verdict::Skip(format!(
            "GoBack tenant assigned {o}: a FastTrack Ready Partner works it; leave it alone"
        )),
        Some(o @ (AssignOption::Css | AssignOption::PartnerCss)) => {
            let Some(last) = last_activity else {
                return Verdict::Rework { from: goback_on };
            };
            let ends = last
                .checked_add_days(Days::new(u64::from(days)))
                .unwrap_or(NaiveDate::MAX);
            if today <= ends {
                Verdict::Skip(format!(
                    "GoBack tenant assigned {o} with activity on {last}, within {days} days: \
                     CSS is working it; leave it alone until {ends}"
                ))
            } else {
                Verdict::Rework {
                    from: goback_on.max(ends.succ_opt().unwrap_or(ends)),
                }
            }
        }
        _ => Verdict::Rework { from: goback_on },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn which_assignment_is_in_force() {
        let days = [day("2027-03-01"), day("2027-06-01")];
        assert_eq!(in_force(None, &days), Some(1));
        assert_eq!(in_force(None, &[]), None);
        // Marked after both: neither is in force; the later is the earlier one.
        assert_eq!(in_force(Some(day("2027-06-15")), &days), None);
        assert_eq!(earlier(day("2027-06-15"), &days), Some(1));
        // Marked on the day of the second: that one is being looked at again.
        assert_eq!(in_force(Some(day("2027-06-01")), &days), None);
        assert_eq!(earlier(day("2027-06-01"), &days), Some(1));
        // Marked between them: the second is a new assignment.
        assert_eq!(in_force(Some(day("2027-04-01")), &days), Some(1));
        assert_eq!(earlier(day("2027-04-01"), &days), Some(0));
        assert_eq!(earlier(day("2027-01-01"), &days), None);
    }

    /// (earlier option, last activity, today, skipped?, rework from)
    #[rstest]
    #[case(Some(AssignOption::FrpEngaged), None, "2027-07-01", true, None)]
    #[case(
        Some(AssignOption::FrpReferral),
        Some("2026-01-01"),
        "2027-07-01",
        true,
        None
    )]
    // CSS active 89 and 90 days before today: left alone
    #[case(Some(AssignOption::Css), Some("2027-04-03"), "2027-07-01", true, None)]
    #[case(
        Some(AssignOption::PartnerCss),
        Some("2027-04-02"),
        "2027-07-01",
        true,
        None
    )]
    // 91 days: worked again, from the day the activity aged out
    #[case(
        Some(AssignOption::Css),
        Some("2027-04-01"),
        "2027-07-01",
        false,
        Some("2027-07-01")
    )]
    // long quiet: from the GoBack day
    #[case(
        Some(AssignOption::Css),
        Some("2026-01-01"),
        "2027-07-01",
        false,
        Some("2027-06-20")
    )]
    #[case(Some(AssignOption::Css), None, "2027-07-01", false, Some("2027-06-20"))]
    // any other option, or none: worked again from the GoBack day
    #[case(
        Some(AssignOption::Reactive),
        Some("2027-06-30"),
        "2027-07-01",
        false,
        Some("2027-06-20")
    )]
    #[case(None, None, "2027-07-01", false, Some("2027-06-20"))]
    fn the_goback_rule(
        #[case] earlier: Option<AssignOption>,
        #[case] activity: Option<&str>,
        #[case] today: &str,
        #[case] skipped: bool,
        #[case] from: Option<&str>,
    ) {
        let v = verdict(
            day("2027-06-20"),
            earlier,
            activity.map(day),
            day(today),
            90,
        );
        match v {
            Verdict::Skip(why) => {
                assert!(skipped, "{why}");
                assert!(why.contains("leave it alone"));
            }
            Verdict::Rework { from: f } => {
                assert!(!skipped);
                assert_eq!(Some(f), from.map(day));
            }
        }
    }
}
