//! The task checklist (`reference/tasks.csv`): which tasks a tenant's
//! checklist shows, and task statuses as typed.

use crate::reference::slug;

/// When a task is on a tenant's checklist (the `shown` column).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    /// On every checklist.
    Always,
    /// Once the tenant has a status stored for it (a pause, a `task set`).
    WhenUsed,
    /// When the tenant has an FTA request.
    FtaRequest,
    /// When the tenant is assigned `frp-referral`.
    FrpReferral,
}

impl Shown {
    /// The rule a `shown` value names. An unknown value is `Always`: a task
    /// is never hidden by a rule this build does not understand.
    pub fn parse(s: &str) -> Shown {
        match s.trim().to_ascii_lowercase().as_str() {
            "when-used" => Shown::WhenUsed,
            "fta-request" => Shown::FtaRequest,
            "frp-referral" => Shown::FrpReferral,
            _ => Shown::Always,
        }
    }

    /// What the tenant must have for the task to show, in words.
    pub fn condition(self) -> &'static str {
        match self {
            Shown::Always => "always",
            Shown::WhenUsed => "once a status is set",
            Shown::FtaRequest => "when the tenant has an FTA request",
            Shown::FrpReferral => "when the tenant is assigned frp-referral",
        }
    }
}

/// What decides whether a tenant's checklist shows a task.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Facts {
    /// The tenant has a status stored for this task.
    pub has_status: bool,
    /// The tenant has an FTA request.
    pub has_fta_request: bool,
    /// The tenant's assignment is `frp-referral`.
    pub assigned_frp_referral: bool,
}

/// Whether a task with this rule is on the tenant's checklist.
pub fn is_shown(rule: Shown, f: Facts) -> bool {
    match rule {
        Shown::Always => true,
        Shown::WhenUsed => f.has_status,
        Shown::FtaRequest => f.has_fta_request,
        Shown::FrpReferral => f.assigned_frp_referral,
    }
}

/// The status `input` names, as `statuses` spells it: in any case, or by
/// its slug (`paused-customer-delay`). `None` when it names none.
pub fn match_status<'a>(input: &str, statuses: &'a [String]) -> Option<&'a str> {
    let key = input.trim().to_lowercase();
    let key_slug = slug(&key);
    statuses
        .iter()
        .find(|s| s.to_lowercase() == key || (!key_slug.is_empty() && slug(s) == key_slug))
        .map(String::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    const ALL_FALSE: Facts = Facts {
        has_status: false,
        has_fta_request: false,
        assigned_frp_referral: false,
    };

    #[rstest]
    #[case(Shown::Always, ALL_FALSE, true)]
    #[case(Shown::WhenUsed, ALL_FALSE, false)]
    #[case(Shown::WhenUsed, Facts { has_status: true, ..ALL_FALSE }, true)]
    #[case(Shown::FtaRequest, ALL_FALSE, false)]
    #[case(Shown::FtaRequest, Facts { has_status: true, ..ALL_FALSE }, false)]
    #[case(Shown::FtaRequest, Facts { has_fta_request: true, ..ALL_FALSE }, true)]
    #[case(Shown::FrpReferral, Facts { has_fta_request: true, ..ALL_FALSE }, false)]
    #[case(Shown::FrpReferral, Facts { assigned_frp_referral: true, ..ALL_FALSE }, true)]
    fn shown_rules(#[case] rule: Shown, #[case] f: Facts, #[case] want: bool) {
        assert_eq!(is_shown(rule, f), want);
    }

    #[test]
    fn every_shipped_rule_is_known() {
        for t in crate::reference::Reference::builtin().tasks {
            let rule = Shown::parse(&t.shown);
            assert!(
                rule != Shown::Always || t.shown == "always",
                "task {} has an unknown rule {}",
                t.id,
                t.shown
            );
        }
        assert_eq!(Shown::parse("something-new"), Shown::Always);
    }

    #[rstest]
    #[case("Complete", Some("Complete"))]
    #[case("complete", Some("Complete"))]
    #[case("NOT STARTED", Some("Not Started"))]
    #[case("not-started", Some("Not Started"))]
    #[case("Paused-Customer Delay", Some("Paused-Customer Delay"))]
    #[case("paused-customer-delay", Some("Paused-Customer Delay"))]
    #[case("blocked-technical-ms", Some("Blocked-Technical-MS"))]
    #[case("Blocked-Technical-Customer", Some("Blocked-Technical-Customer"))]
    #[case("done", None)]
    #[case("", None)]
    fn statuses_match_in_any_case_or_by_slug(#[case] input: &str, #[case] want: Option<&str>) {
        let statuses = crate::reference::Reference::builtin().task_statuses;
        assert_eq!(match_status(input, &statuses), want);
    }

    #[test]
    fn status_slugs_are_unique() {
        let statuses = crate::reference::Reference::builtin().task_statuses;
        let mut slugs: Vec<String> = statuses.iter().map(|s| slug(s)).collect();
        slugs.sort();
        slugs.dedup();
        assert_eq!(slugs.len(), statuses.len());
    }
}
