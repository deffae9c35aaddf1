//! Where one tenant's cadence stands: loaded from the store, computed by the
//! domain rules, and shown.

use crate::cli::Ctx;
use crate::domain::assignment::AssignOption;
use crate::domain::cadence::{
    Attempt, BusinessDays, Cadence, Event, Facts, Party, Pause, ResponseDays, Step,
};
use crate::domain::calendar::Calendar;
use crate::domain::contact::{ContactKind, Role};
use crate::domain::goback::{self, Verdict};
use crate::domain::rfa;
use crate::domain::tenant::{is_eligible, stage, Source, Stage, StageFacts};
use crate::domain::values::Region;
use crate::error::Result;
use crate::store::assignments::{last_activity, list_assignments, StoredAssignment};
use crate::store::cadence::{list_events, list_pauses, set_agenda_fields, StoredPause};
use crate::store::contacts::{list_contacts, Contact};
use crate::store::partners::{get_partner, Partner};
use crate::store::rfas::{tenant_rfas, Rfa};
use crate::store::tenants::Tenant;
use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;
use std::collections::BTreeMap;

/// Business days on one region's calendar.
pub struct RegionDays<'a> {
    pub cal: &'a Calendar,
    pub region: Option<Region>,
}

impl BusinessDays for RegionDays<'_> {
    fn after(&self, d: NaiveDate, n: u32) -> NaiveDate {
        self.cal.add_business_days(self.region, d, n)
    }
}

/// The reply windows the config sets.
pub fn response_days(ctx: &Ctx) -> ResponseDays {
    let c = &ctx.config.cadence;
    ResponseDays {
        account_team: c.account_team_days.unwrap_or(c.response_days),
        partner: c.partner_days.unwrap_or(c.response_days),
        customer: c.customer_days.unwrap_or(c.response_days),
    }
}

/// What is stored about one tenant that its cadence and stage are computed
/// from.
#[derive(Debug, Default)]
pub struct Stored {
    pub events: Vec<Event>,
    pub pauses: Vec<StoredPause>,
    pub contacts: Vec<Contact>,
    pub partner: Option<Partner>,
    /// Oldest first.
    pub assignments: Vec<StoredAssignment>,
    /// Newest first; only the approved ones in the last 30 days matter.
    pub rfas: Vec<Rfa>,
}

impl Stored {
    pub fn load(conn: &Connection, tenant: i64) -> Result<Stored> {
        Ok(Stored {
            events: list_events(conn, tenant)?,
            pauses: list_pauses(conn, tenant)?,
            contacts: list_contacts(conn, tenant)?,
            partner: get_partner(conn, tenant)?,
            assignments: list_assignments(conn, tenant)?,
            rfas: tenant_rfas(conn, tenant)?,
        })
    }
}

/// One tenant's cadence with everything it was computed from, and where
/// the tenant stands: its assignments, the GoBack rule, a recent RFA.
pub struct Current {
    pub tenant: Tenant,
    pub cadence: Cadence,
    pub pauses: Vec<StoredPause>,
    pub contacts: Vec<Contact>,
    pub partner: Option<Partner>,
    /// Every assignment applied, oldest first.
    pub assignments: Vec<StoredAssignment>,
    /// Which of them is in force (see `domain::goback::in_force`).
    in_force: Option<usize>,
    /// The GoBack rule's verdict: for a GoBack tenant with no assignment in force.
    pub goback: Option<Verdict>,
    /// The latest RFA approved in the last 30 days.
    pub rfa: Option<Rfa>,
    /// The day the cadence started: the day added, or for a GoBack tenant
    /// the first day of its new look.
    pub started: NaiveDate,
}

impl Current {
    pub fn load(conn: &Connection, ctx: &Ctx, tenant: Tenant) -> Result<Current> {
        let stored = Stored::load(conn, tenant.id)?;
        Current::from_stored(conn, ctx, tenant, stored)
    }

