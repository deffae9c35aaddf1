//! Where a tenant stands: its stage, its one next step, the GoBack verdict
//! and what to warn about (SPEC rules 4.2 and 4.3 together).
//!
//! Every view asks this one function: `tenant show|list`, `cadence show`,
//! the agenda, the report, `assign` and `engage`. It takes what is stored
//! about a tenant, today and the settings; it reads no database, clock or
//! terminal. A tenant has at most one next step: a contact to make, or an
//! assignment to apply, never both.

use super::assignment::{
    decide, decision_ready_on, rests_on_wants, waiting_for, AssignOption, Dates, Decision,
    PartnerFacts, Situation, StoredAssignment, Thresholds, WorkloadDibs as RuleDibs,
};
use super::cadence::{
    check_send, BusinessDays, Cadence, Ending, Event, Facts, Party, Pause, ResponseDays,
    SendRefusal, Step, StoredPause,
};
use super::contact::{candidates, the_partner, Contact, ContactKind, Partner, Role};
use super::dibs::WorkloadDibs;
use super::goback::{self, Verdict};
use super::rfa::{self, Rfa};
use super::tenant::{is_eligible, stage, Source, Stage, StageFacts};
use chrono::NaiveDate;

/// The settings of the config the standing depends on.
#[derive(Debug, Clone)]
pub struct Settings {
    pub min_seats: i64,
    pub days: ResponseDays,
    pub thresholds: Thresholds,
    pub css_activity_days: u32,
    /// The slugs of the FRP-eligible workloads.
    pub frp_eligible: Vec<String>,
}

/// Where a GoBack mark splits a tenant's records: what was recorded up to
/// the mark belongs to the earlier engagement.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GobackMark {
    /// The last cadence event recorded before the tenant was marked.
    pub events: Option<i64>,
}

/// A tenant's own columns that its standing depends on.
#[derive(Debug, Clone, Copy)]
pub struct TenantFacts {
    pub added_on: NaiveDate,
    pub source: Source,
    pub seats: Option<i64>,
    pub managed: bool,
    pub duplicate_invalid: bool,
    pub wants_ftc: Option<bool>,
    pub goback_on: Option<NaiveDate>,
    pub goback_mark: GobackMark,
}

/// Everything stored about a tenant that its standing is decided from.
#[derive(Debug, Clone, Copy)]
pub struct Record<'a> {
    pub tenant: TenantFacts,
    /// Cadence events with their IDs, in the order recorded.
    pub events: &'a [(i64, Event)],
    pub pauses: &'a [StoredPause],
    pub contacts: &'a [Contact],
    /// Every partner listed (candidates until one is confirmed).
    pub partners: &'a [Partner],
    /// Oldest first.
    pub assignments: &'a [StoredAssignment],
    /// Any order; only approved ones of the last 30 days count.
    pub rfas: &'a [Rfa],
    pub dibs: &'a [WorkloadDibs],
    /// `status --total` per workload.
    pub totals: &'a [(String, i64)],
    /// For a GoBack tenant: its last activity up to the GoBack mark.
    pub last_activity: Option<NaiveDate>,
    /// The latest usage of each workload (empty when none is known).
    pub usage: &'a [crate::domain::usage::Usage],
    /// The existing customers an open duplicate suspicion says this
    /// tenant's customer looks like (seed 004: do not contact a customer
    /// already working with an FM).
    pub suspected: &'a [String],
}

/// A contact to make.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactStep {
    pub step: Step,
    pub to: Vec<String>,
    pub cc: Vec<String>,
    /// The account team is asked to confirm one of these candidate
    /// partners (their names).
    pub candidates: Vec<String>,
}

/// The one next step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Next {
    /// A cadence step is due (or coming).
    Contact(ContactStep),
    /// The rules decide an option: apply it. Due the day it became ready.
    Assign {
        decision: Decision,
        due_on: NaiveDate,
    },
    /// Nothing to do now, and why.
    Nothing { why: String },
}

/// Where a tenant stands.
#[derive(Debug, Clone)]
pub struct Standing {
    pub stage: Stage,
    pub eligible: bool,
    /// The cadence of the current engagement (a GoBack tenant's earlier
    /// engagement left out).
    pub cadence: Cadence,
    pub next: Next,
    /// Rule 4.3 as it stands: the option, or what is missing (an option
    /// that waits for an answer is missing until it comes).
    pub decision: Result<Decision, Vec<String>>,
    /// The day `decision` became ready.
    pub ready_on: Option<NaiveDate>,
    /// The GoBack verdict, for a GoBack tenant with no assignment in force.
    pub goback: Option<Verdict>,
    /// Which assignment is in force (an index into the record's).
    pub in_force: Option<usize>,
    /// The recent approved RFA (an index into the record's).
    pub rfa: Option<usize>,
    /// The day the cadence started.
    pub started: NaiveDate,
    /// The tenant is not contacted proactively (reactive, nobody replied).
    pub reactive: bool,
    /// No option applies yet for want of the answer "does the customer
    /// want FTC help" alone (see [`rests_on_wants`]).
    pub awaits_wants: bool,
    pub warnings: Vec<String>,
}

impl Standing {
    /// The contact step, when that is the next step.
    pub fn contact(&self) -> Option<&ContactStep> {
        match &self.next {
            Next::Contact(c) => Some(c),
            _ => None,
        }
    }

    /// The assignment to apply, when that is the next step.
    pub fn assign(&self) -> Option<(&Decision, NaiveDate)> {
        match &self.next {
            Next::Assign { decision, due_on } => Some((decision, *due_on)),
            _ => None,
        }
    }

