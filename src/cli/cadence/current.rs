//! Where one tenant's cadence stands: loaded from the store, computed by the
//! domain rules, and shown.

use crate::cli::assign::decide::{queue, thresholds};
use crate::cli::Ctx;
use crate::domain::assignment::{AssignOption, StoredAssignment};
use crate::domain::cadence::{
    Attempt, BusinessDays, Cadence, Event, Party, ResponseDays, Step, StoredPause,
};
use crate::domain::calendar::Calendar;
use crate::domain::contact::{the_partner, Contact, ContactKind, Partner, Role};
use crate::domain::goback::Verdict;
use crate::domain::rfa::Rfa;
use crate::domain::standing::{
    pdm_only_unmanaged, standing, ContactStep, GobackMark, Next, Record, Settings, Standing,
    TenantFacts,
};
use crate::domain::tenant::{is_eligible, Source, Stage};
use crate::domain::values::Region;
use crate::error::Result;
use crate::reference::workloads;
use crate::store::assignments::{last_activity, list_assignments};
use crate::store::cadence::{list_events, list_pauses, set_agenda_fields};
use crate::store::contacts::list_contacts;
use crate::store::dibs::{list_dibs, WorkloadDibs as StoredDibs};
use crate::store::partners::list_partners;
use crate::store::rfas::tenant_rfas;
use crate::store::sql::Db;
use crate::store::status::status_totals;
use crate::store::tenants::Tenant;
use chrono::NaiveDate;
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

/// What is stored about one tenant that its standing is decided from.
#[derive(Debug, Default)]
pub struct Stored {
    /// With their IDs, in the order recorded.
    pub events: Vec<(i64, Event)>,
    pub pauses: Vec<StoredPause>,
    pub contacts: Vec<Contact>,
    /// Every partner listed (candidates until one is confirmed).
    pub partners: Vec<Partner>,
    /// Oldest first.
    pub assignments: Vec<StoredAssignment>,
    /// Newest first; only the approved ones in the last 30 days matter.
    pub rfas: Vec<Rfa>,
    pub dibs: Vec<StoredDibs>,
    pub totals: Vec<(String, i64)>,
    /// The latest usage of each workload (read in bulk only for tenants
    /// with DIBS: the rules read no other's, see `store::usage`).
    pub usage: Vec<crate::domain::usage::Usage>,
    /// The customers an open duplicate suspicion says it looks like.
    pub suspected: Vec<String>,
}

impl Stored {
    pub fn load(conn: Db<'_>, tenant: i64) -> Result<Stored> {
        Ok(Stored {
            events: list_events(conn, tenant)?,
            pauses: list_pauses(conn, tenant)?,
            contacts: list_contacts(conn, tenant)?,
            partners: list_partners(conn, tenant)?,
            assignments: list_assignments(conn, tenant)?,
            rfas: tenant_rfas(conn, tenant)?,
            dibs: list_dibs(conn, tenant)?,
            totals: status_totals(conn, tenant)?,
            usage: crate::store::usage::latest(conn, tenant)?,
            suspected: crate::store::suspects::suspicions_of(conn, tenant)?,
        })
    }
}

/// The settings of the config a standing depends on.
pub fn settings(ctx: &Ctx) -> Settings {
    Settings {
        min_seats: ctx.config.eligibility.min_seats,
        days: response_days(ctx),
        thresholds: thresholds(ctx),
        css_activity_days: ctx.config.goback.css_activity_days,
        frp_eligible: workloads::all()
            .iter()
            .filter(|w| w.frp_eligible)
            .map(|w| w.slug.clone())
            .collect(),
    }
}

/// One tenant, what is stored about it, and where it stands
/// (`domain::standing`): what every view shows.
pub struct Current {
    pub tenant: Tenant,
    pub stored: Stored,
    pub standing: Standing,
}

impl Current {
    pub fn load(conn: Db<'_>, ctx: &Ctx, tenant: Tenant) -> Result<Current> {
        let stored = Stored::load(conn, tenant.id)?;
        Current::from_stored(conn, ctx, tenant, stored)
    }

