//! Usage rows and partners' claims.

use super::sql::{Db, Row};
use super::Scope;
use crate::args;
use crate::domain::usage::{FeedRow, Usage};
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

// The usage feed: rows staged in a temporary table keyed like `usage` (a
// tenant, workload and month given twice is caught, the rows are applied in
// key order), then written in one statement.

/// One record of a usage feed: a valid row, or why a line is not one.
pub type FeedRecord = crate::domain::feed::Record<FeedRow>;

/// Create (or empty) the usage feed's staging tables.
pub fn begin_feed(db: Db) -> Result<()> {
    match db {
        Db::Sqlite(c) => c.execute_batch(
            "PRAGMA temp.cache_size = -8192;
             CREATE TEMP TABLE IF NOT EXISTS usage_rows (
                 tenant       INTEGER NOT NULL,
                 workload     TEXT NOT NULL,
                 month        TEXT NOT NULL,
                 line         INTEGER NOT NULL,
                 active_users INTEGER NOT NULL,
                 paid_units   INTEGER NOT NULL,
                 PRIMARY KEY (tenant, workload, month)
             ) WITHOUT ROWID;
             CREATE TEMP TABLE IF NOT EXISTS usage_rejects (line INTEGER NOT NULL, error TEXT NOT NULL);
             DELETE FROM usage_rows;
             DELETE FROM usage_rejects;",
        )?,
        // As the commerce feed's (`feed::begin_staging`): gone with the
        // transaction, with memory for the sorts and joins over them.
        Db::Server(s) => s.batch(&format!(
            "{}
             CREATE TEMP TABLE usage_feed (
                 line BIGINT NOT NULL, tenant TEXT NOT NULL, workload TEXT NOT NULL,
                 month TEXT NOT NULL, active_users BIGINT NOT NULL, paid_units BIGINT NOT NULL
             ) ON COMMIT DROP;
             CREATE TEMP TABLE usage_rows (
                 tenant       BIGINT NOT NULL,
                 workload     TEXT NOT NULL,
                 month        TEXT NOT NULL,
                 line         BIGINT NOT NULL,
                 active_users BIGINT NOT NULL,
                 paid_units   BIGINT NOT NULL,
                 PRIMARY KEY (tenant, workload, month)
             ) ON COMMIT DROP;
             CREATE TEMP TABLE usage_rejects (line BIGINT NOT NULL, error TEXT NOT NULL) ON COMMIT DROP;",
            super::feed::STAGING_MEMORY
        ))?,
    }
    Ok(())
}

/// Why a row of an unknown tenant is refused: this, then its tenant ID.
const UNKNOWN_TENANT: &str = "tenant_id: no tenant has the tenant ID ";

/// Why a repeated row is refused: `WORKLOAD MONTH`, these around the line
/// it repeats.
const REPEATS: [&str; 2] = [" of this tenant is on line ", " already"];

/// Stage the feed's records as `next` reads them: each valid row of a
/// known tenant once (a repeat of its tenant, workload and month is refused
/// naming the first line), every other line with its reason. The file's
/// rows go in one at a time, a tenant looked up once for its run of rows;
/// the server's in one `COPY` stream, then checked by two statements.
pub fn stage_feed(db: Db, next: impl FnMut() -> Result<Option<FeedRecord>>) -> Result<()> {
    let s = match db {
        Db::Server(s) => s,
        Db::Sqlite(c) => return stage_feed_in_file(c, next),
    };
    super::feed::copy_feed(
        s,
        "usage_feed",
        "line, tenant, workload, month, active_users, paid_units",
        next,
        |c, line, r| {
            c.int(Some(line as i64))
                .text(Some(&r.tenant_id))
                .text(Some(&r.workload))
                .text(Some(&r.month))
                .int(Some(r.active_users))
                .int(Some(r.paid_units));
        },
        "usage_rejects",
    )?;
    db.execute(
        "INSERT INTO usage_rejects (line, error)
         SELECT line, ?1 || tenant FROM usage_feed f
         WHERE NOT EXISTS (SELECT 1 FROM tenants t WHERE t.tenant_id = f.tenant)",
        args![UNKNOWN_TENANT],
    )?;
    // The first line of each tenant, workload and month is staged; the
    // later ones are refused naming it.
    let keyed = "SELECT f.line, t.id AS tenant, f.workload, f.month, f.active_users, f.paid_units,
                        min(f.line) OVER (PARTITION BY t.id, f.workload, f.month) AS first
                 FROM usage_feed f JOIN tenants t ON t.tenant_id = f.tenant";
    db.execute(
        &format!(
            "INSERT INTO usage_rejects (line, error)
             SELECT line, workload || ' ' || month || ?1 || first || ?2
             FROM ({keyed}) k WHERE line > first"
        ),
        args![REPEATS[0], REPEATS[1]],
    )?;
    db.execute(
        &format!(
            "INSERT INTO usage_rows (tenant, workload, month, line, active_users, paid_units)
             SELECT tenant, workload, month, line, active_users, paid_units
             FROM ({keyed}) k WHERE line = first"
        ),
        args![],
    )?;
    Ok(())
}

