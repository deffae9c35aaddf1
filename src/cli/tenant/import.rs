//! `ftc tenant import`: the commerce feed, streamed into one transaction.

use crate::cli::Ctx;
use crate::domain::feed::{parse_header, Row};
use crate::domain::tenant::{is_eligible, Source};
use crate::error::{invalid, Failure, Result};
use crate::render;
use crate::store::history::{record, Stamp};
use crate::store::tenants::label_of;
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use std::io::{BufReader, Read, Write};
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The feed: CSV with a header row (tenant_id, domain, customer, tpid, region, seats;
    /// managed and country optional). `-` reads standard input.
    pub file: PathBuf,
    /// The source recorded on new tenants
    #[arg(long, value_enum, default_value = "commerce")]
    pub source: Source,
    /// Import the valid rows and report the invalid ones (default: one bad row refuses the file)
    #[arg(long)]
    pub skip_invalid: bool,
    /// Check and count everything, write nothing
    #[arg(short = 'n', long)]
    pub dry_run: bool,
}

#[derive(Debug, Serialize)]
pub struct Rejected {
    pub line: u64,
    pub error: String,
}

#[derive(Debug, Default, Serialize)]
pub struct Summary {
    pub inserted: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub rejected: Vec<Rejected>,
    pub ineligible: u64,
    pub dry_run: bool,
}

pub fn run(ctx: &Ctx, out: &mut dyn Write, a: ImportArgs) -> Result<()> {
    let stdin = a.file.as_os_str() == "-";
    let (input, size): (Box<dyn Read>, Option<u64>) = if stdin {
        (Box::new(std::io::stdin().lock()), None)
    } else {
        let f = std::fs::File::open(&a.file)
            .map_err(|e| invalid(format!("cannot read {}: {e}", a.file.display())))?;
        let size = f.metadata().ok().map(|m| m.len());
        (Box::new(f), size)
    };
    import_from(ctx, out, input, size, &a)
}

/// Import a feed from any reader (the demo feeds its built-in fixtures here).
pub fn import_from(ctx: &Ctx, out: &mut dyn Write, input: Box<dyn Read>, size: Option<u64>, a: &ImportArgs) -> Result<()> {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .buffer_capacity(1 << 16)
        .from_reader(BufReader::with_capacity(1 << 16, input));

    let mut rec = csv::ByteRecord::new();
    let name = a.file.display().to_string();
    let got = rdr.read_byte_record(&mut rec).map_err(|e| csv_failure(&name, e))?;
    if !got {
        return Err(invalid(format!("{name} is empty: the feed needs a header row")).into());
    }
    let head: Vec<String> = rec.iter().map(|f| String::from_utf8_lossy(f).into_owned()).collect();
    let head_refs: Vec<&str> = head.iter().map(String::as_str).collect();
    let header = parse_header(&head_refs).map_err(|e| invalid(format!("{name}, line 1: {e}")))?;

    let bar = progress(ctx, size);
    let mut store = ctx.open_store()?;
    let tx = store.write()?;
    tx.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS import_seen (tenant_id TEXT PRIMARY KEY, line INTEGER) WITHOUT ROWID;
         DELETE FROM import_seen;",
    )?;
    let stamp = ctx.stamp();
    let mut sum = Summary { dry_run: a.dry_run, ..Default::default() };
    let min_seats = ctx.config.eligibility.min_seats;
    let mut n: u64 = 0;
    loop {
        match rdr.read_byte_record(&mut rec) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                // A broken record (e.g. bad quoting): report it and go on if the reader can.
                let line = e.position().map_or(0, |p| p.line());
                sum.rejected.push(Rejected { line, error: format!("unreadable CSV: {e}") });
                if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                    return Err(csv_failure(&name, e).into());
                }
                continue;
            }
        }
        let line = rec.position().map_or(0, |p| p.line());
        n += 1;
        if n % 4096 == 0 {
            if let (Some(b), Some(p)) = (&bar, rec.position()) {
                b.set_position(p.byte());
            }
        }
        if rec.len() == 1 && rec.get(0).is_some_and(|f| f.iter().all(u8::is_ascii_whitespace)) {
            continue; // a blank line
        }
        let fields: Vec<Option<&str>> = rec.iter().map(|f| std::str::from_utf8(f).ok()).collect();
        let row = match header.parse_row(&fields) {
            Ok(r) => r,
            Err(error) => {
                sum.rejected.push(Rejected { line, error });
                continue;
            }
        };
        match apply_row(&tx, &stamp, &row, line, a.source)? {
            Outcome::Inserted => sum.inserted += 1,
            Outcome::Updated => sum.updated += 1,
            Outcome::Unchanged => sum.unchanged += 1,
            Outcome::Rejected(error) => {
                sum.rejected.push(Rejected { line, error });
                continue;
            }
        }
        if !is_eligible(a.source, Some(row.seats), min_seats) {
            sum.ineligible += 1;
        }
    }
    tx.execute_batch("DELETE FROM import_seen")?;
    if let Some(b) = bar {
        b.finish_and_clear();
    }

    let strict_failure = !a.skip_invalid && !sum.rejected.is_empty();
    if strict_failure || a.dry_run {
        tx.rollback()?;
    } else {
        tx.commit()?;
    }

    if strict_failure {
        let listed: Vec<String> = sum
            .rejected
            .iter()
            .take(50)
            .map(|r| format!("  line {}: {}", r.line, r.error))
            .collect();
        let more = sum.rejected.len().saturating_sub(50);
        sum.inserted = 0;
        sum.updated = 0;
        sum.unchanged = 0;
        sum.ineligible = 0;
        if !ctx.is_table() {
            render::one(out, ctx.style, &sum)?;
        }
        let mut msg = format!(
            "{name} has {} invalid row{}; nothing was imported\n{}",
            sum.rejected.len(),
            if sum.rejected.len() == 1 { "" } else { "s" },
            listed.join("\n")
        );
        if more > 0 {
            msg.push_str(&format!("\n  ... and {more} more (see --format json)"));
        }
        return Err(Failure { code: crate::error::Code::Invalid, message: msg, hint: None }
            .with_hint("fix those rows, or pass --skip-invalid to import the valid ones")
            .into());
    }
    if a.dry_run {
        eprintln!("dry run: nothing was written");
    }
    for r in &sum.rejected {
        eprintln!("skipped line {}: {}", r.line, r.error);
    }
    render::one(out, ctx.style, &sum)
}

