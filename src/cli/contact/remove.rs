//! `ftc contact remove TENANT EMAIL`

use super::{find_contact, who, ContactView};
use crate::cli::Ctx;
use crate::domain::values::parse_email;
use crate::error::Result;
use crate::render;
use crate::store::contacts::delete_contact;
use crate::store::history::record;
use crate::store::tenants::resolve_tenant;
use clap::Args;
use std::io::Write;

#[derive(Debug, Args)]
pub struct RemoveArgs {
    /// Domain, its first label, or tenant ID
    pub tenant: String,
    /// The contact's e-mail address (any case)
    #[arg(value_parser = parse_email)]
    pub email: String,
}

/// Prints the contact that was removed.
pub fn run(ctx: &Ctx, out: &mut dyn Write, a: RemoveArgs) -> Result<()> {
    let mut store = ctx.open_store()?;
    let tx = store.write()?;
    let t = resolve_tenant(&tx, &a.tenant)?;
    let c = find_contact(tx.db(), &t, &a.email)?;
    delete_contact(&tx, c.id)?;
    let what = format!("removed {} contact {}", c.kind, who(&c));
    record(&tx, &ctx.stamp(), Some(t.id), "contact.remove", &what)?;
    tx.commit()?;
    ctx.say(&format!("{}: {what}", t.domain));
    render::one(out, ctx.style, &ContactView::of(&c))
}