    /// Compute from what is stored. `conn` is read only for a GoBack tenant
    /// handed back from CSS (its last activity).
    pub fn from_stored(
        conn: &Connection,
        ctx: &Ctx,
        tenant: Tenant,
        stored: Stored,
    ) -> Result<Current> {
        let Stored {
            mut events,
            pauses,
            contacts,
            partner,
            assignments,
            rfas,
        } = stored;
        let days: Vec<NaiveDate> = assignments.iter().map(|a| a.on).collect();
        let in_force = goback::in_force(tenant.goback_on, &days);
        let mut started = tenant.added_on;
        let mut verdict = None;
        if let Some(g) = tenant.goback_on {
            // The cadence of the earlier engagement is not this one's: a
            // GoBack tenant is worked again from the start.
            events.retain(|e| event_day(e) >= g);
            started = started.max(g);
            if in_force.is_none() {
                let earlier = goback::earlier(g, &days)
                    .and_then(|i| AssignOption::parse(&assignments[i].option));
                let activity = if goback::needs_activity(earlier) {
                    last_activity(conn, tenant.id, g)?
                } else {
                    None
                };
                let v = goback::verdict(
                    g,
                    earlier,
                    activity,
                    ctx.today,
                    ctx.config.goback.css_activity_days,
                );
                if let Verdict::Rework { from } = v {
                    started = started.max(from);
                }
                verdict = Some(v);
            }
        }
        let rfa = rfas
            .into_iter()
            .find(|r| rfa::counts(r.status, r.on, ctx.today));
        let plain: Vec<Pause> = pauses.iter().map(|p| p.pause).collect();
        let cadence = cadence(
            ctx,
            tenant.region,
            Facts {
                added_on: started,
                events: &events,
                pauses: &plain,
                real_partner: partner.as_ref().is_some_and(Partner::is_real),
                pdm_only_unmanaged: pdm_only_unmanaged(tenant.managed, &contacts),
                days: response_days(ctx),
            },
        )?;
        Ok(Current {
            tenant,
            cadence,
            pauses,
            contacts,
            partner,
            assignments,
            in_force,
            goback: verdict,
            rfa,
            started,
        })
    }

    pub fn real_partner(&self) -> bool {
        self.partner.as_ref().is_some_and(Partner::is_real)
    }

    pub fn pdm_only_unmanaged(&self) -> bool {
        pdm_only_unmanaged(self.tenant.managed, &self.contacts)
    }

    /// At least one customer contact may be contacted.
    pub fn customer_reachable(&self) -> bool {
        self.contacts
            .iter()
            .any(|c| c.kind == ContactKind::Customer && !c.do_not_contact)
    }

    pub fn active_pause(&self, today: NaiveDate) -> Option<&StoredPause> {
        self.pauses.iter().find(|p| {
            p.pause.covers(today) || (p.pause.resumed_on.is_none() && p.pause.from > today)
        })
    }

    fn plain_pauses(&self) -> Vec<Pause> {
        self.pauses.iter().map(|p| p.pause).collect()
    }

    /// The latest assignment (what the tenant's `assignment` key shows; for
    /// a GoBack tenant possibly the earlier one being looked at again).
    pub fn assignment(&self) -> Option<&StoredAssignment> {
        self.assignments.last()
    }

    /// The assignment in force: the tenant is `assigned`.
    pub fn assigned(&self) -> Option<&StoredAssignment> {
        self.in_force.map(|i| &self.assignments[i])
    }

    /// Why the GoBack rule leaves this tenant alone, if it does.
    pub fn skip_reason(&self) -> Option<&str> {
        match &self.goback {
            Some(Verdict::Skip(why)) => Some(why),
            _ => None,
        }
    }

    pub fn eligible(&self, ctx: &Ctx) -> bool {
        is_eligible(
            self.tenant.source,
            self.tenant.seats,
            ctx.config.eligibility.min_seats,
        )
    }

    /// The stage by rule 4.2: the one place its precedence is applied
    /// (`domain::tenant::stage`), for `tenant list|show`, `cadence show`,
    /// the agenda and the report alike.
    pub fn stage(&self, ctx: &Ctx) -> Stage {
        let pauses = self.plain_pauses();
        stage(StageFacts {
            eligible: self.eligible(ctx),
            skip: self.skip_reason().is_some(),
            assigned: self.in_force.is_some(),
            paused: pauses.iter().any(|p| p.covers(ctx.today)),
            rfa: self.rfa.is_some(),
            cadence: self.cadence.stage(ctx.today, &pauses),
        })
    }

    /// Whom to write to for a step, and whom to copy: the account team is
    /// copied on partner and customer e-mails (on partner e-mails only its
    /// PDMs and PSEs); partners are never copied on customer e-mails.
    pub fn recipients(&self, step: &Step) -> (Vec<String>, Vec<String>) {
        recipients(&self.contacts, step)
    }

    /// Store what the agenda reads: the next step's due date and whether
    /// the cadence is still open.
    /// An assigned tenant's cadence is over whatever its steps: it leaves
    /// the agenda's index (until a GoBack mark refreshes it).
    pub fn save_agenda_fields(&self, conn: &Connection) -> Result<()> {
        let next = self
            .cadence
            .next
            .as_ref()
            .filter(|_| self.assigned().is_none());
        let state = if next.is_some() { "open" } else { "done" };
        set_agenda_fields(conn, self.tenant.id, next.map(|n| n.due_on), state)
    }

