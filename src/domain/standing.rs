//! Where a tenant stands: its stage, its one next step, the GoBack verdict
//! and what to warn about (SPEC rules 4.2 and 4.3 together).
//!
//! Every view asks this one function: `tenant show|list`, `cadence show`,
//! the agenda, the report, `assign` and `engage`. It takes what is stored
//! about a tenant, today and the settings; it reads no database, clock or
//! terminal. A tenant has at most one next step: a contact to make, or an
//! assignment to apply, never both.

use super::assignment::{
    decide, ready_on, waiting_for, AssignOption, Dates, Decision, PartnerFacts, Situation,
    StoredAssignment, Thresholds, WorkloadDibs as RuleDibs,
};
use super::cadence::{
    check_send, BusinessDays, Cadence, Ending, Event, Facts, Party, Pause, ResponseDays,
    SendRefusal, Step, StoredPause,
};
use super::contact::{Contact, ContactKind, Partner, Role};
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
    pub partner: Option<&'a Partner>,
    /// Oldest first.
    pub assignments: &'a [StoredAssignment],
    /// Any order; only approved ones of the last 30 days count.
    pub rfas: &'a [Rfa],
    pub dibs: &'a [WorkloadDibs],
    /// `status --total` per workload.
    pub totals: &'a [(String, i64)],
    /// For a GoBack tenant: its last activity up to the GoBack mark.
    pub last_activity: Option<NaiveDate>,
}

/// A contact to make.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactStep {
    pub step: Step,
    pub to: Vec<String>,
    pub cc: Vec<String>,
}

/// The one next step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Next {
    /// A cadence step is due (or coming).
    Contact(ContactStep),
    /// The rules decide an option: apply it. Due the day it became ready.
    Assign { decision: Decision, due_on: NaiveDate },
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
/// - partner: the partner's contacts, copying the account team except the
///   PDMs and PSEs tied to another partner;
/// - customer: the customer's contacts, copying the account team without
///   its PDMs and PSEs; never a partner.
///
/// Do-not-contact contacts are never written to or copied.
pub fn recipients(
    contacts: &[Contact],
    partner: Option<&Partner>,
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
        Party::AccountTeam => (emails(&microsoft), Vec::new()),
        Party::Partner => {
            let mpn = partner.map(|p| p.mpn.as_str());
            let tied_elsewhere = |c: &Contact| {
                pdm_or_pse(c)
                    && c.partner_mpn
                        .as_deref()
                        .is_some_and(|m| Some(m) != mpn)
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

/// The standing of a tenant.
pub fn standing(
    r: &Record,
    today: NaiveDate,
    s: &Settings,
    cal: &dyn BusinessDays,
) -> Standing {
    let t = &r.tenant;
    let eligible = is_eligible(t.source, t.seats, s.min_seats);
    let days: Vec<NaiveDate> = r.assignments.iter().map(|a| a.on).collect();
    let in_force = goback::in_force(t.goback_on, &days);
    let mut started = t.added_on;
    let mut verdict = None;
    if let Some(g) = t.goback_on {
        started = started.max(g);
        if in_force.is_none() {
            let earlier =
                goback::earlier(g, &days).and_then(|i| AssignOption::parse(&r.assignments[i].option));
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
    let real_partner = r.partner.is_some_and(Partner::is_real);
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
    let stage = stage(StageFacts {
        eligible,
        skip,
        assigned: in_force.is_some(),
        paused,
        rfa: rfa.is_some(),
        cadence: cadence.stage(today, &pauses),
    });
    let anyone_replied = !cadence.replied.is_empty() || !cadence.declined.is_empty() || rfa.is_some();
    let reactive = t.seats.is_some_and(|n| n <= s.thresholds.reactive_max_seats) && !anyone_replied;
    let working = matches!(
        stage,
        Stage::New | Stage::AccountTeam | Stage::Partner | Stage::Customer
    );
    let (situation, dates) = situation(r, &cadence, rfa, today, started, s, working && !reactive);
    let mut decision = decide(&situation, &s.thresholds);
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
        .map(|d| ready_on(d.option, &dates, today));

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
        Stage::Paused => Next::Nothing {
            why: match r.pauses.iter().find(|p| p.pause.covers(today)) {
                Some(p) => format!(
                    "paused until {} at the {}'s request",
                    p.pause.until,
                    p.requested_by.replace('-', " ")
                ),
                None => "paused".into(),
            },
        },
        _ => match &decision {
            Ok(d) => Next::Assign {
                decision: d.clone(),
                due_on: ready.unwrap_or(today),
            },
            Err(missing) => match cadence.next.as_ref().filter(|_| working && rfa.is_none()) {
                Some(step) => {
                    let (to, cc) = recipients(r.contacts, r.partner, step);
                    Next::Contact(ContactStep {
                        step: step.clone(),
                        to,
                        cc,
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
    if let Next::Contact(c) = &next {
        if c.to.is_empty() {
            warnings.push(format!(
                "nobody to write to for the {}: {}",
                c.step.template,
                match c.step.party {
                    Party::AccountTeam => "no Microsoft contact on file",
                    Party::Partner => "no partner contact on file",
                    Party::Customer => "no customer contact that may be contacted",
                }
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
    let waiting = if let Some(p) = r.pauses.iter().find(|p| p.pause.covers(today)) {
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
            frp_eligible: s.frp_eligible.iter().any(|w| *w == d.workload),
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
        partner: r.partner.filter(|p| p.is_real()).map(|p| PartnerFacts {
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
    let attempt = check_send(&st.cadence, party, on, real_partner, customer_reachable)?;
    if let Some(why) = st.no_contact_why() {
        return Err(SendRefusal::NoContactDue { why });
    }
    Ok(attempt)
}

/// Whether an answer from `party` on `on` may be recorded: not dated after
/// today, nor before the attempt it answers.
pub fn check_reply(c: &Cadence, party: Party, on: NaiveDate, today: NaiveDate) -> Result<(), String> {
    if on > today {
        return Err(format!("{on} is after today ({today})"));
    }
    if let Some(a) = c.attempts.iter().rev().find(|a| a.party == party) {
        if on < a.sent_on {
            return Err(format!(
                "{on} is before {} attempt {} it would answer (sent {})",
                party.words(),
                a.attempt,
                a.sent_on
            ));
        }
    }
    Ok(())
}
