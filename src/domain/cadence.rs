//! The engagement cadence (SPEC rule 4.2): who is contacted next, with which
//! template, by when; the stage; and whether a send is allowed.
//!
//! Everything is derived from the recorded events (sends, replies,
//! declines) and pauses by replaying them; nothing here knows the clock or
//! the database.

use chrono::NaiveDate;
use serde::Serialize;
use std::fmt;
use std::str::FromStr;

use super::tenant::Stage;

/// Business-day arithmetic on the tenant's region calendar.
pub trait BusinessDays {
    /// The Nth business day strictly after `d` (`d` itself for n = 0).
    fn after(&self, d: NaiveDate, n: u32) -> NaiveDate;
}

/// The three parties, in the order they are contacted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Party {
    AccountTeam,
    Partner,
    Customer,
}

impl Party {
    pub const ORDER: [Party; 3] = [Party::AccountTeam, Party::Partner, Party::Customer];

    pub fn as_str(self) -> &'static str {
        match self {
            Party::AccountTeam => "account-team",
            Party::Partner => "partner",
            Party::Customer => "customer",
        }
    }

    /// How the party reads in a sentence ("The account team responded.").
    pub fn words(self) -> &'static str {
        match self {
            Party::AccountTeam => "account team",
            Party::Partner => "partner",
            Party::Customer => "customer",
        }
    }

    /// The most attempts a party gets.
    pub fn max_attempts(self) -> u32 {
        match self {
            Party::AccountTeam => 2,
            Party::Partner => 1,
            Party::Customer => 3,
        }
    }

    pub fn stage(self) -> Stage {
        match self {
            Party::AccountTeam => Stage::AccountTeam,
            Party::Partner => Stage::Partner,
            Party::Customer => Stage::Customer,
        }
    }
}

impl fmt::Display for Party {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Party {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "account-team" => Ok(Party::AccountTeam),
            "partner" => Ok(Party::Partner),
            "customer" => Ok(Party::Customer),
            _ => Err(format!(
                "'{s}' is not a party (account-team, partner, customer)"
            )),
        }
    }
}

/// How an attempt was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Via {
    Email,
    Meeting,
    FollowUp,
}

impl Via {
    pub fn as_str(self) -> &'static str {
        match self {
            Via::Email => "email",
            Via::Meeting => "meeting",
            Via::FollowUp => "follow-up",
        }
    }
}

impl FromStr for Via {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "email" => Ok(Via::Email),
            "meeting" => Ok(Via::Meeting),
            "follow-up" => Ok(Via::FollowUp),
            _ => Err(format!(
                "'{s}' is not a way of contact (email, meeting, follow-up)"
            )),
        }
    }
}

/// One recorded cadence event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    Send {
        party: Party,
        attempt: u32,
        via: Via,
        on: NaiveDate,
        forced: bool,
    },
    Reply {
        party: Party,
        on: NaiveDate,
    },
    Decline {
        party: Party,
        on: NaiveDate,
    },
}

/// A pause: from `from` through `until`, or through the day before `resumed_on`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pause {
    pub from: NaiveDate,
    pub until: NaiveDate,
    pub resumed_on: Option<NaiveDate>,
}

impl Pause {
    /// The last day the pause covers, or None when it was resumed before it began.
    pub fn last_day(&self) -> Option<NaiveDate> {
        let end = match self.resumed_on {
            Some(r) => r.pred_opt()?.min(self.until),
            None => self.until,
        };
        (end >= self.from).then_some(end)
    }

    pub fn covers(&self, d: NaiveDate) -> bool {
        self.last_day()
            .is_some_and(|end| self.from <= d && d <= end)
    }
}

/// A pause as stored.
#[derive(Debug, Clone)]
pub struct StoredPause {
    pub id: i64,
    pub pause: Pause,
    pub requested_by: String,
    pub reason: String,
}

/// The facts a cadence is computed from.
pub struct Facts<'a> {
    pub added_on: NaiveDate,
    pub events: &'a [Event],
    pub pauses: &'a [Pause],
    /// A partner other than `No Partner Identified` is on the tenant.
    pub real_partner: bool,
    /// Every Microsoft contact is a PDM and the tenant is unmanaged.
    pub pdm_only_unmanaged: bool,
    /// Business days each party has to reply.
    pub days: ResponseDays,
}

