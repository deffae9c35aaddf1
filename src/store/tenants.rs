//! Tenants: reading, writing and looking them up by reference.

use super::sql::{self, Arg, Db};
use crate::args;
use crate::domain::standing::GobackMark;
use crate::domain::tenant::Source;
use crate::domain::values::{looks_like_guid, stored_date, Region};
use crate::error::{refused, Result};
use chrono::NaiveDate;
use rusqlite::types::ValueRef;
use rusqlite::{named_params, Connection, Row};

#[derive(Debug, Clone, PartialEq)]
pub struct Tenant {
    pub id: i64,
    pub tenant_id: Option<String>,
    pub domain: String,
    pub customer_id: i64,
    pub customer: String,
    pub tpid: Option<i64>,
    pub region: Option<Region>,
    pub seats: Option<i64>,
    pub country: Option<String>,
    pub source: Source,
    pub fm: Option<String>,
    pub managed: bool,
    pub winner: bool,
    pub covid_rfa: bool,
    pub goback_on: Option<NaiveDate>,
    pub wants_ftc: Option<bool>,
    pub duplicate_invalid: bool,
    pub added_on: NaiveDate,
    /// NULL until the first outreach; then `open` or `done` (see the agenda).
    pub cadence_state: Option<String>,
    /// For a GoBack tenant: what was recorded before it was marked.
    pub goback_mark: GobackMark,
}

const SELECT: &str = "SELECT t.id, t.tenant_id, t.domain, t.customer_id, c.name, c.tpid, t.region,
        t.seats, t.country, t.source, t.fm, t.managed, t.winner_of IS NOT NULL, t.covid_rfa, t.goback_on,
        t.wants_ftc, t.duplicate_invalid, t.added_on, t.cadence_state, t.goback_events_mark
     FROM tenants t JOIN customers c ON c.id = t.customer_id";

/// A text column as a slice of the row (no copy); NULL as None. A value
/// of another type fails as `Row::get::<Option<String>>` would.
fn text<'r>(r: &'r Row, i: usize) -> rusqlite::Result<Option<&'r str>> {
    match r.get_ref(i)? {
        ValueRef::Null => Ok(None),
        ValueRef::Text(b) => std::str::from_utf8(b).map(Some).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
        }),
        _ => r.get::<_, Option<String>>(i).map(|_| None),
    }
}

/// Column `i`'s text (see [`text`]) as a date.
fn parse_date(text: Option<&str>, i: usize) -> rusqlite::Result<Option<NaiveDate>> {
    text.map(|s| {
        stored_date(s).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
        })
    })
    .transpose()
}

/// A stored region: the three values the schema allows, read without the
/// lowercasing `Region::from_str` does for typed input.
fn region(s: &str) -> Option<Region> {
    match s {
        "americas" => Some(Region::Americas),
        "emea" => Some(Region::Emea),
        "apj" => Some(Region::Apj),
        other => other.parse().ok(),
    }
}

/// A tenant's row (`SELECT`'s columns), on either engine.
fn tenant_row(r: &sql::Row) -> Result<Tenant> {
    let source: String = r.get(9)?;
    let region: Option<String> = r.get(6)?;
    Ok(Tenant {
        id: r.get(0)?,
        tenant_id: r.get(1)?,
        domain: r.get(2)?,
        customer_id: r.get(3)?,
        customer: r.get(4)?,
        tpid: r.get(5)?,
        region: region.as_deref().and_then(self::region),
        seats: r.get(7)?,
        country: r.get(8)?,
        source: source
            .parse()
            .map_err(|_| anyhow::anyhow!("a stored tenant's source '{source}'"))?,
        fm: r.get(10)?,
        managed: r.get(11)?,
        winner: r.get(12)?,
        covid_rfa: r.get(13)?,
        goback_on: r.get(14)?,
        wants_ftc: r.get(15)?,
        duplicate_invalid: r.get(16)?,
        added_on: r.get(17)?,
        cadence_state: r.get(18)?,
        goback_mark: GobackMark { events: r.get(19)? },
    })
}

