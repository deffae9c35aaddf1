//! `ftc dibs show TENANT`

use super::{dibs_views, DIBS_COLUMNS};
use crate::cli::Ctx;
use crate::error::Result;
use crate::render;
use crate::store::tenants::resolve_tenant;
use clap::Args;
use std::io::Write;

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Domain, its first label, or tenant ID
    pub tenant: String,
}

pub fn run(ctx: &Ctx, out: &mut dyn Write, a: ShowArgs) -> Result<()> {
    let store = ctx.open_store()?;
    let t = resolve_tenant(store.db(), &a.tenant)?;
    let views = dibs_views(store.db(), t.id)?;
    render::list(out, ctx.style, &views, &DIBS_COLUMNS)
}