    /// Why there is no contact to make, when there is none.
    pub fn no_contact_why(&self) -> Option<String> {
        match &self.next {
            Next::Contact(_) => None,
            Next::Assign { decision, .. } => Some(format!(
                "the next step is the {} assignment, not a contact",
                decision.option
            )),
            Next::Nothing { why } => Some(why.clone()),
        }
    }
}

/// The events of the current engagement: for a GoBack tenant, those
/// recorded after it was marked (by the mark) and dated on or after the
/// GoBack day; what came before belongs to the earlier engagement.
pub fn this_engagement(events: &[(i64, Event)], t: &TenantFacts) -> Vec<Event> {
    events
        .iter()
        .filter(|(id, e)| match t.goback_on {
            None => true,
            Some(g) => event_day(e) >= g && t.goback_mark.events.is_none_or(|m| *id > m),
        })
        .map(|(_, e)| e.clone())
        .collect()
}

/// The day of a cadence event.
pub fn event_day(e: &Event) -> NaiveDate {
    match *e {
        Event::Send { on, .. } | Event::Reply { on, .. } | Event::Decline { on, .. } => on,
    }
}

/// Every Microsoft contact is a PDM and the tenant is unmanaged: account
/// team attempt 2 is a follow-up e-mail to the PDM.
pub fn pdm_only_unmanaged(managed: bool, contacts: &[Contact]) -> bool {
    let mut ms = contacts
        .iter()
        .filter(|c| c.kind == ContactKind::Microsoft)
        .peekable();
    !managed && ms.peek().is_some() && ms.all(|c| c.role == Some(Role::Pdm))
}

fn pdm_or_pse(c: &Contact) -> bool {
    matches!(c.role, Some(Role::Pdm) | Some(Role::Pse))
}

/// Whom to write to for a step, and whom to copy (seed 004):
/// - account team: every Microsoft contact (the PDM follow-up: the PDMs);
///   when several candidate partners are listed and more than one PDM or
///   PSE, without the PDMs and PSEs (the e-mail names the candidates);
/// - partner: the partner's contacts, copying the account team except the
///   PDMs and PSEs tied to another partner;
/// - customer: the customer's contacts, copying the account team without
///   its PDMs and PSEs; never a partner.
///
/// Do-not-contact contacts are never written to or copied.
pub fn recipients(
    contacts: &[Contact],
    partners: &[Partner],
    step: &Step,
) -> (Vec<String>, Vec<String>) {
    let emails = |f: &dyn Fn(&Contact) -> bool| -> Vec<String> {
        contacts
            .iter()
            .filter(|c| !c.do_not_contact && f(c))
            .map(|c| c.email.clone())
            .collect()
    };
    let microsoft = |c: &Contact| c.kind == ContactKind::Microsoft;
    match step.party {
        Party::AccountTeam if step.template == "PDM Follow-up" => (
            emails(&|c| microsoft(c) && c.role == Some(Role::Pdm)),
            Vec::new(),
        ),
        Party::AccountTeam => {
            let several_pdms = contacts
                .iter()
                .filter(|c| microsoft(c) && pdm_or_pse(c))
                .count()
                > 1;
            if several_pdms && !candidates(partners).is_empty() {
                (emails(&|c| microsoft(c) && !pdm_or_pse(c)), Vec::new())
            } else {
                (emails(&microsoft), Vec::new())
            }
        }
        Party::Partner => {
            let ours: Vec<&str> = partners_written_to(partners)
                .iter()
                .map(|p| p.mpn.as_str())
                .collect();
            let tied_elsewhere = |c: &Contact| {
                pdm_or_pse(c) && c.partner_mpn.as_deref().is_some_and(|m| !ours.contains(&m))
            };
            (
                emails(&|c| c.kind == ContactKind::Partner),
                emails(&|c| microsoft(c) && !tied_elsewhere(c)),
            )
        }
        Party::Customer => (
            emails(&|c| c.kind == ContactKind::Customer),
            emails(&|c| microsoft(c) && !pdm_or_pse(c)),
        ),
    }
}

/// The partners the partner e-mail is written to (and names): the
/// confirmed one, else every real one listed.
pub fn partners_written_to(partners: &[Partner]) -> Vec<&Partner> {
    match the_partner(partners).filter(|p| p.is_real()) {
        Some(p) => vec![p],
        None => partners.iter().filter(|p| p.is_real()).collect(),
    }
}

/// Why a step has nobody to write to.
pub fn nobody_on_file(party: Party) -> &'static str {
    match party {
        Party::AccountTeam => "no Microsoft contact on file",
        Party::Partner => "no partner contact on file",
        Party::Customer => "no customer contact that may be written to",
    }
}

/// Why a suspected duplicate has no next step.
fn suspected_why(looks_like: &[String]) -> String {
    format!(
        "suspected duplicate: its customer looks like {}; resolve it first \
         (`ftc tenant set TENANT --customer TPID`, or `--not-duplicate`)",
        looks_like.join(", ")
    )
}

