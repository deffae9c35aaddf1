//! Customers: one row per organisation, keyed by TPID when known.

use crate::domain::names::NameKeys;
use crate::error::Result;
use rusqlite::{params, Connection, OptionalExtension, Row};

#[derive(Debug, Clone)]
pub struct Customer {
    pub id: i64,
    pub tpid: Option<i64>,
    pub name: String,
}

/// A customer with its blocking keys, for the duplicate check.
#[derive(Debug, Clone)]
pub struct KeyedCustomer {
    pub id: i64,
    pub tpid: Option<i64>,
    pub name: String,
    pub keys: NameKeys,
}

fn customer(r: &Row) -> rusqlite::Result<Customer> {
    Ok(Customer {
        id: r.get(0)?,
        tpid: r.get(1)?,
        name: r.get(2)?,
    })
}

fn keyed(r: &Row) -> rusqlite::Result<KeyedCustomer> {
    Ok(KeyedCustomer {
        id: r.get(0)?,
        tpid: r.get(1)?,
        name: r.get(2)?,
        keys: {
            let norm: String = r.get(3)?;
            NameKeys {
                prefix: norm.chars().take(4).collect(),
                norm,
                suffix: r.get(4)?,
                initials: r.get(5)?,
            }
        },
    })
}

pub fn get_customer_by_tpid(conn: &Connection, tpid: i64) -> Result<Option<Customer>> {
    Ok(conn
        .prepare_cached("SELECT id, tpid, name FROM customers WHERE tpid = ?1")?
        .query_row([tpid], customer)
        .optional()?)
}

pub fn get_customer(conn: &Connection, id: i64) -> Result<Option<Customer>> {
    Ok(conn
        .prepare_cached("SELECT id, tpid, name FROM customers WHERE id = ?1")?
        .query_row([id], customer)
        .optional()?)
}

/// Customers whose exact name (any case) is `name`.
pub fn find_customers_by_name(conn: &Connection, name: &str) -> Result<Vec<Customer>> {
    let mut st = conn.prepare_cached(
        "SELECT id, tpid, name FROM customers WHERE norm_name = ?1 AND lower(name) = lower(?2)",
    )?;
    let norm = crate::domain::names::normalise(name);
    let rows = st.query_map(params![norm, name], customer)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn insert_customer(conn: &Connection, name: &str, tpid: Option<i64>) -> Result<i64> {
    let k = NameKeys::of(name);
    conn.prepare_cached(
        "INSERT INTO customers (tpid, name, norm_name, key_suffix, initials)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![tpid, name, k.norm, k.suffix, k.initials])?;
    Ok(conn.last_insert_rowid())
}

pub fn rename_customer(conn: &Connection, id: i64, name: &str) -> Result<()> {
    let k = NameKeys::of(name);
    conn.prepare_cached(
        "UPDATE customers SET name = ?2, norm_name = ?3, key_suffix = ?4, initials = ?5
         WHERE id = ?1",
    )?
    .execute(params![id, name, k.norm, k.suffix, k.initials])?;
    Ok(())
}

/// Customers sharing a blocking key with `k`: the candidates to compare.
pub fn customer_candidates(conn: &Connection, k: &NameKeys) -> Result<Vec<KeyedCustomer>> {
    let mut st = conn.prepare_cached(
        "SELECT id, tpid, name, norm_name, key_suffix, initials FROM customers
         WHERE (norm_name >= ?2 AND norm_name < ?5) OR key_suffix = ?3
            OR initials = ?1 OR norm_name = ?4",
    )?;
    let rows = st.query_map(
        params![k.norm, k.prefix, k.suffix, k.initials, k.prefix_end()],
        keyed,
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every customer with its keys (for `tenant dupes`).
pub fn list_keyed_customers(conn: &Connection) -> Result<Vec<KeyedCustomer>> {
    let mut st =
        conn.prepare("SELECT id, tpid, name, norm_name, key_suffix, initials FROM customers")?;
    let rows = st.query_map([], keyed)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A customer row with its tenant count, for `customer list`.
#[derive(Debug, Clone)]
pub struct CustomerSummary {
    pub id: i64,
    pub tpid: Option<i64>,
    pub name: String,
    pub tenants: i64,
    pub seats: i64,
    pub fms: Option<String>,
    pub winner: Option<String>,
}

pub fn list_customers(
    conn: &Connection,
    name_contains: Option<&str>,
) -> Result<Vec<CustomerSummary>> {
    let mut st = conn.prepare(
        "SELECT c.id, c.tpid, c.name, count(t.id), coalesce(sum(t.seats), 0),
                group_concat(DISTINCT t.fm),
                max(CASE WHEN t.winner_of IS NOT NULL THEN t.domain END)
         FROM customers c LEFT JOIN tenants t ON t.customer_id = c.id
         WHERE ?1 IS NULL OR instr(lower(c.name), lower(?1)) > 0
         GROUP BY c.id ORDER BY c.name COLLATE NOCASE, c.id",
    )?;
    let rows = st.query_map([name_contains], |r| {
        Ok(CustomerSummary {
            id: r.get(0)?,
            tpid: r.get(1)?,
            name: r.get(2)?,
            tenants: r.get(3)?,
            seats: r.get(4)?,
            fms: r.get(5)?,
            winner: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
