//! `ftc usage import FILE` and `ftc usage show TENANT [--workload W]`: the
//! monthly usage feed of seed 002's partner page. Usage % is monthly
//! active users over paid available units.

use crate::cli::note::workload as resolve_workload;
use crate::cli::Ctx;
use crate::domain::usage::{round1, FeedHeader, Usage};
use crate::error::{invalid, Result};
use crate::render::{self, Columns};
use crate::store::history::record;
use crate::store::tenants::resolve_tenant;
use crate::store::usage::{self, FeedRecord};
use clap::{Args, Subcommand};
use serde::Serialize;
use std::io::{Read, Write};
use std::path::PathBuf;

#[derive(Debug, Subcommand)]
pub enum UsageCommand {
    /// Import a monthly usage feed (CSV: tenant_id, workload, month, active_users,
    /// paid_units); one transaction, strict by default
    Import(ImportArgs),
    /// A tenant's usage, month by month, newest first
    Show(ShowArgs),
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The feed: CSV with a header row (tenant_id, workload, month as YYYY-MM,
    /// active_users, paid_units; other columns are ignored). `-` reads standard input.
    pub file: PathBuf,
    /// Import the valid rows and report the invalid ones (default: one bad row refuses the file)
    #[arg(long)]
    pub skip_invalid: bool,
    /// Check and count everything, write nothing
    #[arg(short = 'n', long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Domain, its first label, or tenant ID
    pub tenant: String,
    /// Only this workload (slug, name or alias)
    #[arg(long, value_name = "W")]
    pub workload: Option<String>,
}

pub fn run(ctx: &Ctx, out: &mut dyn Write, cmd: UsageCommand) -> Result<()> {
    match cmd {
        UsageCommand::Import(a) => import(ctx, out, a),
        UsageCommand::Show(a) => show(ctx, out, a),
    }
}

/// One month of a workload as shown: its figures and Usage %.
#[derive(Debug, Serialize)]
pub struct UsageView {
    pub workload: String,
    pub month: String,
    /// Monthly active users.
    pub active_users: i64,
    /// Paid available units.
    pub paid_units: i64,
    /// Active users over paid units, one decimal; `null` without paid units.
    pub usage_percent: Option<f64>,
}

impl UsageView {
    pub fn of(u: &Usage) -> UsageView {
        UsageView {
            workload: u.workload.clone(),
            month: u.month.clone(),
            active_users: u.active_users,
            paid_units: u.paid_units,
            usage_percent: u.percent().map(round1),
        }
    }
}

pub const USAGE_COLUMNS: Columns = Columns {
    keys: &[
        "workload",
        "month",
        "active_users",
        "paid_units",
        "usage_percent",
    ],
    table: &[
        ("workload", "workload"),
        ("month", "month"),
        ("MAU", "active_users"),
        ("PAU", "paid_units"),
        ("usage %", "usage_percent"),
    ],
    flex: 0,
};

fn show(ctx: &Ctx, out: &mut dyn Write, a: ShowArgs) -> Result<()> {
    let store = ctx.open_store()?;
    let t = resolve_tenant(store.db(), &a.tenant)?;
    let workload = a
        .workload
        .as_deref()
        .map(resolve_workload)
        .transpose()?
        .map(|w| w.slug.clone());
    let rows: Vec<UsageView> = usage::months(store.db(), t.id, workload.as_deref())?
        .iter()
        .map(UsageView::of)
        .collect();
    render::list(out, ctx.style, &rows, &USAGE_COLUMNS)
}

pub use crate::cli::tenant::import::Rejected;

/// What an import did (or, with `--dry-run`, would do).
#[derive(Debug, Default, Serialize)]
pub struct Summary {
    pub inserted: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub rejected: Vec<Rejected>,
    pub dry_run: bool,
}

fn import(ctx: &Ctx, out: &mut dyn Write, a: ImportArgs) -> Result<()> {
    let name = a.file.display().to_string();
    let input: Box<dyn Read> = if a.file.as_os_str() == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        Box::new(
            std::fs::File::open(&a.file)
                .map_err(|e| invalid(format!("cannot read {name}: {e}")))?,
        )
    };
    import_from(ctx, out, input, &a)
}

