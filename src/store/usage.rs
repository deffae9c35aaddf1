//! Usage rows and partners' claims.

use super::sql::{Db, Row};
use super::Scope;
use crate::args;
use crate::domain::usage::Usage;
use crate::error::Result;
use chrono::NaiveDate;
use std::collections::HashMap;

fn usage_row(r: &Row, at: usize) -> Result<Usage> {
    Ok(Usage {
        workload: r.get(at)?,
        month: r.get(at + 1)?,
        active_users: r.get(at + 2)?,
        paid_units: r.get(at + 3)?,
    })
}

/// Every month of a tenant's usage (of one workload, when given), the
/// newest month first, workloads in name order.
pub fn months<'c>(
    db: impl Into<Db<'c>>,
    tenant: i64,
    workload: Option<&str>,
) -> Result<Vec<Usage>> {
    db.into().all(
        "SELECT workload, month, active_users, paid_units FROM usage
         WHERE tenant_id = ?1 AND (CAST(?2 AS TEXT) IS NULL OR workload = ?2)
         ORDER BY month DESC, workload",
        args![tenant, workload],
        |r| usage_row(r, 0),
    )
}

/// The latest month of each workload of a tenant, workloads in name order.
pub fn latest<'c>(db: impl Into<Db<'c>>, tenant: i64) -> Result<Vec<Usage>> {
    let all = months(db, tenant, None)?;
    Ok(crate::domain::usage::latest(&all, None))
}

/// The latest month's row of each workload of the usage rows `from`
/// names: SQLite takes the other columns from the row with the largest
/// month (its documented bare-column rule, and fast); the server is asked
/// for that row by name.
fn latest_sql(db: Db, from: &str) -> String {
    if db.is_server() {
        format!(
            "SELECT u.tenant_id, u.workload, u.month, u.active_users, u.paid_units
             FROM {from} AND u.month = (SELECT max(v.month) FROM usage v
                 WHERE v.tenant_id = u.tenant_id AND v.workload = u.workload)"
        )
    } else {
        format!(
            "SELECT u.tenant_id, u.workload, max(u.month), u.active_users, u.paid_units
             FROM {from} GROUP BY u.tenant_id, u.workload"
        )
    }
}

/// The latest month of each workload of every tenant in scope (SQLite
/// gives the other columns of the row with the `max`).
pub fn latest_by_tenant<'c>(
    db: impl Into<Db<'c>>,
    scope: Scope,
) -> Result<HashMap<i64, Vec<Usage>>> {
    let db = db.into();
    let from = format!("usage u{}", scope.clause("u"));
    latest_of(db, scope, &latest_sql(db, &from))
}

/// [`latest_by_tenant`] for the tenants with DIBS recorded: the only ones
/// whose usage the assignment rules read (an FRP referral needs full DIBS),
/// so a listing or an agenda does not read the usage of every tenant.
pub fn latest_with_dibs<'c>(
    db: impl Into<Db<'c>>,
    scope: Scope,
) -> Result<HashMap<i64, Vec<Usage>>> {
    let db = db.into();
    let from = format!(
        "usage u WHERE u.tenant_id IN (SELECT d.tenant_id FROM dibs d{})",
        scope.clause("d")
    );
    latest_of(db, scope, &latest_sql(db, &from))
}

fn latest_of(db: Db, scope: Scope, sql: &str) -> Result<HashMap<i64, Vec<Usage>>> {
    let mut out: HashMap<i64, Vec<Usage>> = HashMap::new();
    db.each(sql, args![scope.fm()], |r| {
        out.entry(r.get::<i64>(0)?)
            .or_default()
            .push(usage_row(r, 1)?);
        Ok(())
    })?;
    Ok(out)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    pub tenant_id: i64,
    pub domain: String,
    pub workload: String,
    pub mpn: String,
    pub claim_id: Option<String>,
    pub claimed_on: NaiveDate,
}

const CLAIMS: &str = "SELECT c.tenant_id, t.domain, c.workload, c.mpn, c.claim_id, c.claimed_on
     FROM claims c JOIN tenants t ON t.id = c.tenant_id";

fn claim(r: &Row) -> Result<Claim> {
    Ok(Claim {
        tenant_id: r.get(0)?,
        domain: r.get(1)?,
        workload: r.get(2)?,
        mpn: r.get(3)?,
        claim_id: r.get(4)?,
        claimed_on: r.get(5)?,
    })
}

/// The claim on a workload of a tenant, if any.
pub fn get_claim<'c>(db: impl Into<Db<'c>>, tenant: i64, workload: &str) -> Result<Option<Claim>> {
    db.into().first(
        &format!("{CLAIMS} WHERE c.tenant_id = ?1 AND c.workload = ?2"),
        args![tenant, workload],
        claim,
    )
}

/// Claims, narrowed by tenant and MPN; by domain, then workload.
pub fn list_claims<'c>(
    db: impl Into<Db<'c>>,
    tenant: Option<i64>,
    mpn: Option<&str>,
) -> Result<Vec<Claim>> {
    db.into().all(
        &format!(
            "{CLAIMS} WHERE (CAST(?1 AS BIGINT) IS NULL OR c.tenant_id = ?1)
               AND (CAST(?2 AS TEXT) IS NULL OR c.mpn = ?2)
             ORDER BY t.domain, c.workload"
        ),
        args![tenant, mpn],
        claim,
    )
}

pub fn insert_claim<'c>(db: impl Into<Db<'c>>, c: &Claim) -> Result<()> {
    db.into().execute(
        "INSERT INTO claims (tenant_id, workload, mpn, claim_id, claimed_on) VALUES (?1, ?2, ?3, ?4, ?5)",
        args![c.tenant_id, c.workload, c.mpn, c.claim_id, c.claimed_on],
    )?;
    Ok(())
}

pub fn delete_claim<'c>(db: impl Into<Db<'c>>, tenant: i64, workload: &str) -> Result<()> {
    db.into().execute(
        "DELETE FROM claims WHERE tenant_id = ?1 AND workload = ?2",
        args![tenant, workload],
    )?;
    Ok(())
}
