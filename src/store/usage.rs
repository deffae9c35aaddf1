//! Usage rows and partners' claims.

use super::Scope;
use crate::domain::usage::Usage;
use crate::error::Result;
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::HashMap;

fn usage_row(r: &rusqlite::Row, at: usize) -> rusqlite::Result<Usage> {
    Ok(Usage {
        workload: r.get(at)?,
        month: r.get(at + 1)?,
        active_users: r.get(at + 2)?,
        paid_units: r.get(at + 3)?,
    })
}

/// Every month of a tenant's usage (of one workload, when given), the
/// newest month first, workloads in name order.
pub fn months(conn: &Connection, tenant: i64, workload: Option<&str>) -> Result<Vec<Usage>> {
    let mut st = conn.prepare_cached(
        "SELECT workload, month, active_users, paid_units FROM usage
         WHERE tenant_id = ?1 AND (?2 IS NULL OR workload = ?2)
         ORDER BY month DESC, workload",
    )?;
    let rows = st.query_map(params![tenant, workload], |r| usage_row(r, 0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The latest month of each workload of a tenant, workloads in name order.
pub fn latest(conn: &Connection, tenant: i64) -> Result<Vec<Usage>> {
    let all = months(conn, tenant, None)?;
    Ok(crate::domain::usage::latest(&all, None))
}

/// The latest month of each workload of every tenant in scope (SQLite
/// gives the other columns of the row with the `max`).
pub fn latest_by_tenant(conn: &Connection, scope: Scope) -> Result<HashMap<i64, Vec<Usage>>> {
    latest_of(
        conn,
        scope,
        &format!(
            "SELECT u.tenant_id, u.workload, max(u.month), u.active_users, u.paid_units
             FROM usage u{} GROUP BY u.tenant_id, u.workload",
            scope.clause("u")
        ),
    )
}

/// [`latest_by_tenant`] for the tenants with DIBS recorded: the only ones
/// whose usage the assignment rules read (an FRP referral needs full DIBS),
/// so a listing or an agenda does not read the usage of every tenant.
pub fn latest_with_dibs(conn: &Connection, scope: Scope) -> Result<HashMap<i64, Vec<Usage>>> {
    latest_of(
        conn,
        scope,
        &format!(
            "SELECT u.tenant_id, u.workload, max(u.month), u.active_users, u.paid_units
             FROM usage u WHERE u.tenant_id IN (SELECT d.tenant_id FROM dibs d{})
             GROUP BY u.tenant_id, u.workload",
            scope.clause("d")
        ),
    )
}

fn latest_of(conn: &Connection, scope: Scope, sql: &str) -> Result<HashMap<i64, Vec<Usage>>> {
    let mut st = conn.prepare_cached(sql)?;
    let mut out: HashMap<i64, Vec<Usage>> = HashMap::new();
    for x in st.query_map([scope.fm()], |r| {
        Ok((r.get::<_, i64>(0)?, usage_row(r, 1)?))
    })? {
        let (t, u) = x?;
        out.entry(t).or_default().push(u);
    }
    Ok(out)
}

/// A partner's claim on a workload.
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

fn claim(r: &rusqlite::Row) -> rusqlite::Result<Claim> {
    let on: String = r.get(5)?;
    Ok(Claim {
        tenant_id: r.get(0)?,
        domain: r.get(1)?,
        workload: r.get(2)?,
        mpn: r.get(3)?,
        claim_id: r.get(4)?,
        claimed_on: NaiveDate::parse_from_str(&on, "%Y-%m-%d").map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(5, rusqlite::types::Type::Text, e.into())
        })?,
    })
}

/// The claim on a workload of a tenant, if any.
pub fn get_claim(conn: &Connection, tenant: i64, workload: &str) -> Result<Option<Claim>> {
    Ok(conn
        .prepare_cached(&format!(
            "{CLAIMS} WHERE c.tenant_id = ?1 AND c.workload = ?2"
        ))?
        .query_row(params![tenant, workload], claim)
        .optional()?)
}

/// Claims, narrowed by tenant and MPN; by domain, then workload.
pub fn list_claims(
    conn: &Connection,
    tenant: Option<i64>,
    mpn: Option<&str>,
) -> Result<Vec<Claim>> {
    let mut st = conn.prepare_cached(&format!(
        "{CLAIMS} WHERE (?1 IS NULL OR c.tenant_id = ?1) AND (?2 IS NULL OR c.mpn = ?2)
         ORDER BY t.domain, c.workload"
    ))?;
    let rows = st.query_map(params![tenant, mpn], claim)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn insert_claim(conn: &Connection, c: &Claim) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO claims (tenant_id, workload, mpn, claim_id, claimed_on) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        c.tenant_id,
        c.workload,
        c.mpn,
        c.claim_id,
        c.claimed_on.to_string()
    ])?;
    Ok(())
}

pub fn delete_claim(conn: &Connection, tenant: i64, workload: &str) -> Result<()> {
    conn.prepare_cached("DELETE FROM claims WHERE tenant_id = ?1 AND workload = ?2")?
        .execute(params![tenant, workload])?;
    Ok(())
}
