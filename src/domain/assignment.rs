//! The delivery assignment option (SPEC rule 4.3, the DIBS flowchart): the
//! first rule that holds decides, and the reasons say why.

use super::cadence::Party;
use crate::domain::usage::{referral_usage, ReferralUsage};
use chrono::NaiveDate;
use serde::Serialize;
use std::fmt;

/// The options of `reference/assignment-options.csv`, in rule order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AssignOption {
    DuplicateInvalid,
    FrpEngaged,
    PartnerCss,
    PartnerNoDibs,
    Css,
    FrpReferral,
    AccountTeamDeclined,
    CustomerDeclined,
    NoIntent,
    Unresponsive,
    WantsFtcNoDibs,
    Reactive,
}

impl AssignOption {
    pub const ALL: [AssignOption; 12] = [
        AssignOption::DuplicateInvalid,
        AssignOption::FrpEngaged,
        AssignOption::PartnerCss,
        AssignOption::PartnerNoDibs,
        AssignOption::Css,
        AssignOption::FrpReferral,
        AssignOption::AccountTeamDeclined,
        AssignOption::CustomerDeclined,
        AssignOption::NoIntent,
        AssignOption::Unresponsive,
        AssignOption::WantsFtcNoDibs,
        AssignOption::Reactive,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AssignOption::DuplicateInvalid => "duplicate-invalid",
            AssignOption::FrpEngaged => "frp-engaged",
            AssignOption::PartnerCss => "partner-css",
            AssignOption::PartnerNoDibs => "partner-no-dibs",
            AssignOption::Css => "css",
            AssignOption::FrpReferral => "frp-referral",
            AssignOption::AccountTeamDeclined => "account-team-declined",
            AssignOption::CustomerDeclined => "customer-declined",
            AssignOption::NoIntent => "no-intent",
            AssignOption::Unresponsive => "unresponsive",
            AssignOption::WantsFtcNoDibs => "wants-ftc-no-dibs",
            AssignOption::Reactive => "reactive",
        }
    }

    pub fn parse(s: &str) -> Option<AssignOption> {
        AssignOption::ALL
            .into_iter()
            .find(|o| o.as_str().eq_ignore_ascii_case(s.trim()))
    }
}

impl fmt::Display for AssignOption {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An assignment as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredAssignment {
    pub id: i64,
    pub option: String,
    pub queue: String,
    pub assignee: Option<String>,
    pub on: NaiveDate,
    /// Applied with `--option`, over the rules.
    pub manual: bool,
    pub reasons: Vec<String>,
    /// An `frp-referral`: the MPN ID of the FRP it went to (`None`: not
    /// named yet, the referral waits in its queue).
    pub frp_mpn: Option<String>,
}

pub use super::dibs::Intent;

/// What the rules need to know of one workload's DIBS.
#[derive(Debug, Clone)]
pub struct WorkloadDibs {
    pub workload: String,
    pub frp_eligible: bool,
    pub go_live: bool,
    pub intent: Option<Intent>,
    pub reason: bool,
    pub owner: bool,
    /// The workload's `status --total`, when recorded.
    pub status_total: Option<i64>,
}

impl WorkloadDibs {
    /// Full DIBS: all four present and intent yes.
    pub fn full(&self) -> bool {
        super::dibs::is_full(self.go_live, self.intent, self.reason, self.owner)
    }
}

/// The partner on the tenant, as the rules see it.
#[derive(Debug, Clone)]
pub struct PartnerFacts {
    pub name: String,
    pub is_frp: bool,
    /// Deploys at least one workload.
    pub engaged: bool,
}

/// Everything the flowchart looks at.
#[derive(Debug, Clone, Default)]
pub struct Situation {
    pub duplicate_invalid: bool,
    pub partner: Option<PartnerFacts>,
    pub wants_ftc: Option<bool>,
    pub dibs: Vec<WorkloadDibs>,
    pub seats: i64,
    /// The tenant's seats are not known (`seats` is then 0): the reactive
    /// rule, which is about a small tenant, cannot hold.
    pub seats_unknown: bool,
    pub account_team_declined: bool,
    pub customer_declined: bool,
    pub unresponsive: bool,
    pub anyone_replied: bool,
    /// An RFA approved in the last 30 days: the RFA options apply (seed
    /// 004: "go to the assignment option for Request for Assistance").
    pub rfa: bool,
    /// The proactive cadence is still running: a contact may still bring
    /// the answer an option rests on (whether the customer wants FTC help,
    /// full DIBS), so such an option waits. False once the customer
    /// answered or the cadence ended, and for a tenant that is not
    /// contacted proactively (reactive, while nobody has replied).
    pub cadence_open: bool,
    /// What the cadence waits for, to explain why nothing applies yet
    /// (e.g. "customer attempt 2 is due 2027-07-13").
    pub waiting_for: Option<String>,
    /// The latest usage of each workload (empty: usage unknown), each with
    /// whether the workload is FRP-eligible (for the usage thresholds).
    pub usage: Vec<(crate::domain::usage::Usage, bool)>,
}

/// The thresholds of the `[assignment]` config.
#[derive(Debug, Clone, Copy)]
pub struct Thresholds {
    pub css_min_seats: i64,
    pub reactive_max_seats: i64,
    pub frp_referral_min_workload_seats: i64,
    pub usage: crate::domain::usage::UsageThresholds,
}

/// The option chosen and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub option: AssignOption,
    /// The FRP's name, for `frp-engaged` (its queue).
    pub frp: Option<String>,
    pub reasons: Vec<String>,
    /// The option rests on the answer "wants FTC help" (no, or never
    /// given): ready the day that answer came, or the cadence ended.
    pub rested: bool,
}

