//! `ftc dibs record|show`: DIBS per workload (go-live date, intent,
//! business reason, success owner), who provided it, and the start date.

pub mod record;
pub mod show;

use crate::cli::Ctx;
use crate::domain::dibs::{Intent, Source};
use crate::error::Result;
use crate::render::Columns;
use crate::store::dibs::{list_dibs, WorkloadDibs};
use crate::store::sql::Db;
use chrono::NaiveDate;
use clap::Subcommand;
use serde::Serialize;
use std::io::Write;

#[derive(Debug, Subcommand)]
pub enum DibsCommand {
    /// Record DIBS for one workload: fields given overwrite, the others are kept
    Record(record::RecordArgs),
    /// The DIBS of every workload of a tenant
    Show(show::ShowArgs),
    /// The business reasons `--reason` accepts
    Reasons,
}

pub fn run(ctx: &Ctx, out: &mut dyn Write, cmd: DibsCommand) -> Result<()> {
    match cmd {
        DibsCommand::Record(a) => record::run(ctx, out, a),
        DibsCommand::Show(a) => show::run(ctx, out, a),
        DibsCommand::Reasons => reasons(ctx, out),
    }
}

/// A business reason as `dibs reasons` lists it.
#[derive(Debug, Serialize)]
struct ReasonView<'a> {
    reason: &'a str,
    slug: String,
}

const REASON_COLUMNS: Columns = Columns {
    keys: &["reason", "slug"],
    table: &[("reason", "reason"), ("slug", "slug")],
    flex: 0,
};

/// `ftc dibs reasons`: the shipped business reasons and the config's.
fn reasons(ctx: &Ctx, out: &mut dyn Write) -> Result<()> {
    let views: Vec<ReasonView> = crate::reference::get()
        .business_reasons
        .iter()
        .map(|r| ReasonView {
            reason: r,
            slug: crate::reference::slug(r),
        })
        .collect();
    crate::render::list(out, ctx.style, &views, &REASON_COLUMNS)
}

/// One workload's DIBS as `dibs show`, `dibs record` (and `tenant show`)
/// print it (SPEC 3.4).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DibsView {
    pub workload: String,
    pub go_live: Option<NaiveDate>,
    pub intent: Option<Intent>,
    pub reason: Option<String>,
    pub owner: Option<String>,
    pub start: Option<NaiveDate>,
    pub source: Source,
    /// Full DIBS: all four present and intent `yes`.
    pub complete: bool,
}

impl DibsView {
    pub fn of(d: &WorkloadDibs) -> DibsView {
        DibsView {
            workload: d.workload.clone(),
            go_live: d.dibs.go_live,
            intent: d.dibs.intent,
            reason: d.dibs.reason.clone(),
            owner: d.dibs.owner.clone(),
            start: d.dibs.start,
            source: d.dibs.source,
            complete: d.dibs.complete(),
        }
    }
}

/// A tenant's DIBS as printed, in the order of the workloads (for `dibs
/// show`, `tenant show` and the report).
pub fn dibs_views(conn: Db<'_>, tenant_id: i64) -> Result<Vec<DibsView>> {
    Ok(list_dibs(conn, tenant_id)?
        .iter()
        .map(DibsView::of)
        .collect())
}

pub const DIBS_COLUMNS: Columns = Columns {
    keys: &[
        "workload", "go_live", "intent", "reason", "owner", "start", "source", "complete",
    ],
    table: &[
        ("workload", "workload"),
        ("go-live", "go_live"),
        ("intent", "intent"),
        ("reason", "reason"),
        ("owner", "owner"),
        ("start", "start"),
        ("source", "source"),
        ("full", "complete"),
    ],
    flex: 3,
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::dibs::Dibs;

    #[test]
    fn columns_match_the_view() {
        let v = DibsView::of(&WorkloadDibs {
            workload: "teams".into(),
            dibs: Dibs {
                go_live: None,
                intent: None,
                reason: None,
                owner: None,
                start: None,
                source: Source::Customer,
            },
            contact_email: None,
            updated_on: NaiveDate::default(),
        });
        let json = serde_json::to_value(&v).unwrap();
        let keys: Vec<&str> = json
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, DIBS_COLUMNS.keys);
    }
}