fn one(db: Db, clause: &str, value: &dyn Arg) -> Result<Option<Tenant>> {
    db.first(&format!("{SELECT} WHERE {clause}"), &[value], tenant_row)
}

pub fn get_tenant<'c>(db: impl Into<Db<'c>>, id: i64) -> Result<Option<Tenant>> {
    one(db.into(), "t.id = ?1", &id)
}

/// Tenants by ID through one prepared statement, for many lookups in a
/// row ([`get_tenant`] finds its statement in the cache each time).
pub struct TenantsById<'c>(rusqlite::CachedStatement<'c>);

impl<'c> TenantsById<'c> {
    pub fn new(conn: &'c Connection) -> Result<TenantsById<'c>> {
        Ok(TenantsById(
            conn.prepare_cached(&format!("{SELECT} WHERE t.id = ?1"))?,
        ))
    }

    pub fn get(&mut self, id: i64) -> Result<Option<Tenant>> {
        let mut rows = self.0.query([id])?;
        match rows.next()? {
            Some(r) => Ok(Some(tenant_row(&sql::Row::Sqlite(r))?)),
            None => Ok(None),
        }
    }
}

pub fn get_tenant_by_tenant_id<'c>(db: impl Into<Db<'c>>, guid: &str) -> Result<Option<Tenant>> {
    one(db.into(), "t.tenant_id = ?1", &guid)
}

pub fn get_tenant_by_domain<'c>(db: impl Into<Db<'c>>, domain: &str) -> Result<Option<Tenant>> {
    one(db.into(), "t.domain = ?1", &domain)
}

/// Find a tenant by domain, unique first label, or tenant ID
/// (case-insensitive). Unknown or ambiguous references are refusals.
pub fn resolve_tenant<'c>(db: impl Into<Db<'c>>, reference: &str) -> Result<Tenant> {
    let db = db.into();
    let r = reference.trim().trim_end_matches('.').to_ascii_lowercase();
    let r = r.trim_start_matches('{').trim_end_matches('}').to_string();
    if looks_like_guid(&r) {
        if let Some(t) = get_tenant_by_tenant_id(db, &r)? {
            return Ok(t);
        }
    } else if r.contains('.') {
        if let Some(t) = get_tenant_by_domain(db, &r)? {
            return Ok(t);
        }
    } else {
        // Domains whose first label is `r` sort between "r." and "r/".
        let hits: Vec<Tenant> = db.all(
            &format!(
                "{SELECT} WHERE t.domain >= ?1 || '.' AND t.domain < ?1 || '/' ORDER BY t.domain LIMIT 6"
            ),
            args![r],
            tenant_row,
        )?;
        match hits.len() {
            1 => return Ok(hits.into_iter().next().expect("one hit")),
            0 => {}
            _ => {
                let names: Vec<&str> = hits.iter().take(5).map(|t| t.domain.as_str()).collect();
                return Err(
                    refused(format!("'{reference}' matches more than one tenant"))
                        .with_hint(format!("use the full domain: {}", names.join(", ")))
                        .into(),
                );
            }
        }
    }
    // Nothing: suggest domains that start like the reference.
    let stem = r.split('.').next().unwrap_or("").to_string();
    let near: Vec<String> = db.all(
        "SELECT domain FROM tenants WHERE domain >= ?1 AND domain < ?1 || '~' ORDER BY domain LIMIT 3",
        args![stem.chars().take(3).collect::<String>()],
        |r| r.get(0),
    )?;
    let err = refused(format!("no tenant '{reference}'"));
    Err(if near.is_empty() {
        err.with_hint(
            "`ftc tenant list` shows the tenants; refer to one by domain, first label or tenant ID",
        )
    } else {
        err.with_hint(format!("did you mean {}?", near.join(", ")))
    }
    .into())
}

