//! Service status per workload (`service_status` and its rows), replaced
//! whole by every `status set`.

use crate::domain::status::{StatusRow, WorkloadStatus};
use crate::domain::values::parse_date;
use crate::error::Result;
use anyhow::anyhow;
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};

fn date(s: &str) -> Result<NaiveDate> {
    parse_date(s).map_err(|e| anyhow!("service status in the database: {e}"))
}

/// Where a workload sorts: the reference data's order, unknown slugs last.
fn rank(slug: &str) -> usize {
    crate::reference::workloads::all()
        .iter()
        .position(|w| w.slug == slug)
        .unwrap_or(usize::MAX)
}

/// The rows of one workload's status, in the order they were given.
fn get_rows(conn: &Connection, tenant_id: i64, workload: &str) -> Result<Vec<StatusRow>> {
    let mut st = conn.prepare_cached(
        "SELECT l1, l2, l3, count, target FROM service_status_rows
         WHERE tenant_id = ?1 AND workload = ?2 ORDER BY position",
    )?;
    let raw = st
        .query_map(params![tenant_id, workload], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, u32>(3)?,
                r.get::<_, Option<String>>(4)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    raw.into_iter()
        .map(|(l1, l2, l3, count, target)| {
            Ok(StatusRow {
                l1,
                l2,
                l3,
                count,
                target: target.as_deref().map(date).transpose()?,
            })
        })
        .collect()
}

/// Every workload status of a tenant, in the workloads' reference order.
pub fn get_status(conn: &Connection, tenant_id: i64) -> Result<Vec<WorkloadStatus>> {
    let heads = conn
        .prepare_cached(
            "SELECT workload, total, updated_on FROM service_status WHERE tenant_id = ?1",
        )?
        .query_map([tenant_id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, u32>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut out = heads
        .into_iter()
        .map(|(workload, total, updated_on)| {
            Ok(WorkloadStatus {
                rows: get_rows(conn, tenant_id, &workload)?,
                workload,
                total,
                updated_on: date(&updated_on)?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    out.sort_by(|a, b| {
        rank(&a.workload)
            .cmp(&rank(&b.workload))
            .then_with(|| a.workload.cmp(&b.workload))
    });
    Ok(out)
}

/// The `--total` of each workload with a status, by workload slug.
pub fn status_totals(conn: &Connection, tenant_id: i64) -> Result<Vec<(String, i64)>> {
    let mut st =
        conn.prepare_cached("SELECT workload, total FROM service_status WHERE tenant_id = ?1")?;
    let rows = st.query_map([tenant_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The `status --total` of every workload of every tenant in scope.
pub fn totals_by_tenant(
    conn: &Connection,
    scope: crate::store::Scope,
) -> Result<std::collections::HashMap<i64, Vec<(String, i64)>>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT d.tenant_id, d.workload, d.total FROM service_status d{}",
        scope.clause("d")
    ))?;
    let mut out: std::collections::HashMap<i64, Vec<(String, i64)>> = Default::default();
    for x in st.query_map([scope.fm()], |r| {
        Ok((r.get::<_, i64>(0)?, (r.get(1)?, r.get(2)?)))
    })? {
        let (t, w) = x?;
        out.entry(t).or_default().push(w);
    }
    Ok(out)
}

/// One workload's status of a tenant, `None` when it was never set.
pub fn get_workload_status(
    conn: &Connection,
    tenant_id: i64,
    workload: &str,
) -> Result<Option<WorkloadStatus>> {
    let head = conn
        .prepare_cached(
            "SELECT total, updated_on FROM service_status WHERE tenant_id = ?1 AND workload = ?2",
        )?
        .query_row(params![tenant_id, workload], |r| {
            Ok((r.get::<_, u32>(0)?, r.get::<_, String>(1)?))
        })
        .optional()?;
    let Some((total, updated_on)) = head else {
        return Ok(None);
    };
    Ok(Some(WorkloadStatus {
        workload: workload.to_string(),
        total,
        rows: get_rows(conn, tenant_id, workload)?,
        updated_on: date(&updated_on)?,
    }))
}

/// Replace the whole status of one workload: its old rows go, the new ones
/// come in the order given. Run inside the command's write transaction.
pub fn set_status(conn: &Connection, tenant_id: i64, s: &WorkloadStatus) -> Result<()> {
    conn.prepare_cached("DELETE FROM service_status_rows WHERE tenant_id = ?1 AND workload = ?2")?
        .execute(params![tenant_id, s.workload])?;
    conn.prepare_cached("DELETE FROM service_status WHERE tenant_id = ?1 AND workload = ?2")?
        .execute(params![tenant_id, s.workload])?;
    conn.prepare_cached(
        "INSERT INTO service_status (tenant_id, workload, total, updated_on)
         VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![
        tenant_id,
        s.workload,
        s.total,
        s.updated_on.to_string()
    ])?;
    let mut ins = conn.prepare_cached(
        "INSERT INTO service_status_rows
         (tenant_id, workload, position, l1, l2, l3, count, target)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for (i, r) in s.rows.iter().enumerate() {
        ins.execute(params![
            tenant_id,
            s.workload,
            i as i64,
            r.l1,
            r.l2,
            r.l3,
            r.count,
            r.target.map(|d| d.to_string())
        ])?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    fn store() -> Store {
        let s = Store::open_in_memory().unwrap();
        s.conn
            .execute_batch(
                "INSERT INTO customers (id, name, norm_name, key_suffix) VALUES (1, 'A', 'a', 'a');
                 INSERT INTO tenants (id, domain, customer_id, source, added_on)
                 VALUES (7, 'a.example.com', 1, 'exception', '2027-07-01');",
            )
            .unwrap();
        s
    }

    fn row(
        l1: &str,
        l2: Option<&str>,
        l3: Option<&str>,
        count: u32,
        target: Option<&str>,
    ) -> StatusRow {
        StatusRow {
            l1: l1.into(),
            l2: l2.map(Into::into),
            l3: l3.map(Into::into),
            count,
            target: target.map(|t| parse_date(t).unwrap()),
        }
    }

    #[test]
    fn set_replaces_and_get_reads_in_reference_order() {
        let s = store();
        assert!(get_status(&s.conn, 7).unwrap().is_empty());
        let day = parse_date("2027-07-01").unwrap();
        let teams = WorkloadStatus {
            workload: "teams".into(),
            total: 8,
            rows: vec![
                row("In Progress", None, None, 5, Some("2027-08-01")),
                row(
                    "Blocked",
                    Some("Adoption Readiness"),
                    Some("Other"),
                    3,
                    Some("2027-09-01"),
                ),
            ],
            updated_on: day,
        };
        let exchange = WorkloadStatus {
            workload: "exchange".into(),
            total: 2,
            rows: vec![row(
                "Status Unknown",
                Some("Customer Unresponsive"),
                None,
                2,
                None,
            )],
            updated_on: day,
        };
        set_status(&s.conn, 7, &teams).unwrap();
        set_status(&s.conn, 7, &exchange).unwrap();
        assert_eq!(
            get_status(&s.conn, 7).unwrap(),
            vec![exchange.clone(), teams.clone()]
        );
        assert_eq!(
            get_workload_status(&s.conn, 7, "teams").unwrap(),
            Some(teams)
        );
        assert_eq!(get_workload_status(&s.conn, 7, "intune").unwrap(), None);

        // Replacing keeps no old row.
        let later = WorkloadStatus {
            workload: "teams".into(),
            total: 1,
            rows: vec![row("Duplicate/Invalid", None, None, 1, None)],
            updated_on: parse_date("2027-07-02").unwrap(),
        };
        set_status(&s.conn, 7, &later).unwrap();
        assert_eq!(get_status(&s.conn, 7).unwrap(), vec![exchange, later]);
        let rows: i64 = s
            .conn
            .query_row("SELECT count(*) FROM service_status_rows", [], |r| r.get(0))
            .unwrap();
        assert_eq!(rows, 2);
    }
}