/// Reply windows in business days, per party.
#[derive(Debug, Clone, Copy)]
pub struct ResponseDays {
    pub account_team: u32,
    pub partner: u32,
    pub customer: u32,
}

impl ResponseDays {
    pub fn for_party(&self, p: Party) -> u32 {
        match p {
            Party::AccountTeam => self.account_team,
            Party::Partner => self.partner,
            Party::Customer => self.customer,
        }
    }
}

/// An attempt as `cadence show` lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Attempt {
    pub party: Party,
    pub attempt: u32,
    pub via: Via,
    pub sent_on: NaiveDate,
    /// When its reply window closes.
    pub due_on: NaiveDate,
    pub replied_on: Option<NaiveDate>,
    /// The party declined to engage (on `replied_on`).
    pub declined: bool,
    pub forced: bool,
}

/// The next step to take.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Step {
    pub party: Party,
    pub attempt: u32,
    pub due_on: NaiveDate,
    pub template: &'static str,
    pub via: Via,
}

/// How the cadence ended, when it has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// The customer replied (or declined) on this date.
    CustomerAnswered { on: NaiveDate, declined: bool },
    /// The account team declined to engage on this date: nobody else is
    /// contacted (rule 4.2), its option is the next step.
    AccountTeamDeclined { on: NaiveDate },
    /// The third customer window closes (or closed) on this date.
    NoReply { on: NaiveDate },
}

/// Everything derived from the facts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cadence {
    pub attempts: Vec<Attempt>,
    pub next: Option<Step>,
    pub ending: Option<Ending>,
    pub replied: Vec<(Party, NaiveDate)>,
    pub declined: Vec<(Party, NaiveDate)>,
}

/// The template and default way of contact for a step.
pub fn template(party: Party, attempt: u32, pdm_only_unmanaged: bool) -> (&'static str, Via) {
    match (party, attempt) {
        (Party::AccountTeam, 1) => ("Account Team Contact", Via::Email),
        (Party::AccountTeam, _) if pdm_only_unmanaged => ("PDM Follow-up", Via::FollowUp),
        (Party::AccountTeam, _) => ("Account Team Meeting", Via::Meeting),
        (Party::Partner, _) => ("Partner Contact", Via::Email),
        (Party::Customer, 1) => ("Customer 1st Contact", Via::Email),
        (Party::Customer, 2) => ("Customer 2nd Contact", Via::Email),
        (Party::Customer, _) => ("Customer 3rd Contact", Via::Email),
    }
}

/// The engagement note a send adds (the standard wording).
pub fn send_note(party: Party, attempt: u32, via: Via) -> &'static str {
    match (party, attempt) {
        (Party::AccountTeam, 1) => "First contact e-mail sent to the account team.",
        (Party::AccountTeam, _) if via == Via::FollowUp => {
            "Account team did not respond to the first contact; follow-up e-mail sent to the PDM."
        }
        (Party::AccountTeam, _) => {
            "Account team did not respond to the first contact; meeting requested."
        }
        (Party::Partner, _) => "Contact e-mail sent to the partner.",
        (Party::Customer, 1) => "First contact e-mail sent to the customer.",
        (Party::Customer, 2) => {
            "Customer did not respond to the first contact attempt. Second contact e-mail sent."
        }
        (Party::Customer, _) => {
            "Customer did not respond to the second contact attempt. Third contact e-mail sent."
        }
    }
}

/// The engagement note a reply or decline adds.
pub fn reply_note(party: Party, declined: bool) -> String {
    if declined {
        format!("The {} declined to engage.", party.words())
    } else {
        format!("The {} responded.", party.words())
    }
}

/// How an engagement note reads in the history: the note itself, marked as one.
pub fn note_history(text: &str) -> String {
    format!("engagement note: {text}")
}

/// The first business day on or after `d`: a step due on a weekend or a
/// holiday is due the next business day.
pub fn on_or_after(d: NaiveDate, cal: &dyn BusinessDays) -> NaiveDate {
    match d.pred_opt() {
        Some(before) => cal.after(before, 1),
        None => d,
    }
}

