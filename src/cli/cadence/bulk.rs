//! The cadence and standing of many tenants at once (`tenant list`, the
//! agenda, the report): a few reads of whole tables, or of one FM's rows,
//! instead of six queries a tenant.

use super::current::{Current, Stored};
use crate::cli::Ctx;
use crate::domain::cadence::Event;
use crate::domain::rfa::RFA_DAYS;
use crate::error::Result;
use crate::store::assignments::{all_assignments, StoredAssignment};
use crate::store::cadence::{all_events, all_pauses, StoredPause};
use crate::store::contacts::{all_contacts, Contact};
use crate::store::dibs::{dibs_by_tenant, WorkloadDibs};
use crate::store::partners::{all_partners, Partner};
use crate::store::rfas::{approved_since, Rfa};
use crate::store::sql::Db;
use crate::store::status::totals_by_tenant;
use crate::store::tenants::Tenant;
use crate::store::Scope;
use chrono::Days;
use std::collections::{HashMap, HashSet};

/// Below this many tenants, loading each one is cheaper than reading
/// every table whole.
const BULK_FROM: usize = 200;

/// The stored facts of every tenant in a scope.
pub struct Bulk {
    events: HashMap<i64, Vec<(i64, Event)>>,
    dibs: HashMap<i64, Vec<WorkloadDibs>>,
    totals: HashMap<i64, Vec<(String, i64)>>,
    usage: HashMap<i64, Vec<crate::domain::usage::Usage>>,
    pauses: HashMap<i64, Vec<StoredPause>>,
    partners: HashMap<i64, Vec<Partner>>,
    assignments: HashMap<i64, Vec<StoredAssignment>>,
    rfas: HashMap<i64, Vec<Rfa>>,
    /// Read only when asked for (the agenda's recipients).
    contacts: HashMap<i64, Vec<Contact>>,
    /// Open duplicate suspicions (few: read whatever the scope).
    suspected: HashMap<i64, Vec<String>>,
}

impl Bulk {
    /// Read the facts of every tenant in `scope`; with `contacts`, their
    /// contacts too (without them a [`Current`] is right for the stage,
    /// the assignment and the due dates, not for recipients or templates).
    pub fn load(conn: Db<'_>, ctx: &Ctx, scope: Scope, contacts: bool) -> Result<Bulk> {
        let since = ctx
            .today
            .checked_sub_days(Days::new(RFA_DAYS as u64))
            .unwrap_or(ctx.today);
        Ok(Bulk {
            events: all_events(conn, scope)?,
            dibs: dibs_by_tenant(conn, scope)?,
            totals: totals_by_tenant(conn, scope)?,
            usage: crate::store::usage::latest_with_dibs(conn, scope)?,
            pauses: all_pauses(conn, scope)?,
            partners: all_partners(conn, scope)?,
            assignments: all_assignments(conn, scope)?,
            rfas: approved_since(conn, since, scope)?,
            contacts: if contacts {
                all_contacts(conn, scope)?
            } else {
                HashMap::new()
            },
            suspected: crate::store::suspects::open_suspicions(conn)?,
        })
    }

    /// A tenant's [`Current`] from what was read (its facts leave the
    /// bulk: each tenant is taken once). The tenant must be in the scope.
    pub fn current(&mut self, conn: Db<'_>, ctx: &Ctx, t: Tenant) -> Result<Current> {
        let id = t.id;
        let stored = Stored {
            events: take(&mut self.events, id).unwrap_or_default(),
            pauses: take(&mut self.pauses, id).unwrap_or_default(),
            contacts: self.take_contacts(id),
            partners: take(&mut self.partners, id).unwrap_or_default(),
            assignments: take(&mut self.assignments, id).unwrap_or_default(),
            rfas: take(&mut self.rfas, id).unwrap_or_default(),
            dibs: take(&mut self.dibs, id).unwrap_or_default(),
            totals: take(&mut self.totals, id).unwrap_or_default(),
            usage: take(&mut self.usage, id).unwrap_or_default(),
            suspected: take(&mut self.suspected, id).unwrap_or_default(),
        };
        Current::from_stored(conn, ctx, t, stored)
    }

    /// Whether anything but contacts is stored about a tenant: a cadence
    /// event, a pause, a partner, an assignment, a recent RFA, DIBS, a
    /// service status or an open duplicate suspicion.
    pub fn has_facts(&self, id: i64) -> bool {
        has(&self.events, id)
            || has(&self.dibs, id)
            || has(&self.totals, id)
            || has(&self.pauses, id)
            || has(&self.partners, id)
            || has(&self.assignments, id)
            || has(&self.rfas, id)
            || has(&self.suspected, id)
    }

    /// The tenants a fact in another table than their own makes
    /// candidates for an assignment option: `dibs` (those with a DIBS
    /// record) and those with a partner deploying, a recent approved RFA
    /// or a decline. See `store::tenants::agenda_tenants`.
    pub fn readiness_facts(&self) -> HashSet<i64> {
        let mut dibs: HashSet<i64> = self.dibs.keys().copied().collect();
        let deploying = self
            .partners
            .iter()
            .filter(|(_, p)| p.iter().any(|p| !p.deploying.is_empty()))
            .map(|(id, _)| *id);
        let declined = self
            .events
            .iter()
            .filter(|(_, e)| e.iter().any(|(_, e)| matches!(e, Event::Decline { .. })))
            .map(|(id, _)| *id);
        dibs.extend(deploying.chain(self.rfas.keys().copied()).chain(declined));
        dibs
    }

    /// A tenant's contacts (they leave the bulk).
    pub fn take_contacts(&mut self, id: i64) -> Vec<Contact> {
        take(&mut self.contacts, id).unwrap_or_default()
    }
}

/// A tenant's entry, out of the map. Most maps of a long listing are
/// empty or nearly: the key is not hashed then.
fn take<V>(map: &mut HashMap<i64, V>, id: i64) -> Option<V> {
    if map.is_empty() {
        None
    } else {
        map.remove(&id)
    }
}

fn has<V>(map: &HashMap<i64, V>, id: i64) -> bool {
    !map.is_empty() && map.contains_key(&id)
}

/// Call `f` with each tenant's [`Current`], in the order given; `scope`
/// covers them all. A long list is read in bulk, and then without contacts.
pub fn for_each(
    conn: Db<'_>,
    ctx: &Ctx,
    tenants: Vec<Tenant>,
    scope: Scope,
    mut f: impl FnMut(Current) -> Result<()>,
) -> Result<()> {
    if tenants.len() < BULK_FROM {
        for t in tenants {
            f(Current::load(conn, ctx, t)?)?;
        }
        return Ok(());
    }
    let mut bulk = Bulk::load(conn, ctx, scope, false)?;
    for t in tenants {
        f(bulk.current(conn, ctx, t)?)?;
    }
    Ok(())
}
