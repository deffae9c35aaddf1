//! `ftc rfa list [--tenant TENANT]`

use super::{RfaView, RFA_COLUMNS};
use crate::cli::Ctx;
use crate::error::Result;
use crate::render;
use crate::store::rfas::list_rfas;
use crate::store::tenants::resolve_tenant;
use clap::Args;
use std::io::Write;

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only this tenant's RFAs
    #[arg(long, value_name = "TENANT")]
    pub tenant: Option<String>,
}

pub fn run(ctx: &Ctx, out: &mut dyn Write, a: ListArgs) -> Result<()> {
    let store = ctx.open_store()?;
    let tenant = a
        .tenant
        .as_deref()
        .map(|t| resolve_tenant(store.db(), t))
        .transpose()?;
    let views: Vec<RfaView> = list_rfas(store.db(), tenant.map(|t| t.id))?
        .iter()
        .map(RfaView::of)
        .collect();
    render::list(out, ctx.style, &views, &RFA_COLUMNS)
}