/// Move a due date that falls inside a pause to the first business day after it.
fn shift(d: NaiveDate, pauses: &[Pause], cal: &dyn BusinessDays) -> NaiveDate {
    let mut d = d;
    // A shifted date can land in a later pause; apply until stable.
    for _ in 0..=pauses.len() {
        match pauses.iter().find(|p| p.covers(d)) {
            Some(p) => d = cal.after(p.last_day().unwrap_or(d), 1),
            None => break,
        }
    }
    d
}

/// The attempt an answer from `party` on `on` answers: the last one sent
/// to that party on or before that day (an answer may be recorded after a
/// later attempt went out, when the FM saw it late).
fn answered_attempt(attempts: &mut [Attempt], party: Party, on: NaiveDate) -> Option<&mut Attempt> {
    attempts
        .iter_mut()
        .rev()
        .find(|a| a.party == party && a.sent_on <= on)
}

impl Cadence {
    /// Replay the events.
    pub fn compute(f: &Facts, cal: &dyn BusinessDays) -> Cadence {
        let mut attempts: Vec<Attempt> = Vec::new();
        let mut replied: Vec<(Party, NaiveDate)> = Vec::new();
        let mut declined: Vec<(Party, NaiveDate)> = Vec::new();
        for e in f.events {
            match *e {
                Event::Send {
                    party,
                    attempt,
                    via,
                    on,
                    forced,
                } => {
                    let close = shift(cal.after(on, f.days.for_party(party)), f.pauses, cal);
                    attempts.push(Attempt {
                        party,
                        attempt,
                        via,
                        sent_on: on,
                        due_on: close,
                        replied_on: None,
                        declined: false,
                        forced,
                    });
                }
                Event::Reply { party, on } => {
                    if let Some(a) = answered_attempt(&mut attempts, party, on) {
                        a.replied_on.get_or_insert(on);
                    }
                    replied.push((party, on));
                }
                Event::Decline { party, on } => {
                    if let Some(a) = answered_attempt(&mut attempts, party, on) {
                        if a.replied_on.is_none() {
                            a.replied_on = Some(on);
                            a.declined = true;
                        }
                    }
                    declined.push((party, on));
                }
            }
        }
        let answered = |p: Party| -> Option<NaiveDate> {
            replied
                .iter()
                .chain(declined.iter())
                .filter(|(q, _)| *q == p)
                .map(|(_, d)| *d)
                .min()
        };

        // A customer answer ends the cadence, whatever else is open.
        if let Some(on) = answered(Party::Customer) {
            let declined_ = declined.iter().any(|(p, _)| *p == Party::Customer)
                && !replied.iter().any(|(p, _)| *p == Party::Customer);
            return Cadence {
                attempts,
                next: None,
                ending: Some(Ending::CustomerAnswered {
                    on,
                    declined: declined_,
                }),
                replied,
                declined,
            };
        }

        // An account-team decline ends it too: nobody else is contacted.
        if let Some(on) = declined
            .iter()
            .filter(|(p, _)| *p == Party::AccountTeam)
            .map(|(_, d)| *d)
            .min()
        {
            return Cadence {
                attempts,
                next: None,
                ending: Some(Ending::AccountTeamDeclined { on }),
                replied,
                declined,
            };
        }

        let mut ready = f.added_on; // when the next party's first attempt is due
        let mut next = None;
        let mut ending = None;
        for party in Party::ORDER {
            if party == Party::Partner && !f.real_partner {
                // A partner that answered and was then set aside (a
                // decline records `partner none`) was done on the day it
                // answered: the customer's first attempt is due from then.
                if let Some(on) = answered(party) {
                    ready = ready.max(on);
                }
                continue;
            }
            let sent: Vec<&Attempt> = attempts.iter().filter(|a| a.party == party).collect();
            if let Some(on) = answered(party) {
                ready = ready.max(on);
                continue;
            }
            let n = sent.len() as u32;
            if n < party.max_attempts() {
                let due = match sent.last() {
                    Some(last) => last.due_on,
                    None => shift(on_or_after(ready, cal), f.pauses, cal),
                };
                let (template, via) = template(party, n + 1, f.pdm_only_unmanaged);
                next = Some(Step {
                    party,
                    attempt: n + 1,
                    due_on: due,
                    template,
                    via,
                });
                break;
            }
            let closed = sent.last().map_or(ready, |a| a.due_on);
            ready = ready.max(closed);
            if party == Party::Customer {
                ending = Some(Ending::NoReply { on: closed });
            }
        }
        Cadence {
            attempts,
            next,
            ending,
            replied,
            declined,
        }
    }

