//! `ftc tasks TENANT`: the tenant's task checklist.

use super::{checklist, TASK_COLUMNS};
use crate::cli::Ctx;
use crate::error::Result;
use crate::render;
use crate::store::tenants::resolve_tenant;
use clap::Args;
use std::io::Write;

#[derive(Debug, Args)]
pub struct TasksArgs {
    /// Domain, its first label, or tenant ID
    pub tenant: String,
}

pub fn run(ctx: &Ctx, out: &mut dyn Write, a: TasksArgs) -> Result<()> {
    let store = ctx.open_store()?;
    let t = resolve_tenant(store.db(), &a.tenant)?;
    let views = checklist(store.db(), t.id)?;
    render::list(out, ctx.style, &views, &TASK_COLUMNS)
}
