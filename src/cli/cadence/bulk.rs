//! The cadence and standing of many tenants at once (`tenant list`, the
//! report): a few whole-table reads instead of six queries a tenant.

use super::current::{Current, Stored};
use crate::cli::Ctx;
use crate::domain::cadence::Event;
use crate::domain::rfa::RFA_DAYS;
use crate::error::Result;
use crate::store::assignments::{all_assignments, StoredAssignment};
use crate::store::cadence::{all_events, all_pauses, StoredPause};
use crate::store::partners::{all_partners, Partner};
use crate::store::rfas::{approved_since, Rfa};
use crate::store::tenants::Tenant;
use chrono::Days;
use rusqlite::Connection;
use std::collections::HashMap;

/// Below this many tenants, loading each one is cheaper than reading
/// every table whole.
const BULK_FROM: usize = 200;

/// Every tenant's stored facts but its contacts.
struct Bulk {
    events: HashMap<i64, Vec<Event>>,
    pauses: HashMap<i64, Vec<StoredPause>>,
    partners: HashMap<i64, Partner>,
    assignments: HashMap<i64, Vec<StoredAssignment>>,
    rfas: HashMap<i64, Vec<Rfa>>,
}

impl Bulk {
    fn load(conn: &Connection, ctx: &Ctx) -> Result<Bulk> {
        let since = ctx
            .today
            .checked_sub_days(Days::new(RFA_DAYS as u64))
            .unwrap_or(ctx.today);
        Ok(Bulk {
            events: all_events(conn)?,
            pauses: all_pauses(conn)?,
            partners: all_partners(conn)?,
            assignments: all_assignments(conn)?,
            rfas: approved_since(conn, since)?,
        })
    }

    fn take(&mut self, id: i64) -> Stored {
        Stored {
            events: self.events.remove(&id).unwrap_or_default(),
            pauses: self.pauses.remove(&id).unwrap_or_default(),
            contacts: Vec::new(),
            partner: self.partners.remove(&id),
            assignments: self.assignments.remove(&id).unwrap_or_default(),
            rfas: self.rfas.remove(&id).unwrap_or_default(),
        }
    }
}

/// Call `f` with each tenant's [`Current`], in the order given. A long list
/// is read in bulk, and then without contacts: right for the stage, the
/// assignment and the due dates, not for recipients or templates.
pub fn for_each(
    conn: &Connection,
    ctx: &Ctx,
    tenants: Vec<Tenant>,
    mut f: impl FnMut(Current) -> Result<()>,
) -> Result<()> {
    if tenants.len() < BULK_FROM {
        for t in tenants {
            f(Current::load(conn, ctx, t)?)?;
        }
        return Ok(());
    }
    let mut bulk = Bulk::load(conn, ctx)?;
    for t in tenants {
        let stored = bulk.take(t.id);
        f(Current::from_stored(conn, ctx, t, stored)?)?;
    }
    Ok(())
}