    /// The stage this cadence puts a tenant in, as of `today` (the parts of
    /// rule 4.2 that come from the cadence: paused, responded, unresponsive,
    /// the party whose step is open, new).
    pub fn stage(&self, today: NaiveDate, pauses: &[Pause]) -> Stage {
        if pauses.iter().any(|p| p.covers(today)) {
            return Stage::Paused;
        }
        match self.ending {
            Some(Ending::CustomerAnswered { .. } | Ending::AccountTeamDeclined { .. }) => {
                return Stage::Responded
            }
            Some(Ending::NoReply { on }) if today >= on => return Stage::Unresponsive,
            Some(Ending::NoReply { .. }) => return Stage::Customer,
            None => {}
        }
        let Some(step) = &self.next else {
            return Stage::New;
        };
        // New until something happened: a send, or an answer (a party may
        // answer before anyone wrote to it; its step is then done and the
        // next party's is open).
        if self.attempts.is_empty() && self.replied.is_empty() && self.declined.is_empty() {
            return Stage::New;
        }
        // Waiting on the previous party's last window: still that party's step.
        if step.attempt == 1 && today < step.due_on {
            if let Some(last) = self
                .attempts
                .iter()
                .filter(|a| a.party < step.party)
                .max_by_key(|a| (a.party, a.attempt))
            {
                if last.replied_on.is_none() && today < last.due_on {
                    return last.party.stage();
                }
            }
        }
        step.party.stage()
    }

    /// The attempts made to one party.
    pub fn sent_to(&self, party: Party) -> u32 {
        self.attempts.iter().filter(|a| a.party == party).count() as u32
    }

    /// Whether a party has answered (replied or declined).
    pub fn answered(&self, party: Party) -> bool {
        self.replied
            .iter()
            .chain(self.declined.iter())
            .any(|(p, _)| *p == party)
    }
}

/// Why a send is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendRefusal {
    /// Beyond the party's maximum: always refused.
    OverLimit { party: Party, max: u32 },
    /// No partner other than `No Partner Identified` is on the tenant.
    NoPartner,
    /// Every customer contact is do-not-contact (or there is none).
    DoNotContact,
    /// The cadence has ended (the customer answered, or the account team
    /// declined), as this says: `--force` allows it.
    Ended(Ending),
    /// This party has answered already: `--force` allows it.
    Answered,
    /// An earlier party's step is still open: `--force` allows it.
    OutOfOrder {
        open: Party,
        attempt: u32,
        due_on: NaiveDate,
    },
    /// Before its due date: `--force` allows it.
    TooEarly { due_on: NaiveDate },
    /// Dated after today: always refused.
    Future { on: NaiveDate },
    /// Dated before the tenant's cadence started (the day it was added, or
    /// marked GoBack): always refused.
    BeforeStart { on: NaiveDate, started: NaiveDate },
    /// Dated before the same party's previous attempt: always refused.
    BeforePrevious {
        on: NaiveDate,
        attempt: u32,
        sent_on: NaiveDate,
    },
    /// The tenant has no contact to make (assigned, ineligible, skipped,
    /// answered, unresponsive, a recent RFA, reactive): `--force` allows it.
    NoContactDue { why: String },
}

impl SendRefusal {
    /// Whether `--force` overrides it.
    pub fn forceable(&self) -> bool {
        matches!(
            self,
            SendRefusal::Ended(_)
                | SendRefusal::Answered
                | SendRefusal::OutOfOrder { .. }
                | SendRefusal::TooEarly { .. }
                | SendRefusal::NoContactDue { .. }
        )
    }

