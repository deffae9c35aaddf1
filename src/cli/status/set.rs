//! `ftc status set TENANT --workload W --total N --row "L1|L2|L3=COUNT[@DATE]"...`

use super::{render_statuses, workload_slug, StatusView};
use crate::cli::Ctx;
use crate::domain::status::{
    check_split, describe, parse_count, parse_row, row_path, StatusError, WorkloadStatus,
};
use crate::error::{invalid, refused, Failure, Result};
use crate::reference;
use crate::store::history::record;
use crate::store::status::{get_workload_status, set_status};
use crate::store::tenants::resolve_tenant;
use clap::Args;
use std::io::Write;

#[derive(Debug, Args)]
pub struct SetArgs {
    /// Domain, its first label, or tenant ID
    pub tenant: String,
    /// The workload (slug, display name or alias)
    #[arg(long, value_name = "W")]
    pub workload: String,
    /// The seats the rows split; their counts must add up to it
    #[arg(long, value_parser = parse_count, value_name = "N")]
    pub total: u32,
    /// One row of the split, repeated: "L1|L2|L3=COUNT[@YYYY-MM-DD]", names or
    /// slugs, empty where nothing applies ("In Progress||=5@2027-08-01")
    #[arg(long = "row", value_name = "ROW", required = true)]
    pub rows: Vec<String>,
}

/// A domain refusal as the error the user sees: exit 2 for a malformed row,
/// exit 1 for a value or split the reference data does not allow.
fn failure(e: StatusError) -> Failure {
    let f = if e.is_malformed() {
        invalid(e.to_string())
    } else {
        refused(e.to_string())
    };
    match e.hint() {
        Some(h) => f.with_hint(h),
        None => f,
    }
}

pub fn run(ctx: &Ctx, out: &mut dyn Write, a: SetArgs) -> Result<()> {
    // Everything about the request itself is checked before the database is
    // opened: malformed rows first (exit 2), then the values (exit 1).
    let rows = a
        .rows
        .iter()
        .map(String::as_str)
        .map(parse_row)
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(failure)?;
    let workload = workload_slug(&a.workload)?;
    let checked = check_split(reference::get(), &workload, a.total, &rows).map_err(failure)?;
    let new = WorkloadStatus {
        workload: workload.clone(),
        total: a.total,
        rows: checked,
        updated_on: ctx.today,
    };

    let mut store = ctx.open_store()?;
    let tx = store.write()?;
    let t = resolve_tenant(&tx, &a.tenant)?;
    let before = get_workload_status(&tx, t.id, &workload)?;
    let shown = match &before {
        Some(old) if old.same_split(&new) => {
            drop(tx);
            ctx.say(&format!("{}: {workload} status: nothing changed", t.domain));
            old.clone()
        }
        _ => {
            set_status(&tx, t.id, &new)?;
            let mut what = format!("{workload}: {}", describe(&new));
            if let Some(old) = &before {
                what.push_str(&format!(" (was {})", describe(old)));
            }
            record(&tx, &ctx.stamp(), Some(t.id), "status.set", &what)?;
            tx.commit()?;
            ctx.say(&format!(
                "{}: {workload} status set: {} seats in {} row{}",
                t.domain,
                new.total,
                new.rows.len(),
                if new.rows.len() == 1 { "" } else { "s" }
            ));
            new
        }
    };
    for r in &shown.rows {
        if let Some(d) = r.target.filter(|d| *d < ctx.today) {
            ctx.say(&format!(
                "warning: {}: the target date {d} has passed",
                row_path(r)
            ));
        }
    }
    render_statuses(out, ctx, &[StatusView::of(&shown)], true)
}