/// The fields of a new tenant.
#[derive(Debug, Clone)]
pub struct NewTenant<'a> {
    pub tenant_id: Option<&'a str>,
    pub domain: &'a str,
    pub customer_id: i64,
    pub region: Option<Region>,
    pub seats: Option<i64>,
    pub country: Option<&'a str>,
    pub source: Source,
    pub fm: Option<&'a str>,
    pub managed: bool,
    pub goback_on: Option<NaiveDate>,
    pub added_on: NaiveDate,
}

pub fn insert_tenant<'c>(db: impl Into<Db<'c>>, t: &NewTenant) -> Result<i64> {
    db.into().insert(
        "INSERT INTO tenants (tenant_id, domain, customer_id, region, seats, country, source,
                              fm, managed, goback_on, added_on)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        args![
            t.tenant_id,
            t.domain,
            t.customer_id,
            t.region.map(Region::as_str),
            t.seats,
            t.country,
            t.source.as_str(),
            t.fm,
            t.managed,
            t.goback_on,
            t.added_on,
        ],
    )
}

/// Write back every mutable field of a tenant.
pub fn update_tenant<'c>(db: impl Into<Db<'c>>, t: &Tenant) -> Result<()> {
    db.into().execute(
        "UPDATE tenants SET tenant_id = ?2, domain = ?3, customer_id = ?4, region = ?5,
            seats = ?6, country = ?7, fm = ?8, managed = ?9,
            winner_of = CASE WHEN ?10 = 1 THEN CAST(?4 AS BIGINT) END, covid_rfa = ?11,
            goback_on = ?12, wants_ftc = ?13, duplicate_invalid = ?14
         WHERE id = ?1",
        args![
            t.id,
            t.tenant_id,
            t.domain,
            t.customer_id,
            t.region.map(Region::as_str),
            t.seats,
            t.country,
            t.fm,
            t.managed,
            t.winner,
            t.covid_rfa,
            t.goback_on,
            t.wants_ftc,
            t.duplicate_invalid,
        ],
    )?;
    Ok(())
}

/// Clear the winner flag on the other tenants of a customer; returns the
/// domains it was cleared on.
pub fn clear_other_winners<'c>(
    db: impl Into<Db<'c>>,
    customer_id: i64,
    keep: i64,
) -> Result<Vec<String>> {
    db.into().all(
        "UPDATE tenants SET winner_of = NULL WHERE winner_of = ?1 AND id <> ?2 RETURNING domain",
        args![customer_id, keep],
        |r| r.get(0),
    )
}

/// The FMs already working a customer, most tenants first.
pub fn customer_fms<'c>(db: impl Into<Db<'c>>, customer_id: i64) -> Result<Vec<String>> {
    db.into().all(
        "SELECT fm FROM tenants WHERE customer_id = ?1 AND fm IS NOT NULL
         GROUP BY fm ORDER BY count(*) DESC, fm",
        args![customer_id],
        |r| r.get(0),
    )
}

/// Filters for `tenant list`; eligibility is decided by the caller's rule,
/// expressed here as the minimum seats for non-exception tenants.
#[derive(Debug, Clone, Default)]
pub struct TenantFilter {
    pub region: Option<Region>,
    pub fm: Option<String>,
    pub customer_contains: Option<String>,
    pub customer_id: Option<i64>,
}

pub fn list_tenants<'c>(db: impl Into<Db<'c>>, f: &TenantFilter) -> Result<Vec<Tenant>> {
    let db = db.into();
    // Only the filters given go into the SQL, so that SQLite can use an
    // index for them (a `?1 IS NULL OR ...` clause would scan every row).
    let mut clauses: Vec<&str> = Vec::new();
    let mut values: Vec<&dyn Arg> = Vec::new();
    let region = f.region.map(Region::as_str);
    if let Some(r) = &region {
        clauses.push("t.region = ?");
        values.push(r);
    }
    if let Some(fm) = &f.fm {
        clauses.push("t.fm = ? COLLATE NOCASE");
        values.push(fm);
    }
    if let Some(c) = &f.customer_contains {
        // A substring, taken literally (LIKE would read % and _).
        clauses.push(if db.is_server() {
            "strpos(lower(c.name), lower(?)) > 0"
        } else {
            "instr(lower(c.name), lower(?)) > 0"
        });
        values.push(c);
    }
    if let Some(id) = &f.customer_id {
        clauses.push("t.customer_id = ?");
        values.push(id);
    }
    let filter = if clauses.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", clauses.join(" AND "))
    };
    db.all(
        &format!("{SELECT}{filter} ORDER BY t.domain"),
        &values,
        tenant_row,
    )
}

