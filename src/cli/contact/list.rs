//! `ftc contact list TENANT`

use super::{render_contacts, ContactView};
use crate::cli::Ctx;
use crate::error::Result;
use crate::store::contacts::list_contacts;
use crate::store::tenants::resolve_tenant;
use clap::Args;
use std::io::Write;

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Domain, its first label, or tenant ID
    pub tenant: String,
}

pub fn run(ctx: &Ctx, out: &mut dyn Write, a: ListArgs) -> Result<()> {
    let store = ctx.open_store()?;
    let t = resolve_tenant(store.db(), &a.tenant)?;
    let views: Vec<ContactView> = list_contacts(store.db(), t.id)?
        .iter()
        .map(ContactView::of)
        .collect();
    render_contacts(out, ctx, &views)
}
