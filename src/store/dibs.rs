//! DIBS per workload of a tenant.

use crate::args;
pub use crate::domain::dibs::WorkloadDibs;
use crate::domain::dibs::{Dibs, Intent, Source};
use crate::error::Result;
use crate::reference::workloads;
use crate::store::sql::{Db, Row};
use crate::store::Scope;
use std::collections::{HashMap, HashSet};

/// The columns of a workload's DIBS (the contact's e-mail hidden from a
/// reader the server does not let read it).
fn select(db: Db) -> String {
    format!(
        "SELECT workload, go_live, intent, reason, owner, start_on, source, {}, updated_on FROM dibs",
        db.personal("contact_email", "NULL")
    )
}

fn row(r: &Row) -> Result<WorkloadDibs> {
    let intent: Option<String> = r.get(2)?;
    let source: String = r.get(6)?;
    let bad = |what: &str, e: String| anyhow::anyhow!("a stored DIBS {what}: {e}");
    Ok(WorkloadDibs {
        workload: r.get(0)?,
        dibs: Dibs {
            go_live: r.get(1)?,
            intent: intent
                .map(|s| s.parse::<Intent>())
                .transpose()
                .map_err(|e| bad("intent", e))?,
            reason: r.get(3)?,
            owner: r.get(4)?,
            start: r.get(5)?,
            source: source.parse::<Source>().map_err(|e| bad("source", e))?,
        },
        contact_email: r.get(7)?,
        updated_on: r.get(8)?,
    })
}

fn position(slug: &str) -> usize {
    workloads::all()
        .iter()
        .position(|w| w.slug == slug)
        .unwrap_or(usize::MAX)
}

/// Every DIBS record of a tenant, in the order of the workloads in the
/// reference data.
pub fn list_dibs<'c>(db: impl Into<Db<'c>>, tenant_id: i64) -> Result<Vec<WorkloadDibs>> {
    let db = db.into();
    let mut all = db.all(
        &format!("{} WHERE tenant_id = ?1 ORDER BY workload", select(db)),
        args![tenant_id],
        row,
    )?;
    all.sort_by_key(|d| position(&d.workload));
    Ok(all)
}

/// Every tenant's DIBS: (tenant, DIBS of a workload).
pub fn all_dibs<'c>(db: impl Into<Db<'c>>) -> Result<Vec<(i64, WorkloadDibs)>> {
    let db = db.into();
    db.all(
        &format!(
            "SELECT workload, go_live, intent, reason, owner, start_on, source,
                    {}, updated_on, tenant_id FROM dibs",
            db.personal("contact_email", "NULL")
        ),
        args![],
        |r| Ok((r.get(9)?, row(r)?)),
    )
}

/// The DIBS of every tenant in scope, by tenant, in workload order.
pub fn dibs_by_tenant<'c>(
    db: impl Into<Db<'c>>,
    scope: Scope,
) -> Result<HashMap<i64, Vec<WorkloadDibs>>> {
    let db = db.into();
    let mut out: HashMap<i64, Vec<WorkloadDibs>> = HashMap::new();
    db.each(
        &format!(
            "SELECT d.workload, d.go_live, d.intent, d.reason, d.owner, d.start_on, d.source,
                    {}, d.updated_on, d.tenant_id FROM dibs d{}",
            db.personal("d.contact_email", "NULL"),
            scope.clause("d")
        ),
        args![scope.fm()],
        |r| {
            out.entry(r.get::<i64>(9)?).or_default().push(row(r)?);
            Ok(())
        },
    )?;
    for v in out.values_mut() {
        v.sort_by_key(|d| position(&d.workload));
    }
    Ok(out)
}

/// The tenants in scope with DIBS for some workload.
pub fn tenants_with_dibs<'c>(db: impl Into<Db<'c>>, scope: Scope) -> Result<HashSet<i64>> {
    Ok(db
        .into()
        .all(
            &format!(
                "SELECT DISTINCT d.tenant_id FROM dibs d{}",
                scope.clause("d")
            ),
            args![scope.fm()],
            |r| r.get::<i64>(0),
        )?
        .into_iter()
        .collect())
}

pub fn get_dibs<'c>(
    db: impl Into<Db<'c>>,
    tenant_id: i64,
    workload: &str,
) -> Result<Option<WorkloadDibs>> {
    let db = db.into();
    db.first(
        &format!("{} WHERE tenant_id = ?1 AND workload = ?2", select(db)),
        args![tenant_id, workload],
        row,
    )
}

/// Insert or replace a workload's DIBS.
pub fn put_dibs<'c>(db: impl Into<Db<'c>>, tenant_id: i64, d: &WorkloadDibs) -> Result<()> {
    db.into().execute(
        "INSERT INTO dibs (tenant_id, workload, go_live, intent, reason, owner, start_on, source,
             contact_email, updated_on)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
         ON CONFLICT (tenant_id, workload) DO UPDATE SET
             go_live = excluded.go_live, intent = excluded.intent, reason = excluded.reason,
             owner = excluded.owner, start_on = excluded.start_on, source = excluded.source,
             contact_email = excluded.contact_email, updated_on = excluded.updated_on",
        args![
            tenant_id,
            d.workload,
            d.dibs.go_live,
            d.dibs.intent.map(Intent::as_str),
            d.dibs.reason,
            d.dibs.owner,
            d.dibs.start,
            d.dibs.source.as_str(),
            d.contact_email,
            d.updated_on,
        ],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;
    use chrono::NaiveDate;

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
