//! Service status per workload (`service_status` and its rows), replaced
//! whole by every `status set`.

use super::sql::Db;
use crate::args;
use crate::domain::status::{StatusRow, WorkloadStatus};
use crate::error::Result;

fn rank(slug: &str) -> usize {
    crate::reference::workloads::all()
        .iter()
        .position(|w| w.slug == slug)
        .unwrap_or(usize::MAX)
}

fn get_rows(db: Db, tenant_id: i64, workload: &str) -> Result<Vec<StatusRow>> {
    db.all(
        "SELECT l1, l2, l3, count, target FROM service_status_rows
         WHERE tenant_id = ?1 AND workload = ?2 ORDER BY position",
        args![tenant_id, workload],
        |r| {
            Ok(StatusRow {
                l1: r.get(0)?,
                l2: r.get(1)?,
                l3: r.get(2)?,
                count: r.get(3)?,
                target: r.get(4)?,
            })
        },
    )
}

/// Every workload status of a tenant, in the workloads' reference order.
pub fn get_status<'c>(db: impl Into<Db<'c>>, tenant_id: i64) -> Result<Vec<WorkloadStatus>> {
    let db = db.into();
    let heads = db.all(
        "SELECT workload, total, updated_on FROM service_status WHERE tenant_id = ?1",
        args![tenant_id],
        |r| Ok((r.get::<String>(0)?, r.get::<u32>(1)?, r.get(2)?)),
    )?;
    let mut out = heads
        .into_iter()
        .map(|(workload, total, updated_on)| {
            Ok(WorkloadStatus {
                rows: get_rows(db, tenant_id, &workload)?,
                workload,
                total,
                updated_on,
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
pub fn status_totals<'c>(db: impl Into<Db<'c>>, tenant_id: i64) -> Result<Vec<(String, i64)>> {
    db.into().all(
        "SELECT workload, total FROM service_status WHERE tenant_id = ?1",
        args![tenant_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}

/// The `status --total` of every workload of every tenant in scope.
pub fn totals_by_tenant<'c>(
    db: impl Into<Db<'c>>,
    scope: crate::store::Scope,
) -> Result<std::collections::HashMap<i64, Vec<(String, i64)>>> {
    let mut out: std::collections::HashMap<i64, Vec<(String, i64)>> = Default::default();
    db.into().each(
        &format!(
            "SELECT d.tenant_id, d.workload, d.total FROM service_status d{}",
            scope.clause("d")
        ),
        args![scope.fm()],
        |r| {
            out.entry(r.get::<i64>(0)?)
                .or_default()
                .push((r.get(1)?, r.get(2)?));
            Ok(())
        },
    )?;
    Ok(out)
}

/// One workload's status of a tenant, `None` when it was never set.
pub fn get_workload_status<'c>(
    db: impl Into<Db<'c>>,
    tenant_id: i64,
    workload: &str,
) -> Result<Option<WorkloadStatus>> {
    let db = db.into();
    let head = db.first(
        "SELECT total, updated_on FROM service_status WHERE tenant_id = ?1 AND workload = ?2",
        args![tenant_id, workload],
        |r| Ok((r.get::<u32>(0)?, r.get(1)?)),
    )?;
    let Some((total, updated_on)) = head else {
        return Ok(None);
    };
    Ok(Some(WorkloadStatus {
        workload: workload.to_string(),
        total,
        rows: get_rows(db, tenant_id, workload)?,
        updated_on,
    }))
}

/// Replace the whole status of one workload: its old rows go, the new ones
/// come in the order given. Run inside the command's write transaction.
pub fn set_status<'c>(db: impl Into<Db<'c>>, tenant_id: i64, s: &WorkloadStatus) -> Result<()> {
    let db = db.into();
    db.execute(
        "DELETE FROM service_status_rows WHERE tenant_id = ?1 AND workload = ?2",
        args![tenant_id, s.workload],
    )?;
    db.execute(
        "DELETE FROM service_status WHERE tenant_id = ?1 AND workload = ?2",
        args![tenant_id, s.workload],
    )?;
    db.execute(
        "INSERT INTO service_status (tenant_id, workload, total, updated_on)
         VALUES (?1, ?2, ?3, ?4)",
        args![tenant_id, s.workload, s.total, s.updated_on],
    )?;
    for (i, r) in s.rows.iter().enumerate() {
        db.execute(
            "INSERT INTO service_status_rows
             (tenant_id, workload, position, l1, l2, l3, count, target)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            args![tenant_id, s.workload, i as i64, r.l1, r.l2, r.l3, r.count, r.target],
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::values::parse_date;
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