    /// Decide from what is stored. `conn` is read only for a GoBack tenant
    /// (its last activity up to the mark).
    pub fn from_stored(conn: Db<'_>, ctx: &Ctx, tenant: Tenant, stored: Stored) -> Result<Current> {
        let last_activity = match tenant.goback_on {
            Some(g) => last_activity(conn, tenant.id, g)?,
            None => None,
        };
        let cal = RegionDays {
            cal: ctx.calendar()?,
            region: tenant.region,
        };
        let standing = standing(
            &Record {
                tenant: facts(&tenant),
                events: &stored.events,
                pauses: &stored.pauses,
                contacts: &stored.contacts,
                partners: &stored.partners,
                assignments: &stored.assignments,
                rfas: &stored.rfas,
                dibs: &stored.dibs,
                totals: &stored.totals,
                last_activity,
                usage: &stored.usage,
                suspected: &stored.suspected,
            },
            ctx.today,
            ctx.settings(),
            &cal,
        );
        Ok(Current {
            tenant,
            stored,
            standing,
        })
    }

    pub fn cadence(&self) -> &Cadence {
        &self.standing.cadence
    }

    pub fn contacts(&self) -> &[Contact] {
        &self.stored.contacts
    }

    /// The partner the rules deal with: the confirmed one, or the only one
    /// listed (see `domain::contact::the_partner`).
    pub fn partner(&self) -> Option<&Partner> {
        the_partner(&self.stored.partners)
    }

    /// Some partner other than `No Partner Identified` is listed.
    pub fn real_partner(&self) -> bool {
        self.stored.partners.iter().any(Partner::is_real)
    }

    pub fn pdm_only_unmanaged(&self) -> bool {
        pdm_only_unmanaged(self.tenant.managed, &self.stored.contacts)
    }

    /// At least one customer contact may be contacted.
    pub fn customer_reachable(&self) -> bool {
        self.stored
            .contacts
            .iter()
            .any(|c| c.kind == ContactKind::Customer && !c.do_not_contact)
    }

    pub fn active_pause(&self, today: NaiveDate) -> Option<&StoredPause> {
        self.stored.pauses.iter().find(|p| {
            p.pause.covers(today) || (p.pause.resumed_on.is_none() && p.pause.from > today)
        })
    }

    /// The latest assignment (what the tenant's `assignment` key shows; for
    /// a GoBack tenant possibly the earlier one being looked at again).
    pub fn assignment(&self) -> Option<&StoredAssignment> {
        self.stored.assignments.last()
    }

    /// The assignment in force: the tenant is `assigned`.
    pub fn assigned(&self) -> Option<&StoredAssignment> {
        self.standing.in_force.map(|i| &self.stored.assignments[i])
    }

    /// The recent approved RFA.
    pub fn rfa(&self) -> Option<&Rfa> {
        self.standing.rfa.map(|i| &self.stored.rfas[i])
    }

    /// Why the GoBack rule leaves this tenant alone, if it does.
    pub fn skip_reason(&self) -> Option<&str> {
        match &self.standing.goback {
            Some(Verdict::Skip(why)) => Some(why),
            _ => None,
        }
    }

    pub fn eligible(&self) -> bool {
        self.standing.eligible
    }

    pub fn stage(&self) -> Stage {
        self.standing.stage
    }

    /// Some workload has full DIBS (applying an assignment completes task 2453).
    pub fn full_dibs(&self) -> bool {
        self.stored.dibs.iter().any(|d| d.dibs.complete())
    }

    /// Store what the agenda reads: whether the cadence may still have a
    /// contact to make (`open`) or not (`done`: the cadence is over, or an
    /// assignment is in force). The agenda works each due date out itself.
    pub fn save_agenda_fields(&self, conn: Db<'_>) -> Result<()> {
        let open = self.cadence().next.is_some() && self.assigned().is_none();
        set_agenda_fields(conn, self.tenant.id, if open { "open" } else { "done" })
    }

