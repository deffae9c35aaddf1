//! The history of changes: who did what, when, to which tenant.

use crate::error::Result;
use chrono::NaiveDate;
use rusqlite::{params, Connection};

/// Who is acting and when; passed from `cli/`, which alone knows the clock.
#[derive(Debug, Clone)]
pub struct Stamp {
    /// Wall-clock time, RFC 3339.
    pub at: String,
    /// The effective "today" (`--today`).
    pub on: NaiveDate,
    pub actor: String,
}

pub fn record(
    conn: &Connection,
    stamp: &Stamp,
    tenant: Option<i64>,
    action: &str,
    description: &str,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO history (at, on_date, actor, tenant_id, action, description)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        stamp.at,
        stamp.on.to_string(),
        stamp.actor,
        tenant,
        action,
        description
    ])?;
    Ok(())
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
pub fn list_history(conn: &Connection, tenant: i64) -> Result<Vec<Entry>> {
    let mut st = conn.prepare(
        "SELECT id, at, on_date, actor, action, description FROM history WHERE tenant_id = ?1
         UNION
         SELECT h.id, h.at, h.on_date, h.actor, h.action, h.description
         FROM tenants t JOIN history h ON h.id = t.added_by WHERE t.id = ?1
         ORDER BY on_date DESC, id DESC",
    )?;
    let rows = st.query_map([tenant], |r| {
        Ok(Entry {
            at: r.get(1)?,
            on_date: r.get(2)?,
            actor: r.get(3)?,
            action: r.get(4)?,
            description: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The first day each tenant reached each stage of the funnel, from
/// `since` on: (tenant, stage, day), stages named as `domain::trend`
/// names them (`new`: added; a party: the first e-mail to it;
/// `answered`: the first answer or decline of any party; `assigned`: the
/// first assignment).
pub fn stages_reached(
    conn: &Connection,
    since: NaiveDate,
) -> Result<Vec<(i64, String, NaiveDate)>> {
    let mut st = conn.prepare_cached(
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
    )?;
    let rows = st.query_map([since.to_string()], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, stage, day) = row?;
        // A day that is not a date was never written by ftc: left out.
        if let Ok(day) = NaiveDate::parse_from_str(&day, "%Y-%m-%d") {
            out.push((id, stage, day));
        }
    }
    Ok(out)
}