/// The tenants of the given customers (for duplicate candidates).
pub fn tenants_of_customer<'c>(db: impl Into<Db<'c>>, customer_id: i64) -> Result<Vec<Tenant>> {
    list_tenants(
        db,
        &TenantFilter {
            customer_id: Some(customer_id),
            ..Default::default()
        },
    )
}

/// How many tenants there are (of FM `fm`, when given): all of them from
/// the pages of an index (SQLite counts a page's entries without reading
/// them), one FM's by stepping through its entries of `tenants_agenda`.
pub fn count_tenants<'c>(db: impl Into<Db<'c>>, fm: Option<&str>) -> Result<usize> {
    let db = db.into();
    let n: i64 = match fm {
        Some(fm) => db.query_one(
            "SELECT count(*) FROM tenants WHERE fm = ?1 COLLATE NOCASE",
            args![fm],
            |r| r.get(0),
        )?,
        None => db.query_one("SELECT count(*) FROM tenants", args![], |r| r.get(0))?,
    };
    Ok(usize::try_from(n).unwrap_or(0))
}

/// What the agenda's readiness test (`domain::assignment::may_be_ready`)
/// reads of a tenant's row.
pub struct ReadyFacts {
    pub id: i64,
    pub source: Source,
    pub seats: Option<i64>,
    /// Marked duplicate, wanting FTC help, the cadence over, or GoBack.
    pub flagged: bool,
}

/// A tenant the agenda looks at: the few columns it needs of every one
/// (the whole row is read by ID, [`TenantsById`], where more is needed),
/// and why it is looked at.
pub struct AgendaTenant {
    pub id: i64,
    pub domain: String,
    pub fm: Option<String>,
    pub seats: Option<i64>,
    pub source: Source,
    pub managed: bool,
    pub region: Option<Region>,
    pub added_on: NaiveDate,
    /// Marked GoBack.
    pub goback: bool,
    /// Its stored next step is due by the horizon, or it has had no
    /// outreach and was added by then.
    pub due: bool,
    /// It may be ready for an assignment option (the caller's test).
    pub ready: bool,
}