/// The standing of a tenant.
pub fn standing(r: &Record, today: NaiveDate, s: &Settings, cal: &dyn BusinessDays) -> Standing {
    let t = &r.tenant;
    let eligible = is_eligible(t.source, t.seats, s.min_seats);
    let days: Vec<NaiveDate> = r.assignments.iter().map(|a| a.on).collect();
    let in_force = goback::in_force(t.goback_on, &days);
    let mut started = t.added_on;
    let mut verdict = None;
    if let Some(g) = t.goback_on {
        started = started.max(g);
        if in_force.is_none() {
            let earlier = goback::earlier(g, &days)
                .and_then(|i| AssignOption::parse(&r.assignments[i].option));
            let v = goback::verdict(g, earlier, r.last_activity, today, s.css_activity_days);
            if let Verdict::Rework { from } = v {
                started = started.max(from);
            }
            verdict = Some(v);
        }
    }
    let events = this_engagement(r.events, t);
    let rfa_at = r
        .rfas
        .iter()
        .enumerate()
        .filter(|(_, x)| rfa::counts(x.status, x.on, today))
        .max_by_key(|(_, x)| x.on)
        .map(|(i, _)| i);
    let rfa = rfa_at.map(|i| &r.rfas[i]);
    let pauses: Vec<Pause> = r.pauses.iter().map(|p| p.pause).collect();
    let real_partner = r.partners.iter().any(Partner::is_real);
    let cadence = Cadence::compute(
        &Facts {
            added_on: started,
            events: &events,
            pauses: &pauses,
            real_partner,
            pdm_only_unmanaged: pdm_only_unmanaged(t.managed, r.contacts),
            days: s.days,
        },
        cal,
    );
    let paused = pauses.iter().any(|p| p.covers(today));
    let skip = matches!(verdict, Some(Verdict::Skip(_)));
    let facts = StageFacts {
        eligible,
        skip,
        assigned: in_force.is_some(),
        paused,
        rfa: rfa.is_some(),
        cadence: cadence.stage(today, &pauses),
    };
    // The cadence runs under a pause too: a pause moves its due dates, it
    // does not end it, so an option that rests on an answer still waits.
    let running = stage(StageFacts {
        paused: false,
        cadence: cadence.stage(today, &[]),
        ..facts
    })
    .in_cadence();
    let stage = stage(facts);
    let anyone_replied =
        !cadence.replied.is_empty() || !cadence.declined.is_empty() || rfa.is_some();
    let reactive = t
        .seats
        .is_some_and(|n| n <= s.thresholds.reactive_max_seats)
        && !anyone_replied;
    let working = stage.in_cadence();
    let (situation, dates) = situation(r, &cadence, rfa, today, started, s, running && !reactive);
    let mut decision = decide(&situation, &s.thresholds);
    let awaits_wants = decision.is_err() && rests_on_wants(&situation, &s.thresholds);
    if let (Ok(d), Some(x)) = (&mut decision, rfa) {
        d.reasons.insert(
            0,
            format!(
                "RFA {} was approved on {}: the customer asked for FastTrack help",
                x.id, x.on
            ),
        );
    }
    let ready = decision
        .as_ref()
        .ok()
        .map(|d| decision_ready_on(d, &dates, today));

    let next = match stage {
        Stage::Skip => Next::Nothing {
            why: match &verdict {
                Some(Verdict::Skip(why)) => why.clone(),
                _ => "the GoBack rule leaves it alone".into(),
            },
        },
        Stage::Assigned => Next::Nothing {
            why: match in_force.map(|i| &r.assignments[i]) {
                Some(a) => format!("assigned {} ({}) on {}", a.option, a.queue, a.on),
                None => "assigned".into(),
            },
        },
        Stage::Ineligible => Next::Nothing {
            why: match t.seats {
                Some(n) => format!(
                    "ineligible: {n} seats, below the {} FastTrack needs",
                    s.min_seats
                ),
                None => "ineligible: its seats are not known".into(),
            },
        },
        // A pause is about contacts: an option that applies now (one that
        // rests on no answer, or whose answer came) is the next step during
        // it too, as `assign` would apply it (not to an ineligible tenant,
        // which a pause's stage comes before).
        Stage::Paused => match decision
            .as_ref()
            .ok()
            .filter(|_| eligible && r.suspected.is_empty())
        {
            Some(d) => Next::Assign {
                decision: d.clone(),
                due_on: ready.unwrap_or(today),
            },
            None => Next::Nothing {
                why: match r.pauses.iter().find(|p| p.pause.covers(today)) {
                    Some(p) => format!(
                        "paused until {} at the {}'s request",
                        p.pause.until,
                        p.requested_by.replace('-', " ")
                    ),
                    None => "paused".into(),
                },
            },
        },
        // A suspected duplicate waits until an FM resolves it: it may be
        // a customer another FM is already working.
        _ if !r.suspected.is_empty() => Next::Nothing {
            why: suspected_why(r.suspected),
        },
        _ => match &decision {
            Ok(d) => Next::Assign {
                decision: d.clone(),
                due_on: ready.unwrap_or(today),
            },
            Err(missing) => match cadence.next.as_ref().filter(|_| working && rfa.is_none()) {
                Some(step) => {
                    let (to, cc) = recipients(r.contacts, r.partners, step);
                    let named = if step.party == Party::AccountTeam {
                        candidates(r.partners)
                            .iter()
                            .map(|p| format!("{} (MPN {})", p.name, p.mpn))
                            .collect()
                    } else {
                        Vec::new()
                    };
                    Next::Contact(ContactStep {
                        step: step.clone(),
                        to,
                        cc,
                        candidates: named,
                    })
                }
                None => Next::Nothing {
                    why: missing.join("; "),
                },
            },
        },
    };

    let mut warnings = Vec::new();
    if let Some(Verdict::Skip(why)) = &verdict {
        warnings.push(format!("skip: {why}"));
    }
    if let Some(x) = rfa {
        warnings.push(format!(
            "RFA {} approved on {}: no proactive cadence; the tenant goes straight to assignment (`ftc assign`)",
            x.id, x.on
        ));
    }
    if reactive && eligible && !matches!(stage, Stage::Assigned | Stage::Skip) {
        warnings.push(format!(
            "reactive: {} seats (at most {}): not contacted proactively until a party replies",
            t.seats.unwrap_or(0),
            s.thresholds.reactive_max_seats
        ));
    }
    if let Some(a) = in_force.map(|i| &r.assignments[i]) {
        if a.option == AssignOption::FrpReferral.as_str() && a.frp_mpn.is_none() {
            warnings.push(format!(
                "the frp-referral waits in its queue ({}): no FRP named yet \
                 (`ftc assign TENANT --option frp-referral --frp MPN`)",
                a.queue
            ));
        }
    }
    if let Next::Contact(c) = &next {
        if c.to.is_empty() {
            warnings.push(format!(
                "nobody to write to for the {}: {}",
                c.step.template,
                nobody_on_file(c.step.party)
            ));
        }
    }
    Standing {
        stage,
        eligible,
        cadence,
        next,
        decision,
        ready_on: ready,
        goback: verdict,
        in_force,
        rfa: rfa_at,
        started,
        reactive,
        awaits_wants,
        warnings,
    }
}

