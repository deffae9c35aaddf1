//! DIBS per workload of a tenant.

pub use crate::domain::dibs::WorkloadDibs;
use crate::domain::dibs::{Dibs, Intent, Source};
use crate::error::Result;
use crate::reference::workloads;
use crate::store::Scope;
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row};
use std::collections::{HashMap, HashSet};

const SELECT: &str = "SELECT workload, go_live, intent, reason, owner, start_on, source,
        contact_email, updated_on
     FROM dibs";

fn conversion(i: usize, msg: String) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, msg.into())
}

fn date(r: &Row, i: usize) -> rusqlite::Result<Option<NaiveDate>> {
    r.get::<_, Option<String>>(i)?
        .map(|s| {
            NaiveDate::parse_from_str(&s, "%Y-%m-%d").map_err(|e| conversion(i, e.to_string()))
        })
        .transpose()
}

fn row(r: &Row) -> rusqlite::Result<WorkloadDibs> {
    let intent: Option<String> = r.get(2)?;
    let source: String = r.get(6)?;
    Ok(WorkloadDibs {
        workload: r.get(0)?,
        dibs: Dibs {
            go_live: date(r, 1)?,
            intent: intent
                .map(|s| s.parse::<Intent>())
                .transpose()
                .map_err(|e| conversion(2, e))?,
            reason: r.get(3)?,
            owner: r.get(4)?,
            start: date(r, 5)?,
            source: source.parse::<Source>().map_err(|e| conversion(6, e))?,
        },
        contact_email: r.get(7)?,
        updated_on: date(r, 8)?.unwrap_or_default(),
    })
}

/// Where a workload slug sorts: the order of the reference data, then any
/// slug it no longer has.
fn position(slug: &str) -> usize {
    workloads::all()
        .iter()
        .position(|w| w.slug == slug)
        .unwrap_or(usize::MAX)
}

/// Every DIBS record of a tenant, in the order of the workloads in the
/// reference data.
pub fn list_dibs(conn: &Connection, tenant_id: i64) -> Result<Vec<WorkloadDibs>> {
    let mut st =
        conn.prepare_cached(&format!("{SELECT} WHERE tenant_id = ?1 ORDER BY workload"))?;
    let mut all = st
        .query_map([tenant_id], row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    all.sort_by_key(|d| position(&d.workload));
    Ok(all)
}

/// Every DIBS record, with its tenant (for the report).
pub fn all_dibs(conn: &Connection) -> Result<Vec<(i64, WorkloadDibs)>> {
    let mut st = conn.prepare_cached(
        "SELECT workload, go_live, intent, reason, owner, start_on, source,
                contact_email, updated_on, tenant_id FROM dibs",
    )?;
    let rows = st.query_map([], |r| Ok((r.get::<_, i64>(9)?, row(r)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The DIBS records of every tenant in scope, by tenant, in the reference
/// order of their workloads.
pub fn dibs_by_tenant(conn: &Connection, scope: Scope) -> Result<HashMap<i64, Vec<WorkloadDibs>>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT d.workload, d.go_live, d.intent, d.reason, d.owner, d.start_on, d.source,
                d.contact_email, d.updated_on, d.tenant_id FROM dibs d{}",
        scope.clause("d")
    ))?;
    let mut out: HashMap<i64, Vec<WorkloadDibs>> = HashMap::new();
    for x in st.query_map([scope.fm()], |r| Ok((r.get::<_, i64>(9)?, row(r)?)))? {
        let (t, d) = x?;
        out.entry(t).or_default().push(d);
    }
    for v in out.values_mut() {
        v.sort_by_key(|d| position(&d.workload));
    }
    Ok(out)
}

/// The tenants in scope with a DIBS record (the agenda's readiness test).
pub fn tenants_with_dibs(conn: &Connection, scope: Scope) -> Result<HashSet<i64>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT DISTINCT d.tenant_id FROM dibs d{}",
        scope.clause("d")
    ))?;
    let rows = st.query_map([scope.fm()], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One workload's DIBS, if recorded.
pub fn get_dibs(conn: &Connection, tenant_id: i64, workload: &str) -> Result<Option<WorkloadDibs>> {
    Ok(conn
        .prepare_cached(&format!("{SELECT} WHERE tenant_id = ?1 AND workload = ?2"))?
        .query_row(params![tenant_id, workload], row)
        .optional()?)
}

/// Insert or replace one workload's DIBS.
pub fn put_dibs(conn: &Connection, tenant_id: i64, d: &WorkloadDibs) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO dibs (tenant_id, workload, go_live, intent, reason, owner, start_on, source,
             contact_email, updated_on)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
         ON CONFLICT (tenant_id, workload) DO UPDATE SET
             go_live = excluded.go_live, intent = excluded.intent, reason = excluded.reason,
             owner = excluded.owner, start_on = excluded.start_on, source = excluded.source,
             contact_email = excluded.contact_email, updated_on = excluded.updated_on",
    )?
    .execute(params![
        tenant_id,
        d.workload,
        d.dibs.go_live.map(|x| x.to_string()),
        d.dibs.intent.map(Intent::as_str),
        d.dibs.reason,
        d.dibs.owner,
        d.dibs.start.map(|x| x.to_string()),
        d.dibs.source.as_str(),
        d.contact_email,
        d.updated_on.to_string(),
    ])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn round_trip_in_workload_order() {
        let s = Store::open_in_memory().unwrap();
        s.conn
            .execute_batch(
                "INSERT INTO customers (id, name, norm_name, key_suffix) VALUES (1, 'A', 'a', 'a');
                 INSERT INTO tenants (id, domain, customer_id, source, added_on)
                 VALUES (7, 'a.example.com', 1, 'exception', '2027-07-01');",
            )
            .unwrap();
        let full = WorkloadDibs {
            workload: "teams".into(),
            dibs: Dibs {
                go_live: Some(day("2027-09-01")),
                intent: Some(Intent::Yes),
                reason: Some("Increase Security".into()),
                owner: Some("Ann Lee".into()),
                start: Some(day("2027-08-01")),
                source: Source::Partner,
            },
            contact_email: Some("pat@p.example".into()),
            updated_on: day("2027-07-01"),
        };
        let bare = WorkloadDibs {
            workload: "exchange".into(),
            dibs: Dibs {
                go_live: None,
                intent: Some(Intent::Undecided),
                reason: None,
                owner: None,
                start: None,
                source: Source::Customer,
            },
            contact_email: None,
            updated_on: day("2027-07-02"),
        };
        put_dibs(&s.conn, 7, &full).unwrap();
        put_dibs(&s.conn, 7, &bare).unwrap();
        assert_eq!(get_dibs(&s.conn, 7, "teams").unwrap(), Some(full.clone()));
        assert_eq!(get_dibs(&s.conn, 7, "sharepoint").unwrap(), None);
        let all = list_dibs(&s.conn, 7).unwrap();
        let order: Vec<&str> = all.iter().map(|d| d.workload.as_str()).collect();
        // exchange comes first in workloads.toml, though added second.
        assert_eq!(order, ["exchange", "teams"]);
        // Replacing keeps one row per workload.
        let changed = WorkloadDibs {
            contact_email: None,
            ..full
        };
        put_dibs(&s.conn, 7, &changed).unwrap();
        assert_eq!(list_dibs(&s.conn, 7).unwrap().len(), 2);
        assert_eq!(get_dibs(&s.conn, 7, "teams").unwrap(), Some(changed));
    }
}
