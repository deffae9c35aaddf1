//! `ftc triage plus-one ID --tenant TENANT` and `ftc triage status ID S`:
//! the lifecycle of an FTC Insight.

use super::{load, FeedbackView, INSIGHT};
use crate::cli::Ctx;
use crate::error::{refused, Result};
use crate::render;
use crate::store::feedback::{add_occurrence, get_feedback, has_occurrence, set_status, Feedback};
use crate::store::history::record;
use crate::store::tenants::resolve_tenant;
use clap::Args;
use std::io::Write;

#[derive(Debug, Args)]
pub struct PlusOneArgs {
    /// The insight's id (`ftc triage list`)
    pub id: i64,
    /// The other tenant that hit it (domain, first label or tenant ID)
    #[arg(long, value_name = "TENANT")]
    pub tenant: String,
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    /// The insight's id (`ftc triage list`)
    pub id: i64,
    /// The new status, as in reference/insight-statuses.txt (any case)
    pub status: String,
}

fn insight_only(f: &Feedback) -> Result<()> {
    if f.route == INSIGHT {
        Ok(())
    } else {
        Err(refused(format!(
            "feedback #{} went to {}, not an FTC Insight",
            f.id, f.route
        ))
        .with_hint("only FTC Insights count occurrences and move through statuses")
        .into())
    }
}

pub fn plus_one(ctx: &Ctx, out: &mut dyn Write, a: PlusOneArgs) -> Result<()> {
    let mut store = ctx.open_store()?;
    let tx = store.write()?;
    let f = load(tx.db(), a.id)?;
    insight_only(&f)?;
    let t = resolve_tenant(&tx, &a.tenant)?;
    if has_occurrence(&tx, f.id, t.id)? {
        return Err(refused(format!(
            "{} is counted for FTC Insight #{} already",
            t.domain, f.id
        ))
        .into());
    }
    add_occurrence(&tx, f.id, t.id, ctx.today)?;
    let after = get_feedback(&tx, f.id)?.unwrap_or(f);
    let view = FeedbackView::of(&after);
    let what = format!(
        "FTC Insight #{} +1 from {} ({} occurrences): {}",
        after.id,
        t.domain,
        view.occurrences.unwrap_or_default(),
        after.summary
    );
    record(&tx, &ctx.stamp(), Some(t.id), "triage.plus-one", &what)?;
    tx.commit()?;
    ctx.say(&what);
    render::one(out, ctx.style, &view)
}

pub fn status(ctx: &Ctx, out: &mut dyn Write, a: StatusArgs) -> Result<()> {
    let statuses = &crate::reference::get().insight_statuses;
    let mut store = ctx.open_store()?;
    let tx = store.write()?;
    let f = load(tx.db(), a.id)?;
    insight_only(&f)?;
    let key = a.status.trim();
    let Some(new) = statuses.iter().find(|s| s.name.eq_ignore_ascii_case(key)) else {
        let names: Vec<&str> = statuses.iter().map(|s| s.name.as_str()).collect();
        return Err(refused(format!("'{}' is not an insight status", a.status))
            .with_hint(format!("the statuses: {}", names.join(", ")))
            .into());
    };
    if f.status.as_deref() == Some(new.name.as_str()) {
        drop(tx);
        ctx.say(&format!(
            "FTC Insight #{} is {} already: nothing changed",
            f.id, new.name
        ));
        return render::one(out, ctx.style, &FeedbackView::of(&f));
    }
    set_status(&tx, f.id, &new.name)?;
    let what = format!(
        "FTC Insight #{} moved from {} to {}: {}",
        f.id,
        f.status.as_deref().unwrap_or("no status"),
        new.name,
        f.summary
    );
    record(
        &tx,
        &ctx.stamp(),
        f.tenant.as_ref().map(|t| t.0),
        "triage.status",
        &what,
    )?;
    let after = get_feedback(&tx, f.id)?.unwrap_or(f);
    tx.commit()?;
    ctx.say(&what);
    render::one(out, ctx.style, &FeedbackView::of(&after))
}
