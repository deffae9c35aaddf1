//! The history of changes: who did what, when, to which tenant.

use super::sql::Db;
use crate::args;
use crate::error::Result;
use chrono::NaiveDate;

/// Who is acting and when; passed from `cli/`, which alone knows the clock.
#[derive(Debug, Clone)]
pub struct Stamp {
    /// Wall-clock time, RFC 3339.
    pub at: String,
    /// The effective "today" (`--today`).
    pub on: NaiveDate,
    pub actor: String,
}

/// Record a change; the new entry's ID.
pub fn record<'c>(
    db: impl Into<Db<'c>>,
    stamp: &Stamp,
    tenant: Option<i64>,
    action: &str,
    description: &str,
) -> Result<i64> {
    db.into().insert(
        "INSERT INTO history (at, on_date, actor, tenant_id, action, description)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        args![stamp.at, stamp.on, stamp.actor, tenant, action, description],
    )
}

#[derive(Debug, Clone)]
pub struct Entry {
    pub at: String,
    pub on_date: String,
    pub actor: String,
    pub action: String,
    pub description: String,
}

/// A tenant's history, newest first: its own entries and the entry of the
/// import that added it (one entry per import, shared by its tenants).
pub fn list_history<'c>(db: impl Into<Db<'c>>, tenant: i64) -> Result<Vec<Entry>> {
    db.into().all(
        "SELECT id, at, on_date, actor, action, description FROM history WHERE tenant_id = ?1
         UNION
         SELECT h.id, h.at, h.on_date, h.actor, h.action, h.description
         FROM tenants t JOIN history h ON h.id = t.added_by WHERE t.id = ?1
         ORDER BY on_date DESC, id DESC",
        args![tenant],
        |r| {
            Ok(Entry {
                at: r.get(1)?,
                on_date: r.get(2)?,
                actor: r.get(3)?,
                action: r.get(4)?,
                description: r.get(5)?,
            })
        },
    )
}

/// The first day each tenant reached each stage of the funnel, from
/// `since` on: (tenant, stage, day), stages named as `domain::trend`
/// names them (`new`: added; a party: the first e-mail to it;
/// `answered`: the first answer or decline of any party; `assigned`: the
/// first assignment).
pub fn stages_reached<'c>(
    db: impl Into<Db<'c>>,
    since: NaiveDate,
) -> Result<Vec<(i64, String, NaiveDate)>> {
    db.into().all(
        "SELECT id, 'new', added_on FROM tenants WHERE added_on >= ?1
         UNION ALL
         SELECT tenant_id, party, min(on_date) FROM cadence_events WHERE kind = 'send'
          GROUP BY tenant_id, party HAVING min(on_date) >= ?1
         UNION ALL
         SELECT tenant_id, 'answered', min(on_date) FROM cadence_events
          WHERE kind IN ('reply', 'decline') GROUP BY tenant_id HAVING min(on_date) >= ?1
         UNION ALL
         SELECT tenant_id, 'assigned', min(on_date) FROM assignments
          GROUP BY tenant_id HAVING min(on_date) >= ?1",
        args![since],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
}
