//! Suspected duplicates a feed brought in: a new customer's tenant whose
//! name looks like an existing customer's, until an FM resolves it.

use super::sql::Db;
use crate::args;
use crate::error::Result;
use chrono::NaiveDate;

/// A customer the import created, with the first line and tenant of it.
#[derive(Debug, Clone)]
pub struct NewCustomer {
    pub id: i64,
    pub name: String,
    pub line: u64,
    pub tenant_id: i64,
    pub domain: String,
}

/// The customers created by the import being applied (IDs above
/// `before`), with the first staged line and the tenant of it.
pub fn new_customers<'c>(db: impl Into<Db<'c>>, before: i64) -> Result<Vec<NewCustomer>> {
    db.into().all(
        "WITH firsts AS (SELECT tpid, min(line) AS line FROM feed_rows
                         WHERE error IS NULL GROUP BY tpid)
         SELECT c.id, c.name, f.line, t.id, t.domain
         FROM customers c
         JOIN firsts fl ON fl.tpid = c.tpid
         JOIN feed_rows f ON f.line = fl.line
         JOIN tenants t ON t.tenant_id = f.tenant_id
         WHERE c.id > ?1
         ORDER BY f.line",
        args![before],
        |r| {
            Ok(NewCustomer {
                id: r.get(0)?,
                name: r.get(1)?,
                line: r.get::<i64>(2)?.max(0) as u64,
                tenant_id: r.get(3)?,
                domain: r.get(4)?,
            })
        },
    )
}

/// What a suspicion records.
#[derive(Debug, Clone)]
pub struct NewSuspect<'a> {
    pub tenant_id: i64,
    pub customer_id: i64,
    pub score: f64,
    pub reason: &'a str,
    pub matched: &'a [String],
    pub differed: &'a [String],
    pub on: NaiveDate,
}

pub fn insert_suspect<'c>(db: impl Into<Db<'c>>, s: &NewSuspect) -> Result<()> {
    db.into().execute(
        "INSERT INTO suspects (tenant_id, customer_id, score, reason, matched, differed, on_date)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (tenant_id, customer_id) DO UPDATE SET score = excluded.score,
             reason = excluded.reason, matched = excluded.matched, differed = excluded.differed,
             on_date = excluded.on_date, resolved_on = NULL",
        args![
            s.tenant_id,
            s.customer_id,
            s.score,
            s.reason,
            s.matched.join(", "),
            s.differed.join(", "),
            s.on
        ],
    )?;
    Ok(())
}

/// An open suspicion, as the agenda lists it.
#[derive(Debug, Clone)]
pub struct OpenSuspect {
    pub domain: String,
    /// The existing customer it looks like.
    pub customer_id: i64,
    pub seats: Option<i64>,
    pub customer: String,
    pub matched_customer: String,
    pub matched_tpid: Option<i64>,
    /// The FM working the matched customer (most of its tenants).
    pub fm: Option<String>,
    pub score: f64,
    pub reason: String,
    /// The words both names have, and those only one has (comma-joined).
    pub matched: String,
    pub differed: String,
    pub on: NaiveDate,
    /// The suspect tenant's region.
    pub region: Option<String>,
}

/// Every open suspicion, each with the FM of the matched customer.
pub fn open_suspects<'c>(db: impl Into<Db<'c>>) -> Result<Vec<OpenSuspect>> {
    db.into().all(
        "SELECT t.domain, t.seats, c.name, mc.name, mc.tpid,
                (SELECT o.fm FROM tenants o WHERE o.customer_id = s.customer_id AND o.fm IS NOT NULL
                 GROUP BY o.fm ORDER BY count(*) DESC, o.fm LIMIT 1),
                s.score, s.reason, s.on_date, t.region, s.customer_id, s.matched, s.differed
         FROM suspects s
         JOIN tenants t ON t.id = s.tenant_id
         JOIN customers c ON c.id = t.customer_id
         JOIN customers mc ON mc.id = s.customer_id
         WHERE s.resolved_on IS NULL
         ORDER BY s.on_date, t.domain, mc.name",
        args![],
        |r| {
            Ok(OpenSuspect {
                domain: r.get(0)?,
                seats: r.get(1)?,
                customer: r.get(2)?,
                matched_customer: r.get(3)?,
                matched_tpid: r.get(4)?,
                fm: r.get(5)?,
                score: r.get(6)?,
                reason: r.get(7)?,
                on: r.get(8)?,
                region: r.get(9)?,
                customer_id: r.get(10)?,
                matched: r.get(11)?,
                differed: r.get(12)?,
            })
        },
    )
}