    pub fn message(&self, party: Party) -> String {
        match self {
            SendRefusal::OverLimit { party, max } => {
                format!(
                    "the {} has had its {max} attempt{} already",
                    party.words(),
                    if *max == 1 { "" } else { "s" }
                )
            }
            SendRefusal::NoPartner => "there is no partner on this tenant to contact".into(),
            SendRefusal::DoNotContact => {
                "every customer contact is do-not-contact (or there is none)".into()
            }
            SendRefusal::Ended(e) => match e {
                Ending::CustomerAnswered { on, declined: true } => {
                    format!("the cadence has ended: the customer declined on {on}")
                }
                Ending::CustomerAnswered { on, .. } => {
                    format!("the cadence has ended: the customer answered on {on}")
                }
                Ending::AccountTeamDeclined { on } => {
                    format!("the cadence has ended: the account team declined on {on}")
                }
                Ending::NoReply { on } => {
                    format!("the cadence has ended: no reply by {on}")
                }
            },
            SendRefusal::Answered => format!("the {} has answered already", party.words()),
            SendRefusal::OutOfOrder {
                open,
                attempt,
                due_on,
            } => format!(
                "out of order: {} attempt {attempt} (due {due_on}) comes before contacting the {}",
                open.words(),
                party.words()
            ),
            SendRefusal::TooEarly { due_on } => {
                format!("too early: the {} step is due {due_on}", party.words())
            }
            SendRefusal::Future { on } => format!("{on} is after today"),
            SendRefusal::BeforeStart { on, started } => {
                format!("{on} is before its cadence started on {started}")
            }
            SendRefusal::BeforePrevious {
                on,
                attempt,
                sent_on,
            } => format!(
                "{on} is before the {}'s attempt {attempt} (sent {sent_on})",
                party.words()
            ),
            SendRefusal::NoContactDue { why } => format!("no contact is due: {why}"),
        }
    }
}