/// The agenda's tenants, in one read: those whose stored next step is due
/// by `horizon`, or that have had no outreach and were added by then, and
/// those `may_be_ready` says may be ready for an assignment option;
/// narrowed by FM (read through the `tenants_agenda` index) and region.
/// Each is handed to `each` as it is read.
pub fn agenda_tenants(
    conn: &Connection,
    horizon: NaiveDate,
    fm: Option<&str>,
    region: Option<Region>,
    may_be_ready: impl Fn(&ReadyFacts) -> bool,
    mut each: impl FnMut(AgendaTenant) -> Result<()>,
) -> Result<()> {
    // Only the columns the agenda needs of every tenant: each one read
    // costs about as much as SQLite's whole step over the row. So the
    // small ones come packed in one number (the schema's CHECKs bound
    // their values), and whether a tenant is due or may be ready is
    // decided here from its columns as stored (dates compared as text,
    // as SQL would) rather than by SQL twice over, to filter and to say.
    let mut sql = format!(
        "SELECT {}, t.added_on, t.id, t.domain, t.fm, t.seats FROM tenants t",
        flags::SQL
    );
    sql.push_str(if fm.is_some() {
        " WHERE t.fm = :fm COLLATE NOCASE"
    } else {
        " WHERE :fm IS NULL"
    });
    sql.push_str(if region.is_some() {
        " AND t.region = :region"
    } else {
        " AND :region IS NULL"
    });
    let mut st = conn.prepare_cached(&sql)?;
    let mut rows = st.query(named_params! {
        ":fm": fm,
        ":region": region.map(Region::as_str),
    })?;
    let horizon = horizon.to_string();
    while let Some(r) = rows.next()? {
        let f = flags::Flags(r.get(0)?);
        // May have a contact due: no outreach yet and added by the
        // horizon, or a cadence still open. The due date itself is the
        // standing's, worked out now: a stored date would miss a change of
        // the calendar or the reply windows in the config.
        let added_on = text(r, 1)?;
        let due = if f.has(flags::NO_OUTREACH) {
            added_on.is_some_and(|a| a <= horizon.as_str())
        } else {
            !f.has(flags::CADENCE_DONE)
        };
        let id: i64 = r.get(2)?;
        let seats: Option<i64> = r.get(5)?;
        let source = f.source();
        let ready = may_be_ready(&ReadyFacts {
            id,
            source,
            seats,
            flagged: f.flagged(),
        });
        if !due && !ready {
            continue;
        }
        each(AgendaTenant {
            id,
            domain: r.get(3)?,
            fm: r.get(4)?,
            seats,
            source,
            managed: f.has(flags::MANAGED),
            region: f.region(),
            added_on: parse_date(added_on, 1)?.unwrap_or_default(),
            goback: f.has(flags::GOBACK),
            due,
            ready,
        })?;
    }
    Ok(())
}

/// The small columns the agenda reads of every tenant, packed by SQL into
/// one number (reading a column costs about as much as SQLite's whole
/// step over the row); the schema's CHECKs bound their values.
mod flags {
    use crate::domain::tenant::Source;
    use crate::domain::values::Region;

    /// Marked a duplicate or invalid tenant.
    pub const DUPLICATE: i64 = 1;
    /// The customer asked for FastTrack Center help.
    pub const WANTS_FTC: i64 = 1 << 1;
    /// The cadence is over (`cadence_state = 'done'`).
    pub const CADENCE_DONE: i64 = 1 << 2;
    /// Marked GoBack.
    pub const GOBACK: i64 = 1 << 3;
    /// No outreach yet (no cadence state).
    pub const NO_OUTREACH: i64 = 1 << 4;
    pub const MANAGED: i64 = 1 << 5;
    /// The source: commerce (neither bit), exception, RFA.
    pub const EXCEPTION: i64 = 1 << 6;
    pub const RFA: i64 = 1 << 7;
    /// The region in bits 8 and 9: 1 americas, 2 emea, 3 apj, 0 none.
    pub const REGION_SHIFT: u32 = 8;

