//! Where one tenant's cadence stands: loaded from the store, computed by the
//! domain rules, and shown.

use crate::cli::Ctx;
use crate::domain::cadence::{
    Attempt, BusinessDays, Cadence, Facts, Party, Pause, ResponseDays, Step,
};
use crate::domain::calendar::Calendar;
use crate::domain::contact::{ContactKind, Role};
use crate::domain::tenant::{is_eligible, Stage};
use crate::domain::values::Region;
use crate::error::Result;
use crate::store::cadence::{list_events, list_pauses, set_agenda_fields, StoredPause};
use crate::store::contacts::{list_contacts, Contact};
use crate::store::partners::{get_partner, Partner};
use crate::store::tenants::Tenant;
use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;

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

/// One tenant's cadence with everything it was computed from.
pub struct Current {
    pub tenant: Tenant,
    pub cadence: Cadence,
    pub pauses: Vec<StoredPause>,
    pub contacts: Vec<Contact>,
    pub partner: Option<Partner>,
}

impl Current {
    pub fn load(conn: &Connection, ctx: &Ctx, tenant: Tenant) -> Result<Current> {
        let events = list_events(conn, tenant.id)?;
        let pauses = list_pauses(conn, tenant.id)?;
        let contacts = list_contacts(conn, tenant.id)?;
        let partner = get_partner(conn, tenant.id)?;
        let plain: Vec<Pause> = pauses.iter().map(|p| p.pause).collect();
        let cal = ctx.calendar()?;
        let days = RegionDays {
            cal,
            region: tenant.region,
        };
        let real_partner = partner.as_ref().is_some_and(Partner::is_real);
        let facts = Facts {
            added_on: tenant.added_on,
            events: &events,
            pauses: &plain,
            real_partner,
            pdm_only_unmanaged: pdm_only_unmanaged(&tenant, &contacts),
            days: response_days(ctx),
        };
        let cadence = Cadence::compute(&facts, &days);
        Ok(Current {
            tenant,
            cadence,
            pauses,
            contacts,
            partner,
        })
    }

    /// For the agenda: a tenant with no outreach and no pause recorded
    /// (both agenda columns unset) has no events, pauses or partner step to
    /// read; its next step is the first account-team e-mail whatever its
    /// partner. Skips those queries; anything else loads in full.
    pub fn load_for_agenda(conn: &Connection, ctx: &Ctx, tenant: Tenant) -> Result<Current> {
        if tenant.cadence_state.is_some() {
            return Current::load(conn, ctx, tenant);
        }
        let contacts = list_contacts(conn, tenant.id)?;
        let cal = ctx.calendar()?;
        let days = RegionDays {
            cal,
            region: tenant.region,
        };
        let facts = Facts {
            added_on: tenant.added_on,
            events: &[],
            pauses: &[],
            real_partner: false,
            pdm_only_unmanaged: pdm_only_unmanaged(&tenant, &contacts),
            days: response_days(ctx),
        };
        let cadence = Cadence::compute(&facts, &days);
        Ok(Current {
            tenant,
            cadence,
            pauses: Vec::new(),
            contacts,
            partner: None,
        })
    }

    pub fn real_partner(&self) -> bool {
        self.partner.as_ref().is_some_and(Partner::is_real)
    }

    pub fn pdm_only_unmanaged(&self) -> bool {
        pdm_only_unmanaged(&self.tenant, &self.contacts)
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

    /// The stage by rule 4.2, for the parts that exist so far.
    pub fn stage(&self, ctx: &Ctx) -> Stage {
        let pauses = self.plain_pauses();
        if pauses.iter().any(|p| p.covers(ctx.today)) {
            return Stage::Paused;
        }
        if !is_eligible(
            self.tenant.source,
            self.tenant.seats,
            ctx.config.eligibility.min_seats,
        ) {
            return Stage::Ineligible;
        }
        self.cadence.stage(ctx.today, &pauses)
    }

    /// Whom to write to for a step, and whom to copy: the account team is
    /// copied on partner and customer e-mails (on partner e-mails only its
    /// PDMs and PSEs); partners are never copied on customer e-mails.
    pub fn recipients(&self, step: &Step) -> (Vec<String>, Vec<String>) {
        let reachable = |c: &&Contact| !c.do_not_contact;
        let emails = |f: &dyn Fn(&Contact) -> bool| -> Vec<String> {
            self.contacts
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

    /// Store what the agenda reads: the next step's due date and whether
    /// the cadence is still open.
    pub fn save_agenda_fields(&self, conn: &Connection) -> Result<()> {
        let state = if self.cadence.next.is_some() {
            "open"
        } else {
            "done"
        };
        set_agenda_fields(
            conn,
            self.tenant.id,
            self.cadence.next.as_ref().map(|n| n.due_on),
            state,
        )
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

fn pdm_only_unmanaged(t: &Tenant, contacts: &[Contact]) -> bool {
    let mut ms = contacts
        .iter()
        .filter(|c| c.kind == ContactKind::Microsoft)
        .peekable();
    !t.managed && ms.peek().is_some() && ms.all(|c| c.role == Some(Role::Pdm))
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