/// `stage_feed` on the file: the statements prepared once for the whole
/// feed (a hundred thousand rows go through them).
fn stage_feed_in_file(
    c: &rusqlite::Connection,
    mut next: impl FnMut() -> Result<Option<FeedRecord>>,
) -> Result<()> {
    use rusqlite::{params, OptionalExtension};
    let mut stage = c.prepare_cached(
        "INSERT INTO usage_rows (tenant, workload, month, line, active_users, paid_units)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING",
    )?;
    let mut first = c.prepare_cached(
        "SELECT line FROM usage_rows WHERE tenant = ?1 AND workload = ?2 AND month = ?3",
    )?;
    let mut find = c.prepare_cached("SELECT id FROM tenants WHERE tenant_id = ?1")?;
    let mut reject = c.prepare_cached("INSERT INTO usage_rejects (line, error) VALUES (?1, ?2)")?;
    // A tenant's rows usually come together: its ID is looked up once.
    let mut last: Option<(String, Option<i64>)> = None;
    while let Some(record) = next()? {
        let (line, r) = match record {
            FeedRecord::Row(line, r) => (line as i64, r),
            FeedRecord::Bad(line, error) => {
                reject.execute(params![line as i64, error])?;
                continue;
            }
        };
        let tenant = match &last {
            Some((guid, id)) if *guid == r.tenant_id => *id,
            _ => {
                let id = find
                    .query_row([&r.tenant_id], |row| row.get::<_, i64>(0))
                    .optional()?;
                last = Some((r.tenant_id.clone(), id));
                id
            }
        };
        let Some(id) = tenant else {
            reject.execute(params![line, format!("{UNKNOWN_TENANT}{}", r.tenant_id)])?;
            continue;
        };
        if stage.execute(params![
            id,
            r.workload,
            r.month,
            line,
            r.active_users,
            r.paid_units
        ])? == 0
        {
            let on: i64 = first.query_row(params![id, r.workload, r.month], |row| row.get(0))?;
            reject.execute(params![
                line,
                format!("{} {}{}{on}{}", r.workload, r.month, REPEATS[0], REPEATS[1])
            ])?;
        }
    }
    Ok(())
}

/// Every refused line with its reason, in line order.
pub fn feed_rejects(db: Db) -> Result<Vec<(u64, String)>> {
    db.all(
        "SELECT line, error FROM usage_rejects ORDER BY line",
        args![],
        |r| Ok((r.get::<i64>(0)? as u64, r.get(1)?)),
    )
}

/// Write the good staged rows: new months inserted, changed ones updated,
/// the same ones left alone. How many were new, changed and the same (the
/// rows written less the table's growth are the changed ones).
pub fn apply_feed(db: Db) -> Result<(u64, u64, u64)> {
    let count =
        |sql: &str| -> Result<u64> { Ok(db.query_one(sql, args![], |r| r.get::<i64>(0))? as u64) };
    let before = count("SELECT count(*) FROM usage")?;
    let good = count("SELECT count(*) FROM usage_rows")?;
    let written = db.execute(
        "INSERT INTO usage (tenant_id, workload, month, active_users, paid_units)
         SELECT tenant, workload, month, active_users, paid_units FROM usage_rows
         WHERE true ORDER BY tenant, workload, month
         ON CONFLICT (tenant_id, workload, month) DO UPDATE
             SET active_users = excluded.active_users, paid_units = excluded.paid_units
             WHERE usage.active_users <> excluded.active_users
                OR usage.paid_units <> excluded.paid_units",
        args![],
    )? as u64;
    let inserted = count("SELECT count(*) FROM usage")? - before;
    Ok((inserted, written - inserted, good - written))
}

/// Drop the staged rows (on the file they live until the connection closes).
pub fn end_feed(db: Db) -> Result<()> {
    if let Db::Sqlite(c) = db {
        c.execute_batch("DELETE FROM usage_rows; DELETE FROM usage_rejects;")?;
    }
    Ok(())
}
