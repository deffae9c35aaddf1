//! The commerce-feed import, set-based: valid rows are staged in a temporary
//! table as they stream in, checked against each other and the database in
//! a few statements, then applied. Doing the work in bulk instead of row by
//! row makes the import several times faster (see bench/README.md).

use super::customers::{insert_customer, rename_customer};
use super::history::{record, Stamp};
use crate::domain::feed::{Image, Row};
use crate::domain::names::StoredKeys;
use crate::domain::tenant::Source;
use crate::error::Result;
use rusqlite::{params, Connection};
use std::borrow::Cow;
use std::sync::OnceLock;

/// Create (or empty) the staging tables of this connection.
pub fn begin_staging(tx: &Connection) -> Result<()> {
    tx.execute_batch(
        "PRAGMA temp.cache_size = -16384;
         CREATE TEMP TABLE IF NOT EXISTS feed_rows (
             line      INTEGER PRIMARY KEY,
             tenant_id TEXT NOT NULL,
             domain    TEXT NOT NULL,
             customer  TEXT NOT NULL,
             tpid      INTEGER NOT NULL,
             region    TEXT NOT NULL,
             seats     INTEGER NOT NULL,
             managed   INTEGER,
             country   TEXT,
             error     TEXT
         );
         CREATE TEMP TABLE IF NOT EXISTS feed_rejects (line INTEGER NOT NULL, error TEXT NOT NULL);
         DELETE FROM feed_rows;
         DELETE FROM feed_rejects;",
    )?;
    Ok(())
}

/// Drop the staged rows (they live until the connection closes otherwise).
pub fn end_staging(tx: &Connection) -> Result<()> {
    tx.execute_batch("DELETE FROM feed_rows; DELETE FROM feed_rejects;")?;
    Ok(())
}

/// Record a row that could not be staged.
pub fn reject(tx: &Connection, line: u64, error: &str) -> Result<()> {
    tx.prepare_cached("INSERT INTO feed_rejects (line, error) VALUES (?1, ?2)")?
        .execute(params![line as i64, error])?;
    Ok(())
}

/// Stage one valid row (appended; checked in bulk afterwards).
pub fn stage_row(tx: &Connection, line: u64, r: &Row) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO feed_rows (line, tenant_id, domain, customer, tpid, region, seats, managed, country)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        line as i64,
        r.tenant_id,
        r.domain,
        r.customer,
        r.tpid,
        r.region.as_str(),
        r.seats,
        r.managed,
        r.country
    ])?;
    Ok(())
}

/// Mark rows that repeat the tenant ID or the domain of an earlier line.
pub fn check_repeats(tx: &Connection) -> Result<()> {
    for (col, what) in [("tenant_id", "tenant_id"), ("domain", "domain")] {
        tx.execute(
            &format!(
                "WITH firsts AS (SELECT {col} AS k, min(line) AS first FROM feed_rows
                                 GROUP BY {col} HAVING count(*) > 1)
                 UPDATE feed_rows SET error = '{what} ' || {col} || ' is on line ' ||
                        (SELECT first FROM firsts WHERE k = feed_rows.{col}) || ' already'
                 WHERE error IS NULL AND {col} IN (SELECT k FROM firsts)
                   AND line > (SELECT first FROM firsts WHERE k = feed_rows.{col})"
            ),
            [],
        )?;
    }
    Ok(())
}

/// Mark staged rows whose domain belongs to another tenant in the database.
pub fn check_against_database(tx: &Connection) -> Result<()> {
    tx.execute(
        "UPDATE feed_rows SET error = 'domain ' || domain || ' belongs to another tenant (' ||
             coalesce((SELECT t.tenant_id FROM tenants t WHERE t.domain = feed_rows.domain), 'no tenant ID') || ')'
         WHERE error IS NULL AND EXISTS (SELECT 1 FROM tenants t WHERE t.domain = feed_rows.domain
                       AND t.tenant_id IS NOT feed_rows.tenant_id)",
        [],
    )?;
    Ok(())
}

