//! `ftc task set TENANT ID --status S [--on DATE]`

use super::{on_checklist, tenant_facts, TaskView, NOT_STARTED};
use crate::cli::Ctx;
use crate::domain::tasks::{match_status, Shown};
use crate::domain::values::parse_date;
use crate::error::{refused, Result};
use crate::reference;
use crate::render;
use crate::store::history::record;
use crate::store::tasks::{get_task, set_task};
use crate::store::tenants::resolve_tenant;
use chrono::NaiveDate;
use clap::Args;
use std::io::Write;

#[derive(Debug, Args)]
pub struct SetArgs {
    /// Domain, its first label, or tenant ID
    pub tenant: String,
    /// The task's ID in the catalog (`ftc tasks TENANT` lists them)
    pub id: u32,
    /// One of the 13 task statuses, in any case or as a slug (paused-customer-delay)
    #[arg(long, value_name = "S")]
    pub status: String,
    /// The day of the change [default: today; a task set again to its status keeps its day]
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub on: Option<NaiveDate>,
}

pub fn run(ctx: &Ctx, out: &mut dyn Write, a: SetArgs) -> Result<()> {
    let r = reference::get();
    let Some(task) = r.tasks.iter().find(|t| t.id == a.id) else {
        let ids: Vec<String> = r.tasks.iter().map(|t| t.id.to_string()).collect();
        return Err(refused(format!("{} is not a task of the catalog", a.id))
            .with_hint(format!("tasks: {}", ids.join(", ")))
            .into());
    };
    let Some(status) = match_status(&a.status, &r.task_statuses) else {
        return Err(
            refused(format!("'{}' is not a task status", a.status.trim()))
                .with_hint(format!("statuses: {}", r.task_statuses.join(", ")))
                .into(),
        );
    };
    if let Some(on) = a.on.filter(|on| *on > ctx.today) {
        return Err(refused(format!("--on {on} is in the future"))
            .with_hint(format!("give a day up to today ({})", ctx.today))
            .into());
    }

    let mut store = ctx.open_store()?;
    let tx = store.write()?;
    let t = resolve_tenant(&tx, &a.tenant)?;
    let before = get_task(&tx, t.id, task.id)?;
    // Setting a status makes a `when-used` task used; the other rules
    // depend on the tenant, and a task off its checklist is not set.
    let facts = tenant_facts(tx.db(), t.id)?;
    if !on_checklist(task, true, facts) {
        return Err(refused(format!(
            "task {} {} is not on {}'s checklist: it shows {}",
            task.id,
            task.name,
            t.domain,
            Shown::parse(&task.shown).condition()
        ))
        .with_hint(format!("`ftc tasks {}` lists its checklist", t.domain))
        .into());
    }
    // The same status again keeps its day unless --on says otherwise.
    let on = match (&before, a.on) {
        (_, Some(on)) => on,
        (Some(b), None) if b.status == status => b.updated_on,
        _ => ctx.today,
    };
    if let Some(b) = before
        .as_ref()
        .filter(|b| b.status == status && b.updated_on == on)
    {
        drop(tx);
        ctx.say(&format!(
            "{}: task {} is {} already (since {}); nothing changed",
            t.domain, task.id, status, b.updated_on
        ));
        return render::one(out, ctx.style, &TaskView::of(task, Some(b)));
    }
    set_task(&tx, t.id, task.id, status, on)?;
    let from = before
        .as_ref()
        .map_or(NOT_STARTED.to_string(), |b| b.status.clone());
    let what = format!("task {} {}: {from} -> {status} on {on}", task.id, task.name);
    record(&tx, &ctx.stamp(), Some(t.id), "task.set", &what)?;
    let after = get_task(&tx, t.id, task.id)?;
    tx.commit()?;
    ctx.say(&format!("{}: {what}", t.domain));
    render::one(out, ctx.style, &TaskView::of(task, after.as_ref()))
}