/// The facts rule 4.3 looks at, and the days they came about.
fn situation(
    r: &Record,
    c: &Cadence,
    rfa: Option<&Rfa>,
    today: NaiveDate,
    started: NaiveDate,
    s: &Settings,
    cadence_open: bool,
) -> (Situation, Dates) {
    let t = &r.tenant;
    let declined = |p: Party| c.declined.iter().find(|(q, _)| *q == p).map(|(_, d)| *d);
    let no_reply_on = match c.ending {
        Some(Ending::NoReply { on }) => Some(on),
        _ => None,
    };
    let answered_on = match c.ending {
        Some(Ending::CustomerAnswered { on, .. }) => Some(on),
        _ => None,
    };
    // An RFA is the customer asking for help: it is not unresponsive.
    let unresponsive = rfa.is_none() && no_reply_on.is_some_and(|on| today >= on);
    // What the cadence waits for, while it runs (an assigned or skipped
    // tenant waits for no contact).
    let waiting = if !cadence_open {
        None
    } else if let Some(p) = r.pauses.iter().find(|p| p.pause.covers(today)) {
        Some(format!("the cadence is paused until {}", p.pause.until))
    } else if let Some(step) = &c.next {
        Some(waiting_for(step.party, step.attempt, step.due_on))
    } else {
        no_reply_on
            .filter(|on| today < *on)
            .map(|on| format!("the third customer window closes {on}"))
    };
    let rule_dibs = r
        .dibs
        .iter()
        .map(|d| RuleDibs {
            workload: d.workload.clone(),
            frp_eligible: s.frp_eligible.contains(&d.workload),
            go_live: d.dibs.go_live.is_some(),
            intent: d.dibs.intent,
            reason: d.dibs.reason.is_some(),
            owner: d.dibs.owner.is_some(),
            status_total: r
                .totals
                .iter()
                .find(|(w, _)| *w == d.workload)
                .map(|(_, n)| *n),
        })
        .collect();
    let situation = Situation {
        duplicate_invalid: t.duplicate_invalid,
        partner: the_partner(r.partners)
            .filter(|p| p.is_real())
            .map(|p| PartnerFacts {
                name: p.name.clone(),
                is_frp: p.is_frp,
                engaged: p.is_engaged(),
            }),
        wants_ftc: rfa::wants_ftc(t.wants_ftc, rfa.is_some()),
        dibs: rule_dibs,
        seats: t.seats.unwrap_or(0),
        seats_unknown: t.seats.is_none(),
        account_team_declined: declined(Party::AccountTeam).is_some(),
        customer_declined: declined(Party::Customer).is_some(),
        unresponsive,
        anyone_replied: !c.replied.is_empty() || !c.declined.is_empty() || rfa.is_some(),
        rfa: rfa.is_some(),
        cadence_open,
        waiting_for: waiting,
        // Built only for a tenant with usage (most have none).
        usage: r
            .usage
            .iter()
            .map(|u| (u.clone(), s.frp_eligible.contains(&u.workload)))
            .collect(),
    };
    let dates = Dates {
        started: Some(started),
        full_dibs: r
            .dibs
            .iter()
            .filter(|d| d.dibs.complete())
            .map(|d| d.updated_on)
            .min(),
        intent: r
            .dibs
            .iter()
            .filter(|d| d.dibs.intent.is_some())
            .map(|d| d.updated_on)
            .max(),
        account_team_declined: declined(Party::AccountTeam),
        customer_declined: declined(Party::Customer),
        unresponsive: no_reply_on,
        rfa: rfa.map(|x| x.on),
        ended: answered_on.or(no_reply_on),
    };
    (situation, dates)
}

/// Whether a send to `party` on `on` may be recorded, and the attempt it
/// would be. On top of the cadence's own checks (rule 4.2): nothing dated
/// after today; and when the tenant has no contact to make (assigned,
/// ineligible, skipped, answered, unresponsive, a recent RFA, reactive)
/// only with `--force`.
pub fn check_send_now(
    st: &Standing,
    party: Party,
    on: NaiveDate,
    today: NaiveDate,
    real_partner: bool,
    customer_reachable: bool,
) -> Result<u32, SendRefusal> {
    if on > today {
        return Err(SendRefusal::Future { on });
    }
    if on < st.started {
        return Err(SendRefusal::BeforeStart {
            on,
            started: st.started,
        });
    }
    let attempt = check_send(&st.cadence, party, on, real_partner, customer_reachable)?;
    if let Some(why) = st.no_contact_why() {
        return Err(SendRefusal::NoContactDue { why });
    }
    Ok(attempt)
}