/// Apply rule 4.3: the first rule that holds, or what is missing.
pub fn decide(s: &Situation, t: &Thresholds) -> Result<Decision, Vec<String>> {
    let full: Vec<&WorkloadDibs> = s.dibs.iter().filter(|d| d.full()).collect();
    let wants = s.wants_ftc == Some(true);
    let done = |option, reasons: Vec<String>| {
        Ok(Decision {
            option,
            frp: None,
            reasons,
            rested: false,
        })
    };

    if s.duplicate_invalid {
        return done(
            AssignOption::DuplicateInvalid,
            vec!["the tenant is marked duplicate/invalid".into()],
        );
    }
    if let Some(p) = s.partner.as_ref().filter(|p| p.engaged) {
        if p.is_frp {
            return Ok(Decision {
                rested: false,
                option: AssignOption::FrpEngaged,
                frp: Some(p.name.clone()),
                reasons: vec![format!(
                    "the FastTrack Ready Partner {} is engaged (DIBS not needed)",
                    p.name
                )],
            });
        }
        let mut reasons = vec![format!(
            "the partner {} is engaged and is not an FRP",
            p.name
        )];
        if s.rfa {
            reasons.push("an RFA asks for FastTrack help".into());
            return done(AssignOption::PartnerCss, reasons);
        }
        if wants && !full.is_empty() {
            reasons.push("the customer wants FTC help".into());
            reasons.push(format!("full DIBS for {}", names(&full)));
            return done(AssignOption::PartnerCss, reasons);
        }
        // partner-no-dibs rests on an answer: that the customer does not
        // want help, or that no full DIBS is coming.
        if s.cadence_open && s.wants_ftc != Some(false) {
            return Err(waiting(
                s,
                if full.is_empty() {
                    format!(
                        "partner-no-dibs waits for an answer: the partner {} is engaged, and \
                         whether the customer wants FTC help with full DIBS is not known yet",
                        p.name
                    )
                } else {
                    format!(
                        "partner-css or partner-no-dibs waits for an answer: the partner {} is \
                         engaged and {} has full DIBS; partner-css if the customer wants FTC \
                         help, and that is not known yet (`ftc tenant set --wants-ftc yes|no`)",
                        p.name,
                        names(&full)
                    )
                },
            ));
        }
        reasons.push(if !wants {
            "the customer has not said it wants FTC help".into()
        } else {
            "no workload has full DIBS".into()
        });
        return done(AssignOption::PartnerNoDibs, reasons);
    }
    if !full.is_empty() {
        let mut reasons = vec![format!("full DIBS for {}", names(&full))];
        if s.seats >= t.css_min_seats {
            reasons.push(format!(
                "{} seats meet the CSS criteria ({} or more)",
                s.seats, t.css_min_seats
            ));
            return done(AssignOption::Css, reasons);
        }
        // frp-referral rests on the customer wanting FTC help (or an RFA):
        // below the CSS criteria, with a referable workload and that answer
        // still unknown while the cadence is open, css waits for it.
        let answer_pending = !s.rfa && s.wants_ftc.is_none() && s.cadence_open;
        let referable = s.dibs.iter().find(|d| {
            d.frp_eligible
                && d.go_live
                && d.intent == Some(Intent::Yes)
                && d.owner
                && d.status_total.unwrap_or(s.seats) >= t.frp_referral_min_workload_seats
        });
        if let Some(d) = referable {
            let workload = format!(
                "{} is FRP-eligible with {} seats, a go-live date, intent yes and a success owner",
                d.workload,
                d.status_total.unwrap_or(s.seats)
            );
            let latest: Vec<_> = s.usage.iter().map(|(u, _)| u.clone()).collect();
            match referral_usage(
                s.seats,
                &latest,
                |w| s.usage.iter().any(|(u, e)| u.workload == w && *e),
                &t.usage,
            ) {
                ReferralUsage::Fails(why) => {
                    reasons.push(format!("{workload}, but {why}"));
                }
                usage if wants || s.rfa => {
                    reasons.push(if s.rfa {
                        "an RFA asks for FastTrack help and no partner is engaged".into()
                    } else {
                        "the customer wants FTC help".into()
                    });
                    reasons.push(workload);
                    reasons.push(match usage {
                        ReferralUsage::Holds(why) => why,
                        _ => "usage not considered: none recorded for the tenant".into(),
                    });
                    return done(AssignOption::FrpReferral, reasons);
                }
                _ if answer_pending => {
                    return Err(waiting(
                        s,
                        format!(
                            "css waits for an answer: {workload}, so frp-referral applies \
                             if the customer wants FTC help, and that is not known yet \
                             (`ftc tenant set --wants-ftc yes|no`)"
                        ),
                    ));
                }
                _ => {
                    reasons.push(format!(
                        "{} seats, below the CSS criteria ({} or more)",
                        s.seats, t.css_min_seats
                    ));
                    reasons.push(format!(
                        "{workload}, but the customer {}, so no FRP referral",
                        if s.wants_ftc == Some(false) {
                            "does not want FTC help"
                        } else {
                            "never said it wants FTC help"
                        }
                    ));
                    return Ok(Decision {
                        option: AssignOption::Css,
                        frp: None,
                        reasons,
                        rested: true,
                    });
                }
            }
        }
        reasons.push(format!(
            "{} seats, below the CSS criteria, and no FRP referral applies",
            s.seats
        ));
        return done(AssignOption::Css, reasons);
    }
    if s.rfa {
        return done(
            AssignOption::Css,
            vec![
                "an RFA asks for FastTrack help".into(),
                "no partner is engaged and no workload meets the FRP referral criteria".into(),
            ],
        );
    }
    if s.account_team_declined {
        return done(
            AssignOption::AccountTeamDeclined,
            vec!["the account team declined to engage".into()],
        );
    }
    if s.customer_declined {
        return done(
            AssignOption::CustomerDeclined,
            vec!["the customer declined to engage".into()],
        );
    }
    let with_intent: Vec<&WorkloadDibs> = s.dibs.iter().filter(|d| d.intent.is_some()).collect();
    if !with_intent.is_empty() && with_intent.iter().all(|d| d.intent == Some(Intent::No)) {
        return done(
            AssignOption::NoIntent,
            vec![format!("intent no for {}", names(&with_intent))],
        );
    }
    if s.unresponsive {
        return done(
            AssignOption::Unresponsive,
            vec!["no reply after the third customer contact".into()],
        );
    }
    if wants && s.cadence_open {
        return Err(waiting(
            s,
            "wants-ftc-no-dibs waits for the cadence: the customer wants FTC help and \
             full DIBS may still come"
                .into(),
        ));
    }
    if wants {
        return done(
            AssignOption::WantsFtcNoDibs,
            vec![
                "the customer wants FTC help".into(),
                "no workload has full DIBS".into(),
            ],
        );
    }
    if s.seats <= t.reactive_max_seats && !s.seats_unknown && !s.anyone_replied {
        return done(
            AssignOption::Reactive,
            vec![format!(
                "{} seats (at most {}) and no party has replied",
                s.seats, t.reactive_max_seats
            )],
        );
    }
    let mut missing = Vec::new();
    if let Some(w) = &s.waiting_for {
        missing.push(w.clone());
    }
    if s.dibs.is_empty() {
        missing.push("no DIBS recorded yet (`ftc dibs record`)".into());
    } else {
        missing.push(
            "no workload has full DIBS (go-live date, intent yes, business reason, success owner)"
                .into(),
        );
    }
    if s.seats_unknown {
        missing.push("the tenant's seats are not known (`ftc tenant set --seats`)".into());
    }
    if s.wants_ftc.is_none() {
        missing.push(
            "whether the customer wants FTC help is not known (`ftc tenant set --wants-ftc`)"
                .into(),
        );
    }
    Err(missing)
}

