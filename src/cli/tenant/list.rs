//! `ftc tenant list`

use super::{TenantView, TENANT_COLUMNS};
use crate::cli::Ctx;
use crate::domain::tenant::Stage;
use crate::domain::values::{parse_region, Region};
use crate::error::Result;
use crate::render;
use crate::store::tenants::{list_tenants, TenantFilter};
use clap::Args;
use std::io::Write;

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only this region
    #[arg(long, value_parser = parse_region)]
    pub region: Option<Region>,
    /// Only this FM's tenants
    #[arg(long, value_name = "NAME")]
    pub fm: Option<String>,
    /// Only this stage
    #[arg(long, value_enum)]
    pub stage: Option<Stage>,
    /// Only customers whose name contains TEXT (any case)
    #[arg(long, value_name = "TEXT")]
    pub customer: Option<String>,
    /// Only eligible tenants
    #[arg(long, conflicts_with = "ineligible")]
    pub eligible: bool,
    /// Only ineligible tenants
    #[arg(long)]
    pub ineligible: bool,
}

pub fn run(ctx: &Ctx, out: &mut dyn Write, a: ListArgs) -> Result<()> {
    let store = ctx.open_store()?;
    // One read transaction for the whole listing (one file lock, one view).
    let read = store.read()?;
    let filter = TenantFilter {
        region: a.region,
        fm: a.fm.clone(),
        customer_contains: a.customer,
        customer_id: None,
    };
    let mut views: Vec<TenantView> = Vec::new();
    let tenants = list_tenants(&read, &filter)?;
    let scope = crate::store::Scope::of(a.fm.as_deref());
    crate::cli::cadence::bulk::for_each(read.db(), ctx, tenants, scope, |cur| {
        let v = TenantView::from_current(&cur, ctx);
        if (!a.eligible || v.eligible)
            && (!a.ineligible || !v.eligible)
            && a.stage.is_none_or(|s| v.stage == s)
        {
            views.push(v);
        }
        Ok(())
    })?;
    render::list(out, ctx.style, &views, &TENANT_COLUMNS)
}