/// Whether an answer from `party` on `on` may be recorded: not dated after
/// today, nor before the cadence started, nor before the party's first attempt (it answers the last attempt
/// sent on or before its day; a party nobody wrote to may answer first).
pub fn check_reply(
    st: &Standing,
    party: Party,
    on: NaiveDate,
    today: NaiveDate,
) -> Result<(), String> {
    let c = &st.cadence;
    if on > today {
        return Err(format!("{on} is after today ({today})"));
    }
    if on < st.started {
        return Err(SendRefusal::BeforeStart {
            on,
            started: st.started,
        }
        .message(party));
    }
    if let Some(a) = c.attempts.iter().find(|a| a.party == party) {
        if on < a.sent_on {
            return Err(format!(
                "{on} is before {} attempt {} (sent {}), the first it could answer",
                party.words(),
                a.attempt,
                a.sent_on
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::dibs::{Dibs, Intent, Source as DibsSource};
    use crate::domain::rfa::RfaStatus;
    use chrono::{Datelike, Days};
    use proptest::prelude::*;

    /// Weekends and two holidays.
    struct Cal;
    impl BusinessDays for Cal {
        fn after(&self, d: NaiveDate, n: u32) -> NaiveDate {
            let mut d = d;
            let mut left = n;
            while left > 0 {
                d = d.succ_opt().expect("date");
                if business(d) {
                    left -= 1;
                }
            }
            d
        }
    }

    fn business(d: NaiveDate) -> bool {
        d.weekday().number_from_monday() <= 5 && d != day(8) && d != day(30)
    }

    fn day(n: u64) -> NaiveDate {
        NaiveDate::from_ymd_opt(2027, 6, 1).unwrap() + Days::new(n)
    }

    fn settings() -> Settings {
        Settings {
            min_seats: 150,
            days: ResponseDays {
                account_team: 3,
                partner: 3,
                customer: 3,
            },
            thresholds: Thresholds {
                css_min_seats: 10000,
                reactive_max_seats: 999,
                frp_referral_min_workload_seats: 150,
                usage: Default::default(),
            },
            css_activity_days: 90,
            frp_eligible: vec!["exchange".into()],
        }
    }

    fn person(i: usize, kind: ContactKind, role: Option<Role>) -> Contact {
        Contact {
            id: i as i64,
            tenant_id: 1,
            kind,
            name: format!("p{i}"),
            email: format!("p{i}@example.com"),
            role,
            country: None,
            survey_language: None,
            services: Vec::new(),
            survey_eligible: false,
            do_not_contact: false,
            engaged: false,
            added_on: day(0),
            partner_mpn: None,
        }
    }

    fn tenant(seats: Option<i64>) -> TenantFacts {
        TenantFacts {
            added_on: day(0),
            source: Source::Commerce,
            seats,
            managed: true,
            duplicate_invalid: false,
            wants_ftc: None,
            goback_on: None,
            goback_mark: GobackMark::default(),
        }
    }

    fn record<'a>(t: TenantFacts, events: &'a [(i64, Event)]) -> Record<'a> {
        Record {
            tenant: t,
            events,
            pauses: &[],
            contacts: &[],
            partners: &[],
            assignments: &[],
            rfas: &[],
            dibs: &[],
            totals: &[],
            last_activity: None,
            usage: &[],
            suspected: &[],
        }
    }

    fn send(id: i64, party: Party, attempt: u32, on: NaiveDate) -> (i64, Event) {
        (
            id,
            Event::Send {
                party,
                attempt,
                via: super::super::cadence::Via::Email,
                on,
                forced: false,
            },
        )
    }

    #[test]
    fn a_small_tenant_is_assigned_reactive_not_contacted() {
        let st = standing(&record(tenant(Some(500)), &[]), day(2), &settings(), &Cal);
        assert_eq!(st.stage, Stage::New);
        let (d, due) = st.assign().expect("an assignment");
        assert_eq!((d.option, due), (AssignOption::Reactive, day(0)));
        assert!(st.contact().is_none());
        // Once a party replied it is worked like any other.
        let ev = [(
            1,
            Event::Reply {
                party: Party::AccountTeam,
                on: day(1),
            },
        )];
        let st = standing(&record(tenant(Some(500)), &ev), day(2), &settings(), &Cal);
        assert_eq!(st.contact().map(|c| c.step.party), Some(Party::Customer));
    }

    #[test]
    fn wanting_help_without_dibs_waits_for_the_cadence() {
        let t = TenantFacts {
            wants_ftc: Some(true),
            ..tenant(Some(5000))
        };
        let st = standing(&record(t, &[]), day(2), &settings(), &Cal);
        let c = st.contact().expect("the contact comes first");
        assert_eq!(c.step.template, "Account Team Contact");
        let missing = st.decision.clone().unwrap_err();
        assert!(
            missing[0].starts_with("account-team attempt 1 is due"),
            "{missing:?}"
        );
        // The customer answered: now it applies.
        let ev = [(
            1,
            Event::Reply {
                party: Party::Customer,
                on: day(2),
            },
        )];
        let st = standing(&record(t, &ev), day(3), &settings(), &Cal);
        assert_eq!(st.stage, Stage::Responded);
        let (d, due) = st.assign().expect("an assignment");
        assert_eq!((d.option, due), (AssignOption::WantsFtcNoDibs, day(2)));
    }

    /// A pause moves the cadence's dates but does not end it: an option
    /// that rests on an answer still waits.
    #[test]
    fn a_pause_does_not_end_the_cadence() {
        let partners = [Partner {
            name: "Northwind".into(),
            mpn: "1234567".into(),
            deploying: vec!["exchange".into()],
            is_frp: false,
        }];
        let pauses = [StoredPause {
            id: 1,
            pause: Pause {
                from: day(1),
                until: day(5),
                resumed_on: None,
            },
            requested_by: "customer".into(),
            reason: "x".into(),
        }];
        let r = Record {
            partners: &partners,
            pauses: &pauses,
            ..record(tenant(Some(5000)), &[])
        };
        let st = standing(&r, day(2), &settings(), &Cal);
        assert_eq!(st.stage, Stage::Paused);
        let missing = st.decision.clone().unwrap_err();
        assert!(
            missing[0].starts_with("the cadence is paused until"),
            "{missing:?}"
        );
        assert!(st.assign().is_none());
        // Told the customer wants no FTC help: it holds, paused or not.
        let t = TenantFacts {
            wants_ftc: Some(false),
            ..tenant(Some(5000))
        };
        let r = Record {
            partners: &partners,
            pauses: &pauses,
            ..record(t, &[])
        };
        let st = standing(&r, day(2), &settings(), &Cal);
        assert_eq!(
            st.decision.map(|d| d.option),
            Ok(AssignOption::PartnerNoDibs)
        );
    }

    #[test]
    fn a_decline_of_the_account_team_ends_the_cadence() {
        let ev = [
            send(1, Party::AccountTeam, 1, day(0)),
            (
                2,
                Event::Decline {
                    party: Party::AccountTeam,
                    on: day(1),
                },
            ),
        ];
        let st = standing(&record(tenant(Some(5000)), &ev), day(2), &settings(), &Cal);
        assert_eq!(st.stage, Stage::Responded);
        assert!(st.contact().is_none());
        assert_eq!(
            st.assign().map(|(d, due)| (d.option, due)),
            Some((AssignOption::AccountTeamDeclined, day(1)))
        );
        assert!(st.cadence.attempts[0].declined);
    }

    #[test]
    fn an_approved_rfa_takes_the_rfa_options() {
        let rfas = [Rfa {
            id: "R-1".into(),
            tenant_id: 1,
            domain: "x".into(),
            workloads: vec!["exchange".into()],
            status: RfaStatus::Approved,
            on: day(3),
        }];
        let r = Record {
            rfas: &rfas,
            ..record(tenant(Some(500)), &[])
        };
        let st = standing(&r, day(5), &settings(), &Cal);
        assert_eq!(st.stage, Stage::Responded);
        let (d, due) = st.assign().expect("an assignment");
        assert_eq!((d.option, due), (AssignOption::Css, day(3)));
        assert!(st.contact().is_none());
        // A non-FRP partner engaged: partner-css, DIBS or not.
        let p = Partner {
            name: "Northwind".into(),
            mpn: "1234567".into(),
            deploying: vec!["exchange".into()],
            is_frp: false,
        };
        let ps = [p];
        let r = Record { partners: &ps, ..r };
        let st = standing(&r, day(5), &settings(), &Cal);
        assert_eq!(
            st.assign().map(|(d, _)| d.option),
            Some(AssignOption::PartnerCss)
        );
    }

    #[test]
    fn a_goback_mark_on_the_day_of_a_send_starts_over() {
        let ev = [
            send(1, Party::AccountTeam, 1, day(0)),
            send(2, Party::AccountTeam, 2, day(6)),
        ];
        let t = TenantFacts {
            goback_on: Some(day(6)),
            goback_mark: GobackMark { events: Some(2) },
            ..tenant(Some(5000))
        };
        let st = standing(&record(t, &ev), day(6), &settings(), &Cal);
        assert!(st.cadence.attempts.is_empty());
        let c = st.contact().expect("a contact");
        assert_eq!(
            (c.step.party, c.step.attempt, c.step.due_on),
            (Party::AccountTeam, 1, day(6))
        );
    }

    #[test]
    fn recipients_follow_seed_004() {
        let mut tied = person(3, ContactKind::Microsoft, Some(Role::Pse));
        tied.partner_mpn = Some("7654321".into());
        let contacts = [
            person(0, ContactKind::Microsoft, Some(Role::AccountManager)),
            person(1, ContactKind::Microsoft, Some(Role::Pdm)),
            person(2, ContactKind::Partner, None),
            tied,
            person(4, ContactKind::Customer, None),
        ];
        let p = Partner {
            name: "Northwind".into(),
            mpn: "1234567".into(),
            deploying: Vec::new(),
            is_frp: false,
        };
        let step = |party, template| Step {
            party,
            attempt: 1,
            due_on: day(0),
            template,
            via: super::super::cadence::Via::Email,
        };
        let p = [p];
        let at = recipients(
            &contacts,
            &p,
            &step(Party::AccountTeam, "Account Team Contact"),
        );
        assert_eq!(at.0, ["p0@example.com", "p1@example.com", "p3@example.com"]);
        let pa = recipients(&contacts, &p, &step(Party::Partner, "Partner Contact"));
        assert_eq!(
            pa,
            (
                vec!["p2@example.com".to_string()],
                vec!["p0@example.com".to_string(), "p1@example.com".into()]
            )
        );
        let cu = recipients(
            &contacts,
            &p,
            &step(Party::Customer, "Customer 1st Contact"),
        );
        assert_eq!(
            cu,
            (
                vec!["p4@example.com".to_string()],
                vec!["p0@example.com".to_string()]
            )
        );
    }

    #[test]
    fn candidate_partners_keep_the_pdms_off_the_account_team_email() {
        let contacts = [
            person(0, ContactKind::Microsoft, Some(Role::AccountManager)),
            person(1, ContactKind::Microsoft, Some(Role::Pdm)),
            person(2, ContactKind::Microsoft, Some(Role::Pse)),
        ];
        let cand = |name: &str, mpn: &str| Partner {
            name: name.into(),
            mpn: mpn.into(),
            deploying: Vec::new(),
            is_frp: false,
        };
        let two = [cand("Northwind", "1"), cand("Litware", "2")];
        let r = Record {
            contacts: &contacts,
            partners: &two,
            ..record(tenant(Some(5000)), &[])
        };
        let st = standing(&r, day(0), &settings(), &Cal);
        let c = st.contact().expect("a contact");
        assert_eq!(c.to, ["p0@example.com"]);
        assert_eq!(c.candidates, ["Northwind (MPN 1)", "Litware (MPN 2)"]);
        // One confirmed (deploying): no candidates, the whole account team.
        let confirmed = [
            Partner {
                deploying: vec!["teams".into()],
                ..cand("Northwind", "1")
            },
            cand("Litware", "2"),
        ];
        let r = Record {
            partners: &confirmed,
            ..r
        };
        let st = standing(&r, day(0), &settings(), &Cal);
        // A non-FRP partner engaged, the answer unknown: the contact still.
        let c = st.contact().expect("a contact");
        assert_eq!(c.to.len(), 3);
        assert!(c.candidates.is_empty());
    }

    #[test]
    fn sends_and_replies_dated_after_today_or_before_their_attempt_are_refused() {
        let ev = [send(1, Party::AccountTeam, 1, day(2))];
        let st = standing(&record(tenant(Some(5000)), &ev), day(3), &settings(), &Cal);
        assert_eq!(
            check_send_now(&st, Party::AccountTeam, day(9), day(3), false, true),
            Err(SendRefusal::Future { on: day(9) })
        );
        assert!(check_reply(&st, Party::AccountTeam, day(4), day(3)).is_err());
        assert!(check_reply(&st, Party::AccountTeam, day(1), day(3)).is_err());
        assert!(check_reply(&st, Party::AccountTeam, day(2), day(3)).is_ok());
        // Between attempts 1 and 2: it answers attempt 1.
        let ev = [
            send(1, Party::AccountTeam, 1, day(2)),
            send(2, Party::AccountTeam, 2, day(7)),
        ];
        let st = standing(&record(tenant(Some(5000)), &ev), day(9), &settings(), &Cal);
        assert!(check_reply(&st, Party::AccountTeam, day(4), day(9)).is_ok());
        assert!(check_reply(&st, Party::AccountTeam, day(1), day(9)).is_err());
    }

    #[derive(Debug, Clone)]
    enum Ev {
        Send(Party),
        Reply(Party),
        Decline(Party),
    }

    fn arb_party() -> impl Strategy<Value = Party> {
        prop_oneof![
            Just(Party::AccountTeam),
            Just(Party::Partner),
            Just(Party::Customer)
        ]
    }

    fn arb_option() -> impl Strategy<Value = AssignOption> {
        (0usize..12).prop_map(|i| AssignOption::ALL[i])
    }

    proptest! {
        /// Over random tenants: never a contact step and an assignment at
        /// once; no contact step where there is nothing to send; every
        /// contact step due on a business day; an assignment to apply is
        /// the rules' decision.
        #[test]
        fn one_next_step_and_only_when_there_is_one(
            seats in proptest::option::of(prop_oneof![0i64..200, 900i64..1100, 9000i64..12000]),
            exception in any::<bool>(),
            managed in any::<bool>(),
            duplicate in proptest::bool::weighted(0.1),
            wants in proptest::option::of(any::<bool>()),
            script in proptest::collection::vec(
                (prop_oneof![
                    arb_party().prop_map(Ev::Send),
                    arb_party().prop_map(Ev::Reply),
                    arb_party().prop_map(Ev::Decline),
                ], 0u64..6),
                0..6,
            ),
            pause in proptest::option::of((0u64..40, 0u64..12)),
            partner in proptest::option::of((any::<bool>(), any::<bool>(), any::<bool>())),
            assignment in proptest::option::of((arb_option(), 0u64..40)),
            rfa in proptest::option::of((0u64..60, any::<bool>())),
            dibs in proptest::collection::vec(
                (any::<bool>(), proptest::option::of(0usize..3), any::<bool>(), any::<bool>(), 0u64..40),
                0..3,
            ),
            goback in proptest::option::of((0u64..40, 0i64..8)),
            activity in proptest::option::of(0u64..40),
            pdm_only in any::<bool>(),
            suspected in proptest::bool::weighted(0.1),
            today in 0u64..60,
        ) {
            let today = day(today);
            let mut events = Vec::new();
            let mut on = 0u64;
            let mut sent = [0u32; 3];
            for (i, (e, gap)) in script.iter().enumerate() {
                on += gap;
                let id = i as i64 + 1;
                let e = match e {
                    Ev::Send(p) => {
                        let k = Party::ORDER.iter().position(|q| q == p).unwrap();
                        sent[k] += 1;
                        Event::Send { party: *p, attempt: sent[k], via: super::super::cadence::Via::Email, on: day(on), forced: false }
                    }
                    Ev::Reply(p) => Event::Reply { party: *p, on: day(on) },
                    Ev::Decline(p) => Event::Decline { party: *p, on: day(on) },
                };
                events.push((id, e));
            }
            let pauses: Vec<StoredPause> = pause
                .map(|(from, len)| StoredPause {
                    id: 1,
                    pause: Pause { from: day(from), until: day(from + len), resumed_on: None },
                    requested_by: "customer".into(),
                    reason: "x".into(),
                })
                .into_iter()
                .collect();
            let contacts = if pdm_only {
                vec![person(0, ContactKind::Microsoft, Some(Role::Pdm))]
            } else {
                vec![
                    person(0, ContactKind::Microsoft, Some(Role::AccountManager)),
                    person(1, ContactKind::Customer, None),
                ]
            };
            let partners: Vec<Partner> = partner.map(|(real, frp, deploying)| Partner {
                name: if real { "Northwind".into() } else { "No Partner Identified".into() },
                mpn: if real { "1234567".into() } else { "N/A".into() },
                deploying: if deploying { vec!["exchange".into()] } else { Vec::new() },
                is_frp: frp,
            }).into_iter().collect();
            let assignments: Vec<StoredAssignment> = assignment
                .map(|(o, d)| StoredAssignment {
                    id: 1,
                    option: o.as_str().into(),
                    queue: "Q".into(),
                    assignee: None,
                    on: day(d),
                    manual: false,
                    reasons: Vec::new(),
                    frp_mpn: None,
                })
                .into_iter()
                .collect();
            let rfas: Vec<Rfa> = rfa
                .map(|(d, approved)| Rfa {
                    id: "R".into(),
                    tenant_id: 1,
                    domain: "x".into(),
                    workloads: Vec::new(),
                    status: if approved { RfaStatus::Approved } else { RfaStatus::OnHold },
                    on: day(d),
                })
                .into_iter()
                .collect();
            let intents = [Intent::Yes, Intent::No, Intent::Undecided];
            let dibs: Vec<WorkloadDibs> = dibs
                .iter()
                .enumerate()
                .map(|(i, (go, intent, reason, owner, d))| WorkloadDibs {
                    workload: ["exchange", "teams", "sharepoint"][i].into(),
                    dibs: Dibs {
                        go_live: go.then(|| day(90)),
                        intent: intent.map(|k| intents[k]),
                        reason: reason.then(|| "Cost".to_string()),
                        owner: owner.then(|| "Ann".to_string()),
                        start: None,
                        source: DibsSource::Customer,
                    },
                    contact_email: None,
                    updated_on: day(*d),
                })
                .collect();
            let t = TenantFacts {
                added_on: day(0),
                source: if exception { Source::Exception } else { Source::Commerce },
                seats,
                managed: managed && !pdm_only,
                duplicate_invalid: duplicate,
                wants_ftc: wants,
                goback_on: goback.map(|(d, _)| day(d)),
                goback_mark: GobackMark { events: goback.map(|(_, m)| m) },
            };
            let looks_like = ["A. Datum Corporation (TPID 1001)".to_string()];
            let r = Record {
                tenant: t,
                events: &events,
                pauses: &pauses,
                contacts: &contacts,
                partners: &partners,
                assignments: &assignments,
                rfas: &rfas,
                dibs: &dibs,
                totals: &[],
                last_activity: activity.map(day),
                usage: &[],
                suspected: if suspected { &looks_like } else { &[] },
            };
            let st = standing(&r, today, &settings(), &Cal);
            match &st.next {
                Next::Contact(c) => {
                    prop_assert!(st.stage.in_cadence(), "contact in stage {}", st.stage);
                    prop_assert!(st.rfa.is_none());
                    prop_assert!(!st.reactive);
                    prop_assert!(st.decision.is_err(), "a contact while an option applies");
                    prop_assert!(business(c.step.due_on), "due {} is not a business day", c.step.due_on);
                }
                Next::Assign { decision, due_on } => {
                    prop_assert_eq!(Some(decision), st.decision.as_ref().ok());
                    prop_assert!(*due_on <= today);
                    // `assign` refuses an ineligible tenant: never proposed.
                    prop_assert!(is_eligible(t.source, t.seats, settings().min_seats));
                    prop_assert!(!matches!(
                        st.stage,
                        Stage::Assigned | Stage::Ineligible | Stage::Skip
                    ));
                }
                Next::Nothing { why } => prop_assert!(!why.is_empty()),
            }
            if matches!(
                st.stage,
                Stage::Assigned | Stage::Ineligible | Stage::Skip | Stage::Responded
                    | Stage::Unresponsive | Stage::Paused
            ) || st.rfa.is_some() || st.reactive || suspected {
                prop_assert!(st.contact().is_none());
            }
            // A suspected duplicate waits for an FM: nothing to do but
            // resolve it.
            if suspected {
                prop_assert!(st.assign().is_none());
            }
            // An option resting on an answer is never proposed while the
            // cadence is open and the answer unknown; a pause does not end
            // the cadence (nor does `assign`, which reads `decision`).
            let unpaused = standing(&Record { pauses: &[], ..r }, today, &settings(), &Cal);
            if st.stage == Stage::Paused && unpaused.stage.in_cadence() && !unpaused.reactive {
                if let Ok(d) = &st.decision {
                    prop_assert!(!d.rested, "{} rests on an answer, proposed during a pause", d.option);
                    prop_assert!(d.option != AssignOption::WantsFtcNoDibs);
                    if d.option == AssignOption::PartnerNoDibs {
                        prop_assert_eq!(t.wants_ftc, Some(false));
                    }
                }
            }
            if let Some((d, _)) = st.assign() {
                let open = st.stage.in_cadence() && !st.reactive;
                if open && d.option == AssignOption::WantsFtcNoDibs {
                    prop_assert!(false, "wants-ftc-no-dibs while the cadence is open");
                }
                if open && d.option == AssignOption::PartnerNoDibs {
                    prop_assert_eq!(t.wants_ftc, Some(false));
                }
                if st.rfa.is_some() {
                    prop_assert!(matches!(
                        d.option,
                        AssignOption::DuplicateInvalid | AssignOption::FrpEngaged
                            | AssignOption::PartnerCss | AssignOption::FrpReferral
                            | AssignOption::Css
                    ), "RFA gave {}", d.option);
                }
            }
        }
    }
}