/// Every rejected line with its reason, in line order.
pub fn rejected(tx: &Connection) -> Result<Vec<(u64, String)>> {
    let mut st = tx.prepare(
        "SELECT line, error FROM feed_rejects
         UNION ALL SELECT line, error FROM feed_rows WHERE error IS NOT NULL
         ORDER BY 1",
    )?;
    let rows = st.query_map([], |r| Ok((r.get::<_, i64>(0)? as u64, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The seats of every good staged row (for the eligibility count).
/// Count the good staged rows whose seats fail `keep` (streamed, so memory
/// does not grow with the feed).
pub fn count_staged_seats(tx: &Connection, keep: impl Fn(i64) -> bool) -> Result<u64> {
    let mut st = tx.prepare("SELECT seats FROM feed_rows WHERE error IS NULL")?;
    let mut rows = st.query([])?;
    let mut n = 0;
    while let Some(r) = rows.next()? {
        if !keep(r.get(0)?) {
            n += 1;
        }
    }
    Ok(n)
}

#[derive(Debug, Default, Clone, Copy)]
pub struct Applied {
    pub inserted: u64,
    pub updated: u64,
    pub unchanged: u64,
    /// The last customer ID before the import: those above are its new ones.
    pub customers_before: i64,
}

/// Start the history entry one import's new tenants share.
pub fn begin_batch(tx: &Connection, stamp: &Stamp) -> Result<i64> {
    record(tx, stamp, None, "tenant.import", "imported from the feed")?;
    Ok(tx.last_insert_rowid())
}

/// Say how many tenants the import added, or drop its entry when none.
pub fn end_batch(tx: &Connection, batch: i64, inserted: u64) -> Result<()> {
    if inserted == 0 {
        tx.execute("DELETE FROM history WHERE id = ?1", [batch])?;
    } else {
        tx.execute(
            "UPDATE history SET description = ?2 WHERE id = ?1",
            params![
                batch,
                format!(
                    "imported from the feed ({inserted} new tenant{} in that import)",
                    if inserted == 1 { "" } else { "s" }
                )
            ],
        )?;
    }
    Ok(())
}

/// Apply the good staged rows: customers by TPID (created, or renamed to the
/// name on their last line), new tenants inserted, changed ones updated,
/// every change recorded in history.
pub fn apply(tx: &Connection, stamp: &Stamp, source: Source) -> Result<Applied> {
    let customers_before: i64 =
        tx.query_row("SELECT coalesce(max(id), 0) FROM customers", [], |r| {
            r.get(0)
        })?;
    // Customers, one per TPID, named as on its last line in the feed.
    tx.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS feed_renamed (tpid INTEGER PRIMARY KEY, old TEXT NOT NULL);
         DELETE FROM feed_renamed;",
    )?;
    {
        let mut st = tx.prepare(
            "SELECT f.tpid, f.customer, c.id, c.name FROM feed_rows f
             LEFT JOIN customers c ON c.tpid = f.tpid
             WHERE f.line IN (SELECT max(line) FROM feed_rows WHERE error IS NULL GROUP BY tpid)
             ORDER BY f.tpid",
        )?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let tpid: i64 = r.get(0)?;
            let name: String = r.get(1)?;
            match (r.get::<_, Option<i64>>(2)?, r.get::<_, Option<String>>(3)?) {
                (None, _) => {
                    insert_customer(tx, &name, Some(tpid))?;
                }
                (Some(id), Some(old)) if old != name => {
                    rename_customer(tx, id, &name)?;
                    tx.prepare_cached("INSERT INTO feed_renamed (tpid, old) VALUES (?1, ?2)")?
                        .execute(params![tpid, old])?;
                }
                _ => {}
            }
        }
    }

    // New tenants, in one statement; a tenant of a customer already worked by
    // an FM goes to that FM. They share one history entry, the import's.
    let batch = begin_batch(tx, stamp)?;
    let before: i64 = tx.query_row("SELECT coalesce(max(id), 0) FROM tenants", [], |r| r.get(0))?;
    let inserted = tx.execute(
        "INSERT INTO tenants (tenant_id, domain, customer_id, region, seats, country, source, fm, managed, added_on, added_by)
         SELECT f.tenant_id, f.domain, c.id, f.region, f.seats,
                f.country, ?1,
                CASE WHEN c.id <= ?3 THEN
                    (SELECT t.fm FROM tenants t WHERE t.customer_id = c.id AND t.fm IS NOT NULL
                     GROUP BY t.fm ORDER BY count(*) DESC, t.fm LIMIT 1) END,
                coalesce(f.managed, 1), ?2, ?4
         FROM feed_rows f JOIN customers c ON c.tpid = f.tpid
         WHERE f.error IS NULL AND NOT EXISTS (SELECT 1 FROM tenants t WHERE t.tenant_id = f.tenant_id)
         ORDER BY f.line",
        params![source.as_str(), stamp.on.to_string(), customers_before, batch],
    )? as u64;
    // What is particular to one new tenant gets an entry of its own.
    tx.execute(
        "INSERT INTO history (at, on_date, actor, tenant_id, action, description)
         SELECT ?1, ?2, ?3, t.id, 'tenant.import',
                'new tenant of customer ' || c.name ||
                CASE WHEN t.fm IS NOT NULL THEN ', FM ' || t.fm || ' who works this customer' ELSE '' END ||
                coalesce('; customer renamed from ''' || r.old || ''' to ''' || c.name || '''', '')
         FROM tenants t JOIN customers c ON c.id = t.customer_id LEFT JOIN feed_renamed r ON r.tpid = c.tpid
         WHERE t.id > ?4 AND (t.fm IS NOT NULL OR r.old IS NOT NULL) ORDER BY t.id",
        params![stamp.at, stamp.on.to_string(), stamp.actor, before],
    )?;
    end_batch(tx, batch, inserted)?;

    // Known tenants whose row says something new.
    let mut updated = 0u64;
    {
        let mut st = tx.prepare(
            "SELECT t.id, t.domain, t.customer_id, t.region, t.seats, t.managed, t.country, oc.tpid, oc.name,
                    f.domain, nc.id, f.region, f.seats, f.managed, f.country, f.tpid, r.old, nc.name
             FROM feed_rows f
             JOIN tenants t ON t.tenant_id = f.tenant_id
             JOIN customers oc ON oc.id = t.customer_id
             JOIN customers nc ON nc.tpid = f.tpid
             LEFT JOIN feed_renamed r ON r.tpid = f.tpid
             WHERE f.error IS NULL AND t.id <= ?1
               AND (t.domain <> f.domain OR t.customer_id <> nc.id OR t.region IS NOT f.region
                    OR t.seats IS NOT f.seats
                    OR (f.managed IS NOT NULL AND t.managed <> f.managed)
                    OR (f.country IS NOT NULL AND t.country IS NOT f.country)
                    OR r.old IS NOT NULL)",
        )?;
        let mut rows = st.query([before])?;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            let old_domain: String = r.get(1)?;
            let old_customer: i64 = r.get(2)?;
            let old_region: Option<String> = r.get(3)?;
            let old_seats: Option<i64> = r.get(4)?;
            let old_managed: bool = r.get(5)?;
            let old_country: Option<String> = r.get(6)?;
            let old_tpid: Option<i64> = r.get(7)?;
            let old_name: String = r.get(8)?;
            let domain: String = r.get(9)?;
            let customer_id: i64 = r.get(10)?;
            let region: String = r.get(11)?;
            let seats: i64 = r.get(12)?;
            let managed: bool = r.get::<_, Option<bool>>(13)?.unwrap_or(old_managed);
            let country: Option<String> = r.get::<_, Option<String>>(14)?.or(old_country.clone());
            let tpid: i64 = r.get(15)?;
            let renamed_from: Option<String> = r.get(16)?;
            let new_name: String = r.get(17)?;

            let mut changes = Vec::new();
            if old_domain != domain {
                changes.push(format!("domain {old_domain} → {domain}"));
            }
            if old_customer != customer_id {
                changes.push(format!(
                    "moved from customer '{old_name}' (TPID {}) to '{new_name}' (TPID {tpid})",
                    old_tpid.map_or("none".into(), |t| t.to_string())
                ));
            } else if let Some(old) = renamed_from {
                changes.push(format!("customer renamed from '{old}' to '{new_name}'"));
            }
            if old_region.as_deref() != Some(region.as_str()) {
                changes.push(format!(
                    "region {} → {region}",
                    old_region.as_deref().unwrap_or("none")
                ));
            }
            if old_seats != Some(seats) {
                changes.push(format!(
                    "seats {} → {seats}",
                    old_seats.map_or("unknown".into(), |s| s.to_string())
                ));
            }
            if managed != old_managed {
                changes.push(if managed {
                    "now managed".into()
                } else {
                    "now unmanaged".into()
                });
            }
            if country != old_country {
                changes.push(format!("country {}", country.as_deref().unwrap_or("")));
            }
            tx.prepare_cached(
                "UPDATE tenants SET domain = ?2, customer_id = ?3,
                        region = ?4, seats = ?5, managed = ?6, country = ?7,
                        winner_of = CASE WHEN customer_id = ?3 THEN winner_of END
                 WHERE id = ?1",
            )?
            .execute(params![
                id,
                domain,
                customer_id,
                region,
                seats,
                managed,
                country
            ])?;
            record(
                tx,
                stamp,
                Some(id),
                "tenant.import",
                &format!("feed update: {}", changes.join("; ")),
            )?;
            updated += 1;
        }
    }
    let good: i64 = tx.query_row(
        "SELECT count(*) FROM feed_rows WHERE error IS NULL",
        [],
        |r| r.get(0),
    )?;
    Ok(Applied {
        inserted,
        updated,
        unchanged: (good as u64).saturating_sub(inserted + updated),
        customers_before,
    })
}

/// Whether the database has neither tenants nor customers, so a feed can
/// be loaded in bulk from scratch.
pub fn is_empty(c: &Connection) -> Result<bool> {
    Ok(c.query_row(
        "SELECT NOT EXISTS (SELECT 1 FROM tenants) AND NOT EXISTS (SELECT 1 FROM customers)",
        [],
        |r| r.get(0),
    )?)
}

/// The indexes a bulk load drops and builds again once at the end: those
/// whose values arrive in no useful order (the others grow at their end
/// during a load, which is cheap).
const BULK_INDEXES: [&str; 5] = [
    "tenants_tenant_id",
    "tenants_domain",
    "customers_key_prefix",
    "customers_key_suffix",
    "customers_initials",
];

/// Rows per INSERT of a bulk load: one statement per row spends most of
/// its time opening and closing the table's and indexes' cursors.
const CHUNK: usize = 64;

/// A feed loaded into an empty database without staging: customers keyed
/// by their TPID (named as on their last line), tenants in file order, one
/// history entry for them all, written `CHUNK` rows per statement.
/// `finish` builds the unique indexes, which is where a repeated tenant ID
/// or domain shows. The caller turns foreign keys off for the load: with
/// them on, every tenant row of a multi-row INSERT looks for rows of the
/// fifteen tables that point at tenants (a third of the load's time).
/// `add` checks instead that each tenant's customer was written at or
/// before it (a tenant's customer ID is its TPID, the customer's ID).
pub struct FreshLoad<'c> {
    tx: &'c Connection,
    indexes: Vec<String>,
    customers: Vec<(i64, String, StoredKeys)>,
    /// How many customer names were written (see `finish`).
    names: u64,
    /// The TPID of the last customer written: a row without a customer
    /// of its own belongs to it.
    last_tpid: Option<i64>,
    tenants: Vec<Row>,
    source: &'static str,
    on: String,
    batch: i64,
    inserted: u64,
}

impl<'c> FreshLoad<'c> {
    pub fn begin(tx: &'c Connection, stamp: &Stamp, source: Source) -> Result<Self> {
        let batch = begin_batch(tx, stamp)?;
        let mut indexes = Vec::new();
        for name in BULK_INDEXES {
            let sql: String = tx.query_row(
                "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?1",
                [name],
                |r| r.get(0),
            )?;
            tx.execute_batch(&format!("DROP INDEX {name}"))?;
            indexes.push(sql);
        }
        Ok(FreshLoad {
            tx,
            indexes,
            customers: Vec::with_capacity(CHUNK),
            names: 0,
            last_tpid: None,
            tenants: Vec::with_capacity(CHUNK),
            source: source.as_str(),
            on: stamp.on.to_string(),
            batch,
            inserted: 0,
        })
    }

    /// Add a row; `customer` is its customer's name keys when the row's
    /// customer is not the previous row's (another TPID or name; rows of
    /// one customer usually come together), and the customer is written
    /// then (keyed by its TPID: the last name given wins).
    pub fn add(&mut self, r: Row, customer: Option<StoredKeys>) -> Result<()> {
        // Every tenant's customer is written at or before it (the load
        // checks its references so, not by a scan at the end).
        if customer.is_none() && self.last_tpid != Some(r.tpid) {
            anyhow::bail!(
                "bulk load: the tenant {} came without its customer (TPID {})",
                r.tenant_id,
                r.tpid
            );
        }
        if let Some(keys) = customer {
            self.last_tpid = Some(r.tpid);
            self.names += 1;
            self.customers.push((r.tpid, r.customer.clone(), keys));
            if self.customers.len() == CHUNK {
                self.flush_customers()?;
            }
        }
        self.tenants.push(r);
        if self.tenants.len() == CHUNK {
            self.flush_tenants()?;
        }
        Ok(())
    }

    fn flush_customers(&mut self) -> Result<()> {
        if !self.customers.is_empty() {
            let sql = insert_customers(self.customers.len());
            let mut values: Vec<rusqlite::types::Value> =
                Vec::with_capacity(self.customers.len() * 7);
            for (tpid, name, k) in self.customers.drain(..) {
                values.extend([
                    tpid.into(),
                    tpid.into(),
                    name.into(),
                    k.norm.into(),
                    k.suffix.into(),
                    k.initials.into(),
                    k.prefix.into(),
                ]);
            }
            self.tx
                .prepare_cached(&sql)?
                .execute(rusqlite::params_from_iter(values))?;
        }
        Ok(())
    }

    fn flush_tenants(&mut self) -> Result<()> {
        if !self.tenants.is_empty() {
            let sql = insert_tenants(self.tenants.len());
            let mut st = self.tx.prepare_cached(&sql)?;
            // What every row shares is bound once (see `insert_tenants`).
            st.raw_bind_parameter(1, self.source)?;
            st.raw_bind_parameter(2, &self.on)?;
            st.raw_bind_parameter(3, self.batch)?;
            let mut i = 4;
            for r in &self.tenants {
                st.raw_bind_parameter(i, &r.tenant_id)?;
                st.raw_bind_parameter(i + 1, &r.domain)?;
                st.raw_bind_parameter(i + 2, r.tpid)?;
                st.raw_bind_parameter(i + 3, r.region.as_str())?;
                st.raw_bind_parameter(i + 4, r.seats)?;
                st.raw_bind_parameter(i + 5, &r.country)?;
                st.raw_bind_parameter(i + 6, r.managed.unwrap_or(true))?;
                i += 7;
            }
            st.raw_execute()?;
            self.inserted += self.tenants.len() as u64;
            self.tenants.clear();
        }
        Ok(())
    }

    /// Write what is left, build the unique indexes and close the history
    /// entry. `false` when the feed repeats a tenant ID or a domain (the
    /// caller rolls back).
    /// `names`, `words`: the word counts of the names given to `add`
    /// (words in order).
    pub fn finish(mut self, names: u64, words: &[(String, u64)]) -> Result<bool> {
        self.flush_customers()?;
        self.flush_tenants()?;
        for sql in &self.indexes {
            match self.tx.execute_batch(sql) {
                Ok(()) => {}
                Err(e)
                    if e.sqlite_error_code() == Some(rusqlite::ErrorCode::ConstraintViolation) =>
                {
                    return Ok(false)
                }
                Err(e) => return Err(e.into()),
            }
        }
        // A TPID written twice (its rows apart, or renamed within the feed)
        // is one customer but two names counted: count again from the table.
        let customers: i64 = self
            .tx
            .query_row("SELECT count(*) FROM customers", [], |r| r.get(0))?;
        if customers as u64 != self.names || names != self.names {
            super::customers::rebuild_name_keys(self.tx)?;
        } else {
            super::customers::save_word_counts(self.tx, names, words)?;
        }
        end_batch(self.tx, self.batch, self.inserted)?;
        Ok(true)
    }
}

/// A bulk load's statement for `rows` rows, as `make` writes it; the one
/// for a whole chunk is written once into `whole` (a load runs thousands).
fn chunk_sql(
    whole: &'static OnceLock<String>,
    rows: usize,
    make: fn(usize) -> String,
) -> Cow<'static, str> {
    if rows == CHUNK {
        Cow::Borrowed(whole.get_or_init(|| make(CHUNK)).as_str())
    } else {
        Cow::Owned(make(rows))
    }
}

/// The statement that writes `rows` customers of a bulk load.
fn insert_customers(rows: usize) -> Cow<'static, str> {
    static WHOLE: OnceLock<String> = OnceLock::new();
    chunk_sql(&WHOLE, rows, |rows| {
        format!(
            "INSERT OR FAIL INTO customers (id, tpid, name, norm_name, key_suffix, initials, key_prefix) VALUES {}
             ON CONFLICT (id) DO UPDATE SET name = excluded.name, norm_name = excluded.norm_name,
                 key_suffix = excluded.key_suffix, initials = excluded.initials,
                 key_prefix = excluded.key_prefix
             WHERE name <> excluded.name",
            placeholders(rows, 7)
        )
    })
}

/// The statement that writes `rows` tenants of a bulk load: `?1` the
/// source, `?2` the day and `?3` the import's history entry, which every
/// row shares, then seven parameters a row.
fn insert_tenants(rows: usize) -> Cow<'static, str> {
    static WHOLE: OnceLock<String> = OnceLock::new();
    chunk_sql(&WHOLE, rows, |rows| {
        let values: Vec<String> = (0..rows)
            .map(|r| {
                let p = |k: usize| format!("?{}", 4 + 7 * r + k);
                format!(
                    "({}, {}, {}, {}, {}, {}, ?1, {}, ?2, ?3)",
                    p(0),
                    p(1),
                    p(2),
                    p(3),
                    p(4),
                    p(5),
                    p(6)
                )
            })
            .collect();
        format!(
            "INSERT OR FAIL INTO tenants (tenant_id, domain, customer_id, region, seats, country, source,
                                  managed, added_on, added_by) VALUES {}",
            values.join(", ")
        )
    })
}

/// `(?, ?, ...), (...)`: `rows` groups of `columns` parameters.
fn placeholders(rows: usize, columns: usize) -> String {
    let one = format!("({})", vec!["?"; columns].join(", "));
    vec![one; rows].join(", ")
}

/// Every tenant with a tenant ID, by the fingerprint of that ID. `None`
/// when two IDs share a fingerprint (so the caller takes the general path).
pub fn images(c: &Connection) -> Result<Option<std::collections::HashMap<u128, Image>>> {
    let count: i64 = c.query_row("SELECT count(*) FROM tenants", [], |r| r.get(0))?;
    let mut map = std::collections::HashMap::with_capacity(count as usize);
    let mut st = c.prepare(
        "SELECT t.tenant_id, t.domain, c.tpid, c.name, t.region, t.seats, t.managed, t.country
         FROM tenants t JOIN customers c ON c.id = t.customer_id
         WHERE t.tenant_id IS NOT NULL",
    )?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        let tpid: Option<i64> = r.get(2)?;
        let region: Option<String> = r.get(4)?;
        let seats: Option<i64> = r.get(5)?;
        let values = match (tpid, region, seats) {
            (Some(tpid), Some(region), Some(seats)) => {
                let domain = r.get_ref(1)?.as_str()?;
                let name = r.get_ref(3)?.as_str()?;
                Some(crate::domain::feed::values_fingerprint(
                    domain, tpid, name, &region, seats,
                ))
            }
            _ => None,
        };
        let image = Image::new(values, r.get(6)?, r.get(7)?);
        let key = crate::domain::feed::fingerprint(r.get_ref(0)?.as_str()?);
        if map.insert(key, image).is_some() {
            return Ok(None);
        }
    }
    Ok(Some(map))
}
