//! Cadence events and pauses (notes: `store::notes`; tasks: `store::tasks`).

use super::Scope;
pub use crate::domain::cadence::StoredPause;
use crate::domain::cadence::{Event, Party, Pause, Via};
use crate::domain::values::stored_date;
use crate::error::Result;
use chrono::NaiveDate;
use rusqlite::{params, Connection};
use std::collections::HashMap;

fn date(s: &str) -> rusqlite::Result<NaiveDate> {
    stored_date(s).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

fn parse<T: std::str::FromStr<Err = String>>(s: &str) -> rusqlite::Result<T> {
    s.parse().map_err(|e: String| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, e.into())
    })
}

/// Columns `kind, party, attempt, via, on_date, forced` from `start` on.
fn event(r: &rusqlite::Row, start: usize) -> rusqlite::Result<Event> {
    let kind: String = r.get(start)?;
    let party: Party = parse(&r.get::<_, String>(start + 1)?)?;
    let on = date(&r.get::<_, String>(start + 4)?)?;
    Ok(match kind.as_str() {
        "send" => Event::Send {
            party,
            attempt: r.get::<_, Option<u32>>(start + 2)?.unwrap_or(1),
            via: parse::<Via>(
                &r.get::<_, Option<String>>(start + 3)?
                    .unwrap_or_else(|| "email".into()),
            )?,
            on,
            forced: r.get(start + 5)?,
        },
        "reply" => Event::Reply { party, on },
        _ => Event::Decline { party, on },
    })
}

/// A tenant's cadence events with their IDs, in the order recorded.
pub fn list_events(conn: &Connection, tenant: i64) -> Result<Vec<(i64, Event)>> {
    let mut st = conn.prepare_cached(
        "SELECT kind, party, attempt, via, on_date, forced, id FROM cadence_events WHERE tenant_id = ?1 ORDER BY id",
    )?;
    let rows = st.query_map([tenant], |r| Ok((r.get(6)?, event(r, 0)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The cadence events of every tenant in scope, in the order recorded, by tenant.
pub fn all_events(conn: &Connection, scope: Scope) -> Result<HashMap<i64, Vec<(i64, Event)>>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT e.tenant_id, e.kind, e.party, e.attempt, e.via, e.on_date, e.forced, e.id
         FROM cadence_events e{} ORDER BY e.tenant_id, e.id",
        scope.clause("e")
    ))?;
    let mut out: HashMap<i64, Vec<(i64, Event)>> = HashMap::new();
    for row in st.query_map([scope.fm()], |r| {
        Ok((r.get::<_, i64>(0)?, (r.get::<_, i64>(7)?, event(r, 1)?)))
    })? {
        let (t, e) = row?;
        out.entry(t).or_default().push(e);
    }
    Ok(out)
}

pub fn insert_event(
    conn: &Connection,
    tenant: i64,
    e: &Event,
    contact: Option<&str>,
) -> Result<()> {
    let (kind, party, attempt, via, on, forced) = match *e {
        Event::Send {
            party,
            attempt,
            via,
            on,
            forced,
        } => ("send", party, Some(attempt), Some(via.as_str()), on, forced),
        Event::Reply { party, on } => ("reply", party, None, None, on, false),
        Event::Decline { party, on } => ("decline", party, None, None, on, false),
    };
    conn.prepare_cached(
        "INSERT INTO cadence_events (tenant_id, kind, party, attempt, via, on_date, contact_email, forced)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![tenant, kind, party.as_str(), attempt, via, on.to_string(), contact, forced])?;
    Ok(())
}

/// Columns `id, from_on, until_on, resumed_on, requested_by, reason` from `start` on.
fn stored_pause(r: &rusqlite::Row, start: usize) -> rusqlite::Result<StoredPause> {
    Ok(StoredPause {
        id: r.get(start)?,
        pause: Pause {
            from: date(&r.get::<_, String>(start + 1)?)?,
            until: date(&r.get::<_, String>(start + 2)?)?,
            resumed_on: r
                .get::<_, Option<String>>(start + 3)?
                .map(|s| date(&s))
                .transpose()?,
        },
        requested_by: r.get(start + 4)?,
        reason: r.get(start + 5)?,
    })
}

pub fn list_pauses(conn: &Connection, tenant: i64) -> Result<Vec<StoredPause>> {
    let mut st = conn.prepare_cached(
        "SELECT id, from_on, until_on, resumed_on, requested_by, reason FROM pauses WHERE tenant_id = ?1 ORDER BY id",
    )?;
    let rows = st.query_map([tenant], |r| stored_pause(r, 0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The pauses of every tenant in scope, by tenant.
pub fn all_pauses(conn: &Connection, scope: Scope) -> Result<HashMap<i64, Vec<StoredPause>>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT p.tenant_id, p.id, p.from_on, p.until_on, p.resumed_on, p.requested_by, p.reason
         FROM pauses p{} ORDER BY p.tenant_id, p.id",
        scope.clause("p")
    ))?;
    let mut out: HashMap<i64, Vec<StoredPause>> = HashMap::new();
    for row in st.query_map([scope.fm()], |r| {
        Ok((r.get::<_, i64>(0)?, stored_pause(r, 1)?))
    })? {
        let (t, p) = row?;
        out.entry(t).or_default().push(p);
    }
    Ok(out)
}

pub fn insert_pause(
    conn: &Connection,
    tenant: i64,
    p: &Pause,
    requested_by: &str,
    reason: &str,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO pauses (tenant_id, from_on, until_on, requested_by, reason) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![tenant, p.from.to_string(), p.until.to_string(), requested_by, reason])?;
    Ok(())
}

pub fn resume_pause(conn: &Connection, pause_id: i64, on: NaiveDate) -> Result<()> {
    conn.prepare_cached("UPDATE pauses SET resumed_on = ?2 WHERE id = ?1")?
        .execute(params![pause_id, on.to_string()])?;
    Ok(())
}

/// Pauses still running on or after `from` that end by `to`, with their tenants.
pub fn pauses_ending(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(i64, StoredPause)>> {
    let mut st = conn.prepare_cached(
        "SELECT tenant_id, id, from_on, until_on, resumed_on, requested_by, reason FROM pauses
         WHERE until_on >= ?1 AND until_on <= ?2 AND resumed_on IS NULL ORDER BY until_on",
    )?;
    let rows = st.query_map(params![from.to_string(), to.to_string()], |r| {
        Ok((r.get(0)?, stored_pause(r, 1)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Keep the agenda's column current: whether the cadence may still have a
/// contact to make (`open`) or not (`done`). The due date is not stored:
/// the agenda works it out, so a change of the calendar shows at once
/// (`next_due` stays in the schema, unused).
pub fn set_agenda_fields(conn: &Connection, tenant: i64, state: &str) -> Result<()> {
    conn.prepare_cached("UPDATE tenants SET next_due = NULL, cadence_state = ?2 WHERE id = ?1")?
        .execute(params![tenant, state])?;
    Ok(())
}