    /// The SQL that packs a row `t` of `tenants` into its flags.
    pub const SQL: &str = "((t.duplicate_invalid IS 1) | ((t.wants_ftc IS 1) << 1)
        | (CASE WHEN t.cadence_state IS NULL THEN 16
                WHEN t.cadence_state = 'done' THEN 4 ELSE 0 END)
        | ((t.goback_on IS NOT NULL) << 3) | ((t.managed <> 0) << 5)
        | (CASE t.source WHEN 'commerce' THEN 0 WHEN 'exception' THEN 64 ELSE 128 END)
        | (CASE t.region WHEN 'americas' THEN 256 WHEN 'emea' THEN 512
                         WHEN 'apj' THEN 768 ELSE 0 END))";

    #[derive(Debug, Clone, Copy)]
    pub struct Flags(pub i64);

    impl Flags {
        pub fn has(self, bit: i64) -> bool {
            self.0 & bit != 0
        }

        /// Marked duplicate, wanting FTC help, the cadence over, GoBack:
        /// what the readiness test must look at more closely.
        pub fn flagged(self) -> bool {
            self.has(DUPLICATE | WANTS_FTC | CADENCE_DONE | GOBACK)
        }

        pub fn source(self) -> Source {
            if self.has(EXCEPTION) {
                Source::Exception
            } else if self.has(RFA) {
                Source::Rfa
            } else {
                Source::Commerce
            }
        }

        pub fn region(self) -> Option<Region> {
            match (self.0 >> REGION_SHIFT) & 3 {
                1 => Some(Region::Americas),
                2 => Some(Region::Emea),
                3 => Some(Region::Apj),
                _ => None,
            }
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;
        use rusqlite::Connection;

        /// The SQL packs each column into the bit its constant names.
        #[test]
        fn each_column_lands_in_its_named_bit() {
            let c = Connection::open_in_memory().unwrap();
            c.execute_batch(
                "CREATE TABLE tenants (duplicate_invalid, wants_ftc, cadence_state, goback_on,
                                       managed, source, region)",
            )
            .unwrap();
            let pack = |row: &str| -> Flags {
                c.execute("DELETE FROM tenants", []).unwrap();
                c.execute(&format!("INSERT INTO tenants VALUES ({row})"), [])
                    .unwrap();
                Flags(
                    c.query_row(&format!("SELECT {SQL} FROM tenants t"), [], |r| r.get(0))
                        .unwrap(),
                )
            };
            let plain = pack("0, NULL, 'open', NULL, 0, 'commerce', NULL");
            assert_eq!(plain.0, 0);
            assert_eq!(plain.source(), Source::Commerce);
            assert_eq!(plain.region(), None);
            assert!(!plain.flagged());
            for (row, bit) in [
                ("1, NULL, 'open', NULL, 0, 'commerce', NULL", DUPLICATE),
                ("0, 1, 'open', NULL, 0, 'commerce', NULL", WANTS_FTC),
                ("0, NULL, 'done', NULL, 0, 'commerce', NULL", CADENCE_DONE),
                ("0, NULL, 'open', '2027-01-01', 0, 'commerce', NULL", GOBACK),
                ("0, NULL, NULL, NULL, 0, 'commerce', NULL", NO_OUTREACH),
                ("0, NULL, 'open', NULL, 1, 'commerce', NULL", MANAGED),
                ("0, NULL, 'open', NULL, 0, 'exception', NULL", EXCEPTION),
                ("0, NULL, 'open', NULL, 0, 'rfa', NULL", RFA),
            ] {
                assert_eq!(pack(row).0, bit, "{row}");
            }
            assert_eq!(
                pack("0, NULL, 'open', NULL, 0, 'exception', NULL").source(),
                Source::Exception
            );
            assert_eq!(
                pack("0, NULL, 'open', NULL, 0, 'rfa', NULL").source(),
                Source::Rfa
            );
            for (region, want) in [
                ("'americas'", Region::Americas),
                ("'emea'", Region::Emea),
                ("'apj'", Region::Apj),
            ] {
                let f = pack(&format!("0, NULL, 'open', NULL, 0, 'commerce', {region}"));
                assert_eq!(f.region(), Some(want));
            }
            let all = pack("1, 1, 'done', '2027-01-01', 1, 'rfa', 'apj'");
            assert!(all.flagged() && all.has(MANAGED) && all.source() == Source::Rfa);
            assert_eq!(all.region(), Some(Region::Apj));
        }
    }
}

/// Mark a tenant GoBack: what is recorded from now on belongs to its new
/// engagement (the marks are the last cadence event, note and history
/// entry recorded so far).
pub fn mark_goback<'c>(db: impl Into<Db<'c>>, id: i64) -> Result<()> {
    db.into().execute(
        "UPDATE tenants SET goback_events_mark = (SELECT max(id) FROM cadence_events),
                goback_notes_mark = (SELECT max(id) FROM notes),
                goback_history_mark = (SELECT max(id) FROM history)
         WHERE id = ?1",
        args![id],
    )?;
    Ok(())
}