    /// The `cadence show` object.
    pub fn view(&self, ctx: &Ctx) -> ShowView {
        let st = &self.standing;
        ShowView {
            domain: self.tenant.domain.clone(),
            stage: st.stage,
            attempts: st.cadence.attempts.clone(),
            answers: {
                let c = &st.cadence;
                let mut a: Vec<AnswerView> = (c.replied.iter().map(|x| (x, false)))
                    .chain(c.declined.iter().map(|x| (x, true)))
                    .map(|(&(party, on), declined)| AnswerView {
                        party,
                        on,
                        declined,
                    })
                    .collect();
                a.sort_by_key(|x| (x.on, x.party));
                a
            },
            next: st.contact().map(NextView::of),
            next_step: NextStepView::of(st, self.tenant.region),
            paused_until: self.active_pause(ctx.today).map(|p| p.pause.until),
        }
    }
}

/// A tenant's own columns as the standing sees them.
pub fn facts(t: &Tenant) -> TenantFacts {
    TenantFacts {
        added_on: t.added_on,
        source: t.source,
        seats: t.seats,
        managed: t.managed,
        duplicate_invalid: t.duplicate_invalid,
        wants_ftc: t.wants_ftc,
        goback_on: t.goback_on,
        goback_mark: t.goback_mark,
    }
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
    /// Its stage and contact step: what [`Current::from_stored`] makes of
    /// it with no other facts (a test checks they agree), without a whole
    /// tenant row (the agenda reads thousands of these).
    pub fn stage_and_step(&self, ctx: &Ctx) -> Result<(Stage, Option<Step>)> {
        self.key(ctx).stage_and_step(ctx)
    }

    /// What decides its stage and contact step.
    fn key(&self, ctx: &Ctx) -> FreshKey {
        FreshKey {
            eligible: is_eligible(self.source, self.seats, ctx.config.eligibility.min_seats),
            small: self
                .seats
                .is_some_and(|n| n <= ctx.config.assignment.reactive_max_seats),
            pdm_only_unmanaged: pdm_only_unmanaged(self.managed, self.contacts),
            region: self.region,
            added_on: self.added_on,
        }
    }
}

/// All that decides a [`Fresh`] tenant's stage and contact step, with the
/// context: tenants alike in it stand alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct FreshKey {
    eligible: bool,
    /// At most `reactive_max_seats` seats: not contacted proactively.
    small: bool,
    pdm_only_unmanaged: bool,
    region: Option<Region>,
    added_on: NaiveDate,
}

impl FreshKey {
    /// The standing of a tenant like the key's, through the one rule.
    fn stage_and_step(self, ctx: &Ctx) -> Result<(Stage, Option<Step>)> {
        let cal = RegionDays {
            cal: ctx.calendar()?,
            region: self.region,
        };
        // A representative: the same eligibility, size class and PDM-only
        // account team as every tenant with this key.
        let settings = ctx.settings();
        let pdm = [Contact {
            id: 0,
            tenant_id: 0,
            kind: ContactKind::Microsoft,
            name: String::new(),
            email: String::new(),
            role: Some(Role::Pdm),
            country: None,
            survey_language: None,
            services: Vec::new(),
            survey_eligible: false,
            do_not_contact: false,
            engaged: false,
            added_on: self.added_on,
            partner_mpn: None,
        }];
        let st = standing(
            &Record {
                tenant: TenantFacts {
                    added_on: self.added_on,
                    source: if self.eligible {
                        Source::Exception
                    } else {
                        Source::Commerce
                    },
                    // An ineligible one stands ineligible whatever its size.
                    seats: (self.eligible && self.small)
                        .then_some(settings.thresholds.reactive_max_seats),
                    managed: !self.pdm_only_unmanaged,
                    duplicate_invalid: false,
                    wants_ftc: None,
                    goback_on: None,
                    goback_mark: GobackMark::default(),
                },
                events: &[],
                pauses: &[],
                contacts: if self.pdm_only_unmanaged { &pdm } else { &[] },
                partners: &[],
                assignments: &[],
                rfas: &[],
                dibs: &[],
                totals: &[],
                usage: &[],
                last_activity: None,
                suspected: &[],
            },
            ctx.today,
            settings,
            &cal,
        );
        Ok((st.stage, st.contact().map(|c| c.step.clone())))
    }
}

/// The stage and contact step of [`Fresh`] tenants, worked out once for
/// tenants alike (a long agenda has thousands of them, most alike). A
/// B-tree: hashing the key costs more than working it out.
#[derive(Default)]
pub struct FreshSteps(BTreeMap<FreshKey, (Stage, Option<Step>)>);