    /// The `cadence show` object.
    pub fn view(&self, ctx: &Ctx) -> ShowView {
        ShowView {
            domain: self.tenant.domain.clone(),
            stage: self.stage(ctx),
            attempts: self.cadence.attempts.clone(),
            next: self.cadence.next.as_ref().map(|s| {
                let (to, cc) = self.recipients(s);
                NextView {
                    party: s.party,
                    attempt: s.attempt,
                    due_on: s.due_on,
                    template: s.template,
                    via: s.via.as_str(),
                    to,
                    cc,
                }
            }),
            paused_until: self.active_pause(ctx.today).map(|p| p.pause.until),
        }
    }
}

/// A tenant's cadence from its facts, on its region's business days.
fn cadence(ctx: &Ctx, region: Option<Region>, facts: Facts) -> Result<Cadence> {
    let bdays = RegionDays {
        cal: ctx.calendar()?,
        region,
    };
    Ok(Cadence::compute(&facts, &bdays))
}

/// What is read of a tenant with nothing stored about it but its
/// contacts: no cadence event, pause, partner, assignment or RFA, and not
/// a GoBack tenant.
pub struct Fresh<'a> {
    pub source: Source,
    pub seats: Option<i64>,
    pub managed: bool,
    pub region: Option<Region>,
    pub added_on: NaiveDate,
    pub contacts: &'a [Contact],
}

impl Fresh<'_> {
    /// Its stage and cadence: what [`Current::from_stored`] and
    /// [`Current::stage`] make of it with no other facts (a test checks
    /// they agree), without a whole tenant row (the agenda reads thousands
    /// of these).
    pub fn stage_and_cadence(&self, ctx: &Ctx) -> Result<(Stage, Cadence)> {
        self.key(ctx).stage_and_cadence(ctx)
    }

    /// What decides its stage and cadence.
    fn key(&self, ctx: &Ctx) -> FreshKey {
        FreshKey {
            eligible: is_eligible(self.source, self.seats, ctx.config.eligibility.min_seats),
            pdm_only_unmanaged: pdm_only_unmanaged(self.managed, self.contacts),
            region: self.region,
            added_on: self.added_on,
        }
    }
}

/// All that decides a [`Fresh`] tenant's stage and cadence, with the
/// context: tenants alike in it stand alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct FreshKey {
    eligible: bool,
    pdm_only_unmanaged: bool,
    region: Option<Region>,
    added_on: NaiveDate,
}

impl FreshKey {
    fn stage_and_cadence(self, ctx: &Ctx) -> Result<(Stage, Cadence)> {
        let cadence = cadence(
            ctx,
            self.region,
            Facts {
                added_on: self.added_on,
                events: &[],
                pauses: &[],
                real_partner: false,
                pdm_only_unmanaged: self.pdm_only_unmanaged,
                days: response_days(ctx),
            },
        )?;
        let stage = stage(StageFacts {
            eligible: self.eligible,
            skip: false,
            assigned: false,
            paused: false,
            rfa: false,
            cadence: cadence.stage(ctx.today, &[]),
        });
        Ok((stage, cadence))
    }
}

/// The stage and next step of [`Fresh`] tenants, worked out once for
/// tenants alike (a long agenda has thousands of them, most alike). A
/// B-tree: hashing the key costs more than working it out.
#[derive(Default)]
pub struct FreshSteps(BTreeMap<FreshKey, (Stage, Option<Step>)>);

impl FreshSteps {
    /// `t`'s stage and next step (`stage_and_cadence`, in `ctx`, which
    /// must be the same at each call).
    pub fn get(&mut self, ctx: &Ctx, t: &Fresh) -> Result<(Stage, Option<Step>)> {
        let key = t.key(ctx);
        if let Some(known) = self.0.get(&key) {
            return Ok(known.clone());
        }
        let (stage, cadence) = key.stage_and_cadence(ctx)?;
        self.0.insert(key, (stage, cadence.next.clone()));
        Ok((stage, cadence.next))
    }
}

/// Whom to write to for a step, and whom to copy, among these contacts
/// (see [`Current::recipients`]).
pub fn recipients(contacts: &[Contact], step: &Step) -> (Vec<String>, Vec<String>) {
    let reachable = |c: &&Contact| !c.do_not_contact;
    let emails = |f: &dyn Fn(&Contact) -> bool| -> Vec<String> {
        contacts
            .iter()
            .filter(reachable)
            .filter(|c| f(c))
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
        Party::Partner => (
            emails(&|c| c.kind == ContactKind::Partner),
            emails(&|c| microsoft(c) && matches!(c.role, Some(Role::Pdm) | Some(Role::Pse))),
        ),
        Party::Customer => (
            emails(&|c| c.kind == ContactKind::Customer),
            emails(&microsoft),
        ),
    }
}

/// The day of a cadence event.
fn event_day(e: &Event) -> NaiveDate {
    match *e {
        Event::Send { on, .. } | Event::Reply { on, .. } | Event::Decline { on, .. } => on,
    }
}

