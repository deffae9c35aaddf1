//! The commerce-feed import, set-based: valid rows are staged in a temporary
//! table as they stream in, checked against each other and the database in
//! a few statements, then applied. Doing the work in bulk instead of row by
//! row makes the import several times faster (see bench/README.md).

use super::customers::{self, rename_customer, ListRows};
use super::history::{record, Stamp};
use super::in_place::{Chunked, Param};
use super::sql::{Db, Server};
use crate::args;
use crate::domain::feed::{Image, Record, Row};
use crate::domain::names::{Fnv, StoredKeys};
use crate::domain::tenant::Source;
use crate::error::Result;
use rusqlite::Connection;
use std::collections::HashSet;
use std::hash::BuildHasherDefault;

// The general path (a feed into a database that has tenants already, on
// either engine): staged, checked, applied. The bulk load into an empty
// file further down is SQLite's.

/// On the server, memory for a feed's staging tables and for the sorts and
/// hashes over them (the defaults, 8 and 4 MB, send a 100,000-row feed to
/// disk at every pass). The temporary tables' buffers can only be set before
/// their first use in the session: a staging's first statement.
pub(super) const STAGING_MEMORY: &str =
    "SET LOCAL temp_buffers = '64MB'; SET LOCAL work_mem = '64MB';";

/// Create (or empty) the staging tables of this connection.
pub fn begin_staging(db: Db) -> Result<()> {
    match db {
        Db::Sqlite(c) => c.execute_batch(
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
             CREATE TEMP TABLE IF NOT EXISTS feed_renamed (tpid INTEGER PRIMARY KEY, old TEXT NOT NULL);
             DELETE FROM feed_rows;
             DELETE FROM feed_rejects;
             DELETE FROM feed_renamed;",
        )?,
        // The server's temporary tables go with the transaction.
        Db::Server(s) => s.batch(&format!(
            "{STAGING_MEMORY}
             CREATE TEMP TABLE feed_rows (
                 line      BIGINT NOT NULL,
                 tenant_id TEXT NOT NULL,
                 domain    TEXT NOT NULL,
                 customer  TEXT NOT NULL,
                 tpid      BIGINT NOT NULL,
                 region    TEXT NOT NULL,
                 seats     BIGINT NOT NULL,
                 managed   BIGINT,
                 country   TEXT,
                 error     TEXT
             ) ON COMMIT DROP;
             CREATE TEMP TABLE feed_rejects (line BIGINT NOT NULL, error TEXT NOT NULL) ON COMMIT DROP;
             CREATE TEMP TABLE feed_renamed (tpid BIGINT PRIMARY KEY, old TEXT NOT NULL) ON COMMIT DROP;"
        ))?,
    }
    Ok(())
}

/// Drop the staged rows (they live until the connection closes otherwise).
pub fn end_staging(db: Db) -> Result<()> {
    if let Db::Sqlite(c) = db {
        c.execute_batch(
            "DELETE FROM feed_rows; DELETE FROM feed_rejects; DELETE FROM feed_renamed;",
        )?;
    }
    Ok(())
}

/// Stage the feed's records as `next` reads them: the valid rows in
/// `feed_rows`, the lines that are not in `feed_rejects`. On the file one
/// INSERT a row (a call within the process); on the server one `COPY`
/// stream, then the planner is told what was staged.
pub fn stage(db: Db, mut next: impl FnMut() -> Result<Option<Record>>) -> Result<()> {
    let Db::Server(s) = db else {
        while let Some(record) = next()? {
            match record {
                Record::Row(line, row) => stage_row(db, line, &row)?,
                Record::Bad(line, error) => reject(db, line, &error)?,
            }
        }
        return Ok(());
    };
    copy_feed(
        s,
        "feed_rows",
        "line, tenant_id, domain, customer, tpid, region, seats, managed, country",
        next,
        |c, line, r| {
            c.int(Some(line as i64))
                .text(Some(&r.tenant_id))
                .text(Some(&r.domain))
                .text(Some(&r.customer))
                .int(Some(r.tpid))
                .text(Some(r.region.as_str()))
                .int(Some(r.seats))
                .int(r.managed.map(i64::from))
                .text(r.country.as_deref());
        },
        "feed_rejects",
    )?;
    // Without statistics the planner guesses the staged rows' number and
    // spread, and picks loops where the merge wants hash joins; a small
    // sample is enough to tell (3,000 rows, not 30,000).
    s.batch("SET LOCAL default_statistics_target = 10; ANALYZE feed_rows; RESET default_statistics_target")
}