/// Decide whether a send to `party` on `on` is allowed; the attempt number
/// it would be.
pub fn check_send(
    c: &Cadence,
    party: Party,
    on: NaiveDate,
    real_partner: bool,
    customer_reachable: bool,
) -> Result<u32, SendRefusal> {
    let attempt = c.sent_to(party) + 1;
    if let Some(e @ Ending::AccountTeamDeclined { .. }) = c.ending {
        if attempt <= party.max_attempts() {
            return Err(SendRefusal::Ended(e));
        }
    }
    if attempt > party.max_attempts() {
        return Err(SendRefusal::OverLimit {
            party,
            max: party.max_attempts(),
        });
    }
    if let Some(last) = c.attempts.iter().rev().find(|a| a.party == party) {
        if on < last.sent_on {
            return Err(SendRefusal::BeforePrevious {
                on,
                attempt: last.attempt,
                sent_on: last.sent_on,
            });
        }
    }
    if party == Party::Partner && !real_partner {
        return Err(SendRefusal::NoPartner);
    }
    if party == Party::Customer && !customer_reachable {
        return Err(SendRefusal::DoNotContact);
    }
    if let Some(e @ Ending::CustomerAnswered { .. }) = c.ending {
        return Err(SendRefusal::Ended(e));
    }
    if c.answered(party) {
        return Err(SendRefusal::Answered);
    }
    if let Some(step) = &c.next {
        if step.party < party {
            return Err(SendRefusal::OutOfOrder {
                open: step.party,
                attempt: step.attempt,
                due_on: step.due_on,
            });
        }
        if step.party == party && on < step.due_on {
            return Err(SendRefusal::TooEarly {
                due_on: step.due_on,
            });
        }
    }
    Ok(attempt)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Datelike;

    /// Weekends only.
    struct Weekdays;
    impl BusinessDays for Weekdays {
        fn after(&self, d: NaiveDate, n: u32) -> NaiveDate {
            let mut d = d;
            let mut left = n;
            while left > 0 {
                d = d.succ_opt().expect("date");
                if d.weekday().number_from_monday() <= 5 {
                    left -= 1;
                }
            }
            d
        }
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn facts<'a>(events: &'a [Event], pauses: &'a [Pause], partner: bool) -> Facts<'a> {
        Facts {
            added_on: d("2027-07-01"),
            events,
            pauses,
            real_partner: partner,
            pdm_only_unmanaged: false,
            days: ResponseDays {
                account_team: 3,
                partner: 3,
                customer: 3,
            },
        }
    }

    fn send(p: Party, attempt: u32, on: &str) -> Event {
        Event::Send {
            party: p,
            attempt,
            via: Via::Email,
            on: d(on),
            forced: false,
        }
    }

    #[test]
    fn first_step_is_due_the_day_added() {
        let c = Cadence::compute(&facts(&[], &[], false), &Weekdays);
        let n = c.next.clone().unwrap();
        assert_eq!(
            (n.party, n.attempt, n.due_on, n.template),
            (
                Party::AccountTeam,
                1,
                d("2027-07-01"),
                "Account Team Contact"
            )
        );
        assert_eq!(c.stage(d("2027-07-01"), &[]), Stage::New);
    }

    #[test]
    fn no_reply_runs_to_unresponsive() {
        // Thu 1 Jul: AT1; window closes Tue 6 Jul.
        let ev = vec![
            send(Party::AccountTeam, 1, "2027-07-01"),
            send(Party::AccountTeam, 2, "2027-07-06"),
            send(Party::Customer, 1, "2027-07-09"),
            send(Party::Customer, 2, "2027-07-14"),
            send(Party::Customer, 3, "2027-07-19"),
        ];
        let c = Cadence::compute(&facts(&ev[..1], &[], false), &Weekdays);
        assert_eq!(c.next.as_ref().unwrap().due_on, d("2027-07-06"));
        assert_eq!(c.next.as_ref().unwrap().template, "Account Team Meeting");
        let c = Cadence::compute(&facts(&ev[..2], &[], false), &Weekdays);
        let n = c.next.clone().unwrap();
        assert_eq!((n.party, n.due_on), (Party::Customer, d("2027-07-09")));
        assert_eq!(c.stage(d("2027-07-07"), &[]), Stage::AccountTeam);
        assert_eq!(c.stage(d("2027-07-09"), &[]), Stage::Customer);
        let c = Cadence::compute(&facts(&ev, &[], false), &Weekdays);
        assert_eq!(c.next, None);
        assert_eq!(
            c.ending,
            Some(Ending::NoReply {
                on: d("2027-07-22")
            })
        );
        assert_eq!(c.stage(d("2027-07-21"), &[]), Stage::Customer);
        assert_eq!(c.stage(d("2027-07-22"), &[]), Stage::Unresponsive);
    }

    #[test]
    fn a_real_partner_gets_one_attempt_between() {
        let ev = vec![
            send(Party::AccountTeam, 1, "2027-07-01"),
            Event::Reply {
                party: Party::AccountTeam,
                on: d("2027-07-02"),
            },
        ];
        let c = Cadence::compute(&facts(&ev, &[], true), &Weekdays);
        let n = c.next.unwrap();
        assert_eq!(
            (n.party, n.attempt, n.due_on, n.template),
            (Party::Partner, 1, d("2027-07-02"), "Partner Contact")
        );
        let c = Cadence::compute(&facts(&ev, &[], false), &Weekdays);
        assert_eq!(c.next.unwrap().party, Party::Customer);
    }

    #[test]
    fn after_a_partner_decline_the_customer_is_due_from_the_decline() {
        // AT1 Mon 5 Jul, AT2 Thu 8 Jul (its window closes Tue 13 Jul), the
        // partner written to on 13 Jul declines on Thu 15 Jul; the decline
        // sets the partner aside (`partner none`).
        let ev = vec![
            send(Party::AccountTeam, 1, "2027-07-05"),
            send(Party::AccountTeam, 2, "2027-07-08"),
            send(Party::Partner, 1, "2027-07-13"),
            Event::Decline {
                party: Party::Partner,
                on: d("2027-07-15"),
            },
        ];
        let c = Cadence::compute(&facts(&ev, &[], false), &Weekdays);
        let n = c.next.unwrap();
        assert_eq!(
            (n.party, n.attempt, n.due_on),
            (Party::Customer, 1, d("2027-07-15"))
        );
        // Never written to and never answering, a partner set aside
        // leaves the customer due when the account team was done.
        let c = Cadence::compute(&facts(&ev[..2], &[], false), &Weekdays);
        assert_eq!(c.next.unwrap().due_on, d("2027-07-13"));
    }

    #[test]
    fn customer_reply_and_decline_end_it() {
        let ev = vec![
            send(Party::AccountTeam, 1, "2027-07-01"),
            send(Party::AccountTeam, 2, "2027-07-06"),
            send(Party::Customer, 1, "2027-07-09"),
            Event::Reply {
                party: Party::Customer,
                on: d("2027-07-12"),
            },
        ];
        let c = Cadence::compute(&facts(&ev, &[], false), &Weekdays);
        assert_eq!(c.next, None);
        assert_eq!(c.stage(d("2027-07-12"), &[]), Stage::Responded);
        assert_eq!(c.attempts[2].replied_on, Some(d("2027-07-12")));
        let ev2 = vec![
            ev[0].clone(),
            Event::Decline {
                party: Party::Customer,
                on: d("2027-07-02"),
            },
        ];
        let c = Cadence::compute(&facts(&ev2, &[], false), &Weekdays);
        assert_eq!(
            c.ending,
            Some(Ending::CustomerAnswered {
                on: d("2027-07-02"),
                declined: true
            })
        );
    }

    #[test]
    fn pauses_move_due_dates_past_them() {
        let ev = vec![send(Party::AccountTeam, 1, "2027-07-01")];
        // Window would close Tue 6 Jul; paused 5-9 Jul -> Mon 12 Jul.
        let p = [Pause {
            from: d("2027-07-05"),
            until: d("2027-07-09"),
            resumed_on: None,
        }];
        let c = Cadence::compute(&facts(&ev, &p, false), &Weekdays);
        assert_eq!(c.next.as_ref().unwrap().due_on, d("2027-07-12"));
        assert_eq!(c.stage(d("2027-07-06"), &p), Stage::Paused);
        // Resumed on Wed 7 Jul: the pause covered 5-6 Jul, so the due date
        // (6 Jul) moves to Wed 7 Jul.
        let p = [Pause {
            from: d("2027-07-05"),
            until: d("2027-07-09"),
            resumed_on: Some(d("2027-07-07")),
        }];
        let c = Cadence::compute(&facts(&ev, &p, false), &Weekdays);
        assert_eq!(c.next.unwrap().due_on, d("2027-07-07"));
    }

    #[test]
    fn send_checks() {
        let ev = vec![send(Party::AccountTeam, 1, "2027-07-01")];
        let c = Cadence::compute(&facts(&ev, &[], false), &Weekdays);
        assert_eq!(
            check_send(&c, Party::AccountTeam, d("2027-07-06"), false, true),
            Ok(2)
        );
        assert_eq!(
            check_send(&c, Party::AccountTeam, d("2027-07-05"), false, true),
            Err(SendRefusal::TooEarly {
                due_on: d("2027-07-06")
            })
        );
        assert!(matches!(
            check_send(&c, Party::Customer, d("2027-07-06"), false, true),
            Err(SendRefusal::OutOfOrder { .. })
        ));
        assert_eq!(
            check_send(&c, Party::Partner, d("2027-07-06"), false, true),
            Err(SendRefusal::NoPartner)
        );
        assert_eq!(
            check_send(&c, Party::Customer, d("2027-07-06"), false, false),
            Err(SendRefusal::DoNotContact)
        );
        let ev = vec![
            send(Party::AccountTeam, 1, "2027-07-01"),
            send(Party::AccountTeam, 2, "2027-07-06"),
        ];
        let c = Cadence::compute(&facts(&ev, &[], false), &Weekdays);
        assert_eq!(
            check_send(&c, Party::AccountTeam, d("2027-07-20"), false, true),
            Err(SendRefusal::OverLimit {
                party: Party::AccountTeam,
                max: 2
            })
        );
    }

    #[test]
    fn an_answer_before_any_send_is_no_longer_new() {
        // The account team wrote first: nothing sent, its step is done and
        // the customer's is open.
        let ev = vec![Event::Reply {
            party: Party::AccountTeam,
            on: d("2027-07-01"),
        }];
        let c = Cadence::compute(&facts(&ev, &[], false), &Weekdays);
        assert!(c.attempts.is_empty());
        assert_eq!(c.next.as_ref().unwrap().party, Party::Customer);
        assert_eq!(c.stage(d("2027-07-01"), &[]), Stage::Customer);
        let ev = vec![Event::Decline {
            party: Party::AccountTeam,
            on: d("2027-07-01"),
        }];
        // A decline ends the cadence: nobody else is contacted.
        let c = Cadence::compute(&facts(&ev, &[], false), &Weekdays);
        assert_eq!(c.next, None);
        assert_eq!(c.stage(d("2027-07-02"), &[]), Stage::Responded);
        // Nothing at all: new.
        let c = Cadence::compute(&facts(&[], &[], false), &Weekdays);
        assert_eq!(c.stage(d("2027-07-09"), &[]), Stage::New);
    }

    #[test]
    fn a_partner_dropped_after_its_attempt_no_longer_delays_the_customer() {
        let ev = vec![
            send(Party::AccountTeam, 1, "2027-07-01"),
            Event::Reply {
                party: Party::AccountTeam,
                on: d("2027-07-02"),
            },
            send(Party::Partner, 1, "2027-07-02"),
        ];
        // With the partner: the customer waits for its window (Wed 7 Jul).
        let c = Cadence::compute(&facts(&ev, &[], true), &Weekdays);
        assert_eq!(c.next.unwrap().due_on, d("2027-07-07"));
        // Without: due when the account team answered (what `partner none`
        // must store for the agenda).
        let c = Cadence::compute(&facts(&ev, &[], false), &Weekdays);
        let n = c.next.unwrap();
        assert_eq!((n.party, n.due_on), (Party::Customer, d("2027-07-02")));
    }

    #[test]
    fn notes_read_as_notes_in_the_history() {
        assert_eq!(
            note_history(send_note(Party::Customer, 2, Via::Email)),
            "engagement note: Customer did not respond to the first contact attempt. Second contact e-mail sent."
        );
        assert_eq!(
            note_history(&reply_note(Party::Partner, false)),
            "engagement note: The partner responded."
        );
    }

    #[test]
    fn a_party_that_answered_is_not_sent_to_again() {
        let ev = vec![
            send(Party::AccountTeam, 1, "2027-07-01"),
            Event::Reply {
                party: Party::AccountTeam,
                on: d("2027-07-02"),
            },
        ];
        let c = Cadence::compute(&facts(&ev, &[], false), &Weekdays);
        let got = check_send(&c, Party::AccountTeam, d("2027-07-08"), false, true);
        assert_eq!(got, Err(SendRefusal::Answered));
        assert!(SendRefusal::Answered.forceable());
    }

    #[test]
    fn a_late_recorded_reply_answers_the_attempt_it_followed() {
        // Attempt 2 went out on the 6th; the reply of the 5th was seen late.
        let ev = [
            send(Party::AccountTeam, 1, "2027-07-01"),
            send(Party::AccountTeam, 2, "2027-07-06"),
            Event::Reply {
                party: Party::AccountTeam,
                on: d("2027-07-05"),
            },
        ];
        let c = Cadence::compute(&facts(&ev, &[], false), &Weekdays);
        let replied: Vec<_> = c.attempts.iter().map(|a| a.replied_on).collect();
        assert_eq!(replied, vec![Some(d("2027-07-05")), None]);
        assert!(c.answered(Party::AccountTeam));
    }

    #[test]
    fn a_send_dated_before_the_partys_previous_attempt_is_refused_even_forced() {
        let ev = [send(Party::AccountTeam, 1, "2027-07-06")];
        let c = Cadence::compute(&facts(&ev, &[], false), &Weekdays);
        let got = check_send(&c, Party::AccountTeam, d("2027-07-05"), false, true);
        assert_eq!(
            got,
            Err(SendRefusal::BeforePrevious {
                on: d("2027-07-05"),
                attempt: 1,
                sent_on: d("2027-07-06")
            })
        );
        assert!(!got.unwrap_err().forceable());
    }

    #[test]
    fn pdm_follow_up_variant() {
        assert_eq!(
            template(Party::AccountTeam, 2, true),
            ("PDM Follow-up", Via::FollowUp)
        );
        assert_eq!(
            send_note(Party::AccountTeam, 2, Via::FollowUp),
            "Account team did not respond to the first contact; follow-up e-mail sent to the PDM."
        );
        assert_eq!(
            reply_note(Party::AccountTeam, false),
            "The account team responded."
        );
        assert_eq!(
            reply_note(Party::Customer, true),
            "The customer declined to engage."
        );
    }
}