fn pdm_only_unmanaged(managed: bool, contacts: &[Contact]) -> bool {
    let mut ms = contacts
        .iter()
        .filter(|c| c.kind == ContactKind::Microsoft)
        .peekable();
    !managed && ms.peek().is_some() && ms.all(|c| c.role == Some(Role::Pdm))
}

/// `cadence show`.
#[derive(Debug, Serialize)]
pub struct ShowView {
    pub domain: String,
    pub stage: Stage,
    pub attempts: Vec<Attempt>,
    pub next: Option<NextView>,
    pub paused_until: Option<NaiveDate>,
}

#[derive(Debug, Serialize)]
pub struct NextView {
    pub party: Party,
    pub attempt: u32,
    pub due_on: NaiveDate,
    pub template: &'static str,
    pub via: &'static str,
    pub to: Vec<String>,
    pub cc: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::GlobalArgs;
    use crate::store::Store;
    use proptest::prelude::*;

    fn day(n: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2027, 6, 1).unwrap() + chrono::Days::new(u64::from(n))
    }

    /// A context with this config, on day 0.
    fn ctx(dir: &std::path::Path, name: &str, config: &str) -> Ctx {
        let path = dir.join(name);
        std::fs::write(&path, config).unwrap();
        Ctx::new(
            &GlobalArgs {
                db: Some(dir.join("unused.db")),
                config: Some(path),
                today: Some(day(0)),
                actor: Some("test".into()),
                format: None,
                json: false,
            },
            true,
            false,
        )
        .unwrap()
    }

    fn contact(i: usize, kind: ContactKind, role: Option<Role>, dnc: bool) -> Contact {
        Contact {
            id: i as i64,
            tenant_id: 1,
            kind,
            name: format!("c{i}"),
            email: format!("c{i}@example.com"),
            role,
            country: None,
            survey_language: None,
            services: Vec::new(),
            survey_eligible: false,
            do_not_contact: dnc,
            engaged: false,
            added_on: day(0),
        }
    }

    proptest! {
        /// A tenant with nothing stored but its row and contacts is where
        /// `Current` puts it, whatever its columns, contacts, the day and
        /// the config.
        #[test]
        fn fresh_tenants_stand_where_current_puts_them(
            source in prop_oneof![Just(Source::Commerce), Just(Source::Exception), Just(Source::Rfa)],
            seats in proptest::option::of(0i64..2000),
            managed in any::<bool>(),
            region in proptest::option::of(prop_oneof![
                Just(Region::Americas), Just(Region::Emea), Just(Region::Apj)
            ]),
            added in 0u32..40,
            today in 0u32..60,
            people in proptest::collection::vec(
                (
                    prop_oneof![
                        Just(ContactKind::Microsoft), Just(ContactKind::Partner), Just(ContactKind::Customer)
                    ],
                    proptest::option::of(prop_oneof![Just(Role::Pdm), Just(Role::Pse), Just(Role::Other)]),
                    any::<bool>(),
                ),
                0..4,
            ),
            config in 0usize..2,
        ) {
            let dir = tempfile::tempdir().unwrap();
            let mut ctx = if config == 0 {
                ctx(dir.path(), "plain.toml", "")
            } else {
                ctx(
                    dir.path(),
                    "other.toml",
                    "[eligibility]\nmin_seats = 1000\n[cadence]\nresponse_days = 5\n\
                     [calendar]\nweekend = [\"fri\", \"sat\"]\n\
                     [calendar.holidays]\nall = [\"2027-06-10\"]\nemea = [\"2027-06-02\"]\n",
                )
            };
            ctx.today = day(today);
            let contacts: Vec<Contact> = people
                .iter()
                .enumerate()
                .map(|(i, (kind, role, dnc))| contact(i, *kind, *role, *dnc))
                .collect();
            let tenant = Tenant {
                id: 1,
                tenant_id: None,
                domain: "contoso.example.com".into(),
                customer_id: 1,
                customer: "Contoso".into(),
                tpid: None,
                region,
                seats,
                country: None,
                source,
                fm: Some("fm".into()),
                managed,
                winner: false,
                covid_rfa: false,
                goback_on: None,
                wants_ftc: None,
                duplicate_invalid: false,
                added_on: day(added),
                cadence_state: None,
            };
            let store = Store::open_in_memory().unwrap();
            let cur = Current::from_stored(
                &store.conn,
                &ctx,
                tenant,
                Stored {
                    contacts: contacts.clone(),
                    ..Stored::default()
                },
            )
            .unwrap();
            let fresh = Fresh {
                source,
                seats,
                managed,
                region,
                added_on: day(added),
                contacts: &contacts,
            }
            .stage_and_cadence(&ctx)
            .unwrap();
            prop_assert_eq!(fresh, (cur.stage(&ctx), cur.cadence));
        }
    }
}