/// Stream a feed's valid rows into the server's staging `table` in one
/// `COPY` (`row` writes one), then its bad lines into `rejects` (line,
/// error): the two feeds' way in.
pub(super) fn copy_feed<T>(
    s: &super::sql::Server,
    table: &str,
    columns: &str,
    mut next: impl FnMut() -> Result<Option<Record<T>>>,
    row: impl Fn(&mut super::sql::CopyText<'_>, u64, &T),
    rejects: &str,
) -> Result<()> {
    let mut bad = Vec::new();
    s.copy_in(table, columns, |c| {
        while let Some(record) = next()? {
            match record {
                Record::Row(line, r) => {
                    row(c, line, &r);
                    c.end()?;
                }
                Record::Bad(line, error) => bad.push((line, error)),
            }
        }
        Ok(())
    })?;
    if !bad.is_empty() {
        s.copy_in(rejects, "line, error", |c| {
            for (line, error) in &bad {
                c.int(Some(*line as i64)).text(Some(error));
                c.end()?;
            }
            Ok(())
        })?;
    }
    Ok(())
}

/// Record a row that could not be staged.
pub fn reject(db: Db, line: u64, error: &str) -> Result<()> {
    db.execute(
        "INSERT INTO feed_rejects (line, error) VALUES (?1, ?2)",
        args![line as i64, error],
    )?;
    Ok(())
}

/// Stage one valid row (appended; checked in bulk afterwards).
fn stage_row(db: Db, line: u64, r: &Row) -> Result<()> {
    db.execute(
        "INSERT INTO feed_rows (line, tenant_id, domain, customer, tpid, region, seats, managed, country)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        args![
            line as i64,
            r.tenant_id,
            r.domain,
            r.customer,
            r.tpid,
            r.region.as_str(),
            r.seats,
            r.managed,
            r.country
        ],
    )?;
    Ok(())
}

/// Mark rows that repeat the tenant ID or the domain of an earlier line.
pub fn check_repeats(db: Db) -> Result<()> {
    for (col, what) in [("tenant_id", "tenant_id"), ("domain", "domain")] {
        // The repeats are found by one join with the keys seen twice (none,
        // in a good feed), not by a lookup for every staged row.
        db.execute(
            &format!(
                "WITH firsts AS (SELECT {col} AS k, min(line) AS first FROM feed_rows
                                 GROUP BY {col} HAVING count(*) > 1)
                 UPDATE feed_rows SET error = '{what} ' || feed_rows.{col} || ' is on line ' ||
                        firsts.first || ' already'
                 FROM firsts
                 WHERE firsts.k = feed_rows.{col} AND feed_rows.line > firsts.first
                   AND feed_rows.error IS NULL"
            ),
            args![],
        )?;
    }
    Ok(())
}

/// Mark staged rows whose domain belongs to another tenant in the database.
pub fn check_against_database(db: Db) -> Result<()> {
    db.execute(
        "UPDATE feed_rows SET error = 'domain ' || domain || ' belongs to another tenant (' ||
             coalesce((SELECT t.tenant_id FROM tenants t WHERE t.domain = feed_rows.domain), 'no tenant ID') || ')'
         WHERE error IS NULL AND EXISTS (SELECT 1 FROM tenants t WHERE t.domain = feed_rows.domain
                       AND t.tenant_id IS DISTINCT FROM feed_rows.tenant_id)",
        args![],
    )?;
    Ok(())
}

/// Every rejected line with its reason, in line order.
pub fn rejected(db: Db) -> Result<Vec<(u64, String)>> {
    db.all(
        "SELECT line, error FROM feed_rejects
         UNION ALL SELECT line, error FROM feed_rows WHERE error IS NOT NULL
         ORDER BY 1",
        args![],
        |r| Ok((r.get::<i64>(0)? as u64, r.get(1)?)),
    )
}

