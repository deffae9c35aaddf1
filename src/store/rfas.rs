//! Requests for assistance: one row per RFA ID, its status updated in place.
//! Both engines (`store::sql`).

use super::sql::{Db, Row};
use super::Scope;
use crate::args;
pub use crate::domain::rfa::Rfa;
use crate::error::Result;
use chrono::NaiveDate;
use std::collections::HashMap;

const SELECT: &str = "SELECT r.id, r.tenant_id, t.domain, r.workloads, r.status, r.on_date
     FROM rfas r JOIN tenants t ON t.id = r.tenant_id";

fn rfa(r: &Row) -> Result<Rfa> {
    let workloads: String = r.get(3)?;
    let status: String = r.get(4)?;
    let on: String = r.get(5)?;
    Ok(Rfa {
        id: r.get(0)?,
        tenant_id: r.get(1)?,
        domain: r.get(2)?,
        workloads: workloads
            .split(',')
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect(),
        status: status
            .parse()
            .map_err(|e| anyhow::anyhow!("a stored RFA status: {e}"))?,
        on: NaiveDate::parse_from_str(&on, "%Y-%m-%d")
            .map_err(|e| anyhow::anyhow!("a stored RFA date '{on}': {e}"))?,
    })
}

pub fn get_rfa<'c>(db: impl Into<Db<'c>>, id: &str) -> Result<Option<Rfa>> {
    db.into()
        .first(&format!("{SELECT} WHERE r.id = ?1"), args![id], rfa)
}

/// Insert an RFA or replace the one with its ID.
pub fn put_rfa<'c>(db: impl Into<Db<'c>>, r: &Rfa) -> Result<()> {
    db.into().execute(
        "INSERT INTO rfas (id, tenant_id, workloads, status, on_date) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (id) DO UPDATE SET tenant_id = excluded.tenant_id,
             workloads = excluded.workloads, status = excluded.status, on_date = excluded.on_date",
        args![
            r.id,
            r.tenant_id,
            r.workloads.join(","),
            r.status.as_str(),
            r.on
        ],
    )?;
    Ok(())
}

/// Every RFA (of one tenant, when given), newest first.
pub fn list_rfas<'c>(db: impl Into<Db<'c>>, tenant: Option<i64>) -> Result<Vec<Rfa>> {
    db.into().all(
        &format!(
            "{SELECT} WHERE CAST(?1 AS BIGINT) IS NULL OR r.tenant_id = ?1 ORDER BY r.on_date DESC, r.id"
        ),
        args![tenant],
        rfa,
    )
}

/// A tenant's RFAs, newest first.
pub fn tenant_rfas<'c>(db: impl Into<Db<'c>>, tenant: i64) -> Result<Vec<Rfa>> {
    db.into().all(
        &format!("{SELECT} WHERE r.tenant_id = ?1 ORDER BY r.on_date DESC, r.id"),
        args![tenant],
        rfa,
    )
}

/// The RFAs approved on or after `since` of the tenants in scope, by
/// tenant, newest first. (The RFA list is short: it is read whole.)
pub fn approved_since<'c>(
    db: impl Into<Db<'c>>,
    since: NaiveDate,
    scope: Scope,
) -> Result<HashMap<i64, Vec<Rfa>>> {
    let mut out: HashMap<i64, Vec<Rfa>> = HashMap::new();
    db.into().each(
        &format!(
            "{SELECT} WHERE r.status = 'approved' AND r.on_date >= ?1
               AND (CAST(?2 AS TEXT) IS NULL OR lower(t.fm) = lower(?2)) ORDER BY r.on_date DESC, r.id"
        ),
        args![since, scope.fm()],
        |row| {
            let r = rfa(row)?;
            out.entry(r.tenant_id).or_default().push(r);
            Ok(())
        },
    )?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::rfa::RfaStatus;
    use crate::store::Store;

    #[test]
    fn put_get_list() {
        let s = Store::open_in_memory().unwrap();
        s.conn
            .execute_batch(
                "INSERT INTO customers (id, name, norm_name, key_suffix) VALUES (1, 'A', 'a', 'a');
                 INSERT INTO tenants (id, domain, customer_id, source, added_on)
                 VALUES (7, 'a.example.com', 1, 'exception', '2027-01-01');",
            )
            .unwrap();
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let mut r = Rfa {
            id: "RFA-1".into(),
            tenant_id: 7,
            domain: "a.example.com".into(),
            workloads: vec!["exchange".into(), "teams".into()],
            status: RfaStatus::OnHold,
            on: d("2027-06-01"),
        };
        put_rfa(&s.conn, &r).unwrap();
        assert_eq!(get_rfa(&s.conn, "RFA-1").unwrap(), Some(r.clone()));
        assert!(approved_since(&s.conn, d("2027-05-01"), Scope::All)
            .unwrap()
            .is_empty());
        r.status = RfaStatus::Approved;
        r.on = d("2027-06-20");
        put_rfa(&s.conn, &r).unwrap();
        assert_eq!(list_rfas(&s.conn, None).unwrap(), vec![r.clone()]);
        assert_eq!(tenant_rfas(&s.conn, 7).unwrap(), vec![r.clone()]);
        assert!(list_rfas(&s.conn, Some(8)).unwrap().is_empty());
        assert!(approved_since(&s.conn, d("2027-06-01"), Scope::Fm("x"))
            .unwrap()
            .is_empty());
        assert_eq!(
            approved_since(&s.conn, d("2027-06-01"), Scope::All).unwrap()[&7],
            vec![r]
        );
        assert_eq!(get_rfa(&s.conn, "RFA-2").unwrap(), None);
    }
}
