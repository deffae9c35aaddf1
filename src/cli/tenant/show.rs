//! `ftc tenant show`

use super::TenantView;
use crate::cli::Ctx;
use crate::error::Result;
use crate::render;
use crate::store::tenants::{list_tenants, resolve_tenant, TenantFilter};
use clap::Args;
use serde::Serialize;
use std::io::Write;

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Domain, its first label, or tenant ID
    pub tenant: String,
}

/// `tenant show`: the list view plus the tenant's own details.
#[derive(Debug, Serialize)]
pub struct ShowView {
    #[serde(flatten)]
    pub tenant: TenantView,
    pub country: Option<String>,
    pub wants_ftc: Option<bool>,
    pub duplicate_invalid: bool,
    pub goback_on: Option<String>,
    pub added_on: String,
    /// The customer's other tenants.
    pub sibling_tenants: Vec<String>,
    pub warnings: Vec<String>,
}

pub fn run(ctx: &Ctx, out: &mut dyn Write, a: ShowArgs) -> Result<()> {
    let store = ctx.open_store()?;
    let t = resolve_tenant(&store.conn, &a.tenant)?;
    let siblings: Vec<String> = list_tenants(
        &store.conn,
        &TenantFilter {
            customer_id: Some(t.customer_id),
            ..Default::default()
        },
    )?
    .into_iter()
    .filter(|s| s.id != t.id)
    .map(|s| s.domain)
    .collect();
    let view = TenantView::of(&t, ctx);
    let mut warnings = Vec::new();
    if !view.eligible {
        warnings.push(match t.seats {
            Some(s) => format!(
                "ineligible: {s} seats, below the minimum of {}",
                ctx.config.eligibility.min_seats
            ),
            None => "ineligible: seats unknown".to_string(),
        });
    }
    if t.region.is_none() {
        warnings.push("no region: only the `all` holidays apply to its due dates".into());
    }
    let show = ShowView {
        tenant: view,
        country: t.country.clone(),
        wants_ftc: t.wants_ftc,
        duplicate_invalid: t.duplicate_invalid,
        goback_on: t.goback_on.map(|d| d.to_string()),
        added_on: t.added_on.to_string(),
        sibling_tenants: siblings,
        warnings,
    };
    render::one(out, ctx.style, &show)
}
