//! `ftc status show TENANT [--workload W]`

use super::{render_statuses, workload_slug, StatusView};
use crate::cli::Ctx;
use crate::error::Result;
use crate::store::status::{get_status, get_workload_status};
use crate::store::tenants::resolve_tenant;
use clap::Args;
use std::io::Write;

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Domain, its first label, or tenant ID
    pub tenant: String,
    /// Only this workload (slug, display name or alias)
    #[arg(long, value_name = "W")]
    pub workload: Option<String>,
}

pub fn run(ctx: &Ctx, out: &mut dyn Write, a: ShowArgs) -> Result<()> {
    let workload = a.workload.as_deref().map(workload_slug).transpose()?;
    let store = ctx.open_store()?;
    let t = resolve_tenant(store.db(), &a.tenant)?;
    let statuses = match &workload {
        Some(w) => get_workload_status(store.db(), t.id, w)?
            .into_iter()
            .collect(),
        None => get_status(store.db(), t.id)?,
    };
    let views: Vec<StatusView> = statuses.iter().map(StatusView::of).collect();
    render_statuses(out, ctx, &views, false)
}