enum Outcome {
    Inserted,
    Updated,
    Unchanged,
    Rejected(String),
}

/// Upsert one valid row, keyed by tenant ID.
fn apply_row(tx: &Connection, stamp: &Stamp, row: &Row, line: u64, source: Source) -> Result<Outcome> {
    // The same tenant twice in one feed is a mistake in the feed.
    let first: Option<i64> = tx
        .prepare_cached("SELECT line FROM import_seen WHERE tenant_id = ?1")?
        .query_row([&row.tenant_id], |r| r.get(0))
        .optional()?;
    if let Some(first) = first {
        return Ok(Outcome::Rejected(format!("tenant_id {} is on line {first} already", row.tenant_id)));
    }
    tx.prepare_cached("INSERT INTO import_seen (tenant_id, line) VALUES (?1, ?2)")?
        .execute(params![row.tenant_id, line as i64])?;

    let existing = tx
        .prepare_cached(
            "SELECT t.id, t.domain, t.customer_id, t.region, t.seats, t.managed, t.country, c.tpid, c.name
             FROM tenants t JOIN customers c ON c.id = t.customer_id WHERE t.tenant_id = ?1",
        )?
        .query_row([&row.tenant_id], |r| {
            Ok(Existing {
                id: r.get(0)?,
                domain: r.get(1)?,
                customer_id: r.get(2)?,
                region: r.get(3)?,
                seats: r.get(4)?,
                managed: r.get(5)?,
                country: r.get(6)?,
                tpid: r.get(7)?,
                customer: r.get(8)?,
            })
        })
        .optional()?;

    let domain_owner: Option<(i64, Option<String>)> = tx
        .prepare_cached("SELECT id, tenant_id FROM tenants WHERE domain = ?1")?
        .query_row([&row.domain], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    if let Some((owner, owner_guid)) = &domain_owner {
        if existing.as_ref().is_none_or(|e| e.id != *owner) {
            return Ok(Outcome::Rejected(format!(
                "domain {} belongs to another tenant ({})",
                row.domain,
                owner_guid.as_deref().unwrap_or("no tenant ID")
            )));
        }
    }

    // The customer, by TPID: created on first sight, renamed when the feed says so.
    let customer: Option<(i64, String)> = tx
        .prepare_cached("SELECT id, name FROM customers WHERE tpid = ?1")?
        .query_row([row.tpid], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let mut changes: Vec<String> = Vec::new();
    let (customer_id, new_customer) = match customer {
        Some((id, name)) => {
            if name != row.customer {
                crate::store::customers::rename_customer(tx, id, &row.customer)?;
                changes.push(format!("customer renamed from '{name}' to '{}'", row.customer));
            }
            (id, false)
        }
        None => (crate::store::customers::insert_customer(tx, &row.customer, Some(row.tpid))?, true),
    };

    let region = row.region.as_str();
    match existing {
        None => {
            // A new tenant of a known customer goes to the FM working that customer.
            let fm: Option<String> = if new_customer {
                None
            } else {
                tx.prepare_cached(
                    "SELECT fm FROM tenants WHERE customer_id = ?1 AND fm IS NOT NULL
                     GROUP BY fm ORDER BY count(*) DESC, fm LIMIT 1",
                )?
                .query_row([customer_id], |r| r.get(0))
                .optional()?
            };
            tx.prepare_cached(
                "INSERT INTO tenants (tenant_id, domain, label, customer_id, region, seats, country, source,
                                      fm, managed, added_on)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )?
            .execute(params![
                row.tenant_id,
                row.domain,
                label_of(&row.domain),
                customer_id,
                region,
                row.seats,
                row.country,
                source.as_str(),
                fm,
                row.managed.unwrap_or(true),
                stamp.on.to_string(),
            ])?;
            let id = tx.last_insert_rowid();
            let mut what = format!("imported from the feed ({} seats, {region}, customer {}", row.seats, row.customer);
            if let Some(fm) = &fm {
                what.push_str(&format!(", FM {fm} who works this customer"));
            }
            what.push(')');
            changes.insert(0, what);
            record(tx, stamp, Some(id), "tenant.import", &changes.join("; "))?;
            Ok(Outcome::Inserted)
        }
        Some(e) => {
            if e.domain != row.domain {
                changes.push(format!("domain {} → {}", e.domain, row.domain));
            }
            if e.customer_id != customer_id {
                changes.push(format!(
                    "moved from customer '{}' (TPID {}) to TPID {}",
                    e.customer,
                    e.tpid.map_or("none".into(), |t| t.to_string()),
                    row.tpid
                ));
            }
            if e.region.as_deref() != Some(region) {
                changes.push(format!("region {} → {region}", e.region.as_deref().unwrap_or("none")));
            }
            if e.seats != Some(row.seats) {
                changes.push(format!(
                    "seats {} → {}",
                    e.seats.map_or("unknown".into(), |s| s.to_string()),
                    row.seats
                ));
            }
            let managed = row.managed.unwrap_or(e.managed);
            if managed != e.managed {
                changes.push(if managed { "now managed".into() } else { "now unmanaged".into() });
            }
            let country = row.country.clone().or(e.country.clone());
            if country != e.country {
                changes.push(format!("country {}", country.as_deref().unwrap_or("")));
            }
            if changes.is_empty() {
                return Ok(Outcome::Unchanged);
            }
            tx.prepare_cached(
                "UPDATE tenants SET domain = ?2, label = ?3, customer_id = ?4, region = ?5, seats = ?6,
                        managed = ?7, country = ?8
                 WHERE id = ?1",
            )?
            .execute(params![e.id, row.domain, label_of(&row.domain), customer_id, region, row.seats, managed, country])?;
            record(tx, stamp, Some(e.id), "tenant.import", &format!("feed update: {}", changes.join("; ")))?;
            Ok(Outcome::Updated)
        }
    }
}

struct Existing {
    id: i64,
    domain: String,
    customer_id: i64,
    region: Option<String>,
    seats: Option<i64>,
    managed: bool,
    country: Option<String>,
    tpid: Option<i64>,
    customer: String,
}

fn progress(ctx: &Ctx, size: Option<u64>) -> Option<ProgressBar> {
    if !ctx.stderr_is_terminal {
        return None;
    }
    let bar = match size {
        Some(s) => ProgressBar::new(s).with_style(
            ProgressStyle::with_template("importing {bar:40} {bytes}/{total_bytes} ({eta})")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        ),
        None => ProgressBar::new_spinner(),
    };
    Some(bar)
}

fn csv_failure(name: &str, e: csv::Error) -> Failure {
    let line = e.position().map(|p| p.line());
    match line {
        Some(l) => invalid(format!("{name}, line {l}: {e}")),
        None => invalid(format!("{name}: {e}")),
    }
}