/// Count the good staged rows whose seats fail `keep`.
pub fn count_staged_seats(db: Db, keep: impl Fn(i64) -> bool) -> Result<u64> {
    let mut n = 0;
    db.each(
        "SELECT seats, count(*) FROM feed_rows WHERE error IS NULL GROUP BY seats",
        args![],
        |r| {
            if !keep(r.get(0)?) {
                n += r.get::<i64>(1)? as u64;
            }
            Ok(())
        },
    )?;
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
pub fn begin_batch(db: Db, stamp: &Stamp) -> Result<i64> {
    record(db, stamp, None, "tenant.import", "imported from the feed")
}

/// Say how many tenants the import added, or drop its entry when none.
pub fn end_batch(db: Db, batch: i64, inserted: u64) -> Result<()> {
    if inserted == 0 {
        db.execute("DELETE FROM history WHERE id = ?1", args![batch])?;
    } else {
        db.execute(
            "UPDATE history SET description = ?2 WHERE id = ?1",
            args![
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

/// A known tenant whose feed row says something new: before and after.
struct Changed {
    id: i64,
    old_domain: String,
    old_customer: i64,
    old_region: Option<String>,
    old_seats: Option<i64>,
    old_managed: bool,
    old_country: Option<String>,
    old_tpid: Option<i64>,
    old_name: String,
    domain: String,
    customer_id: i64,
    region: String,
    seats: i64,
    managed: Option<bool>,
    country: Option<String>,
    tpid: i64,
    renamed_from: Option<String>,
    new_name: String,
}

/// Apply the good staged rows: customers by TPID (created, or renamed to the
/// name on their last line), new tenants inserted, changed ones updated,
/// every change recorded in history.
pub fn apply(db: Db, stamp: &Stamp, source: Source) -> Result<Applied> {
    let held = hold_checks_for_first_load(db)?;
    let applied = apply_staged(db, stamp, source)?;
    restore_checks(db, held)?;
    Ok(applied)
}

/// What a first load on the server set aside, to be put back before its
/// transaction ends: the statements that rebuild the indexes, add the
/// foreign keys and enable the winner flag's guard again.
struct Held {
    rebuild: Vec<String>,
}

/// On the server, a first load (no customers, no tenants) by the tables'
/// owner writes the rows before their secondary indexes and foreign keys,
/// then builds those in bulk: a 100,000-row feed's tenants took 1.2 s
/// inserted through five indexes, a foreign-key check and the winner
/// guard a row, and 0.25 s written bare and indexed and checked after
/// (bench/README.md). It is all one transaction (the server's DDL is
/// transactional): a failure, a dry run or a killed process leaves every
/// index and constraint as it was; the tables are locked meanwhile. The
/// winner guard is held because the feed never sets the winner flag. A
/// login that does not own the tables (an FM's) takes the usual path.
fn hold_checks_for_first_load(db: Db) -> Result<Option<Held>> {
    let Db::Server(s) = db else { return Ok(None) };
    let owner: bool = db.query_one(
        "SELECT pg_has_role(current_user, t.relowner, 'USAGE')
                AND pg_has_role(current_user, c.relowner, 'USAGE')
           FROM pg_class t, pg_class c
          WHERE t.oid = 'tenants'::regclass AND c.oid = 'customers'::regclass",
        args![],
        |r| r.get(0),
    )?;
    // Emptiness looked at before the lock too: any other import would
    // otherwise lock both tables against every reader.
    if !owner || !is_empty(db)? {
        return Ok(None);
    }
    s.batch("LOCK TABLE customers, tenants IN ACCESS EXCLUSIVE MODE")?;
    // Another session may have written between the look and the lock.
    if !is_empty(db)? {
        return Ok(None);
    }
    let mut drop = Vec::new();
    let mut rebuild = Vec::new();
    for (table, name, def) in db.all(
        "SELECT conrelid::regclass::text, quote_ident(conname), pg_get_constraintdef(oid)
           FROM pg_constraint
          WHERE contype = 'f' AND conrelid IN ('tenants'::regclass, 'customers'::regclass)
          ORDER BY conname",
        args![],
        |r| {
            Ok((
                r.get::<String>(0)?,
                r.get::<String>(1)?,
                r.get::<String>(2)?,
            ))
        },
    )? {
        drop.push(format!("ALTER TABLE {table} DROP CONSTRAINT {name}"));
        // Added after the indexes, checked in one pass over the rows.
        rebuild.push(format!("ALTER TABLE {table} ADD CONSTRAINT {name} {def}"));
    }
    let mut indexes = Vec::new();
    for (name, def) in db.all(
        "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
           FROM pg_index i
          WHERE i.indrelid IN ('tenants'::regclass, 'customers'::regclass)
            AND NOT i.indisprimary
            AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
          ORDER BY 1",
        args![],
        |r| Ok((r.get::<String>(0)?, r.get::<String>(1)?)),
    )? {
        drop.push(format!("DROP INDEX {name}"));
        indexes.push(def);
    }
    drop.push("ALTER TABLE tenants DISABLE TRIGGER tenants_winner_guard".into());
    rebuild.splice(0..0, indexes);
    rebuild.push("ALTER TABLE tenants ENABLE TRIGGER tenants_winner_guard".into());
    s.batch(&drop.join(";\n"))?;
    Ok(Some(Held { rebuild }))
}

/// Put back what a first load set aside (nothing elsewhere).
fn restore_checks(db: Db, held: Option<Held>) -> Result<()> {
    if let (Db::Server(s), Some(held)) = (db, held) {
        s.batch(&held.rebuild.join(";\n"))?;
    }
    Ok(())
}

/// The staged rows applied (see `apply`).
fn apply_staged(db: Db, stamp: &Stamp, source: Source) -> Result<Applied> {
    let customers_before: i64 =
        db.query_one("SELECT coalesce(max(id), 0) FROM customers", args![], |r| {
            r.get(0)
        })?;
    // Customers, one per TPID, named as on its last line in the feed.
    let last = db.all(
        "SELECT f.tpid, f.customer, c.id, c.name FROM feed_rows f
         LEFT JOIN customers c ON c.tpid = f.tpid
         WHERE f.line IN (SELECT max(line) FROM feed_rows WHERE error IS NULL GROUP BY tpid)
         ORDER BY f.tpid",
        args![],
        |r| {
            Ok((
                r.get::<i64>(0)?,
                r.get::<String>(1)?,
                r.get::<Option<i64>>(2)?,
                r.get::<Option<String>>(3)?,
            ))
        },
    )?;
    let mut new = Vec::new();
    for (tpid, name, id, old) in last {
        match (id, old) {
            (None, _) => new.push((tpid, name)),
            (Some(id), Some(old)) if old != name => {
                rename_customer(db, id, &name)?;
                db.execute(
                    "INSERT INTO feed_renamed (tpid, old) VALUES (?1, ?2)",
                    args![tpid, old],
                )?;
            }
            _ => {}
        }
    }
    customers::insert_customers(db, &new)?;

    // New tenants, in one statement; a tenant of a customer already worked by
    // an FM goes to that FM. They share one history entry, the import's.
    let batch = begin_batch(db, stamp)?;
    let before: i64 = db.query_one("SELECT coalesce(max(id), 0) FROM tenants", args![], |r| {
        r.get(0)
    })?;
    let inserted = db.execute(
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
        args![source.as_str(), stamp.on, customers_before, batch],
    )? as u64;
    // What is particular to one new tenant gets an entry of its own.
    db.execute(
        "INSERT INTO history (at, on_date, actor, tenant_id, action, description)
         SELECT ?1, ?2, ?3, t.id, 'tenant.import',
                'new tenant of customer ' || c.name ||
                CASE WHEN t.fm IS NOT NULL THEN ', FM ' || t.fm || ' who works this customer' ELSE '' END ||
                coalesce('; customer renamed from ''' || r.old || ''' to ''' || c.name || '''', '')
         FROM tenants t JOIN customers c ON c.id = t.customer_id LEFT JOIN feed_renamed r ON r.tpid = c.tpid
         WHERE t.id > ?4 AND (t.fm IS NOT NULL OR r.old IS NOT NULL) ORDER BY t.id",
        args![stamp.at, stamp.on, stamp.actor, before],
    )?;
    end_batch(db, batch, inserted)?;

    // Known tenants whose row says something new. A tenant an FM moved by
    // hand (`customer_pins`) stays with its customer while the feed names
    // the customer it was moved from; a feed that names another one moves
    // it, and the move by hand is forgotten.
    let mut updated = 0u64;
    let changed = db.all(
        "SELECT t.id, t.domain, t.customer_id, t.region, t.seats, t.managed, t.country, oc.tpid, oc.name,
                f.domain, x.id, f.region, f.seats, f.managed, f.country, x.tpid,
                CASE WHEN x.id = nc.id THEN r.old END, x.name
         FROM feed_rows f
         JOIN tenants t ON t.tenant_id = f.tenant_id
         JOIN customers oc ON oc.id = t.customer_id
         JOIN customers nc ON nc.tpid = f.tpid
         LEFT JOIN customer_pins p ON p.tenant_id = t.id
         JOIN customers x ON x.id = CASE WHEN p.feed_customer = nc.id THEN t.customer_id ELSE nc.id END
         LEFT JOIN feed_renamed r ON r.tpid = f.tpid
         WHERE f.error IS NULL AND t.id <= ?1
           AND (t.domain <> f.domain OR t.customer_id <> x.id OR t.region IS DISTINCT FROM f.region
                OR t.seats IS DISTINCT FROM f.seats
                OR (f.managed IS NOT NULL AND t.managed <> f.managed)
                OR (f.country IS NOT NULL AND t.country IS DISTINCT FROM f.country)
                OR (r.old IS NOT NULL AND x.id = nc.id))
         ORDER BY f.line",
        args![before],
        |r| {
            Ok(Changed {
                id: r.get(0)?,
                old_domain: r.get(1)?,
                old_customer: r.get(2)?,
                old_region: r.get(3)?,
                old_seats: r.get(4)?,
                old_managed: r.get(5)?,
                old_country: r.get(6)?,
                old_tpid: r.get(7)?,
                old_name: r.get(8)?,
                domain: r.get(9)?,
                customer_id: r.get(10)?,
                region: r.get(11)?,
                seats: r.get(12)?,
                managed: r.get(13)?,
                country: r.get(14)?,
                tpid: r.get(15)?,
                renamed_from: r.get(16)?,
                new_name: r.get(17)?,
            })
        },
    )?;
    for c in changed {
        let managed = c.managed.unwrap_or(c.old_managed);
        let country = c.country.clone().or(c.old_country.clone());
        let mut changes = Vec::new();
        if c.old_domain != c.domain {
            changes.push(format!("domain {} → {}", c.old_domain, c.domain));
        }
        if c.old_customer != c.customer_id {
            changes.push(format!(
                "moved from customer '{}' (TPID {}) to '{}' (TPID {})",
                c.old_name,
                c.old_tpid.map_or("none".into(), |t| t.to_string()),
                c.new_name,
                c.tpid
            ));
        } else if let Some(old) = &c.renamed_from {
            changes.push(format!("customer renamed from '{old}' to '{}'", c.new_name));
        }
        if c.old_region.as_deref() != Some(c.region.as_str()) {
            changes.push(format!(
                "region {} → {}",
                c.old_region.as_deref().unwrap_or("none"),
                c.region
            ));
        }
        if c.old_seats != Some(c.seats) {
            changes.push(format!(
                "seats {} → {}",
                c.old_seats.map_or("unknown".into(), |s| s.to_string()),
                c.seats
            ));
        }
        if managed != c.old_managed {
            changes.push(if managed {
                "now managed".into()
            } else {
                "now unmanaged".into()
            });
        }
        if country != c.old_country {
            changes.push(format!("country {}", country.as_deref().unwrap_or("")));
        }
        db.execute(
            "UPDATE tenants SET domain = ?2, customer_id = ?3,
                    region = ?4, seats = ?5, managed = ?6, country = ?7,
                    winner_of = CASE WHEN customer_id = ?3 THEN winner_of END
             WHERE id = ?1",
            args![
                c.id,
                c.domain,
                c.customer_id,
                c.region,
                c.seats,
                managed,
                country
            ],
        )?;
        if c.old_customer != c.customer_id {
            // The feed moved it: a move by hand before is over, and a
            // suspicion about the customer it left no longer applies (the
            // check that follows the import flags its new one if need be).
            db.execute(
                "DELETE FROM customer_pins WHERE tenant_id = ?1",
                args![c.id],
            )?;
            let cleared = db.execute(
                "UPDATE suspects SET resolved_on = ?2 WHERE tenant_id = ?1 AND resolved_on IS NULL",
                args![c.id, stamp.on],
            )?;
            if cleared > 0 {
                changes.push("its duplicate suspicion no longer applies".into());
            }
        }
        record(
            db,
            stamp,
            Some(c.id),
            "tenant.import",
            &format!("feed update: {}", changes.join("; ")),
        )?;
        updated += 1;
    }
    let good: i64 = db.query_one(
        "SELECT count(*) FROM feed_rows WHERE error IS NULL",
        args![],
        |r| r.get(0),
    )?;
    Ok(Applied {
        inserted,
        updated,
        unchanged: (good as u64).saturating_sub(inserted + updated),
        customers_before,
    })
}

/// A feed loaded into the server's empty tables by their owner, without
/// staging: the tenants streamed in one `COPY` as the file is read, their
/// customers (keyed by TPID, the customer's ID, as in the file's bulk
/// load) and the names' word counts in one `COPY` each after them, the
/// indexes and foreign keys built and checked at the end (see
/// `hold_checks_for_first_load`). `None` from `begin` when the tables are
/// not empty or not this login's; `tenants`' row writer answers `false`
/// when the feed needs the general path (a repeated tenant ID, domain or
/// TPID): the caller rolls back.
pub struct ServerLoad<'c> {
    server: &'c Server,
    held: Held,
    batch: i64,
    source: &'static str,
    on: String,
    /// Each customer's TPID, name and keys, in the order first seen.
    customers: Vec<(i64, String, StoredKeys)>,
    seen_tpids: HashSet<i64>,
    seen_ids: HashSet<String>,
    seen_domains: HashSet<String>,
    last_tpid: Option<i64>,
    inserted: u64,
}

impl<'c> ServerLoad<'c> {
    pub fn begin(db: Db<'c>, stamp: &Stamp, source: Source) -> Result<Option<Self>> {
        let Db::Server(server) = db else {
            return Ok(None);
        };
        let Some(held) = hold_checks_for_first_load(db)? else {
            return Ok(None);
        };
        let batch = begin_batch(db, stamp)?;
        Ok(Some(ServerLoad {
            server,
            held,
            batch,
            source: source.as_str(),
            on: stamp.on.to_string(),
            customers: Vec::new(),
            seen_tpids: HashSet::new(),
            seen_ids: HashSet::new(),
            seen_domains: HashSet::new(),
            last_tpid: None,
            inserted: 0,
        }))
    }

    /// Stream the tenants `feed` gives to `put` into the table; whether
    /// `feed` gave them all (`false`: give up). `put` answers `false` for a
    /// row the general path must handle.
    pub fn tenants(
        &mut self,
        feed: impl FnOnce(&mut dyn FnMut(Row, Option<StoredKeys>) -> Result<bool>) -> Result<bool>,
    ) -> Result<bool> {
        let mut got = false;
        let ServerLoad {
            server,
            batch,
            source,
            on,
            customers,
            seen_tpids,
            seen_ids,
            seen_domains,
            last_tpid,
            inserted,
            ..
        } = self;
        server.copy_in(
            "tenants",
            "tenant_id, domain, customer_id, region, seats, country, source, managed, added_on, added_by",
            |c| {
                let mut put = |r: Row, keys: Option<StoredKeys>| -> Result<bool> {
                    match keys {
                        // A TPID met again, apart from its first rows or
                        // under another name: the general path names it.
                        Some(_) if !seen_tpids.insert(r.tpid) => return Ok(false),
                        Some(k) => {
                            *last_tpid = Some(r.tpid);
                            customers.push((r.tpid, r.customer.clone(), k));
                        }
                        None if *last_tpid != Some(r.tpid) => return Ok(false),
                        None => {}
                    }
                    if !seen_ids.insert(r.tenant_id.clone()) || !seen_domains.insert(r.domain.clone()) {
                        return Ok(false);
                    }
                    c.text(Some(&r.tenant_id))
                        .text(Some(&r.domain))
                        .int(Some(r.tpid))
                        .text(Some(r.region.as_str()))
                        .int(Some(r.seats))
                        .text(r.country.as_deref())
                        .text(Some(source))
                        .int(Some(i64::from(r.managed.unwrap_or(true))))
                        .text(Some(on))
                        .int(Some(*batch));
                    c.end()?;
                    *inserted += 1;
                    Ok(true)
                };
                got = feed(&mut put)?;
                Ok(())
            },
        )?;
        Ok(got)
    }

    /// Write the customers and the word counts `words` gives (`None`: give
    /// up, `false`), build the indexes and check the references, close the
    /// history entry.
    pub fn finish(self, words: impl FnOnce() -> Option<WordCounts>) -> Result<bool> {
        let s = self.server;
        let Some((names, words)) = words() else {
            return Ok(false);
        };
        anyhow::ensure!(
            names == self.customers.len() as u64,
            "bulk load: {names} names keyed for {} customers",
            self.customers.len()
        );
        s.copy_in(
            "customers",
            "id, tpid, name, norm_name, key_suffix, initials, key_prefix",
            |c| {
                for (tpid, name, k) in &self.customers {
                    c.int(Some(*tpid))
                        .int(Some(*tpid))
                        .text(Some(name))
                        .text(Some(&k.norm))
                        .text(Some(&k.suffix))
                        .text(k.initials.as_deref())
                        .text(Some(&k.prefix));
                    c.end()?;
                }
                Ok(())
            },
        )?;
        // Later customers take IDs above the TPIDs written here.
        s.batch(
            "SELECT setval(pg_get_serial_sequence('customers', 'id'), coalesce(max(id), 0) + 1, false)
               FROM customers",
        )?;
        super::customers::save_word_counts(s.into(), names, &words)?;
        restore_checks(s.into(), Some(self.held))?;
        end_batch(s.into(), self.batch, self.inserted)?;
        Ok(true)
    }
}

/// Whether the database has neither tenants nor customers, so a feed can
/// be loaded in bulk from scratch.
pub fn is_empty(db: Db) -> Result<bool> {
    db.query_one(
        "SELECT NOT EXISTS (SELECT 1 FROM tenants) AND NOT EXISTS (SELECT 1 FROM customers)",
        args![],
        |r| r.get(0),
    )
}

/// The indexes a bulk load drops and builds again once at the end: those
/// whose values arrive in no useful order (the others grow at their end
/// during a load, which is cheap).
const BULK_INDEXES: [&str; 2] = ["tenants_tenant_id", "tenants_domain"];

/// How many names a bulk load keyed, and in how many of them each word is
/// (the words in order).
pub type WordCounts = (u64, Vec<(String, u64)>);

/// Tenants per INSERT of a bulk load: one statement per row spends most
/// of its time opening and closing the table's and indexes' cursors.
const CHUNK: usize = 64;

/// Customers per INSERT of a bulk load: more, because their unique TPID
/// index has SQLite copy every page a statement changes to a statement
/// journal first (in case the statement fails), and fewer statements
/// change each page fewer times.
const CUSTOMER_CHUNK: usize = 512;

/// A feed loaded into an empty database without staging: customers keyed
/// by their TPID (named as on their last line), tenants in file order, one
/// history entry for them all, written `CUSTOMER_CHUNK` and `CHUNK` rows
/// per statement.
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
    /// The statements that write customers and tenants, their texts read
    /// in place (see `store::in_place`).
    customer_chunk: Chunked<'c>,
    tenant_chunk: Chunked<'c>,
    /// The TPIDs whose customer is written (or about to be).
    written: HashSet<i64, BuildHasherDefault<Fnv>>,
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
        let batch = begin_batch(tx.into(), stamp)?;
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
            customers: Vec::with_capacity(CUSTOMER_CHUNK),
            customer_chunk: Chunked::prepare(tx, CUSTOMER_CHUNK, insert_customers)?,
            tenant_chunk: Chunked::prepare(tx, CHUNK, insert_tenants)?,
            // Room for a feed of 100,000-odd customers: growing the set
            // rehashes every TPID again.
            written: HashSet::with_capacity_and_hasher(1 << 17, Default::default()),
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
    pub fn add(&mut self, mut r: Row, customer: Option<StoredKeys>) -> Result<()> {
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
            if self.written.insert(r.tpid) {
                // The name goes with the customer: a tenant's row is
                // written without it.
                let name = std::mem::take(&mut r.customer);
                self.customers.push((r.tpid, name, keys));
                if self.customers.len() == CUSTOMER_CHUNK {
                    self.flush_customers()?;
                }
            } else {
                // Its rows apart, or renamed within the feed: the last
                // name given wins (`finish` keys the names again).
                self.flush_customers()?;
                self.tx
                    .prepare_cached(
                        "UPDATE customers SET name = ?2, norm_name = ?3, key_suffix = ?4,
                             initials = ?5, key_prefix = ?6
                         WHERE id = ?1 AND name <> ?2",
                    )?
                    .execute(rusqlite::params![
                        r.tpid,
                        r.customer,
                        keys.norm,
                        keys.suffix,
                        keys.initials,
                        keys.prefix
                    ])?;
            }
        }
        self.tenants.push(r);
        if self.tenants.len() == CHUNK {
            self.flush_tenants()?;
        }
        Ok(())
    }

    fn flush_customers(&mut self) -> Result<()> {
        if self.customers.is_empty() {
            return Ok(());
        }
        let params = self.customers.iter().flat_map(|(tpid, name, k)| {
            [
                Param::Int(*tpid),
                Param::Int(*tpid),
                name.as_str().into(),
                k.norm.as_str().into(),
                k.suffix.as_str().into(),
                k.initials.as_deref().into(),
                k.prefix.as_str().into(),
            ]
        });
        self.customer_chunk.run(self.customers.len(), params)?;
        self.customers.clear();
        Ok(())
    }

    fn flush_tenants(&mut self) -> Result<()> {
        if self.tenants.is_empty() {
            return Ok(());
        }
        // What every row shares is bound once (see `insert_tenants`).
        let shared = [
            Param::Text(self.source),
            Param::Text(&self.on),
            Param::Int(self.batch),
        ];
        let rows = self.tenants.iter().flat_map(|r| {
            [
                r.tenant_id.as_str().into(),
                r.domain.as_str().into(),
                Param::Int(r.tpid),
                r.region.as_str().into(),
                Param::Int(r.seats),
                r.country.as_deref().into(),
                r.managed.unwrap_or(true).into(),
            ]
        });
        let params = shared.into_iter().chain(rows);
        self.tenant_chunk.run(self.tenants.len(), params)?;
        self.inserted += self.tenants.len() as u64;
        self.tenants.clear();
        Ok(())
    }

    /// Write the customers' IDs by name key (gathered for the customers
    /// given to `add`, on another thread: see `KeyLists`).
    pub fn write_lists(&mut self, lists: ListRows) -> Result<()> {
        lists.write(self.tx)
    }

    /// Write what is left, build the unique indexes, save the word counts
    /// of the names given to `add` (`words` gives them once the indexes
    /// are built, so they can be worked out meanwhile) and close the
    /// history entry. `false` when the feed repeats a tenant ID or a
    /// domain, or `words` gives none (the caller rolls back).
    pub fn finish(mut self, words: impl FnOnce() -> Option<WordCounts>) -> Result<bool> {
        self.flush_customers()?;
        self.flush_tenants()?;
        if !build_indexes(self.tx, &self.indexes)? {
            return Ok(false);
        }
        let Some((names, words)) = words() else {
            return Ok(false);
        };
        // A TPID written twice (its rows apart, or renamed within the feed)
        // is one customer but two names counted: count again from the table.
        let customers: i64 = self
            .tx
            .query_row("SELECT count(*) FROM customers", [], |r| r.get(0))?;
        // The key lists then hold the first name's keys too: written again.
        if customers as u64 != self.names || names != self.names {
            super::customers::rebuild_name_keys(self.tx)?;
            super::customers::rebuild_key_lists(self.tx)?;
        } else {
            super::customers::save_word_counts(self.tx.into(), names, &words)?;
        }
        end_batch(self.tx.into(), self.batch, self.inserted)?;
        Ok(true)
    }
}

/// Build the indexes a bulk load dropped: `false` when a unique one finds
/// a value twice.
fn build_indexes(tx: &Connection, indexes: &[String]) -> Result<bool> {
    for sql in indexes {
        match tx.execute_batch(sql) {
            Ok(()) => {}
            Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::ConstraintViolation) => {
                return Ok(false)
            }
            Err(e) => return Err(e.into()),
        }
    }
    Ok(true)
}

/// The statement that writes `rows` customers of a bulk load.
fn insert_customers(rows: usize) -> String {
    format!(
        "INSERT OR FAIL INTO customers (id, tpid, name, norm_name, key_suffix, initials, key_prefix) VALUES {}",
        placeholders(rows, 7)
    )
}

/// The statement that writes `rows` tenants of a bulk load: `?1` the
/// source, `?2` the day and `?3` the import's history entry, which every
/// row shares, then seven parameters a row.
fn insert_tenants(rows: usize) -> String {
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
}

/// `(?, ?, ...), (...)`: `rows` groups of `columns` parameters.
fn placeholders(rows: usize, columns: usize) -> String {
    let one = format!("({})", vec!["?"; columns].join(", "));
    vec![one; rows].join(", ")
}

/// Every tenant with a tenant ID, by the fingerprint of that ID. `None`
/// when two IDs share a fingerprint (so the caller takes the general path).
pub fn images(db: Db) -> Result<Option<std::collections::HashMap<u128, Image>>> {
    const SQL: &str =
        "SELECT t.tenant_id, t.domain, c.tpid, c.name, t.region, t.seats, t.managed, t.country
         FROM tenants t LEFT JOIN customer_pins p ON p.tenant_id = t.id
         JOIN customers c ON c.id = coalesce(p.feed_customer, t.customer_id)
         WHERE t.tenant_id IS NOT NULL";
    let count: i64 = db.query_one("SELECT count(*) FROM tenants", args![], |r| r.get(0))?;
    let mut map = std::collections::HashMap::with_capacity(count as usize);
    // One tenant's image under its key; `false` when the key was taken.
    #[allow(clippy::too_many_arguments)]
    let mut add = |tenant_id: &str,
                   domain: &str,
                   tpid: Option<i64>,
                   name: &str,
                   region: Option<&str>,
                   seats: Option<i64>,
                   managed: bool,
                   country: Option<String>| {
        let values = match (tpid, region, seats) {
            (Some(tpid), Some(region), Some(seats)) => Some(
                crate::domain::feed::values_fingerprint(domain, tpid, name, region, seats),
            ),
            _ => None,
        };
        let key = crate::domain::feed::fingerprint(tenant_id);
        map.insert(key, Image::new(values, managed, country))
            .is_none()
    };
    let mut unique = true;
    match db {
        // The file's rows read in place, without a copy of each text.
        Db::Sqlite(c) => {
            let mut st = c.prepare(SQL)?;
            let mut rows = st.query([])?;
            while let Some(r) = rows.next()? {
                let region: Option<String> = r.get(4)?;
                if !add(
                    r.get_ref(0)?.as_str()?,
                    r.get_ref(1)?.as_str()?,
                    r.get(2)?,
                    r.get_ref(3)?.as_str()?,
                    region.as_deref(),
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                ) {
                    unique = false;
                    break;
                }
            }
        }
        Db::Server(_) => db.each(SQL, args![], |r| {
            let region: Option<String> = r.get(4)?;
            unique &= add(
                &r.get::<String>(0)?,
                &r.get::<String>(1)?,
                r.get(2)?,
                &r.get::<String>(3)?,
                region.as_deref(),
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
            );
            Ok(())
        })?,
    }
    Ok(unique.then_some(map))
}
