//! `ftc status set|show|values`: the service status of each workload, its
//! seats split over the L1 / L2 / L3 values (SPEC 3.4).

pub mod set;
pub mod show;
pub mod values;

use crate::cli::Ctx;
use crate::domain::status::{StatusRow, WorkloadStatus};
use crate::error::{refused, Result};
use crate::reference::workloads;
use crate::render::{self, Columns, Format};
use chrono::NaiveDate;
use clap::Subcommand;
use serde::Serialize;
use std::io::Write;

#[derive(Debug, Subcommand)]
pub enum StatusCommand {
    /// Replace the whole status of one workload: its total and L1/L2/L3 rows
    Set(set::SetArgs),
    /// The status of every workload of a tenant (or of one)
    Show(show::ShowArgs),
    /// The L1 / L2 / L3 values a row may take (for a workload)
    Values(values::ValuesArgs),
}

pub fn run(ctx: &Ctx, out: &mut dyn Write, cmd: StatusCommand) -> Result<()> {
    match cmd {
        StatusCommand::Set(a) => set::run(ctx, out, a),
        StatusCommand::Show(a) => show::run(ctx, out, a),
        StatusCommand::Values(a) => values::run(ctx, out, a),
    }
}

/// How `--workload` is named in hints.
const WORKLOAD_HINT: &str =
    "name the workload by slug, display name or alias (exchange, SharePoint Online, spo)";

/// A workload's slug from `--workload`, or a refusal naming the closest ones.
pub fn workload_slug(input: &str) -> Result<String> {
    workloads::resolve(input)
        .map(|w| w.slug.clone())
        .map_err(|e| {
            refused(format!("--workload: {e}"))
                .with_hint(WORKLOAD_HINT)
                .into()
        })
}

/// One workload's status as `status show` and `status set` print it.
#[derive(Debug, Clone, Serialize)]
pub struct StatusView {
    pub workload: String,
    pub total: u32,
    pub rows: Vec<RowView>,
    /// The counts add up to the total.
    pub balanced: bool,
    pub updated_on: NaiveDate,
}

/// One row of a split.
#[derive(Debug, Clone, Serialize)]
pub struct RowView {
    pub l1: String,
    pub l2: Option<String>,
    pub l3: Option<String>,
    pub count: u32,
    pub target: Option<NaiveDate>,
}

impl RowView {
    fn of(r: &StatusRow) -> RowView {
        RowView {
            l1: r.l1.clone(),
            l2: r.l2.clone(),
            l3: r.l3.clone(),
            count: r.count,
            target: r.target,
        }
    }
}

impl StatusView {
    pub fn of(s: &WorkloadStatus) -> StatusView {
        StatusView {
            workload: s.workload.clone(),
            total: s.total,
            rows: s.rows.iter().map(RowView::of).collect(),
            balanced: s.balanced(),
            updated_on: s.updated_on,
        }
    }
}

/// A CSV line: one row of a split, its workload's fields repeated.
#[derive(Serialize)]
struct CsvLine<'a> {
    workload: &'a str,
    total: u32,
    l1: &'a str,
    l2: Option<&'a str>,
    l3: Option<&'a str>,
    count: u32,
    target: Option<NaiveDate>,
    balanced: bool,
    updated_on: NaiveDate,
}

const CSV_COLUMNS: Columns = Columns {
    keys: &[
        "workload",
        "total",
        "l1",
        "l2",
        "l3",
        "count",
        "target",
        "balanced",
        "updated_on",
    ],
    table: &[],
    flex: 0,
};

/// A table line: one row of a split; the workload and total on its first
/// row only, L2 and L3 in one column (the one that wraps) to fit 100 columns.
#[derive(Serialize)]
struct TableLine {
    workload: String,
    total: String,
    l1: String,
    count: Option<u32>,
    target: Option<NaiveDate>,
    reason: String,
}

const TABLE_COLUMNS: Columns = Columns {
    keys: &["workload", "total", "l1", "count", "target", "reason"],
    table: &[
        ("workload", "workload"),
        ("total", "total"),
        ("l1", "l1"),
        ("count", "count"),
        ("target", "target"),
        ("l2 / l3", "reason"),
    ],
    flex: 5,
};

fn table_lines(views: &[StatusView]) -> Vec<TableLine> {
    let mut lines = Vec::new();
    for v in views {
        let sum: u64 = v.rows.iter().map(|r| u64::from(r.count)).sum();
        let total = if v.balanced {
            v.total.to_string()
        } else {
            format!("{} (rows add up to {sum})", v.total)
        };
        if v.rows.is_empty() {
            lines.push(TableLine {
                workload: v.workload.clone(),
                total,
                l1: String::new(),
                count: None,
                target: None,
                reason: String::new(),
            });
            continue;
        }
        for (i, r) in v.rows.iter().enumerate() {
            let first = i == 0;
            lines.push(TableLine {
                workload: if first {
                    v.workload.clone()
                } else {
                    String::new()
                },
                total: if first { total.clone() } else { String::new() },
                l1: r.l1.clone(),
                count: Some(r.count),
                target: r.target,
                reason: [r.l2.as_deref(), r.l3.as_deref()]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" / "),
            });
        }
    }
    lines
}

/// Print statuses: JSON as objects (one object when `one`), CSV one line per
/// row of a split, the table one line per row grouped by workload.
pub fn render_statuses(
    out: &mut dyn Write,
    ctx: &Ctx,
    views: &[StatusView],
    one: bool,
) -> Result<()> {
    match ctx.style.format {
        Format::Json | Format::Jsonl if one && views.len() == 1 => {
            render::one(out, ctx.style, &views[0])
        }
        Format::Json | Format::Jsonl => render::list(out, ctx.style, views, &CSV_COLUMNS),
        Format::Csv => {
            let lines: Vec<CsvLine> = views
                .iter()
                .flat_map(|v| {
                    v.rows.iter().map(move |r| CsvLine {
                        workload: &v.workload,
                        total: v.total,
                        l1: &r.l1,
                        l2: r.l2.as_deref(),
                        l3: r.l3.as_deref(),
                        count: r.count,
                        target: r.target,
                        balanced: v.balanced,
                        updated_on: v.updated_on,
                    })
                })
                .collect();
            render::list(out, ctx.style, &lines, &CSV_COLUMNS)
        }
        Format::Table => render::list(out, ctx.style, &table_lines(views), &TABLE_COLUMNS),
        Format::Ics => Err(render::ics_only().into()),
    }
}