/// Import a usage feed from any reader (the demo feeds its fixture here).
pub fn import_from(
    ctx: &Ctx,
    out: &mut dyn Write,
    input: Box<dyn Read>,
    a: &ImportArgs,
) -> Result<()> {
    let name = a.file.display().to_string();
    // Line numbers counted by the commerce feed's reader: the csv crate's
    // own are off after blank lines and with CRLF.
    let (mut rdr, lines) = crate::cli::tenant::import::tracked_csv(input);
    let line_of = |p: Option<&csv::Position>| p.map_or(0, |p| lines.borrow_mut().line_of(p.byte()));
    let mut rec = csv::StringRecord::new();
    // The header is read before the database is opened: a file without
    // one changes nothing, not even a missing database.
    let got = rdr
        .read_record(&mut rec)
        .map_err(|e| invalid(format!("{name}: {e}")))?;
    if !got {
        return Err(invalid(format!("{name} is empty: the feed needs a header row")).into());
    }
    let head: Vec<&str> = rec.iter().collect();
    let mut h = FeedHeader::parse(&head).map_err(|e| invalid(format!("{name}, line 1: {e}")))?;

    let mut store = ctx.open_store()?;
    store.bound_caches(8)?;
    let tx = store.write()?;
    let db = tx.db();
    usage::begin_feed(db)?;
    usage::stage_feed(db, || loop {
        match rdr.read_record(&mut rec) {
            Ok(false) => return Ok(None),
            Ok(true) => {
                let line = line_of(rec.position());
                if rec.iter().all(|f| f.trim().is_empty()) {
                    continue;
                }
                return Ok(Some(match h.parse_row(&rec.iter().collect::<Vec<_>>()) {
                    Ok(row) => FeedRecord::Row(line, row),
                    Err(e) => FeedRecord::Bad(line, e),
                }));
            }
            Err(e) => {
                if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                    return Err(invalid(format!("cannot read {name}: {e}")).into());
                }
                let line = line_of(e.position());
                return Ok(Some(FeedRecord::Bad(line, format!("unreadable CSV: {e}"))));
            }
        }
    })?;
    let rejected: Vec<Rejected> = usage::feed_rejects(db)?
        .into_iter()
        .map(|(line, error)| Rejected { line, error })
        .collect();
    let strict_failure = !a.skip_invalid && !rejected.is_empty();
    let mut sum = Summary {
        rejected,
        dry_run: a.dry_run,
        ..Default::default()
    };
    if !strict_failure {
        let (inserted, updated, unchanged) = usage::apply_feed(db)?;
        sum.inserted = inserted;
        sum.updated = updated;
        sum.unchanged = unchanged;
        if inserted + updated > 0 {
            record(
                db,
                &ctx.stamp(),
                None,
                "usage.import",
                &format!(
                    "usage feed {name}: {inserted} new month{}, {updated} changed",
                    if inserted == 1 { "" } else { "s" }
                ),
            )?;
        }
    }
    usage::end_feed(db)?;
    tx.end(strict_failure || a.dry_run)?;
    report(ctx, out, &name, sum, strict_failure)
}

fn report(
    ctx: &Ctx,
    out: &mut dyn Write,
    name: &str,
    sum: Summary,
    strict_failure: bool,
) -> Result<()> {
    if strict_failure {
        if !ctx.is_table() {
            render::one(out, ctx.style, &sum)?;
        }
        return Err(crate::cli::tenant::import::invalid_rows(
            name,
            &sum.rejected,
        ));
    }
    if sum.dry_run {
        ctx.say("dry run: nothing was written");
    }
    for r in &sum.rejected {
        ctx.say(&format!("skipped line {}: {}", r.line, r.error));
    }
    render::one(out, ctx.style, &sum)
}
