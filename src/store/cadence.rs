//! Cadence events and pauses (notes: `store::notes`; tasks: `store::tasks`).
//! Both engines.

use super::sql::{Db, Row};
use super::Scope;
use crate::args;
pub use crate::domain::cadence::StoredPause;
use crate::domain::cadence::{Event, Party, Pause, Via};
use crate::error::Result;
use chrono::NaiveDate;
use std::collections::HashMap;

fn parse<T: std::str::FromStr<Err = String>>(s: &str) -> Result<T> {
    s.parse()
        .map_err(|e: String| anyhow::anyhow!("a stored cadence value: {e}"))
}

fn event(r: &Row, start: usize) -> Result<Event> {
    let kind: String = r.get(start)?;
    let party: Party = parse(&r.get::<String>(start + 1)?)?;
    let on: NaiveDate = r.get(start + 4)?;
    Ok(match kind.as_str() {
        "send" => Event::Send {
            party,
            attempt: r.get::<Option<u32>>(start + 2)?.unwrap_or(1),
            via: parse::<Via>(
                &r.get::<Option<String>>(start + 3)?
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
pub fn list_events<'c>(db: impl Into<Db<'c>>, tenant: i64) -> Result<Vec<(i64, Event)>> {
    db.into().all(
        "SELECT kind, party, attempt, via, on_date, forced, id FROM cadence_events WHERE tenant_id = ?1 ORDER BY id",
        args![tenant],
        |r| Ok((r.get(6)?, event(r, 0)?)),
    )
}

/// The cadence events of every tenant in scope, in the order recorded, by tenant.
pub fn all_events<'c>(
    db: impl Into<Db<'c>>,
    scope: Scope,
) -> Result<HashMap<i64, Vec<(i64, Event)>>> {
    let mut out: HashMap<i64, Vec<(i64, Event)>> = HashMap::new();
    db.into().each(
        &format!(
            "SELECT e.tenant_id, e.kind, e.party, e.attempt, e.via, e.on_date, e.forced, e.id
             FROM cadence_events e{} ORDER BY e.tenant_id, e.id",
            scope.clause("e")
        ),
        args![scope.fm()],
        |r| {
            out.entry(r.get::<i64>(0)?)
                .or_default()
                .push((r.get::<i64>(7)?, event(r, 1)?));
            Ok(())
        },
    )?;
    Ok(out)
}

pub fn insert_event<'c>(
    db: impl Into<Db<'c>>,
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
    db.into().execute(
        "INSERT INTO cadence_events (tenant_id, kind, party, attempt, via, on_date, contact_email, forced)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        args![tenant, kind, party.as_str(), attempt, via, on, contact, forced],
    )?;
    Ok(())
}

fn stored_pause(r: &Row, start: usize) -> Result<StoredPause> {
    Ok(StoredPause {
        id: r.get(start)?,
        pause: Pause {
            from: r.get(start + 1)?,
            until: r.get(start + 2)?,
            resumed_on: r.get(start + 3)?,
        },
        requested_by: r.get(start + 4)?,
        reason: r.get(start + 5)?,
    })
}

pub fn list_pauses<'c>(db: impl Into<Db<'c>>, tenant: i64) -> Result<Vec<StoredPause>> {
    db.into().all(
        "SELECT id, from_on, until_on, resumed_on, requested_by, reason FROM pauses WHERE tenant_id = ?1 ORDER BY id",
        args![tenant],
        |r| stored_pause(r, 0),
    )
}

/// The pauses of every tenant in scope, by tenant.
pub fn all_pauses<'c>(
    db: impl Into<Db<'c>>,
    scope: Scope,
) -> Result<HashMap<i64, Vec<StoredPause>>> {
    let mut out: HashMap<i64, Vec<StoredPause>> = HashMap::new();
    db.into().each(
        &format!(
            "SELECT p.tenant_id, p.id, p.from_on, p.until_on, p.resumed_on, p.requested_by, p.reason
             FROM pauses p{} ORDER BY p.tenant_id, p.id",
            scope.clause("p")
        ),
        args![scope.fm()],
        |r| {
            out.entry(r.get::<i64>(0)?)
                .or_default()
                .push(stored_pause(r, 1)?);
            Ok(())
        },
    )?;
    Ok(out)
}

pub fn insert_pause<'c>(
    db: impl Into<Db<'c>>,
    tenant: i64,
    p: &Pause,
    requested_by: &str,
    reason: &str,
) -> Result<()> {
    db.into().execute(
        "INSERT INTO pauses (tenant_id, from_on, until_on, requested_by, reason) VALUES (?1, ?2, ?3, ?4, ?5)",
        args![tenant, p.from, p.until, requested_by, reason],
    )?;
    Ok(())
}

pub fn resume_pause<'c>(db: impl Into<Db<'c>>, pause_id: i64, on: NaiveDate) -> Result<()> {
    db.into().execute(
        "UPDATE pauses SET resumed_on = ?2 WHERE id = ?1",
        args![pause_id, on],
    )?;
    Ok(())
}

/// Pauses still running on or after `from` that end by `to`, with their tenants.
pub fn pauses_ending<'c>(
    db: impl Into<Db<'c>>,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(i64, StoredPause)>> {
    db.into().all(
        "SELECT tenant_id, id, from_on, until_on, resumed_on, requested_by, reason FROM pauses
         WHERE until_on >= ?1 AND until_on <= ?2 AND resumed_on IS NULL ORDER BY until_on",
        args![from, to],
        |r| Ok((r.get(0)?, stored_pause(r, 1)?)),
    )
}

/// Keep the agenda's column current: whether the cadence may still have a
/// contact to make (`open`) or not (`done`). The due date is not stored:
/// the agenda works it out, so a change of the calendar shows at once
/// (`next_due` stays in the schema, unused).
pub fn set_agenda_fields<'c>(db: impl Into<Db<'c>>, tenant: i64, state: &str) -> Result<()> {
    db.into().execute(
        "UPDATE tenants SET next_due = NULL, cadence_state = ?2 WHERE id = ?1",
        args![tenant, state],
    )?;
    Ok(())
}