/// What is missing while an option waits for an answer: the contact step
/// the cadence waits on, then why.
/// Whether no option applies yet only for want of the answer "does the
/// customer want FTC help": recording it, yes or no, would decide one (the
/// guided walk asks it then).
pub fn rests_on_wants(s: &Situation, t: &Thresholds) -> bool {
    // Only an engaged partner or a full DIBS makes the answer decide
    // anything while the cadence is open (a cheap test, asked first).
    let may =
        s.dibs.iter().any(WorkloadDibs::full) || s.partner.as_ref().is_some_and(|p| p.engaged);
    s.wants_ftc.is_none()
        && may
        && decide(s, t).is_err()
        && [true, false].into_iter().any(|w| {
            decide(
                &Situation {
                    wants_ftc: Some(w),
                    ..s.clone()
                },
                t,
            )
            .is_ok()
        })
}

fn waiting(s: &Situation, why: String) -> Vec<String> {
    s.waiting_for.iter().cloned().chain([why]).collect()
}

fn names(d: &[&WorkloadDibs]) -> String {
    d.iter()
        .map(|w| w.workload.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Whether a tenant may be ready for an assignment option (rule 4.3), as
/// the agenda finds its candidates before the rules decide each one: a
/// superset. Eligible, and some fact one of the options needs: one of its
/// own row (`flagged`: marked duplicate, wanting FTC help, the cadence
/// over, GoBack), at most `reactive_max_seats` seats, or one in another
/// table (`other_fact`, asked last: a DIBS record, a partner deploying, a
/// recent approved RFA, a decline).
pub fn may_be_ready(
    eligible: bool,
    flagged: bool,
    seats: Option<i64>,
    reactive_max_seats: i64,
    other_fact: impl FnOnce() -> bool,
) -> bool {
    eligible && (flagged || seats.is_some_and(|s| s <= reactive_max_seats) || other_fact())
}

/// The queue an option sets: the reference's template with `{Region}` and
/// `{frp}` filled in.
pub fn queue(template: &str, region: Option<&str>, frp: Option<&str>) -> String {
    template
        .replace("{Region}", region.unwrap_or("Americas"))
        .replace("{frp}", frp.unwrap_or("FRP"))
}

/// What the cadence waits for, in the words `assign` prints when no option
/// applies yet: "customer attempt 2 is due 2027-07-13".
pub fn waiting_for(party: Party, attempt: u32, due_on: NaiveDate) -> String {
    format!("{} attempt {attempt} is due {due_on}", party.as_str())
}

/// The days the facts behind each option came about, to date an agenda
/// `assign` item by "the day it became ready" (`None`: not known).
#[derive(Debug, Clone, Copy, Default)]
pub struct Dates {
    /// The day the cadence started: added, or the start of a GoBack rework.
    pub started: Option<NaiveDate>,
    /// The first day a workload's DIBS was full (its record's last update).
    pub full_dibs: Option<NaiveDate>,
    /// The last update of a DIBS record with an intent.
    pub intent: Option<NaiveDate>,
    pub account_team_declined: Option<NaiveDate>,
    pub customer_declined: Option<NaiveDate>,
    /// The day the third customer window closed.
    pub unresponsive: Option<NaiveDate>,
    /// The day a recent RFA was approved.
    pub rfa: Option<NaiveDate>,
    /// The day the cadence ended: the customer answered, or the third
    /// customer window closed.
    pub ended: Option<NaiveDate>,
}

/// The day a decision became ready: the day its deciding fact came about,
/// or `today` when that is not recorded (a flag set, a partner named);
/// never after today.
/// The day a decision became ready: [`ready_on`] of its option, or, for
/// one that rested on the answer "wants FTC help", the later of that and
/// the day the cadence ended (today when the answer came while the cadence
/// was open: the day of a `tenant set` is not kept).
pub fn decision_ready_on(d: &Decision, dates: &Dates, today: NaiveDate) -> NaiveDate {
    let day = ready_on(d.option, dates, today);
    if !d.rested {
        return day;
    }
    dates.ended.map_or(today, |e| day.max(e).min(today))
}

pub fn ready_on(option: AssignOption, d: &Dates, today: NaiveDate) -> NaiveDate {
    let day = match option {
        AssignOption::Css | AssignOption::FrpReferral | AssignOption::PartnerCss => {
            d.full_dibs.or(d.rfa)
        }
        AssignOption::AccountTeamDeclined => d.account_team_declined,
        AssignOption::CustomerDeclined => d.customer_declined,
        AssignOption::NoIntent => d.intent,
        AssignOption::Unresponsive => d.unresponsive,
        AssignOption::WantsFtcNoDibs => d.ended,
        AssignOption::Reactive => d.started,
        AssignOption::DuplicateInvalid | AssignOption::FrpEngaged | AssignOption::PartnerNoDibs => {
            None
        }
    };
    day.map_or(today, |x| x.min(today))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    const T: Thresholds = Thresholds {
        css_min_seats: 10000,
        reactive_max_seats: 999,
        frp_referral_min_workload_seats: 150,
        usage: crate::domain::usage::UsageThresholds {
            small_max: 20.0,
            core_max: 10.0,
            collab_max: 20.0,
        },
    };

    fn full(w: &str, frp: bool) -> WorkloadDibs {
        WorkloadDibs {
            workload: w.into(),
            frp_eligible: frp,
            go_live: true,
            intent: Some(Intent::Yes),
            reason: true,
            owner: true,
            status_total: None,
        }
    }

    fn partial(w: &str, intent: Option<Intent>) -> WorkloadDibs {
        WorkloadDibs {
            reason: false,
            intent,
            ..full(w, true)
        }
    }

    fn frp(engaged: bool) -> Option<PartnerFacts> {
        Some(PartnerFacts {
            name: "Sakura Digital".into(),
            is_frp: true,
            engaged,
        })
    }

    fn other(engaged: bool) -> Option<PartnerFacts> {
        Some(PartnerFacts {
            name: "Northwind Cloud".into(),
            is_frp: false,
            engaged,
        })
    }

    fn base(seats: i64) -> Situation {
        Situation {
            seats,
            ..Default::default()
        }
    }

    /// (situation, expected option or None when nothing applies yet)
    #[rstest]
    // 1. duplicate/invalid comes first, whatever else holds
    #[case(Situation { duplicate_invalid: true, ..base(50000) }, Some(AssignOption::DuplicateInvalid))]
    #[case(Situation { duplicate_invalid: true, partner: frp(true), ..base(500) }, Some(AssignOption::DuplicateInvalid))]
    #[case(Situation { duplicate_invalid: true, dibs: vec![full("exchange", true)], ..base(500) }, Some(AssignOption::DuplicateInvalid))]
    // 2. an engaged FRP, DIBS not needed
    #[case(Situation { partner: frp(true), ..base(500) }, Some(AssignOption::FrpEngaged))]
    #[case(Situation { partner: frp(true), dibs: vec![full("exchange", true)], wants_ftc: Some(true), ..base(50000) }, Some(AssignOption::FrpEngaged))]
    #[case(Situation { partner: frp(true), customer_declined: true, ..base(500) }, Some(AssignOption::FrpEngaged))]
    // an FRP that deploys nothing is not engaged: the later rules decide
    #[case(Situation { partner: frp(false), dibs: vec![full("exchange", true)], ..base(50000) }, Some(AssignOption::Css))]
    // 3. another engaged partner
    #[case(Situation { partner: other(true), wants_ftc: Some(true), dibs: vec![full("exchange", true)], ..base(500) }, Some(AssignOption::PartnerCss))]
    #[case(Situation { partner: other(true), wants_ftc: Some(false), dibs: vec![full("exchange", true)], ..base(500) }, Some(AssignOption::PartnerNoDibs))]
    #[case(Situation { partner: other(true), wants_ftc: Some(true), dibs: vec![partial("exchange", Some(Intent::Yes))], ..base(500) }, Some(AssignOption::PartnerNoDibs))]
    #[case(Situation { partner: other(true), ..base(500) }, Some(AssignOption::PartnerNoDibs))]
    #[case(Situation { partner: other(true), unresponsive: true, ..base(500) }, Some(AssignOption::PartnerNoDibs))]
    #[case(Situation { partner: other(false), wants_ftc: Some(true), ..base(5000) }, Some(AssignOption::WantsFtcNoDibs))]
    // 4. full DIBS: css by seats, frp-referral, else css
    #[case(Situation { dibs: vec![full("exchange", true)], ..base(10000) }, Some(AssignOption::Css))]
    #[case(Situation { dibs: vec![full("exchange", true)], wants_ftc: Some(true), ..base(25000) }, Some(AssignOption::Css))]
    #[case(Situation { dibs: vec![full("exchange", true)], wants_ftc: Some(true), ..base(9999) }, Some(AssignOption::FrpReferral))]
    #[case(Situation { dibs: vec![full("exchange", true)], wants_ftc: Some(false), ..base(9999) }, Some(AssignOption::Css))]
    #[case(Situation { dibs: vec![full("exchange", true)], ..base(9999) }, Some(AssignOption::Css))]
    // below the CSS criteria with a referable workload, css rests on the
    // answer "wants FTC help": it waits while the cadence is open
    #[case(Situation { dibs: vec![full("exchange", true)], cadence_open: true, ..base(9999) }, None)]
    #[case(Situation { dibs: vec![full("exchange", true)], cadence_open: true, wants_ftc: Some(false), ..base(9999) }, Some(AssignOption::Css))]
    #[case(Situation { dibs: vec![full("exchange", true)], cadence_open: true, wants_ftc: Some(true), ..base(9999) }, Some(AssignOption::FrpReferral))]
    #[case(Situation { dibs: vec![full("exchange", true)], cadence_open: true, rfa: true, ..base(9999) }, Some(AssignOption::FrpReferral))]
    // no referable workload, or at the CSS criteria: nothing to wait for
    #[case(Situation { dibs: vec![full("teams", false)], cadence_open: true, ..base(9999) }, Some(AssignOption::Css))]
    #[case(Situation { dibs: vec![full("exchange", true)], cadence_open: true, ..base(10000) }, Some(AssignOption::Css))]
    #[case(Situation { dibs: vec![full("teams", false)], wants_ftc: Some(true), ..base(5000) }, Some(AssignOption::Css))]
    #[case(Situation { dibs: vec![WorkloadDibs { status_total: Some(100), ..full("exchange", true) }], wants_ftc: Some(true), ..base(5000) }, Some(AssignOption::Css))]
    #[case(Situation { dibs: vec![WorkloadDibs { status_total: Some(150), ..full("exchange", true) }], wants_ftc: Some(true), ..base(5000) }, Some(AssignOption::FrpReferral))]
    // referral needs go-live, intent yes and owner on an FRP-eligible workload; the reason is optional
    #[case(Situation { dibs: vec![full("teams", false), WorkloadDibs { reason: false, ..full("exchange", true) }], wants_ftc: Some(true), ..base(5000) }, Some(AssignOption::FrpReferral))]
    #[case(Situation { dibs: vec![full("teams", false), WorkloadDibs { owner: false, ..full("exchange", true) }], wants_ftc: Some(true), ..base(5000) }, Some(AssignOption::Css))]
    #[case(Situation { dibs: vec![full("exchange", true)], customer_declined: true, ..base(500) }, Some(AssignOption::Css))]
    // 5. declines and no intent
    #[case(Situation { account_team_declined: true, ..base(5000) }, Some(AssignOption::AccountTeamDeclined))]
    #[case(Situation { account_team_declined: true, customer_declined: true, ..base(5000) }, Some(AssignOption::AccountTeamDeclined))]
    #[case(Situation { customer_declined: true, anyone_replied: true, ..base(5000) }, Some(AssignOption::CustomerDeclined))]
    #[case(Situation { dibs: vec![partial("exchange", Some(Intent::No)), partial("teams", Some(Intent::No))], ..base(5000) }, Some(AssignOption::NoIntent))]
    #[case(Situation { dibs: vec![partial("exchange", Some(Intent::No)), partial("teams", Some(Intent::Undecided))], anyone_replied: true, ..base(5000) }, None)]
    #[case(Situation { dibs: vec![partial("exchange", Some(Intent::No))], unresponsive: true, ..base(5000) }, Some(AssignOption::NoIntent))]
    // 6. unresponsive
    #[case(Situation { unresponsive: true, ..base(5000) }, Some(AssignOption::Unresponsive))]
    #[case(Situation { unresponsive: true, wants_ftc: Some(true), ..base(500) }, Some(AssignOption::Unresponsive))]
    // 7. wants FTC help without full DIBS
    #[case(Situation { wants_ftc: Some(true), dibs: vec![partial("exchange", Some(Intent::Yes))], ..base(5000) }, Some(AssignOption::WantsFtcNoDibs))]
    #[case(Situation { wants_ftc: Some(true), ..base(300) }, Some(AssignOption::WantsFtcNoDibs))]
    // 8. reactive
    #[case(base(999), Some(AssignOption::Reactive))]
    #[case(base(150), Some(AssignOption::Reactive))]
    #[case(Situation { anyone_replied: true, ..base(500) }, None)]
    #[case(base(1000), None)]
    // unknown seats are not a small tenant
    #[case(Situation { seats_unknown: true, ..base(0) }, None)]
    #[case(Situation { wants_ftc: Some(false), ..base(4000) }, None)]
    fn flowchart(#[case] s: Situation, #[case] want: Option<AssignOption>) {
        let got = decide(&s, &T);
        assert_eq!(got.as_ref().ok().map(|d| d.option), want, "{got:?}");
    }

    /// css chosen for want of "wants FTC help" says so, and is ready the
    /// day the cadence ended (not the day of the DIBS); with the answer
    /// "no" given while the cadence runs, the day is not known: today.
    #[test]
    fn css_that_rested_on_the_answer_says_so_and_is_ready_when_it_came() {
        let ended = Situation {
            dibs: vec![full("exchange", true)],
            ..base(9999)
        };
        let d = decide(&ended, &T).unwrap();
        assert_eq!(d.option, AssignOption::Css);
        assert!(d.rested);
        assert!(
            d.reasons[2]
                .ends_with("but the customer never said it wants FTC help, so no FRP referral"),
            "{:?}",
            d.reasons
        );
        let dates = Dates {
            full_dibs: Some(day("2027-07-01")),
            ended: Some(day("2027-07-22")),
            ..Default::default()
        };
        assert_eq!(
            decision_ready_on(&d, &dates, day("2027-08-01")),
            day("2027-07-22")
        );
        let said_no = Situation {
            wants_ftc: Some(false),
            cadence_open: true,
            ..ended
        };
        let d = decide(&said_no, &T).unwrap();
        assert!(
            d.reasons[2].contains("does not want FTC help"),
            "{:?}",
            d.reasons
        );
        let open = Dates {
            ended: None,
            ..dates
        };
        assert_eq!(
            decision_ready_on(&d, &open, day("2027-08-01")),
            day("2027-08-01")
        );
        // Not resting on it: ready with the DIBS.
        let big = decide(
            &Situation {
                dibs: vec![full("exchange", true)],
                ..base(20000)
            },
            &T,
        )
        .unwrap();
        assert!(!big.rested);
        assert_eq!(
            decision_ready_on(&big, &open, day("2027-08-01")),
            day("2027-07-01")
        );
    }

    #[test]
    fn frp_engaged_names_the_frp_and_nothing_applying_says_what_is_missing() {
        let d = decide(
            &Situation {
                partner: frp(true),
                ..base(500)
            },
            &T,
        )
        .unwrap();
        assert_eq!(d.frp.as_deref(), Some("Sakura Digital"));
        let missing = decide(
            &Situation {
                waiting_for: Some("customer attempt 2 is due 2027-07-13".into()),
                ..base(5000)
            },
            &T,
        )
        .unwrap_err();
        assert_eq!(missing[0], "customer attempt 2 is due 2027-07-13");
        assert!(missing.iter().any(|m| m.contains("DIBS")));
    }

    #[test]
    fn unknown_seats_are_named_as_missing_and_ready_days_never_pass_today() {
        let missing = decide(
            &Situation {
                seats_unknown: true,
                ..base(0)
            },
            &T,
        )
        .unwrap_err();
        assert!(missing.iter().any(|m| m.contains("seats")), "{missing:?}");
        assert_eq!(
            waiting_for(Party::Customer, 2, day("2027-07-13")),
            "customer attempt 2 is due 2027-07-13"
        );
        let today = day("2027-07-01");
        let d = Dates {
            started: Some(day("2027-05-03")),
            full_dibs: Some(day("2027-06-20")),
            rfa: Some(day("2027-07-09")),
            ..Default::default()
        };
        assert_eq!(
            ready_on(AssignOption::Reactive, &d, today),
            day("2027-05-03")
        );
        assert_eq!(ready_on(AssignOption::Css, &d, today), day("2027-06-20"));
        assert_eq!(ready_on(AssignOption::WantsFtcNoDibs, &d, today), today);
        assert_eq!(ready_on(AssignOption::FrpEngaged, &d, today), today);
        assert_eq!(ready_on(AssignOption::Unresponsive, &d, today), today);
    }

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn queues() {
        assert_eq!(
            queue("FTCQ CSS {Region}", Some("EMEA"), None),
            "FTCQ CSS EMEA"
        );
        assert_eq!(
            queue("{frp}", None, Some("Sakura Digital")),
            "Sakura Digital"
        );
        assert_eq!(queue("FTCQ REACTIVE", Some("APJ"), None), "FTCQ REACTIVE");
        for o in AssignOption::ALL {
            assert_eq!(AssignOption::parse(o.as_str()), Some(o));
        }
    }

    /// Each rule's option with the queue it sets, in each region.
    #[rstest]
    #[case(Situation { dibs: vec![full("exchange", true)], ..base(20000) }, "emea", "css", "FTCQ CSS EMEA")]
    #[case(Situation { dibs: vec![full("exchange", true)], ..base(20000) }, "americas", "css", "FTCQ CSS Americas")]
    #[case(Situation { dibs: vec![full("exchange", true)], ..base(20000) }, "apj", "css", "FTCQ CSS APJ")]
    #[case(Situation { partner: other(true), wants_ftc: Some(true), dibs: vec![full("exchange", true)], ..base(500) }, "apj", "partner-css", "FTCQ CSS APJ")]
    #[case(Situation { partner: other(true), wants_ftc: Some(true), dibs: vec![full("exchange", true)], ..base(500) }, "emea", "partner-css", "FTCQ CSS EMEA")]
    #[case(Situation { partner: frp(true), ..base(500) }, "emea", "frp-engaged", "Sakura Digital")]
    #[case(Situation { partner: other(true), ..base(500) }, "americas", "partner-no-dibs", "FTCQ NonFRP No DIBS")]
    #[case(Situation { dibs: vec![full("exchange", true)], wants_ftc: Some(true), ..base(5000) }, "emea", "frp-referral", "FTCQ ALL FTC")]
    #[case(Situation { account_team_declined: true, ..base(5000) }, "apj", "account-team-declined", "FTCQ No DIBS")]
    #[case(Situation { customer_declined: true, ..base(5000) }, "emea", "customer-declined", "FTCQ No DIBS")]
    #[case(Situation { dibs: vec![partial("exchange", Some(Intent::No))], ..base(5000) }, "americas", "no-intent", "FTCQ No DIBS")]
    #[case(Situation { unresponsive: true, ..base(5000) }, "emea", "unresponsive", "FTCQ UNRESPONSIVE")]
    #[case(Situation { wants_ftc: Some(true), ..base(5000) }, "apj", "wants-ftc-no-dibs", "FTCQ NO DIBS")]
    #[case(Situation { duplicate_invalid: true, ..base(5000) }, "americas", "duplicate-invalid", "FTCQ FRAUD")]
    #[case(base(300), "emea", "reactive", "FTCQ REACTIVE")]
    fn options_and_queues_per_region(
        #[case] s: Situation,
        #[case] region: &str,
        #[case] option: &str,
        #[case] want_queue: &str,
    ) {
        let d = decide(&s, &T).unwrap();
        assert_eq!(d.option.as_str(), option);
        let r: crate::domain::values::Region = region.parse().unwrap();
        let reference = crate::reference::Reference::builtin();
        let template = &reference
            .options
            .iter()
            .find(|o| o.option == option)
            .unwrap()
            .queue;
        assert_eq!(
            queue(template, Some(r.queue_name()), d.frp.as_deref()),
            want_queue
        );
    }
}