/// The open suspicions of a tenant: the matched customers' names.
pub fn tenant_suspects<'c>(db: impl Into<Db<'c>>, tenant_id: i64) -> Result<Vec<String>> {
    db.into().all(
        "SELECT c.name FROM suspects s JOIN customers c ON c.id = s.customer_id
         WHERE s.tenant_id = ?1 AND s.resolved_on IS NULL ORDER BY s.score DESC, c.name",
        args![tenant_id],
        |r| r.get(0),
    )
}

/// Resolve every open suspicion of a tenant; how many there were.
pub fn resolve_suspects<'c>(db: impl Into<Db<'c>>, tenant_id: i64, on: NaiveDate) -> Result<usize> {
    db.into().execute(
        "UPDATE suspects SET resolved_on = ?2 WHERE tenant_id = ?1 AND resolved_on IS NULL",
        args![tenant_id, on],
    )
}

/// The existing customers each tenant with an open suspicion looks like,
/// by tenant ("A. Datum Corporation (TPID 1001)", in name order).
pub fn open_suspicions<'c>(
    db: impl Into<Db<'c>>,
) -> Result<std::collections::HashMap<i64, Vec<String>>> {
    let mut out: std::collections::HashMap<i64, Vec<String>> = Default::default();
    db.into().each(
        "SELECT s.tenant_id, mc.name, mc.tpid
         FROM suspects s JOIN customers mc ON mc.id = s.customer_id
         WHERE s.resolved_on IS NULL
         ORDER BY s.tenant_id, mc.name, mc.id",
        args![],
        |r| {
            out.entry(r.get(0)?)
                .or_default()
                .push(named(r.get(1)?, r.get(2)?));
            Ok(())
        },
    )?;
    Ok(out)
}

/// The existing customers one tenant's open suspicions say it looks like
/// (as [`open_suspicions`] names them).
pub fn suspicions_of<'c>(db: impl Into<Db<'c>>, tenant: i64) -> Result<Vec<String>> {
    db.into().all(
        "SELECT mc.name, mc.tpid
         FROM suspects s JOIN customers mc ON mc.id = s.customer_id
         WHERE s.tenant_id = ?1 AND s.resolved_on IS NULL
         ORDER BY mc.name, mc.id",
        args![tenant],
        |r| Ok(named(r.get(0)?, r.get(1)?)),
    )
}

/// A customer as a suspicion names it: "A. Datum Corporation (TPID 1001)".
fn named(name: String, tpid: Option<i64>) -> String {
    match tpid {
        Some(t) => format!("{name} (TPID {t})"),
        None => name,
    }
}

/// The pairs of customers an FM checked and found different (`tenant set
/// --not-duplicate`): the suspect tenant's customer and the one it looked
/// like.
pub fn checked_pairs<'c>(db: impl Into<Db<'c>>) -> Result<Vec<(i64, i64)>> {
    db.into().all(
        "SELECT t.customer_id, s.customer_id FROM suspects s JOIN tenants t ON t.id = s.tenant_id
         WHERE s.resolved_on IS NOT NULL AND t.customer_id <> s.customer_id",
        args![],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}

/// The customers with at least one tenant.
pub fn customers_with_tenants<'c>(db: impl Into<Db<'c>>) -> Result<Vec<i64>> {
    db.into()
        .all("SELECT DISTINCT customer_id FROM tenants", args![], |r| {
            r.get(0)
        })
}

/// Whether a customer has at least one tenant.
pub fn has_tenants<'c>(db: impl Into<Db<'c>>, customer: i64) -> Result<bool> {
    Ok(db
        .into()
        .first(
            "SELECT 1 FROM tenants WHERE customer_id = ?1 LIMIT 1",
            args![customer],
            |r| r.get::<i64>(0),
        )?
        .is_some())
}