impl FreshSteps {
    /// `t`'s stage and contact step (`stage_and_step`, in `ctx`, which
    /// must be the same at each call).
    pub fn get(&mut self, ctx: &Ctx, t: &Fresh) -> Result<(Stage, Option<Step>)> {
        let key = t.key(ctx);
        if let Some(known) = self.0.get(&key) {
            return Ok(known.clone());
        }
        let got = key.stage_and_step(ctx)?;
        self.0.insert(key, got.clone());
        Ok(got)
    }
}

/// `cadence show`.
#[derive(Debug, Serialize)]
pub struct ShowView {
    pub domain: String,
    pub stage: Stage,
    pub attempts: Vec<Attempt>,
    /// Every answer of this cadence, by day, with or without an attempt it
    /// answers (a party may answer first): a decline shows here even when
    /// nobody had written to that party.
    pub answers: Vec<AnswerView>,
    /// The contact to make; `null` when the next step is not a contact.
    pub next: Option<NextView>,
    /// The one next step, whatever it is.
    pub next_step: NextStepView,
    pub paused_until: Option<NaiveDate>,
}

#[derive(Debug, Serialize)]
pub struct AnswerView {
    pub party: Party,
    pub on: NaiveDate,
    pub declined: bool,
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
    /// The candidate partners the account team is asked to confirm.
    pub candidate_partners: Vec<String>,
}

impl NextView {
    pub fn of(c: &ContactStep) -> NextView {
        NextView {
            party: c.step.party,
            attempt: c.step.attempt,
            due_on: c.step.due_on,
            template: c.step.template,
            via: c.step.via.as_str(),
            to: c.to.clone(),
            cc: c.cc.clone(),
            candidate_partners: c.candidates.clone(),
        }
    }
}

/// The one next step as the views show it: `kind` is `contact`, `assign`
/// or `none`; `why` says why there is nothing to do.
#[derive(Debug, Clone, Serialize)]
pub struct NextStepView {
    pub kind: &'static str,
    pub due_on: Option<NaiveDate>,
    /// `contact`: the template; `assign`: the option and its queue.
    pub what: String,
    pub option: Option<AssignOption>,
    pub queue: Option<String>,
    pub why: Option<String>,
}

impl NextStepView {
    pub fn of(st: &Standing, region: Option<Region>) -> NextStepView {
        match &st.next {
            Next::Contact(c) => NextStepView {
                kind: "contact",
                due_on: Some(c.step.due_on),
                what: format!(
                    "{} (the {}, attempt {})",
                    c.step.template,
                    c.step.party.words(),
                    c.step.attempt
                ),
                option: None,
                queue: None,
                why: None,
            },
            Next::Assign { decision, due_on } => {
                let q = queue(decision.option, region, decision.frp.as_deref()).ok();
                NextStepView {
                    kind: "assign",
                    due_on: Some(*due_on),
                    what: match &q {
                        Some(q) => format!("assign {} ({q})", decision.option),
                        None => format!("assign {} (queue: set the region first)", decision.option),
                    },
                    option: Some(decision.option),
                    queue: q,
                    why: Some(decision.reasons.join("; ")),
                }
            }
            Next::Nothing { why } => NextStepView {
                kind: "none",
                due_on: None,
                what: "nothing to do now".into(),
                option: None,
                queue: None,
                why: Some(why.clone()),
            },
        }
    }

    /// One line: "assign css (FTCQ CSS EMEA) due 2027-07-01".
    pub fn line(&self) -> String {
        match (self.due_on, &self.why) {
            (Some(d), _) => format!("{} due {d}", self.what),
            (None, Some(why)) => format!("{}: {why}", self.what),
            (None, None) => self.what.clone(),
        }
    }
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
            partner_mpn: None,
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
                goback_mark: GobackMark::default(),
            };
            let store = Store::open_in_memory().unwrap();
            let cur = Current::from_stored(
                store.db(),
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
            .stage_and_step(&ctx)
            .unwrap();
            // The agenda asks only for tenants not ready for an option:
            // no more than `reactive_max_seats`-sized ones aside, the same.
            prop_assert_eq!(fresh, (cur.stage(), cur.standing.contact().map(|c| c.step.clone())));
        }
    }
}
